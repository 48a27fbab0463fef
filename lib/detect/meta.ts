/**
 * `<meta>` tags (OpenGraph `og:*`, `product:*`, Twitter card title/image, a few common name= variants) and
 * `<link rel=canonical>`, read in one pass each.
 */
import type { DetectedFields } from './types';
import { cleanId, cleanText, MAX_DESCRIPTION, normalizeAvailability, normalizeCurrency, normalizeGtin, parsePrice, safeUrl, upTo } from './text';

const MAX_META = 600;

/** First value of each meta key (`property`, else `name`), keys lower-cased. */
export function readMeta(doc: Document): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of upTo(doc.getElementsByTagName('meta'), MAX_META)) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? '').trim().toLowerCase();
    const content = m.getAttribute('content');
    if (key && content !== null && !out.has(key)) out.set(key, content);
  }
  return out;
}

/** og:type values that mean "a product page" (`product`, `product.item`, `og:product`, `<ns>:product`, eBay items). */
export function isProductOgType(type: string | undefined): boolean {
  return /(^|[:.])product(\.item|\.group)?$|^ebay-objects:item$/.test(type?.trim().toLowerCase() ?? '');
}

export function isArticleOgType(type: string | undefined): boolean {
  return /^(article|blog|news|video\.|music\.|book$|profile$)/i.test(type?.trim() ?? '');
}

/** Product facts from OpenGraph/product meta tags; may hold undefined fields. */
export function metaFields(meta: Map<string, string>, pageUrl: string, host: string | undefined): DetectedFields {
  const pick = (...keys: string[]): string | undefined => keys.map((k) => meta.get(k)).find((v) => v?.trim());
  const currency = pick('product:price:currency', 'og:price:currency', 'product:sale_price:currency', 'currency');
  return {
    title: cleanText(pick('og:title', 'twitter:title')),
    brand: cleanText(pick('product:brand', 'og:brand', 'brand')),
    price: parsePrice(pick('product:price:amount', 'og:price:amount', 'product:sale_price:amount', 'price'), true, currency),
    currency: normalizeCurrency(currency, host),
    sku: cleanId(pick('product:retailer_item_id', 'product:sku', 'sku')),
    gtin: normalizeGtin(pick('product:ean', 'product:upc', 'product:gtin', 'product:isbn', 'gtin')),
    mpn: cleanId(pick('product:mfr_part_no', 'mpn')),
    availability: normalizeAvailability(pick('product:availability', 'og:availability', 'availability')),
    image: safeUrl(pick('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image'), pageUrl),
    description: cleanText(pick('og:description', 'description'), MAX_DESCRIPTION),
  };
}

/** The page's `<link rel="canonical">`, absolute http(s). */
export function readCanonical(doc: Document, pageUrl: string): string | undefined {
  // One selector match in the browser instead of a wrapper for every <link> of the page.
  return safeUrl(doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), pageUrl);
}
