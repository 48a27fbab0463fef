/** Small pure helpers for showing records: safe links, images, prices, availability. (Page vs catalog: lib/audit.) */
import type { ImageIn, ProductListItem } from './octogen/schemas';

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

export function formatPrice(amount: number | null | undefined, currency?: string | null, locale?: string): string | undefined {
  if (amount == null || !Number.isFinite(amount)) return undefined;
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
    } catch {
      // An unknown currency code: fall through to the plain number.
    }
  }
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

export function availabilityLabel(inStock: boolean | null | undefined): string | undefined {
  if (inStock === true) return 'In stock';
  if (inStock === false) return 'Out of stock';
  return undefined;
}

/** "3 minutes ago" style relative time. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string | undefined {
  if (!iso) return undefined;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  const seconds = Math.round((then - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
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
