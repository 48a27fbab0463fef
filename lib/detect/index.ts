/**
 * Product-page detection for the content script: DOM-only, no framework, bounded work.
 *
 * `detect(document, pageUrl)` combines, in this order of trust: JSON-LD, microdata, RDFa, retailer URL rules and
 * retailer DOM extractors, lone structured offers, OpenGraph/product meta tags, and page heuristics (buy control +
 * price block) for stores without markup. The identity URL is the page URL with tracking parameters removed
 * (retailer allowlists and canonical paths where known); it is always http(s), or '' when neither the page URL nor
 * its canonical link is http(s).
 */
import type { DetectedFields, DetectedVariant, Detection, Signal } from './types';
import { readJsonLd } from './jsonld';
import { readMicrodata, readRdfa } from './microdata';
import { isArticleOgType, isProductOgType, metaFields, readCanonical, readMeta } from './meta';
import { cleanBrand, productScore, readOffer, readProduct, type Item, type ProductRead } from './schema';
import { matchProductRule } from './retailers';
import { EXTRACTORS } from './extractors';
import { countBuyControls, findPrice, firstHeading, isArticleLike, readSpecRows, readStockText } from './heuristics';
import { cleanUrl } from './url';
import { cleanText, normalizeAvailability } from './text';

export type { Availability, DetectedFields, DetectedVariant, Detection, Signal } from './types';
export { cleanUrl, IDENTITY_PARAMS } from './url';
export { RETAILER_RULES, matchProductRule, type RetailerRule } from './retailers';
export { watchUrlChanges, type WatchOptions } from './watch';

const FIELD_KEYS: (keyof DetectedFields)[] = ['title', 'brand', 'price', 'currency', 'sku', 'gtin', 'mpn', 'availability', 'image', 'description'];

function merge(into: DetectedFields, from: DetectedFields | undefined): void {
  if (!from) return;
  for (const k of FIELD_KEYS) {
    if (into[k] !== undefined || from[k] === undefined) continue;
    // A price and its currency come from the same source when that source has both.
    if (k === 'currency' && into.price !== undefined && from.price !== undefined && from.price !== into.price) continue;
    (into as Record<string, unknown>)[k] = from[k];
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function pickProduct(items: Item[], pageUrls: string[], pageUrl: string, host: string): ProductRead | undefined {
  let best: Item | undefined;
  let bestScore = -1;
  for (const it of items) {
    const s = productScore(it, pageUrls);
    if (s > bestScore) {
      best = it;
      bestScore = s;
    }
  }
  return best ? readProduct(best, pageUrl, host) : undefined;
}

function emptyDetection(url: string, started: number): Detection {
  return { isProduct: false, signals: [], url, fields: {}, variants: [], elapsedMs: now() - started };
}

/** Detects whether `document` is a product page and what it says about the product. Never throws. */
export function detect(document: Document, pageUrl: string): Detection {
  const started = now();
  const fallbackUrl = cleanUrl(pageUrl) ?? '';
  try {
    return run(document, pageUrl, started);
  } catch {
    return emptyDetection(fallbackUrl, started);
  }
}

function run(doc: Document, pageUrl: string, started: number): Detection {
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
  let url = cleanUrl(pageUrl) ?? (canonicalUrl ? cleanUrl(canonicalUrl) : undefined) ?? '';
  const base = url || 'https://invalid.invalid/';
  const host = url ? new URL(url).hostname : '';
  const pageUrls = [pageUrl, url, canonicalUrl].filter((u): u is string => !!u);

  const fields: DetectedFields = {};
  let variants: DetectedVariant[] = [];
  let strong = false;
  let medium = false;

  // Retailer URL rule (page URL, else the canonical link).
  let rule = page ? matchProductRule(page) : undefined;
  if (!rule && canonicalUrl) {
    rule = matchProductRule(new URL(canonicalUrl));
    if (rule) {
      add('canonical');
      url = cleanUrl(canonicalUrl) ?? url;
    }
  }
  const ruleSku = rule?.rule.sku?.(rule.match);

  // Structured data.
  const ld = readJsonLd(doc);
  const ldProduct = pickProduct(ld.products, pageUrls, base, host);
  const md = readMicrodata(doc);
  const mdProduct = pickProduct(md.products, pageUrls, base, host);
  const rdfa = readRdfa(doc);
  const rdfaProduct = pickProduct(rdfa.products, pageUrls, base, host);
  if (ldProduct) add('json-ld');
  if (mdProduct) add('microdata');
  if (rdfaProduct) add('rdfa');
  strong = !!(ldProduct || mdProduct || rdfaProduct);
  if (rule) {
    add('retailer-rule');
    strong = true;
  }

  if (ruleSku) fields.sku = ruleSku;
  for (const p of [ldProduct, mdProduct, rdfaProduct]) {
    if (!p) continue;
    merge(fields, p.fields);
    if (!variants.length && p.variants.length) variants = p.variants;
  }
  const extractor = rule ? EXTRACTORS[rule.rule.id] : undefined;
  if (extractor) merge(fields, extractor(doc, host));

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
  const meta = readMeta(doc);
  const ogType = meta.get('og:type');
  const og = metaFields(meta, base, host);
  const ogProduct = isProductOgType(ogType) || (og.price !== undefined && !isArticleOgType(ogType));
  if (ogProduct) {
    add('opengraph');
    medium = true;
  }
  const structured = strong || medium;

  // Page heuristics: only consulted when structured signals are missing or incomplete.
  let heuristic = false;
  const jsonLdText = ld.products.length ? '' : collectLdText(doc);
  const articleLike = !strong && isArticleLike(doc, ogType, jsonLdText);
  if (!articleLike && (!structured || fields.price === undefined || fields.availability === undefined)) {
    const buy = countBuyControls(doc);
    // A retailer extractor knows where its price is; the generic price finder would pick recommendation prices.
    const price = fields.price === undefined && !extractor ? findPrice(doc, host) : undefined;
    if (!structured && buy >= 1 && buy <= 8 && price) {
      heuristic = true;
      add('heuristic');
    }
    if (structured || heuristic) {
      if (price && fields.price === undefined) {
        fields.price = price.price;
        if (price.currency && !fields.currency) fields.currency = price.currency;
      }
      if (fields.availability === undefined) fields.availability = readStockText(doc) ?? (buy > 0 ? 'InStock' : undefined);
    }
  }
  const isProduct = strong || medium || heuristic;
  if (isProduct) {
    merge(fields, og);
    if (!fields.title) fields.title = firstHeading(doc) ?? cleanText(doc.title);
    if (!fields.sku || !fields.brand || !fields.mpn || !fields.gtin) {
      const spec = readSpecRows(doc);
      merge(fields, spec);
    }
    if (fields.availability === undefined) fields.availability = normalizeAvailability(meta.get('availability'));
    // Offered with a price and nothing on the page says otherwise: in stock.
    if (fields.availability === undefined && fields.price !== undefined) fields.availability = readStockText(doc) ?? 'InStock';
    if (!fields.sku) fields.sku = skuFromUrl(url);
    fields.brand = cleanBrand(fields.brand);
    // An "mpn" equal to the sku or gtin is the store's own code copied over, not a manufacturer part number.
    if (fields.mpn && (fields.mpn === fields.sku || fields.mpn === fields.gtin)) delete fields.mpn;
  }
  if (!isProduct) {
    return { isProduct, signals, url, ...(canonicalUrl ? { canonicalUrl } : {}), fields: {}, variants: [], elapsedMs: now() - started };
  }
  for (const k of FIELD_KEYS) if (fields[k] === undefined) delete fields[k];
  return {
    isProduct,
    signals,
    url,
    ...(canonicalUrl ? { canonicalUrl } : {}),
    fields,
    variants,
    ...(rule ? { retailer: rule.rule.id } : {}),
    elapsedMs: now() - started,
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
  for (const [k, v] of u.searchParams) if (/^(pid|productid|product_id|itemid|item_id|sku|skuid)$/i.test(k) && /^\d{4,20}$/.test(v)) return v;
  const last = u.pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  const m = /(?:^|[-_])(\d{5,20})(?:\.[a-z]{2,5})?$/i.exec(last);
  return m ? m[1] : undefined;
}

function collectLdText(doc: Document): string {
  let out = '';
  const scripts = doc.getElementsByTagName('script');
  for (let i = 0; i < scripts.length && out.length < 50_000; i++) {
    const s = scripts[i];
    if (s && (s.getAttribute('type') ?? '').toLowerCase().includes('ld+json')) out += (s.textContent ?? '').slice(0, 20_000);
  }
  return out;
}
