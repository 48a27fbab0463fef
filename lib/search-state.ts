/** Pure logic of the popup's search: merging pages without duplicates, and validating the filters. */
import { formatNumber, t } from './i18n';
import type { ProductListItem, SearchRequest } from './octogen/schemas';

/** Append a page, de-duplicating by `uuid`, then by `productUrl` (pages may overlap). */
export function mergePages(current: ProductListItem[], next: ProductListItem[]): ProductListItem[] {
  const uuids = new Set(current.map((i) => i.uuid).filter(Boolean));
  const urls = new Set(current.map((i) => i.productUrl));
  const merged = [...current];
  for (const item of next) {
    if ((item.uuid && uuids.has(item.uuid)) || urls.has(item.productUrl)) continue;
    if (item.uuid) uuids.add(item.uuid);
    urls.add(item.productUrl);
    merged.push(item);
  }
  return merged;
}

export interface SearchForm {
  q: string;
  catalog: string;
  priceMin: string;
  priceMax: string;
  brand: string;
}

export const EMPTY_FORM: SearchForm = { q: '', catalog: '', priceMin: '', priceMax: '', brand: '' };

export type FormErrors = Partial<Record<'priceMin' | 'priceMax', string>>;

function price(value: string): number | undefined | null {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  // A decimal comma too (19,99: German, French, Spanish), as the UI's own numbers show it.
  const decimal = /^\d+,\d{1,2}$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  if (!/^\d+(\.\d{1,2})?$/.test(decimal)) return null;
  return Number(decimal);
}

/** The request for a form, or the field errors that stop it from being sent. */
export function buildSearchRequest(form: SearchForm, limit: number, cursor?: string | null): { request?: SearchRequest; errors: FormErrors } {
  const errors: FormErrors = {};
  const min = price(form.priceMin);
  const max = price(form.priceMax);
  const bad = () => t('search.badPrice', { example: formatNumber(19.99) });
  if (min === null) errors.priceMin = bad();
  if (max === null) errors.priceMax = bad();
  if (typeof min === 'number' && typeof max === 'number' && min > max) errors.priceMax = t('search.minAboveMax');
  if (Object.keys(errors).length) return { errors };
  const request: SearchRequest = { limit };
  if (form.q.trim()) request.q = form.q.trim();
  if (form.catalog.trim()) request.catalog = form.catalog.trim();
  if (typeof min === 'number') request.price_min = min;
  if (typeof max === 'number') request.price_max = max;
  if (form.brand.trim()) request.facets = [{ name: 'brand_name', values: [form.brand.trim().toLowerCase()] }];
  if (cursor) request.cursor = cursor;
  return { request, errors };
}

/** Map a 422's `loc` to the form field it names. */
export function fieldForLoc(loc: (string | number)[]): keyof SearchForm | undefined {
  const name = loc[0] === 'body' ? loc[1] : loc[0];
  switch (name) {
    case 'q':
      return 'q';
    case 'catalog':
    case 'catalogs':
      return 'catalog';
    case 'price_min':
      return 'priceMin';
    case 'price_max':
      return 'priceMax';
    case 'facets':
      return 'brand';
    default:
      return undefined;
  }
}
