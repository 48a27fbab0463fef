/**
 * `POST /products/resolve-from-html`: the service's shallow, deterministic extraction (JSON-LD schema.org Product →
 * Open Graph → HTML meta) over caller-supplied HTML, answered in the lookup's shape with `source: "client_html"`
 * (contract notes §3.5). Stateless: nothing is read from or written to the catalog.
 *
 * The HTML is never parsed into a DOM: one linear pass finds the few tags that matter (`<script type=ld+json>`,
 * `<meta>`, `<link rel=canonical>`, `<title>`), skipping comments and raw-text elements, and never scans a stretch of
 * the document twice (a tag that does not close is skipped past, not retried), so hostile input costs O(length).
 * The project's own readers then do the reading: `readJsonLd`/`readProduct`/`productScorer` (lib/detect/jsonld.ts,
 * schema.ts) run over a minimal document façade, `metaFields` over the meta map.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ERROR_EXAMPLES, requestId } from './api-common';
import { readJsonLd } from '../lib/detect/jsonld';
import { isProductOgType, metaFields } from '../lib/detect/meta';
import { isObject, list, own, productScorer, readProduct, type Item } from '../lib/detect/schema';
import { safeUrl } from '../lib/detect/text';
import type { DetectedFields, DetectedVariant } from '../lib/detect/types';
import { LookupResponse, ResolveFromHtmlRequest, type LookupResponse as LookupResponseT, type ProductView } from '../lib/octogen/schemas';
import { toValidationItems } from './validation';

/** Clamps the service applies to what it extracts (`product_fields_clamped`). */
export const MAX_DESCRIPTION_CHARS = 10_000;
export const MAX_IMAGES = 50;
/** Per-tag attribute scan cap: a tag longer than this is skipped past. */
const MAX_TAG_CHARS = 8192;
const MAX_META_TAGS = 600;

export interface ScannedTag {
  name: 'meta' | 'link';
  attrs: Map<string, string>;
}

export interface ScannedPage {
  jsonLd: string[];
  tags: ScannedTag[];
  title?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** Decode the character references that matter in attribute values and titles (linear, one regex pass). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6}|#39);?/gi, (whole, ref: string) => {
    const lower = ref.toLowerCase();
    if (lower.startsWith('#x') || lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[lower] ?? whole;
  });
}

const ATTR = /\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?|\s*\//y;

/**
 * Parse attributes from `start` (just after the tag name) up to `>`. Returns the attributes and the index after `>`,
 * or `end` = where scanning stopped when the tag does not close within MAX_TAG_CHARS (the caller resumes there).
 */
function scanAttributes(html: string, start: number): { attrs: Map<string, string>; end: number; closed: boolean } {
  const attrs = new Map<string, string>();
  const limit = Math.min(html.length, start + MAX_TAG_CHARS);
  let pos = start;
  while (pos < limit) {
    const c = html.charCodeAt(pos);
    if (c === 62 /* > */) return { attrs, end: pos + 1, closed: true };
    ATTR.lastIndex = pos;
    const m = ATTR.exec(html);
    if (!m || m[0].length === 0 || ATTR.lastIndex > limit) {
      // Stray character (a quote, `=`...): skip it.
      pos++;
      continue;
    }
    pos = ATTR.lastIndex;
    if (m[1] !== undefined) {
      const name = m[1].toLowerCase();
      if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
    }
  }
  return { attrs, end: limit, closed: false };
}

const INTERESTING = /<(?:(!--)|(script|style|textarea|template|title|meta|link)(?=[\s/>]))/gi;

/** Find `needle` (lower-case ASCII) case-insensitively from `from`; -1 when absent. Linear. */
function indexOfCi(html: string, needle: RegExp, from: number): { index: number; end: number } | undefined {
  needle.lastIndex = from;
  const m = needle.exec(html);
  return m ? { index: m.index, end: needle.lastIndex } : undefined;
}

/** One linear pass over the document: JSON-LD blocks, meta and link tags, the title. */
export function scanHtml(html: string): ScannedPage {
  const page: ScannedPage = { jsonLd: [], tags: [] };
  let pos = 0;
  while (pos < html.length) {
    INTERESTING.lastIndex = pos;
    const m = INTERESTING.exec(html);
    if (!m) break;
    if (m[1]) {
      const close = indexOfCi(html, /-->/g, INTERESTING.lastIndex);
      pos = close ? close.end : html.length;
      continue;
    }
    const name = m[2]!.toLowerCase();
    const { attrs, end, closed } = scanAttributes(html, INTERESTING.lastIndex);
    pos = end;
    if (!closed) continue;
    if (name === 'meta' || name === 'link') {
      if (page.tags.length < MAX_META_TAGS) page.tags.push({ name, attrs });
      continue;
    }
    // Raw-text elements: their content runs to the matching end tag.
    const close = indexOfCi(html, new RegExp(`</${name}[\\s>/]`, 'gi'), pos);
    const content = html.slice(pos, close ? close.index : html.length);
    pos = close ? close.end : html.length;
    if (name === 'script' && /ld\+json/i.test(attrs.get('type') ?? '')) page.jsonLd.push(content);
    else if (name === 'title' && page.title === undefined) page.title = decodeEntities(content).replace(/\s+/g, ' ').trim();
  }
  return page;
}

/** The façade `readJsonLd` needs: `querySelectorAll('script[type*="ld+json" i]')` with `textContent`. */
function jsonLdDocument(blocks: string[]): Document {
  return { querySelectorAll: () => blocks.map((textContent) => ({ textContent })) } as unknown as Document;
}

export type ResolutionMethod = 'json_ld' | 'open_graph' | 'html_meta';

export interface Extraction {
  method: ResolutionMethod;
  fields: DetectedFields;
  /** Every image URL found (JSON-LD `image` list, else og:image / twitter:image), absolute, in page order. */
  images: string[];
  description?: string;
  variants: DetectedVariant[];
  /** The page's own statement of its URL: JSON-LD `url`, else og:url, else `<link rel=canonical>`. */
  declaredCanonical?: string;
}

const OG_KEYS = /^(og|product):/;

/** Raw description text (entity-decoded, whitespace collapsed), unclamped: the caller clamps and warns. */
function rawText(v: unknown): string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x !== 'string') return undefined;
  const text = decodeEntities(x).replace(/<[^>]{0,200}>/g, ' ').replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** Run the extraction ladder; undefined when nothing product-like is on the page. */
export function extractProduct(html: string, pageUrl: string | undefined): Extraction | undefined {
  const page = scanHtml(html);
  const base = pageUrl ?? 'https://invalid.invalid/';
  let host: string | undefined;
  try {
    host = pageUrl ? new URL(pageUrl).hostname : undefined;
  } catch {
    host = undefined;
  }
  const meta = new Map<string, string>();
  const ogMeta = new Map<string, string>();
  const htmlMeta = new Map<string, string>();
  let linkCanonical: string | undefined;
  for (const tag of page.tags) {
    if (tag.name === 'link') {
      const rel = (tag.attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
      if (linkCanonical === undefined && rel.includes('canonical')) linkCanonical = safeUrl(tag.attrs.get('href'), pageUrl);
      continue;
    }
    const key = (tag.attrs.get('property') ?? tag.attrs.get('name') ?? '').trim().toLowerCase();
    const content = tag.attrs.get('content');
    if (!key || content === undefined) continue;
    if (!meta.has(key)) meta.set(key, content);
    const bucket = OG_KEYS.test(key) ? ogMeta : htmlMeta;
    if (!bucket.has(key)) bucket.set(key, content);
  }
  const ogUrl = safeUrl(meta.get('og:url'), pageUrl);

  // 1. JSON-LD: the page's own Product node (URL match first, then the best described).
  const { products } = readJsonLd(jsonLdDocument(page.jsonLd));
  const og = metaFields(ogMeta, base, host);
  const plain = metaFields(htmlMeta, base, host);
  if (!plain.title && page.title) plain.title = page.title.slice(0, 300);
  const fill = (primary: DetectedFields, ...rest: DetectedFields[]): DetectedFields => {
    const out: DetectedFields = { ...primary };
    for (const more of rest) {
      for (const [k, v] of Object.entries(more) as [keyof DetectedFields, string | undefined][]) {
        if (out[k] === undefined && v !== undefined) (out as Record<string, string>)[k] = v;
      }
    }
    return out;
  };
  const metaImages = [meta.get('og:image:secure_url'), meta.get('og:image'), meta.get('twitter:image')]
    .map((u) => safeUrl(u, pageUrl))
    .filter((u): u is string => !!u);

  if (products.length) {
    const score = productScorer([pageUrl, linkCanonical, ogUrl].filter((u): u is string => !!u));
    const item = products.map((p, i) => ({ p, s: score(p), i })).sort((a, b) => b.s - a.s || a.i - b.i)[0]!.p;
    const read = readProduct(item, base, host);
    const images: string[] = [];
    const group = isObject(own(item, 'isVariantOf')) ? (own(item, 'isVariantOf') as Item) : undefined;
    for (const source of [own(item, 'image'), own(group, 'image')]) {
      for (const x of Array.isArray(source) ? source : source === undefined ? [] : [source]) {
        const u = safeUrl(isObject(x) ? (own(x, 'url') ?? own(x, 'contentUrl')) : x, pageUrl);
        if (u && !images.includes(u)) images.push(u);
      }
      if (images.length) break;
    }
    const itemUrl = list(own(item, 'url'))[0];
    return {
      method: 'json_ld',
      fields: fill(read.fields, og, plain),
      images: images.length ? images : metaImages,
      description: rawText(own(item, 'description')) ?? rawText(meta.get('og:description')) ?? rawText(meta.get('description')),
      variants: read.variants,
      declaredCanonical: safeUrl(itemUrl, pageUrl) ?? ogUrl ?? linkCanonical,
    };
  }
  // 2. Open Graph: a product og:type, or product price tags.
  if (og.title && (isProductOgType(meta.get('og:type')) || og.price !== undefined)) {
    return {
      method: 'open_graph',
      fields: fill(og, plain),
      images: metaImages,
      description: rawText(meta.get('og:description')) ?? rawText(meta.get('description')),
      variants: [],
      declaredCanonical: ogUrl ?? linkCanonical,
    };
  }
  // 3. Plain HTML meta: a title plus a price or a product identifier in name= meta tags.
  if (plain.title && (plain.price !== undefined || plain.sku !== undefined || plain.gtin !== undefined)) {
    return {
      method: 'html_meta',
      fields: plain,
      images: metaImages,
      description: rawText(meta.get('description')),
      variants: [],
      declaredCanonical: ogUrl ?? linkCanonical,
    };
  }
  return undefined;
}

/** The fields whose presence makes a resolution `complete` (notes §3.5), by their wire names. */
export const COMPLETENESS_FIELDS = ['title', 'brand', 'images', 'currentPrice', 'currency'] as const;

export type ResolveOutcome =
  | { ok: true; body: LookupResponseT & { product: ProductView } }
  | { ok: false; status: 404 | 422; detail: string };

/** The whole operation over a validated request (pure apart from the request id). */
export function resolveFromHtml(request: { html: string; url?: string | null }, id = requestId()): ResolveOutcome {
  const submitted = request.url ?? undefined;
  let pageUrl: string | undefined;
  if (submitted !== undefined) {
    pageUrl = safeUrl(submitted);
    if (!pageUrl) return { ok: false, status: 422, detail: 'invalid_product_url' };
  }
  const found = extractProduct(request.html, pageUrl);
  if (!found) return { ok: false, status: 404, detail: 'product_not_found' };
  const canonicalUrl = found.declaredCanonical ?? pageUrl;
  if (!canonicalUrl) return { ok: false, status: 404, detail: 'product_not_found' };
  const warnings: string[] = [];
  if (submitted === undefined) warnings.push('source_url_missing');
  let clamped = false;
  let description = found.description;
  if (description && description.length > MAX_DESCRIPTION_CHARS) {
    description = description.slice(0, MAX_DESCRIPTION_CHARS);
    clamped = true;
  }
  let images = found.images;
  if (images.length > MAX_IMAGES) {
    images = images.slice(0, MAX_IMAGES);
    clamped = true;
  }
  if (clamped) warnings.push('product_fields_clamped');
  const f = found.fields;
  const price = f.price !== undefined ? Number(f.price) : null;
  const imageMetas = images.map((url) => ({ url, cdnUrl: null, width: null, height: null, mimeType: null, sizeBytes: null }));
  const product: ProductView = {
    uuid: null,
    productUrl: canonicalUrl,
    catalogKey: null,
    title: f.title ?? null,
    brand: f.brand ? { name: f.brand, slug: null, url: null, description: null } : null,
    currentPrice: Number.isFinite(price) ? price : null,
    originalPrice: null,
    primaryImage: imageMetas[0] ?? null,
    imageUrl: null,
    images: imageMetas,
    rating: null,
    isActive: null,
    displayMatchScore: null,
    rawScore: null,
    updatedAt: null,
    currency: f.currency ?? null,
    description: description ?? null,
    inStock: f.availability ? f.availability === 'InStock' : null,
    categories: [],
    sizes: [...new Set(found.variants.map((v) => v.size).filter((s): s is string => !!s))],
    colors: [...new Set(found.variants.map((v) => v.color).filter((s): s is string => !!s))].map((label) => ({ label, hexCode: null, swatchUrl: null })),
    tags: [],
    variants: found.variants.map((v) => ({
      sku: v.sku ?? null,
      productUrl: v.url ?? null,
      color: v.color ? { label: v.color, hexCode: null, swatchUrl: null } : null,
      size: v.size ?? null,
      inStock: v.availability ? v.availability === 'InStock' : null,
      imageUrl: null,
    })),
    details: { materials: [], fit: [], patterns: [], dimensions: null },
    audience: null,
    identifiers: { productId: f.sku ?? null, gtin: f.gtin ?? null, productGroupId: null },
    breadcrumbs: [],
    promotions: [],
    reviews: [],
    videos: [],
    enrichment: null,
  };
  const present: Record<(typeof COMPLETENESS_FIELDS)[number], boolean> = {
    title: !!product.title,
    brand: !!product.brand,
    images: imageMetas.length > 0,
    currentPrice: product.currentPrice !== null,
    currency: !!product.currency,
  };
  const missingFields = COMPLETENESS_FIELDS.filter((k) => !present[k]);
  return {
    ok: true,
    body: {
      source: 'client_html',
      product,
      requestId: id,
      catalogKey: null,
      catalogDisplayName: null,
      sourceBaseUrl: null,
      requestedUrl: submitted ?? null,
      normalizedUrl: null,
      resolvedUrl: null,
      canonicalUrl,
      matchedVia: null,
      resolution: { completeness: missingFields.length ? 'partial' : 'complete', method: found.method, rendered: false, missingFields },
      cacheStatus: null,
      warnings,
    },
  };
}


const detail = z.object({ detail: z.string() });
const json = (description: string) => ({ description, content: { 'application/json': { schema: detail } } });

/** Register `POST /products/resolve-from-html` on the v1 app. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerResolveFromHtml(v1: OpenAPIHono<any>): void {
  const errors = ERROR_EXAMPLES;
  v1.openapi(
    createRoute({
      method: 'post',
      path: '/products/resolve-from-html',
      operationId: 'resolveProductFromHtml',
      summary: 'Resolve product from supplied HTML',
      security: [{ BearerApiKey: [] }],
      request: { body: { content: { 'application/json': { schema: ResolveFromHtmlRequest } }, required: true } },
      responses: {
        200: { description: 'The product, `source: "client_html"`.', content: { 'application/json': { schema: LookupResponse } } },
        401: errors[401],
        403: errors[403],
        404: json('`product_not_found`: no credible product metadata, or no canonical URL.'),
        413: json('`request_body_too_large`: the raw body is over 8 MiB.'),
        422: errors[422],
        429: errors[429],
        502: json('Resolution failed (fault injection only).'),
        503: json('`product_resolution_unavailable` (fault injection only).'),
        504: json('`product_resolution_timed_out` (fault injection only).'),
      },
    }),
    (c) => {
      const outcome = resolveFromHtml(c.req.valid('json'));
      if (!outcome.ok) return c.json({ detail: outcome.detail }, outcome.status);
      return c.json(outcome.body, 200);
    },
    // The document is never echoed in a validation error (notes §3.5): the items carry no `input`.
    (result, c) => {
      if (!result.success) {
        const items = toValidationItems(result.error, c.get('body')).map(({ input: _input, ...item }) => item);
        return c.json({ detail: items }, 422);
      }
    },
  );
}
