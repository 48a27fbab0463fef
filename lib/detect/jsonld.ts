/**
 * JSON-LD: every `<script type="application/ld+json">` block is parsed on its own (a broken block does not hide the
 * good ones), with light repairs (HTML comments, CDATA, raw control characters). Product nodes are looked for at the
 * top level, in arrays, in `@graph`, under `mainEntity`/`mainEntityOfPage`/`itemOffered`, and through
 * `isVariantOf`; never inside `ItemList`s (category pages list products there). Work is bounded: at most
 * MAX_BLOCKS blocks of at most MAX_BLOCK_CHARS characters, MAX_NODES nodes visited, MAX_DEPTH levels.
 */
import { isOfferItem, isProductItem, own, type Item } from './schema';

export const MAX_BLOCKS = 30;
export const MAX_BLOCK_CHARS = 400_000;
const MAX_NODES = 2000;
const MAX_DEPTH = 8;
const WALK_KEYS = ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemOffered', 'isVariantOf'];

function parseBlock(text: string): unknown {
  const body = text
    .replace(/^\s*(<!--|(\/\/\s*)?<!\[CDATA\[)/, '')
    .replace(/(-->|(\/\/\s*)?\]\]>)\s*$/, '')
    .trim()
    .replace(/;\s*$/, '');
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    try {
      // Raw newlines/tabs inside strings are the commonest breakage.
      // eslint-disable-next-line no-control-regex
      return JSON.parse(body.replace(/[\u0000-\u001f]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

export interface JsonLdResult {
  products: Item[];
  offers: Item[];
  /** The blocks' text (the first 20,000 characters of each, up to about 50,000 in all), for type checks by text. */
  text: string;
}

/** Product (and lone Offer) nodes from the page's JSON-LD blocks. */
export function readJsonLd(doc: Document): JsonLdResult {
  const products: Item[] = [];
  const offers: Item[] = [];
  let blocks = 0;
  let nodes = 0;
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || nodes >= MAX_NODES || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v.slice(0, 200)) visit(x, depth + 1);
      return;
    }
    if (seen.has(v)) return;
    seen.add(v);
    nodes++;
    const item = v as Item;
    if (isProductItem(item)) {
      products.push(item);
      return;
    }
    if (isOfferItem(item) && depth <= 2) offers.push(item);
    for (const key of WALK_KEYS) {
      const child = own(item, key);
      if (child !== undefined) visit(child, depth + 1);
    }
  };
  let text = '';
  // The selector picks the JSON-LD blocks in the browser: pages have hundreds of other scripts.
  for (const s of doc.querySelectorAll('script[type*="ld+json" i]')) {
    if (blocks >= MAX_BLOCKS) break;
    const t = s.textContent ?? '';
    if (text.length < 50_000) text += t.slice(0, 20_000);
    if (t.length > MAX_BLOCK_CHARS) continue;
    const data = parseBlock(t);
    if (data === undefined) continue;
    blocks++;
    visit(data, 0);
  }
  return { products, offers, text };
}
