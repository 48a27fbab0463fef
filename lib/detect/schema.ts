/**
 * schema.org Product reading shared by JSON-LD, microdata and RDFa: each of them produces plain "items"
 * (objects with `@type` and property values, nested items for offers/brand/variants), read here into fields.
 * Only own properties are read (safe against `__proto__`/`constructor` keys), recursion and list sizes are capped.
 */
import type { DetectedFields, DetectedVariant } from './types';
import { cleanId, cleanText, MAX_DESCRIPTION, normalizeAvailability, normalizeCurrency, normalizeGtin, parsePrice, safeUrl } from './text';

export type Item = Record<string, unknown>;

const MAX_LIST = 50;
const MAX_VARIANTS = 100;

export function isObject(v: unknown): v is Item {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Each item's own keys by their lower-case form, made on the item's first lookup miss. */
const lowerKeys = new WeakMap<Item, Map<string, string>>();

/** Own property `key` of `obj` (never inherited: `constructor`, `__proto__` of a plain object give undefined). */
export function own(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.hasOwn(obj, key)) return obj[key];
  // Property names are case-sensitive in schema.org, but pages write "pricecurrency", "productId"... Items are never
  // changed once read, and most lookups miss: the keys are lower-cased once per item, not on every miss.
  let keys = lowerKeys.get(obj);
  if (!keys) {
    const all = Object.keys(obj);
    // (reversed: the first key of each form wins)
    lowerKeys.set(obj, (keys = new Map(all.length > 200 ? [] : all.reverse().map((k) => [k.toLowerCase(), k]))));
  }
  const found = keys.get(key.toLowerCase());
  return found === undefined ? undefined : obj[found];
}

/** A value or list as a list (capped). */
export function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v.slice(0, MAX_LIST) : [v];
}

/** First item of a value or list that is not empty (undefined, null or ''). */
function firstValue(v: unknown): unknown {
  return list(v).find((x) => x !== undefined && x !== null && x !== '');
}

/** First of several property names present. */
function prop(obj: unknown, ...keys: string[]): unknown {
  return firstValue(keys.map((k) => own(obj, k)));
}

/** Lower-case local type names: "http://schema.org/Product" and "schema:Product" both give "product". */
export function typesOf(item: unknown): string[] {
  const out: string[] = [];
  for (const t of list(own(item, '@type') ?? own(item, 'type'))) {
    if (typeof t !== 'string') continue;
    for (const part of t.split(/\s+/)) {
      const name = part.replace(/^.*[/#:]/, '').toLowerCase();
      if (name) out.push(name);
    }
  }
  return out;
}

const PRODUCT_TYPE =
  /^(product|productgroup|productmodel|individualproduct|someproducts|vehicle|car|motorcycle|motorizedbicycle|busorcoach|drug|dietarysupplement)$/;

export function isProductItem(item: unknown): boolean {
  return typesOf(item).some((t) => PRODUCT_TYPE.test(t));
}

export function isOfferItem(item: unknown): boolean {
  return typesOf(item).some((t) => t === 'offer' || t === 'aggregateoffer');
}

/** Text of a value: a string/number, or the `name`/`@value`/`value` of an object; first of a list. */
export function textOf(v: unknown, max?: number): string | undefined {
  const x = firstValue(v);
  return cleanText(isObject(x) ? prop(x, 'name', '@value', 'value', 'text') : x, max);
}

/** Text of property `key`. */
const ownText = (item: unknown, key: string): string | undefined => textOf(own(item, key));

function urlOf(v: unknown, base: string): string | undefined {
  for (const x of list(v)) {
    const u = safeUrl(isObject(x) ? prop(x, 'url', 'contentUrl', '@id', 'src') : x, base);
    if (u) return u;
  }
  return undefined;
}

/**
 * The lowest non-zero price among a property's values: an offer marked up with its list price beside its sale price
 * (two microdata `price` properties, a list in JSON-LD) is offered at the sale price, which is never the higher.
 */
function lowest(o: unknown, key: string): string | undefined {
  let best: string | undefined;
  for (const x of list(own(o, key))) {
    const p = parsePrice(textOf(x) ?? x, true, ownText(o, 'priceCurrency'));
    if (p && +p > 0 && (!best || +p < +best)) best = p;
  }
  return best;
}

interface OfferFacts {
  price?: string;
  currency?: string;
  availability?: DetectedFields['availability'];
  sku?: string;
}

function offerFacts(offer: Item, host: string | undefined): OfferFacts {
  const currencyOf = (o: unknown) => normalizeCurrency(ownText(o, 'priceCurrency'), host);
  let price = lowest(offer, 'price') ?? lowest(offer, 'lowPrice') ?? lowest(offer, 'highPrice');
  let currency = currencyOf(offer);
  // Price and currency may only be given in a priceSpecification; a list or strikethrough price there is not the price.
  for (const spec of list(own(offer, 'priceSpecification'))) {
    if (price && currency) break;
    if (/list|strike|msrp|srp/i.test(ownText(spec, 'priceType') ?? '')) continue;
    price ??= lowest(spec, 'price') ?? lowest(spec, 'minPrice');
    currency ??= currencyOf(spec);
  }
  return {
    price,
    currency,
    availability: normalizeAvailability(ownText(offer, 'availability')),
    sku: cleanId(ownText(offer, 'sku')),
  };
}

/** Offers of an item, AggregateOffer's own figures first, then its nested offers (capped). */
function offersOf(item: unknown): Item[] {
  const out: Item[] = [];
  for (const o of list(own(item, 'offers'))) {
    if (!isObject(o)) continue;
    out.push(o);
    for (const inner of list(own(o, 'offers'))) if (isObject(inner) && out.length < MAX_LIST) out.push(inner);
  }
  return out;
}

/**
 * The offer a shopper would take: the lowest price among in-stock offers (else among all priced offers); in stock
 * when any offer is.
 */
function bestOffer(item: unknown, host: string | undefined): OfferFacts {
  const facts = offersOf(item).map((o) => offerFacts(o, host));
  const cheapest = (fs: OfferFacts[]) =>
    fs.reduce<OfferFacts | undefined>((a, f) => (f.price && (!a || Number(f.price) < Number(a.price)) ? f : a), undefined);
  const chosen: OfferFacts = { ...(cheapest(facts.filter((f) => f.availability !== 'OutOfStock')) ?? cheapest(facts) ?? facts[0]) };
  const avs = facts.map((f) => f.availability).filter(Boolean);
  chosen.availability = avs.includes('InStock') ? 'InStock' : (chosen.availability ?? avs[0]);
  chosen.currency ??= facts.find((f) => f.currency)?.currency;
  return chosen;
}

function gtinOf(item: unknown): string | undefined {
  for (const key of ['gtin13', 'gtin', 'gtin12', 'gtin14', 'gtin8', 'ean', 'isbn', 'upc']) {
    const g = normalizeGtin(ownText(item, key));
    if (g) return g;
  }
  return undefined;
}

function brandOf(item: unknown): string | undefined {
  return cleanBrand(textOf(prop(item, 'brand', 'manufacturer')));
}

/** Brand text without template placeholders ("$metabrand", "{{brand}}") or a leading "More from brand:" label. */
export function cleanBrand(b: string | undefined): string | undefined {
  if (!b || /^\$[a-z_]+$|\{\{|\}\}|\$\{/i.test(b)) return undefined;
  const m = /^(.{3,60}?):\s*(.{1,80})$/.exec(b);
  return m && (m[1] as string).includes(' ') ? m[2] : b;
}

/** `obj` without its undefined properties. */
export function compact<T extends object>(obj: T): T {
  for (const k of Object.keys(obj) as (keyof T)[]) if (obj[k] === undefined) delete obj[k];
  return obj;
}

function variantOf(v: Item, base: string, host: string | undefined): DetectedVariant {
  const offer = bestOffer(v, host);
  return compact({
    sku: cleanId(ownText(v, 'sku')) ?? offer.sku,
    gtin: gtinOf(v),
    name: ownText(v, 'name'),
    size: ownText(v, 'size'),
    color: ownText(v, 'color'),
    price: offer.price,
    currency: offer.currency,
    availability: offer.availability,
    url: urlOf(prop(v, 'url', '@id'), base) ?? urlOf(own(firstValue(own(v, 'offers')), 'url'), base),
  });
}

export interface ProductRead {
  fields: DetectedFields;
  variants: DetectedVariant[];
}

/**
 * Fields of a Product/ProductGroup item. A ProductGroup's variants (`hasVariant`) are listed; the one matching the
 * page URL (by URL or by a query value equal to its sku) supplies sku/price/availability, else the group's own
 * offers, else the first variant with a price. A Product's `isVariantOf` group fills in name and brand.
 * Fields may be undefined (the caller merges and compacts them).
 */
export function readProduct(item: Item, pageUrl: string, host: string | undefined): ProductRead {
  const variants = list(own(item, 'hasVariant'))
    .filter(isObject)
    .slice(0, MAX_VARIANTS)
    .map((v) => variantOf(v, pageUrl, host));
  const group = firstValue(own(item, 'isVariantOf'));
  const page = new URL(pageUrl);
  // (`[...searchParams]`, not `.values()`: in a Firefox content script the iterators of values()/keys()/entries() are
  // not iterable; tests/unit/structure.test.ts)
  const values = new Set([...[...page.searchParams].map(([, value]) => value), ...page.hash.slice(1).split(/[&=]/)]);
  // A URL is the page's when it has the page's path and each of its query parameters is in the page's address with
  // the same value: the address may hold more (tracking parameters; the denylist of them is the background's).
  const atPage = (u: string | undefined): boolean => {
    if (!u) return false;
    const x = new URL(u);
    return (
      x.origin + x.pathname === page.origin + page.pathname &&
      (x.search ? [...x.searchParams].every(([k, v]) => page.searchParams.getAll(k).includes(v)) : !page.search)
    );
  };
  // The variant the page shows: the one at the page's URL (or whose sku is in it), among the group's variants, else
  // among the product's offers when the URL has a query (Shopify's "?variant=" pages: one offer, sku and gtin each).
  let selected: DetectedVariant | undefined = variants.find((v) => atPage(v.url)) ?? variants.find((v) => v.sku && values.has(v.sku));
  if (!selected && page.search) {
    const o = offersOf(item).find((x) => atPage(urlOf(own(x, 'url'), pageUrl)));
    selected = o && compact({ ...offerFacts(o, host), gtin: gtinOf(o) });
  }
  const offer = bestOffer(item, host);
  const fallback = selected ?? (offer.price ? undefined : variants.find((v) => v.price));
  const pick = <K extends keyof OfferFacts>(k: K): OfferFacts[K] => selected?.[k] ?? offer[k] ?? fallback?.[k];
  return {
    fields: {
      title: ownText(item, 'name') ?? ownText(group, 'name'),
      brand: brandOf(item) ?? brandOf(group),
      price: pick('price'),
      currency: pick('currency'),
      sku: selected?.sku ?? cleanId(textOf(prop(item, 'sku', 'productID', 'productId'))) ?? offer.sku,
      gtin: selected?.gtin ?? gtinOf(item),
      mpn: cleanId(ownText(item, 'mpn')),
      availability: pick('availability'),
      image: urlOf(own(item, 'image'), pageUrl) ?? urlOf(own(group, 'image'), pageUrl),
      description: textOf(own(item, 'description'), MAX_DESCRIPTION),
    },
    variants,
  };
}

/** Fields of a lone Offer item (a page marking up only its offer); may hold undefined fields. */
export function readOffer(item: Item, host: string | undefined): DetectedFields {
  const offered = own(item, 'itemOffered');
  return { ...offerFacts(item, host), title: ownText(offered, 'name'), brand: brandOf(offered) };
}

/**
 * A URL's host (without one leading www.) and path (without trailing slashes), for comparing an item's URL with the
 * page's. Linear: the path is taken to its last character that is not "/" (a lazy path before `\/*` was quadratic on
 * runs of "/").
 */
export function urlPath(s: string): string {
  return /^(?:https?:\/\/(?:www\.)?)?([^?#]*[^?#/])?/.exec(s)?.[1] ?? '';
}

/**
 * Scores candidate product items for a page (its URLs: address, identity URL, canonical link): the page's own product
 * first (URL match), then the best-described one. The page's URLs are reduced once, not once per item: a listing page
 * marks up dozens of products.
 */
export function productScorer(pageUrls: string[]): (item: Item) => number {
  const paths = new Set(pageUrls.map(urlPath));
  const base = pageUrls[0] ?? 'https://invalid.invalid/';
  return (item) => {
    const u = urlOf(prop(item, 'url', '@id'), base);
    return (
      (u && paths.has(urlPath(u)) ? 4 : 0) +
      (own(item, 'offers') !== undefined ? 2 : 0) +
      +(own(item, 'hasVariant') !== undefined) +
      +(own(item, 'name') !== undefined) +
      +(own(item, 'sku') !== undefined || !!gtinOf(item))
    );
  };
}
