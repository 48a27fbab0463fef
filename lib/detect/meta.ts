/**
 * `<meta>` tags (OpenGraph `og:*`, `product:*`, Twitter product cards, a few common name= variants) and
 * `<link rel=canonical>`, read in one pass each.
 */
import type { DetectedFields } from './types';
import {
  cleanId,
  cleanText,
  MAX_DESCRIPTION,
  normalizeAvailability,
  normalizeCurrency,
  normalizeGtin,
  parsePrice,
  safeUrl,
} from './text';

const MAX_META = 600;

/** First value of each meta key (`property`, else `name`), keys lower-cased. */
export function readMeta(doc: Document): Map<string, string> {
  const out = new Map<string, string>();
  const metas = doc.getElementsByTagName('meta');
  for (let i = 0; i < metas.length && i < MAX_META; i++) {
    const m = metas[i];
    if (!m) continue;
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? '').trim().toLowerCase();
    const content = m.getAttribute('content');
    if (!key || content === null || out.has(key)) continue;
    out.set(key, content);
  }
  return out;
}

/** og:type values that mean "a product page" (`product`, `product.item`, `og:product`, `<ns>:product`, eBay items). */
export function isProductOgType(type: string | undefined): boolean {
  if (!type) return false;
  const t = type.trim().toLowerCase();
  return /(^|[:.])product(\.item|\.group)?$/.test(t) || t === 'ebay-objects:item';
}

export function isArticleOgType(type: string | undefined): boolean {
  return !!type && /^(article|blog|news|video\.|music\.|book$|profile$)/i.test(type.trim());
}

function pick(meta: Map<string, string>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = meta.get(k);
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}

/** Product facts from OpenGraph/product meta tags. */
export function metaFields(meta: Map<string, string>, pageUrl: string, host: string | undefined): DetectedFields {
  const fields: DetectedFields = {
    title: cleanText(pick(meta, 'og:title', 'twitter:title')),
    brand: cleanText(pick(meta, 'product:brand', 'og:brand', 'brand')),
    price: parsePrice(
      pick(meta, 'product:price:amount', 'og:price:amount', 'product:sale_price:amount', 'twitter:data1', 'price'),
      true,
    ),
    currency: normalizeCurrency(pick(meta, 'product:price:currency', 'og:price:currency', 'product:sale_price:currency', 'currency'), host),
    sku: cleanId(pick(meta, 'product:retailer_item_id', 'product:sku', 'sku')),
    gtin: normalizeGtin(pick(meta, 'product:ean', 'product:upc', 'product:gtin', 'product:isbn', 'gtin')),
    mpn: cleanId(pick(meta, 'product:mfr_part_no', 'mpn')),
    availability: normalizeAvailability(pick(meta, 'product:availability', 'og:availability', 'availability')),
    image: safeUrl(pick(meta, 'og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image'), pageUrl),
    description: cleanText(pick(meta, 'og:description', 'description'), MAX_DESCRIPTION),
  };
  // twitter:data1 is only a price when the card says so.
  if (fields.price && !pick(meta, 'product:price:amount', 'og:price:amount', 'product:sale_price:amount', 'price')) {
    if (!/price/i.test(meta.get('twitter:label1') ?? '')) delete fields.price;
  }
  for (const k of Object.keys(fields) as (keyof DetectedFields)[]) if (fields[k] === undefined) delete fields[k];
  return fields;
}

/** The page's `<link rel="canonical">`, absolute http(s). */
export function readCanonical(doc: Document, pageUrl: string): string | undefined {
  const links = doc.getElementsByTagName('link');
  for (let i = 0; i < links.length && i < 400; i++) {
    const l = links[i];
    if (!l) continue;
    const rel = (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('canonical')) return safeUrl(l.getAttribute('href') ?? undefined, pageUrl);
  }
  return undefined;
}
