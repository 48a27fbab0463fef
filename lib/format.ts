/** Small pure helpers for showing records: safe links, images, prices, availability. (Page vs catalog: lib/audit.) */
import { t } from './i18n';
import { formatPrice, uiLocale } from './locale';
import type { ImageIn, ProductListItem } from './octogen/schemas';

export { formatPrice };

/** Only http(s) URLs become links or images; anything else (javascript:, data:, relative junk) is dropped. */
export function safeHttpUrl(value: string | null | undefined): string | undefined {
  if (!value || typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function imageUrl(image: ImageIn | null | undefined): string | undefined {
  if (!image) return undefined;
  if (typeof image === 'string') return safeHttpUrl(image);
  return safeHttpUrl(image.cdnUrl) ?? safeHttpUrl(image.url);
}

/** The display image: `primaryImage.cdnUrl ?? primaryImage.url ?? imageUrl ?? images[0]`. */
export function displayImage(product: Pick<ProductListItem, 'primaryImage' | 'imageUrl' | 'images'>): string | undefined {
  return imageUrl(product.primaryImage) ?? safeHttpUrl(product.imageUrl) ?? product.images.map(imageUrl).find(Boolean);
}

export function availabilityLabel(inStock: boolean | null | undefined): string | undefined {
  if (inStock === true) return t('record.inStock');
  if (inStock === false) return t('record.outOfStock');
  return undefined;
}

/** "3 minutes ago" style relative time. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string | undefined {
  if (!iso) return undefined;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  const seconds = Math.round((then - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(uiLocale(), { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return rtf.format(seconds, 'second');
}

/** A price as shown: its text, and (for an amount whose currency is unknown) what the mark means. */
export interface PriceText {
  text: string;
  /** Set when the currency is unknown: the amount is in the catalog's own currency, not necessarily the user's. */
  catalogCurrency?: string;
}

/**
 * A price with its currency when it is known (the item's own, or a record already looked up in the same catalog);
 * otherwise the amount marked as being in the catalog's own currency ("16.00 (catalog currency)"), so that a EUR
 * amount never passes for dollars beside a record's "$165.00". Search and similar items carry no currency (#27).
 */
export function priceText(amount: number | null | undefined, currency?: string | null): PriceText | undefined {
  const known = currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  const text = formatPrice(amount, known);
  if (text === undefined) return undefined;
  if (known) return { text };
  return { text: t('price.catalogCurrency', { amount: text }), catalogCurrency: t('price.catalogCurrencyNote') };
}

/** What a record already looked up says about a catalog's currency: `{ catalogKey: 'EUR' }`. */
export type KnownCurrencies = Readonly<Record<string, string>>;

/** The currency known for an item of `catalogKey` (undefined: not known). */
export function knownCurrency(known: KnownCurrencies | undefined, catalogKey: string | null | undefined): string | undefined {
  return catalogKey && known ? known[catalogKey] : undefined;
}
