/**
 * Product-page detection for the content script: DOM-only, no framework, bounded work.
 *
 * `detect(document, pageUrl)` combines, in this order of trust: JSON-LD, microdata, RDFa, retailer URL rules and
 * retailer DOM extractors, lone structured offers, OpenGraph/product meta tags, and page heuristics (buy control +
 * price block) for stores without markup. The identity URL is the page's address (or its canonical link, when the
 * address is no http(s) URL or only the link is a retailer's product URL) as it stands, or ''; the background cleans it
 * (tracking parameters removed, retailer allowlists and canonical paths: cleanUrl in ./url.ts, applied by
 * lib/lookup/sanitize.ts) before anything uses it, so the denylist does not ship in the content script.
 */
import type { DetectedFields, DetectedVariant, Detection, Signal } from './types';
import { readJsonLd } from './jsonld';
import { readMicrodata, readRdfa } from './microdata';
import { isArticleOgType, isProductOgType, metaFields, readCanonical, readMeta } from './meta';
import { cleanBrand, compact, own, productScorer, readOffer, readProduct, type Item, type ProductRead } from './schema';
import { matchProductRule } from './retailers';
import { EXTRACTORS } from './extractors';
import { buyControls, findPrice, firstHeading, isArticleLike, readSpecRows, readStockText, shownReference } from './heuristics';
import { roughIdentity, sameSite } from './address';
import { cleanText, normalizeAvailability } from './text';

export type { Availability, DetectedFields, DetectedVariant, Detection, Signal } from './types';
export { RETAILER_RULES, matchProductRule, type RetailerRule } from './retailers';
export { watchUrlChanges, type WatchOptions } from './watch';

/**
 * Fills the fields `into` lacks from `from` (undefined values are ignored). Every source writes a price before its
 * currency, so the currency check below sees the price `into` ends up with.
 */
function merge(into: DetectedFields, from: DetectedFields | undefined): void {
  for (const k in from) {
    const key = k as keyof DetectedFields;
    if (into[key] !== undefined || from[key] === undefined) continue;
    // A price and its currency come from the same source when that source has both.
    if (key === 'currency' && into.price !== undefined && from.price !== undefined && from.price !== into.price) continue;
    (into as Record<string, unknown>)[key] = from[key];
  }
}

/** The best-scoring product item, read. */
function pickProduct(items: Item[], score: (item: Item) => number, pageUrl: string, host: string): ProductRead | undefined {
  let best: Item | undefined;
  let bestScore = -1;
  for (const it of items) {
    const s = score(it);
    if (s > bestScore) {
      best = it;
      bestScore = s;
    }
  }
  if (!best) return undefined;
  const read = readProduct(best, pageUrl, host);
  // Products of one name (one per size, no group around them) are the variants of the page's product: it is in stock
  // when any of them is, and no one variant's sku (or mpn) is its own.
  const name = own(best, 'name');
  const same = items.filter((it) => name && own(it, 'name') === name).map((it) => readProduct(it, pageUrl, host).fields);
  if (same.length > 1) {
    if (same.some((f) => f.availability === 'InStock')) read.fields.availability = 'InStock';
    if (same.some((f) => f.sku !== read.fields.sku)) read.fields.sku = read.fields.mpn = undefined;
  }
  return read;
}

/** Detects whether `document` is a product page and what it says about the product. Never throws. */
export function detect(document: Document, pageUrl: string): Detection {
  const started = performance.now();
  let d: Detection;
  try {
    d = run(document, pageUrl);
  } catch {
    d = { isProduct: false, signals: [], url: roughIdentity(pageUrl) ? pageUrl : '', fields: {}, variants: [] };
  }
  d.elapsedMs = performance.now() - started;
  return d;
}

function run(doc: Document, pageUrl: string): Detection {
  const signals: Signal[] = [];
  const add = (s: Signal): void => {
    if (!signals.includes(s)) signals.push(s);
  };
  let page: URL | undefined;
  try {
    page = new URL(pageUrl);
  } catch {
    page = undefined;
  }
  const canonicalUrl = readCanonical(doc, page?.href ?? 'https://invalid.invalid/');
  // `url` is reported as it stands (the background cleans it); `identity` is what that cleaning keeps of its host,
  // path and product parameters, for reading the page.
  let url = pageUrl;
  let identity = roughIdentity(pageUrl);
  if (!identity) identity = canonicalUrl && roughIdentity((url = canonicalUrl));
  if (!identity) url = '';
  const base = identity || 'https://invalid.invalid/';
  const host = identity ? new URL(identity).hostname : '';
  const pageUrls = [pageUrl, identity, canonicalUrl].filter(Boolean) as string[];

  const fields: DetectedFields = {};
  let variants: DetectedVariant[] = [];

  // Retailer URL rule (page URL, else the canonical link when it is of the page's own site).
  let rule = page && matchProductRule(page);
  if (!rule && canonicalUrl && sameSite(canonicalUrl, pageUrl)) {
    rule = matchProductRule(new URL(canonicalUrl));
    if (rule) {
      add('canonical');
      identity = roughIdentity((url = canonicalUrl));
    }
  }

  // Structured data. On an article, a product without a price is no product offered on the page: a news site's
  // subscription (the paywall markup's `isPartOf` Product) or the subject of a review.
  const meta = readMeta(doc);
  const ogType = meta.get('og:type');
  const ld = readJsonLd(doc);
  const md = readMicrodata(doc);
  const rdfa = readRdfa(doc);
  const score = productScorer(pageUrls);
  const article = isArticleLike(doc, ogType, ld.text);
  const products = [ld, md, rdfa].map((r) => {
    const p = pickProduct(r.products, score, base, host);
    return p && (p.fields.price || !article) ? p : undefined;
  });
  products.forEach((p, i) => p && add((['json-ld', 'microdata', 'rdfa'] as const)[i] as Signal));
  if (rule) add('retailer-rule');
  const strong = !!(rule || products.some(Boolean));
  let medium = false;

  fields.sku = rule?.rule.sku?.(rule.match);
  for (const p of products) {
    if (!p) continue;
    merge(fields, p.fields);
    if (!variants.length) variants = p.variants;
  }
  const extractor = rule && EXTRACTORS[rule.rule.id];
  merge(fields, extractor?.(doc, host));

  // Lone offers (structured data marking up only the offer).
  const offerFields: DetectedFields = {};
  for (const o of [...ld.offers, ...md.offers, ...rdfa.offers].slice(0, 5)) merge(offerFields, readOffer(o, host));
  if (offerFields.price) {
    if (!strong) {
      medium = true;
      add(ld.offers.length ? 'json-ld' : md.offers.length ? 'microdata' : 'rdfa');
    }
    merge(fields, offerFields);
  }

  // OpenGraph / product meta tags.
  const og = metaFields(meta, base, host);
  if (isProductOgType(ogType) || (og.price !== undefined && !isArticleOgType(ogType))) {
    add('opengraph');
    medium = true;
  }
  const structured = strong || medium;
  // An auction's offer is priced at its start; the page (its meta tags, else its price block) shows the current bid,
  // which is never lower.
  if (fields.price && /availabilityEnds/.test(ld.text) && /auction/i.test(ld.text)) {
    const bid = og.price ?? findPrice(doc, host)?.price;
    if (bid && +bid > +fields.price) fields.price = bid;
  }

  // Page heuristics: only consulted when structured signals are missing or incomplete.
  let heuristic = false;
  const articleLike = !strong && article;
  if (!articleLike && (!structured || fields.price === undefined || fields.availability === undefined)) {
    // A retailer extractor knows where its price is; the generic price finder would pick recommendation prices.
    let buys: Element[] | undefined;
    const buy = () => (buys ??= buyControls(doc, 9));
    const price = fields.price === undefined && !extractor ? findPrice(doc, host, buy()[0]) : undefined;
    // Buy controls are counted only as far as needed: a page without markup needs 1-8 of them (and a price), a
    // structured page without a stock line is in stock with any.
    if (!structured && price && buy().length % 9) {
      heuristic = true;
      add('heuristic');
    }
    if (structured || heuristic) {
      if (price && fields.price === undefined) {
        fields.price = price.price;
        fields.currency ||= price.currency;
      }
      // A priced product is in stock unless the page says otherwise (its stock line, else its meta tags, below):
      // buy controls are looked for only when there is no price or the meta tags say out of stock.
      fields.availability ??=
        readStockText(doc) ??
        (heuristic || (fields.price !== undefined && (og.availability ?? normalizeAvailability(meta.get('availability'))) !== 'OutOfStock') || buy().length ? 'InStock' : undefined);
    }
  }
  const isProduct = structured || heuristic;
  if (isProduct) {
    merge(fields, og);
    fields.title ||= firstHeading(doc) ?? cleanText(doc.title);
    // Spec rows (the page's largest scan) fill in an identity the structured data lacks; a page that already names
    // its sku and brand gains nothing from them but mpn/gtin guesses, which are more often wrong than right.
    if (!fields.sku || !fields.brand) merge(fields, readSpecRows(doc));
    fields.availability ??= normalizeAvailability(meta.get('availability'));
    // Offered with a price and nothing on the page says otherwise: in stock.
    if (fields.availability === undefined && fields.price !== undefined) fields.availability = readStockText(doc) ?? 'InStock';
    fields.sku ||= skuFromUrl(identity ?? '');
    fields.brand = cleanBrand(fields.brand);
    // An "mpn" equal to the sku or gtin is the store's own code copied over, not a manufacturer part number.
    if (fields.mpn && (fields.mpn === fields.sku || fields.mpn === fields.gtin)) delete fields.mpn;
    // The reference the page shows shoppers, when it names one, is the product's sku.
    fields.sku = shownReference(doc) ?? fields.sku;
  }
  return {
    isProduct,
    signals,
    url,
    ...(canonicalUrl ? { canonicalUrl } : {}),
    fields: isProduct ? compact(fields) : {},
    variants: isProduct ? variants : [],
    ...(isProduct && rule ? { retailer: rule.rule.id } : {}),
  };
}

/**
 * The product id most stores put in their URLs: a `pid`/`productId`/`itemId`/`sku` parameter with digits, or a
 * number of 5+ digits ending the last path segment ("...-987929.html", "/deal/3454863898", "/418295.htm").
 */
export function skuFromUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  for (const [k, v] of u.searchParams) if (/^(pid|product_?id|item_?id|sku|skuid)$/i.test(k) && /^\d{4,20}$/.test(v)) return v;
  return /(?:^|[-_/])(\d{5,20})(?:\.[a-z]{2,5})?\/*$/i.exec(u.pathname)?.[1];
}
