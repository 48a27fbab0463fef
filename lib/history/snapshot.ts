/**
 * The snapshot of a successful lookup: the record as the catalog gave it, and what the page showed, with the time.
 * Pure; the fields are checked as they are stored (lib/history/schema.ts), so a partial record is kept as far as it is
 * valid.
 */
import type { Detection } from '../detect/types';
import type { LookupResponse } from '../octogen/schemas';
import { normalizeProductUrl } from '../octogen/urls';
import type { PageSnapshot, RecordSnapshot, SnapshotInput, Stock } from './types';

const stockOf = (inStock: boolean | null | undefined): Stock | undefined => (inStock === true ? 'in_stock' : inStock === false ? 'out_of_stock' : undefined);

/** An object without its undefined and null fields. */
function defined<T extends object>(value: { [K in keyof T]: T[K] | null | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

export function recordSnapshot(lookup: LookupResponse): RecordSnapshot {
  const p = lookup.product;
  return defined<RecordSnapshot>({
    productUrl: p.productUrl,
    uuid: p.uuid,
    title: p.title,
    brand: p.brand?.name,
    catalogKey: lookup.catalogKey ?? p.catalogKey,
    catalogName: lookup.catalogDisplayName,
    price: p.currentPrice,
    originalPrice: p.originalPrice,
    currency: p.currency,
    availability: stockOf(p.inStock),
    updatedAt: p.updatedAt,
    source: lookup.source,
  });
}

/** What the page showed (its detected fields), if anything. */
export function pageSnapshot(detection: Detection | undefined): PageSnapshot | undefined {
  const f = detection?.isProduct ? detection.fields : undefined;
  if (!f) return undefined;
  const price = f.price !== undefined ? Number(f.price) : undefined;
  const page = defined<PageSnapshot>({
    price: price !== undefined && Number.isFinite(price) ? price : undefined,
    currency: f.currency,
    availability: f.availability === 'InStock' ? 'in_stock' : f.availability === 'OutOfStock' ? 'out_of_stock' : undefined,
  });
  return Object.keys(page).length ? page : undefined;
}

export function snapshotOf(identity: string, lookup: LookupResponse, detection: Detection | undefined, at: number): SnapshotInput {
  const same = (url: string | undefined) => url !== undefined && (normalizeProductUrl(url) ?? url) === (normalizeProductUrl(identity) ?? identity);
  const page = pageSnapshot(same(detection?.url) ? detection : undefined);
  return { at, url: identity, record: recordSnapshot(lookup), ...(page ? { page } : {}) };
}
