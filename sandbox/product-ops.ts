/**
 * Lookup and search over the sandbox catalog, as one function each, so the REST routes (`POST /v1/products/lookup`,
 * `POST /v1/products/search`) and the Catalog Partner MCP tools (`lookup_product`, `search_products`) answer from the
 * same logic. Each returns an outcome; the caller writes it as an HTTP answer or a tool result.
 */
import { normalizeProductUrl } from '../lib/octogen/urls';
import { SEARCH_LIMIT_DEFAULT } from '../lib/octogen/schemas';
import { listItemJson, requestId } from './api-common';
import type { SandboxCatalog } from './catalog';

export interface LookupInput {
  url: string;
  resolutionMode?: 'auto' | 'index_only' | 'on_demand_only';
  onDemandCachePolicy?: 'prefer_cache' | 'refresh';
  matchMode?: 'strict' | 'loose';
  /** MCP `lookup_product`'s `catalogs`: only a product of one of these catalogs is found. */
  catalogs?: readonly string[];
}

export type LookupOutcome =
  | { kind: 'found'; value: Record<string, unknown> }
  | { kind: 'invalid_url'; detail: 'invalid_product_url' | 'unsafe_url' }
  | { kind: 'conflict'; message: string }
  | { kind: 'not_found' };

export function lookupProduct(catalog: SandboxCatalog, input: LookupInput): LookupOutcome {
  const problem = urlProblem(input.url);
  if (problem) return { kind: 'invalid_url', detail: problem };
  if (input.resolutionMode === 'index_only' && input.onDemandCachePolicy === 'refresh') {
    return { kind: 'conflict', message: 'onDemandCachePolicy=refresh cannot be combined with resolutionMode=index_only' };
  }
  const hit = input.resolutionMode === 'on_demand_only' ? undefined : catalog.lookup(input.url, input.matchMode ?? 'loose');
  if (!hit || (input.catalogs && !input.catalogs.includes(hit.catalog.catalog))) return { kind: 'not_found' };
  return {
    kind: 'found',
    value: {
      source: 'indexed',
      product: hit.product,
      requestId: requestId(),
      catalogKey: hit.catalog.catalog,
      catalogDisplayName: hit.catalog.displayName,
      sourceBaseUrl: hit.catalog.sourceBaseUrl ?? null,
      requestedUrl: input.url,
      normalizedUrl: normalizeProductUrl(hit.indexedUrl) ?? hit.indexedUrl,
      resolvedUrl: null,
      canonicalUrl: null,
      matchedVia: hit.matchedVia,
      resolution: null,
      cacheStatus: null,
      warnings: [],
    },
  };
}

export interface SearchInput {
  q?: string | null;
  catalog?: string | null;
  catalogs?: string[] | null;
  facets?: { name: string; values: string[] }[] | null;
  price_min?: number | null;
  price_max?: number | null;
  cursor?: string | null;
  limit?: number;
  debug?: boolean;
}

export type SearchOutcome =
  | { kind: 'page'; json: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'catalog_not_found' };

export function searchProducts(catalog: SandboxCatalog, input: SearchInput): SearchOutcome {
  if (input.catalog != null && input.catalogs != null && input.catalogs.length > 0) {
    return { kind: 'conflict', message: '`catalog` and `catalogs` are mutually exclusive' };
  }
  if (input.catalog != null && !catalog.catalog(input.catalog)) return { kind: 'catalog_not_found' };
  const limit = input.limit ?? SEARCH_LIMIT_DEFAULT;
  const result = catalog.search.search({
    q: input.q,
    catalogs: input.catalog != null ? [input.catalog] : (input.catalogs ?? undefined),
    facets: input.facets ?? undefined,
    priceMin: input.price_min,
    priceMax: input.price_max,
    cursor: input.cursor,
    limit,
  });
  // The page as c.json would write it: {"items": [...], "nextCursor": ..., "effectiveQuery"?: {...}}.
  const items = result.hits.map((hit) => listItemJson(hit.product, hit.displayMatchScore)).join(',');
  const effectiveQuery = input.debug
    ? `,"effectiveQuery":${JSON.stringify({ text: input.q ?? '', limit, priceMin: input.price_min ?? null, priceMax: input.price_max ?? null })}`
    : '';
  return { kind: 'page', json: `{"items":[${items}],"nextCursor":${JSON.stringify(result.nextCursor)}${effectiveQuery}}` };
}

/** 422 string details of lookup URLs, as the service gives them. */
function urlProblem(raw: string): 'invalid_product_url' | 'unsafe_url' | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'invalid_product_url';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'invalid_product_url';
  if (!url.hostname) return 'invalid_product_url';
  if (url.username || url.password) return 'unsafe_url';
  // Private, link-local and metadata addresses are refused (loopback is the sandbox's own demo stores).
  if (/^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(url.hostname) || url.hostname === '[::]') return 'unsafe_url';
  return undefined;
}
