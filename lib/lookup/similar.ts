/** The similar items of a record: the one place their query is built, and the product itself kept out of them. */
import type { LookupResponse, ProductListItem } from '../octogen/schemas';
import { normalizeProductUrl } from '../octogen/urls';

export const SIMILAR_LIMIT = 12;

/** The query for similar items: the product's title, without store suffixes, capped. */
export function similarQuery(title: string | null | undefined): string | undefined {
  const cleaned = title
    ?.replace(/\s+[|–—-]\s+[^|–—-]{2,40}$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return cleaned ? cleaned : undefined;
}

/** The key a product's lookup is cached and shared under: its URL as the service normalises it. */
export const productKey = (identity: string) => normalizeProductUrl(identity) ?? identity;

function sameProduct(item: ProductListItem, record: LookupResponse['product']): boolean {
  if (record.uuid && item.uuid === record.uuid) return true;
  const a = normalizeProductUrl(item.productUrl);
  return a !== undefined && a === normalizeProductUrl(record.productUrl);
}

/** Similar items never include the product itself, nor the same item twice. */
export function excludeSelf(items: ProductListItem[], record: LookupResponse['product'] | undefined): ProductListItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.uuid || item.productUrl;
    if (seen.has(key)) return false;
    seen.add(key);
    return !(record && sameProduct(item, record));
  });
}
