/**
 * schema.org Product reading shared by JSON-LD, microdata and RDFa: each of them produces plain "items"
 * (objects with `@type` and property values, nested items for offers/brand/variants), read here into fields.
 * Only own properties are read (safe against `__proto__`/`constructor` keys), recursion and list sizes are capped.
 */
import type { DetectedFields, DetectedVariant } from './types';
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

export type Item = Record<string, unknown>;

const MAX_LIST = 50;
const MAX_VARIANTS = 100;

export function isObject(v: unknown): v is Item {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property `key` of `obj` (never inherited: `constructor`, `__proto__` of a plain object give undefined). */
export function own(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  // Property names are case-sensitive in schema.org, but pages write "pricecurrency", "productId"...
  const keys = Object.keys(obj);
  if (keys.length > 200) return undefined;
  const lower = key.toLowerCase();
  for (const k of keys) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** First of several property names present. */
function prop(obj: unknown, ...keys: string[]): unknown {
  for (const k of keys) {
    const v = own(obj, k);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** A value or list as a list (capped). */
export function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.slice(0, MAX_LIST) : [v];
}

function firstValue(v: unknown): unknown {
  for (const x of list(v)) if (x !== undefined && x !== null && x !== '') return x;
  return undefined;
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

const PRODUCT_TYPES = new Set([
  'product', 'productgroup', 'productmodel', 'individualproduct', 'someproducts', 'vehicle', 'car', 'motorcycle',
  'motorizedbicycle', 'busorcoach', 'drug', 'dietarysupplement',
]);

export function isProductItem(item: unknown): boolean {
  return typesOf(item).some((t) => PRODUCT_TYPES.has(t));
}

export function isOfferItem(item: unknown): boolean {
  return typesOf(item).some((t) => t === 'offer' || t === 'aggregateoffer');
}

/** Text of a value: a string/number, or the `name`/`@value`/`value` of an object; first of a list. */
export function textOf(v: unknown, max?: number): string | undefined {
  const x = firstValue(v);
  if (isObject(x)) return cleanText(prop(x, 'name', '@value', 'value', 'text'), max);
  return cleanText(x, max);
}

function urlOf(v: unknown, base: string): string | undefined {
  for (const x of list(v)) {
    const raw = isObject(x) ? prop(x, 'url', 'contentUrl', '@id', 'src') : x;
    const u = safeUrl(typeof raw === 'string' ? raw : undefined, base);
    if (u) return u;
  }
  return undefined;
}

interface OfferFacts {
  price?: string;
  currency?: string;
  availability?: DetectedFields['availability'];
  sku?: string;
}

function priceSpecs(offer: Item): Item[] {
  return list(own(offer, 'priceSpecification')).filter(isObject);
}

function offerFacts(offer: Item, host: string | undefined): OfferFacts {
  let price = parsePrice(textOf(prop(offer, 'price', 'lowPrice', 'highPrice')) ?? firstValue(own(offer, 'price')), true);
  let currency = normalizeCurrency(textOf(own(offer, 'priceCurrency')), host);
  if (!price) {
    for (const spec of priceSpecs(offer)) {
      price = parsePrice(textOf(prop(spec, 'price', 'minPrice')), true);
      currency = currency ?? normalizeCurrency(textOf(own(spec, 'priceCurrency')), host);
      if (price) break;
    }
  } else if (!currency) {
    for (const spec of priceSpecs(offer)) currency = currency ?? normalizeCurrency(textOf(own(spec, 'priceCurrency')), host);
  }
  if (price !== undefined && Number(price) === 0) price = undefined;
  return {
    price,
    currency,
    availability: normalizeAvailability(textOf(own(offer, 'availability'))),
    sku: cleanId(textOf(own(offer, 'sku'))),
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
    fs.filter((f) => f.price).reduce<OfferFacts | undefined>((a, f) => (!a || Number(f.price) < Number(a.price) ? f : a), undefined);
  const priced = cheapest(facts.filter((f) => f.availability !== 'OutOfStock')) ?? cheapest(facts);
  const chosen: OfferFacts = { ...(priced ?? facts[0] ?? {}) };
  const avs = facts.map((f) => f.availability).filter(Boolean);
  if (avs.includes('InStock')) chosen.availability = 'InStock';
  else if (!chosen.availability) chosen.availability = avs[0];
  if (!chosen.currency) chosen.currency = facts.find((f) => f.currency)?.currency;
  return chosen;
}

function gtinOf(item: unknown): string | undefined {
  for (const key of ['gtin13', 'gtin', 'gtin12', 'gtin14', 'gtin8', 'ean', 'isbn', 'upc']) {
    const g = normalizeGtin(textOf(own(item, key)));
    if (g) return g;
  }
  return undefined;
}

function brandOf(item: unknown): string | undefined {
  const b = firstValue(prop(item, 'brand', 'manufacturer'));
  return cleanBrand(isObject(b) ? cleanText(prop(b, 'name', '@value', 'value')) : cleanText(b));
}

/** Brand text without template placeholders ("$metabrand", "{{brand}}") or a leading "More from brand:" label. */
export function cleanBrand(b: string | undefined): string | undefined {
  if (!b || /^\$[a-z_]+$|\{\{|\}\}|\$\{/i.test(b)) return undefined;
  const m = /^(.{3,60}?):\s*(.{1,80})$/.exec(b);
  if (m && (m[1] as string).split(' ').length > 1) return m[2];
  return b;
}

function variantOf(v: Item, base: string, host: string | undefined): DetectedVariant {
  const offer = bestOffer(v, host);
  const out: DetectedVariant = {
    sku: cleanId(textOf(own(v, 'sku'))) ?? offer.sku,
    gtin: gtinOf(v),
    name: textOf(own(v, 'name')),
    size: textOf(own(v, 'size')),
    color: textOf(own(v, 'color')),
    price: offer.price,
    currency: offer.currency,
    availability: offer.availability,
    url: urlOf(prop(v, 'url', '@id'), base) ?? urlOf(own(firstValue(own(v, 'offers')), 'url'), base),
  };
  for (const k of Object.keys(out) as (keyof DetectedVariant)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export interface ProductRead {
  fields: DetectedFields;
  variants: DetectedVariant[];
}

/**
 * Fields of a Product/ProductGroup item. A ProductGroup's variants (`hasVariant`) are listed; the one matching the
 * page URL (by URL or by a query value equal to its sku) supplies sku/price/availability, else the group's own
 * offers, else the first variant with a price. A Product's `isVariantOf` group fills in name and brand.
 */
export function readProduct(item: Item, pageUrl: string, host: string | undefined): ProductRead {
  const variantsRaw = list(own(item, 'hasVariant')).filter(isObject).slice(0, MAX_VARIANTS);
  const variants = variantsRaw.map((v) => variantOf(v, pageUrl, host));
  const group = firstValue(own(item, 'isVariantOf'));
  let selected: DetectedVariant | undefined;
  if (variants.length) {
    let page: URL | undefined;
    try {
      page = new URL(pageUrl);
    } catch {
      page = undefined;
    }
    const values = page ? new Set([...page.searchParams.values(), ...page.hash.slice(1).split(/[&=]/)]) : new Set<string>();
    selected =
      variants.find((v) => v.url && page && v.url.split('#')[0] === page.href.split('#')[0]) ??
      variants.find((v) => v.sku && values.has(v.sku));
  }
  const offer = bestOffer(item, host);
  const fallback = selected ?? (offer.price ? undefined : variants.find((v) => v.price));
  const fields: DetectedFields = {
    title: textOf(own(item, 'name')) ?? textOf(own(group, 'name')),
    brand: brandOf(item) ?? brandOf(group),
    price: selected?.price ?? offer.price ?? fallback?.price,
    currency: selected?.currency ?? offer.currency ?? fallback?.currency,
    sku: selected?.sku ?? cleanId(textOf(prop(item, 'sku', 'productID', 'productId'))) ?? offer.sku,
    gtin: selected?.gtin ?? gtinOf(item),
    mpn: cleanId(textOf(own(item, 'mpn'))),
    availability: selected?.availability ?? offer.availability ?? fallback?.availability,
    image: urlOf(own(item, 'image'), pageUrl) ?? urlOf(own(group, 'image'), pageUrl),
    description: textOf(own(item, 'description'), MAX_DESCRIPTION),
  };
  for (const k of Object.keys(fields) as (keyof DetectedFields)[]) if (fields[k] === undefined) delete fields[k];
  return { fields, variants };
}

/** Fields of a lone Offer item (a page marking up only its offer). */
export function readOffer(item: Item, host: string | undefined): DetectedFields {
  const f = offerFacts(item, host);
  const fields: DetectedFields = { price: f.price, currency: f.currency, availability: f.availability, sku: f.sku };
  const offered = own(item, 'itemOffered');
  if (isObject(offered)) {
    fields.title = textOf(own(offered, 'name'));
    fields.brand = brandOf(offered);
  }
  for (const k of Object.keys(fields) as (keyof DetectedFields)[]) if (fields[k] === undefined) delete fields[k];
  return fields;
}

/** Score of a candidate product item: the page's own product first (URL match), then the best-described one. */
export function productScore(item: Item, pageUrls: string[]): number {
  let score = 0;
  const u = urlOf(prop(item, 'url', '@id'), pageUrls[0] ?? 'https://invalid.invalid/');
  if (u) {
    const path = (s: string) => s.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/^https?:\/\/(www\.)?/, '');
    if (pageUrls.some((p) => path(p) === path(u))) score += 4;
  }
  if (own(item, 'offers') !== undefined) score += 2;
  if (own(item, 'hasVariant') !== undefined) score += 1;
  if (own(item, 'name') !== undefined) score += 1;
  if (own(item, 'sku') !== undefined || gtinOf(item)) score += 1;
  return score;
}
