/**
 * `POST /products/more-like-this` (contract notes §3.6): products similar to a source product.
 *
 * - The source is a catalog product by `url` (the lookup's loose matching) or `uuid`, from any catalog (the
 *   `catalogs` allowlist restricts results only); 404 `product_not_found` when it is not found.
 * - Candidates are ranked by what the source shares with them: leaf category (3), other categories (1 each), brand
 *   (2), title words (Jaccard × 4) and tags (0.5 each); the source itself is excluded, candidates sharing nothing are
 *   left out. `price_preference` `lower`/`higher` keeps only strictly cheaper/dearer candidates than the source's
 *   `currentPrice` (a source without a price keeps none), `include_facets`/`exclude_facets` filter as search's facets.
 * - `limit` (default 12), opaque cursors (a malformed one restarts at page 1, as search does), `debug` →
 *   `effectiveQuery`.
 * - Image sources: a non-`any` `price_preference` answers 400 (notes; the document declares no 400). An image URL equal
 *   to a catalog product's image resolves to that product (`resolution: "image_query_generation"`, then
 *   `"cached_image_query"` for the same image again; `sourceImage.hash`); any other image resolves to nothing the
 *   sandbox can match: 200 with no items (the sandbox has no image understanding).
 */
import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  MORE_LIKE_THIS_LIMIT_DEFAULT,
  MoreLikeThisRequest,
  MoreLikeThisResponse,
  type Facet,
  type MoreLikeThisResponse as MoreLikeThisResponseT,
  type PricePreference,
  type ProductView,
} from '../lib/octogen/schemas';
import type { SandboxCatalog } from './catalog';
import { facetValues } from './search';
import { ERROR_EXAMPLES, toListItem } from './api-common';

const words = (text: string | null | undefined) =>
  new Set(
    (text ?? '')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1),
  );

/** How alike `candidate` is to `source` (0 = nothing shared). */
export function similarity(source: ProductView, candidate: ProductView): number {
  let score = 0;
  const leaf = (p: ProductView) => p.categories[p.categories.length - 1]?.name?.toLowerCase();
  if (leaf(source) && leaf(source) === leaf(candidate)) score += 3;
  const cats = new Set(source.categories.slice(0, -1).map((c) => c.name.toLowerCase()));
  for (const c of candidate.categories) if (cats.has(c.name.toLowerCase())) score += 1;
  if (source.brand?.name && source.brand.name.toLowerCase() === candidate.brand?.name?.toLowerCase()) score += 2;
  const a = words(source.title);
  const b = words(candidate.title);
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  if (union) score += (4 * shared) / union;
  const tags = new Set(source.tags.map((t) => t.toLowerCase()));
  for (const t of candidate.tags) if (tags.has(t.toLowerCase())) score += 0.5;
  return score;
}

export interface MoreLikeThisQuery {
  catalogs?: readonly string[] | null;
  includeFacets?: readonly Facet[] | null;
  excludeFacets?: readonly Facet[] | null;
  pricePreference: PricePreference;
  cursor?: string | null;
  limit: number;
}

const facetHit = (p: ProductView, f: Facet) => {
  const values = facetValues(p, f.name);
  const wanted = new Set(f.values.map((v) => v.toLowerCase()));
  return !!values && (wanted.size === 0 || values.some((v) => wanted.has(v)));
};

/** Ranked similar products of `source` among `products`, one page. */
export function moreLikeThis(products: readonly ProductView[], source: ProductView, query: MoreLikeThisQuery) {
  const allow = query.catalogs?.length ? new Set(query.catalogs) : undefined;
  const price = source.currentPrice;
  const ranked = products
    .filter((p) => p !== source && (p.uuid ?? '') !== (source.uuid ?? '') && p.isActive !== false)
    .filter((p) => !allow || allow.has(p.catalogKey ?? ''))
    .filter((p) => {
      if (query.pricePreference === 'any') return true;
      if (price == null || p.currentPrice == null) return false;
      return query.pricePreference === 'lower' ? p.currentPrice < price : p.currentPrice > price;
    })
    .filter((p) => (query.includeFacets ?? []).every((f) => facetHit(p, f)))
    .filter((p) => !(query.excludeFacets ?? []).some((f) => facetHit(p, f)))
    .map((p) => ({ p, score: similarity(source, p) }))
    .filter((x) => x.score > 0)
    .sort((x, y) => y.score - x.score || (x.p.uuid ?? '').localeCompare(y.p.uuid ?? ''));
  let offset = 0;
  if (query.cursor) {
    try {
      const value = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as { o?: unknown };
      if (Number.isSafeInteger(value?.o) && (value.o as number) >= 0) offset = value.o as number;
    } catch {
      offset = 0;
    }
  }
  const top = ranked[0]?.score ?? 1;
  const page = ranked.slice(offset, offset + query.limit);
  const next = offset + query.limit < ranked.length ? Buffer.from(JSON.stringify({ o: offset + query.limit })).toString('base64url') : null;
  return {
    items: page.map((x) => toListItem(x.p, Math.max(0, Math.min(100, Math.round((100 * x.score) / top))))),
    nextCursor: next,
  };
}

const imageUrls = (p: ProductView) =>
  [p.primaryImage?.url, p.primaryImage?.cdnUrl, p.imageUrl, ...p.images.flatMap((i) => (typeof i === 'string' ? [i] : [i.url, i.cdnUrl]))].filter(
    (u): u is string => !!u,
  );

const detail = z.object({ detail: z.string() });
const errorJson = (description: string) => ({ description, content: { 'application/json': { schema: detail } } });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerMoreLikeThis(v1: OpenAPIHono<any>, getCatalog: () => SandboxCatalog): void {
  const errors = ERROR_EXAMPLES;
  const seenImages = new Set<string>();
  v1.openapi(
    createRoute({
      method: 'post',
      path: '/products/more-like-this',
      operationId: 'moreLikeThisProducts',
      summary: 'Find products similar to a source product',
      security: [{ BearerApiKey: [] }],
      request: { body: { content: { 'application/json': { schema: MoreLikeThisRequest } }, required: true } },
      responses: {
        200: { description: 'Similar products.', content: { 'application/json': { schema: MoreLikeThisResponse } } },
        400: errorJson('Image source with a non-`any` price_preference (notes §3.6; not in the published document).'),
        401: errors[401],
        403: errors[403],
        404: errorJson('`product_not_found`'),
        422: errors[422],
        429: errors[429],
      },
    }),
    (c) => {
      const body = c.req.valid('json');
      const catalog = getCatalog();
      const pricePreference = body.price_preference ?? 'any';
      const limit = body.limit ?? MORE_LIKE_THIS_LIMIT_DEFAULT;
      let source: ProductView | undefined;
      let extra: Partial<MoreLikeThisResponseT> = {};
      if (body.source.image) {
        if (pricePreference !== 'any') return c.json({ detail: 'price_preference must be "any" for image sources' }, 400);
        const image = body.source.image;
        const hash = createHash('sha256').update(image.url ?? image.b64 ?? '').digest('hex');
        const cached = seenImages.has(hash);
        seenImages.add(hash);
        source = image.url ? catalog.products.find((p) => imageUrls(p).includes(image.url!)) : undefined;
        extra = { sourceImage: { hash }, resolution: cached ? 'cached_image_query' : 'image_query_generation', source: null };
        if (!source) {
          return c.json(
            { items: [], nextCursor: null, ...extra, effectiveQuery: body.debug ? { text: '', limit, catalogs: body.catalogs ?? null, degradedToTextFallback: true } : null },
            200,
          );
        }
      } else if (body.source.uuid !== undefined) {
        source = catalog.byUuid(body.source.uuid);
      } else if (body.source.url !== undefined) {
        source = catalog.lookup(body.source.url, 'loose')?.product;
      }
      if (!source) return c.json({ detail: 'product_not_found' }, 404);
      const page = moreLikeThis(catalog.products, source, {
        catalogs: body.catalogs,
        includeFacets: body.include_facets,
        excludeFacets: body.exclude_facets,
        pricePreference,
        cursor: body.cursor,
        limit,
      });
      const effectiveQuery = body.debug
        ? {
            text: source.title ?? '',
            limit,
            catalogs: body.catalogs ?? null,
            facets: [
              ...(source.categories.length ? [{ name: 'product_type', values: [source.categories[source.categories.length - 1]!.name.toLowerCase()] }] : []),
              ...(body.include_facets ?? []),
            ],
            exclusionFacets: body.exclude_facets ?? [],
            priceMin: pricePreference === 'higher' ? (source.currentPrice ?? null) : null,
            priceMax: pricePreference === 'lower' ? (source.currentPrice ?? null) : null,
            ...(body.source.image ? { matchedProduct: { catalogKey: source.catalogKey ?? '', uuid: source.uuid ?? '' }, imageHashMatched: true } : {}),
          }
        : null;
      return c.json(
        {
          ...page,
          source: body.source.image ? null : { catalogKey: source.catalogKey ?? '', uuid: source.uuid ?? '', productUrl: source.productUrl, title: source.title ?? null },
          ...extra,
          effectiveQuery,
        },
        200,
      );
    },
  );
}
