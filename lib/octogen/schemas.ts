/**
 * The Octogen Platform Catalog API v1 contract, as zod schemas.
 *
 * One source of truth: the extension's client parses responses with these, and the sandbox validates its requests
 * with them, answers with values of their types and generates its OpenAPI document from them.
 *
 * - Request schemas are strict writers: unknown fields are rejected (the service answers 422 `extra_forbidden`).
 * - Response schemas are tolerant readers: unknown fields are kept, nullable fields accept null or absence, images
 *   may be URLs (before 2026) or image objects (now), and the May 2026 lookup shape (no `source`) still parses.
 *
 * Sources: ../shared/contract/platform-v1.openapi.json and ../shared/docs/octogen-contract-notes.md.
 */
import { z } from 'zod';
import { URL_LIST_CAPS } from './url-list-caps';

// zod 4 probes `new Function` for its JIT, which an MV3 extension's CSP reports as a violation.
z.config({ jitless: true });

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();
const list = <T extends z.ZodType>(item: T) => z.array(item).default([]);

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces of the product records
// ---------------------------------------------------------------------------------------------------------------

/** MerchantProductImageMetadataView. */
export const ImageMeta = z.looseObject({
  url: z.string(),
  cdnUrl: nullish(z.string()),
  width: nullish(z.number().int()),
  height: nullish(z.number().int()),
  mimeType: nullish(z.string()),
  sizeBytes: nullish(z.number().int()),
});
export type ImageMeta = z.infer<typeof ImageMeta>;

/** Images were plain URLs before 2026 and are objects now; read both. */
export const ImageIn = z.union([z.string(), ImageMeta]);
export type ImageIn = z.infer<typeof ImageIn>;

export const BrandView = z.looseObject({
  name: z.string(),
  slug: nullish(z.string()),
  url: nullish(z.string()),
  description: nullish(z.string()),
});
export type BrandView = z.infer<typeof BrandView>;

export const RatingView = z.looseObject({
  average: nullish(z.number()),
  count: nullish(z.number().int()),
});

export const ColorView = z.looseObject({
  label: z.string(),
  hexCode: nullish(z.string()),
  swatchUrl: nullish(z.string()),
});

export const CategoryView = z.looseObject({ name: z.string(), url: nullish(z.string()) });

export const VariantView = z.looseObject({
  sku: nullish(z.string()),
  productUrl: nullish(z.string()),
  color: nullish(ColorView),
  size: nullish(z.string()),
  inStock: nullish(z.boolean()),
  imageUrl: nullish(z.string()),
});
export type VariantView = z.infer<typeof VariantView>;

export const IdentifiersView = z.looseObject({
  productId: nullish(z.string()),
  gtin: nullish(z.string()),
  productGroupId: nullish(z.string()),
});

export const ProductDetailsView = z.looseObject({
  materials: list(z.string()),
  fit: list(z.string()),
  patterns: list(z.string()),
  dimensions: nullish(z.string()),
});

export const AudienceView = z.looseObject({ genders: list(z.string()), ageGroups: list(z.string()) });

const listItemFields = {
  uuid: z.string(),
  productUrl: z.string(),
  catalogKey: nullish(z.string()),
  title: nullish(z.string()),
  brand: nullish(BrandView),
  currentPrice: nullish(z.number()),
  originalPrice: nullish(z.number()),
  primaryImage: nullish(ImageMeta),
  /** Deprecated by the service, kept populated during the migration to `primaryImage`. */
  imageUrl: nullish(z.string()),
  images: list(ImageIn),
  rating: nullish(RatingView),
  isActive: z.boolean().nullish(),
  displayMatchScore: nullish(z.number().int().min(0).max(100)),
  rawScore: nullish(z.number()),
  updatedAt: nullish(z.string()),
};

/** MerchantProductListItem: what search returns. No currency on list items. */
export const ProductListItem = z.looseObject(listItemFields);
export type ProductListItem = z.infer<typeof ProductListItem>;

/** MerchantProductView: the `product` of a lookup. `uuid` is null on on-demand results. */
export const ProductView = z.looseObject({
  ...listItemFields,
  uuid: z.string().nullable(),
  currency: nullish(z.string()),
  description: nullish(z.string()),
  inStock: nullish(z.boolean()),
  categories: list(CategoryView),
  sizes: list(z.string()),
  colors: list(ColorView),
  tags: list(z.string()),
  variants: list(VariantView),
  details: ProductDetailsView.optional(),
  audience: nullish(AudienceView),
  identifiers: IdentifiersView.optional(),
  breadcrumbs: list(CategoryView),
  promotions: list(
    z.looseObject({ description: nullish(z.string()), code: nullish(z.string()), promotionId: nullish(z.string()) }),
  ),
  reviews: list(
    z.looseObject({
      author: nullish(z.string()),
      rating: nullish(z.number()),
      body: nullish(z.string()),
      publishedAt: nullish(z.string()),
    }),
  ),
  videos: list(z.looseObject({ url: nullish(z.string()), thumbnailUrl: nullish(z.string()), name: nullish(z.string()) })),
  enrichment: z.looseObject({}).nullish(),
});
export type ProductView = z.infer<typeof ProductView>;

// ---------------------------------------------------------------------------------------------------------------
// GET /catalogs (retired from the live service in July 2026; the product doc we were given still has it)
// ---------------------------------------------------------------------------------------------------------------

export const CatalogSummary = z.looseObject({
  catalog: z.string(),
  displayName: z.string(),
  sourceBaseUrl: nullish(z.string()),
  productCount: z.number().int(),
  lastIndexedAt: nullish(z.string()),
});
export type CatalogSummary = z.infer<typeof CatalogSummary>;
export const CatalogList = z.array(CatalogSummary);

// ---------------------------------------------------------------------------------------------------------------
// POST /products/search
// ---------------------------------------------------------------------------------------------------------------

export const FACET_NAMES = [
  'brand_name',
  'brand_slug',
  'raw_brand_name',
  'product_type',
  'gender',
  'age_groups',
  'color',
  'color_family',
  'is_activewear',
  ...[0, 1, 2, 3, 4, 5, 6].map((d) => `category_path.depth_${d}`),
] as const;

export const Facet = z.strictObject({ name: z.string().min(1), values: z.array(z.string()) });
export type Facet = z.infer<typeof Facet>;

export const SEARCH_LIMIT_MAX = 100;
export const SEARCH_LIMIT_DEFAULT = 50;

export const SearchRequest = z.strictObject({
  q: z.string().nullish(),
  catalog: z.string().min(1).nullish(),
  catalogs: z.array(z.string()).max(500).nullish(),
  facets: z.array(Facet).nullish(),
  price_min: z.number().nullish(),
  price_max: z.number().nullish(),
  cursor: z.string().nullish(),
  limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).optional(),
  debug: z.boolean().optional(),
  diversity: z.boolean().optional(),
});
export type SearchRequest = z.input<typeof SearchRequest>;

export const SearchPage = z.looseObject({
  items: list(ProductListItem),
  nextCursor: nullish(z.string()),
  effectiveQuery: z.looseObject({}).nullish(),
});
export type SearchPage = z.infer<typeof SearchPage>;

// ---------------------------------------------------------------------------------------------------------------
// POST /products/lookup
// ---------------------------------------------------------------------------------------------------------------

export const MATCH_MODES = ['strict', 'loose'] as const;

export const LookupRequest = z.strictObject({
  // The published schema marks `url` optional (room for future identifiers) but the service answers 422 `missing`
  // without it, so we require it.
  url: z.string().min(1),
  resolutionMode: z.enum(['auto', 'index_only', 'on_demand_only']).optional(),
  onDemandCachePolicy: z.enum(['prefer_cache', 'refresh']).optional(),
  matchMode: z.enum(MATCH_MODES).optional(),
});
export type LookupRequest = z.input<typeof LookupRequest>;

export const LOOKUP_SOURCES = ['indexed', 'on_demand', 'client_html'] as const;

export const LookupResponse = z.looseObject({
  /** Absent in the May 2026 shape; new values are read as strings rather than rejected. */
  source: z.string().optional(),
  product: ProductView,
  requestId: nullish(z.string()),
  catalogKey: nullish(z.string()),
  catalogDisplayName: nullish(z.string()),
  sourceBaseUrl: nullish(z.string()),
  requestedUrl: nullish(z.string()),
  normalizedUrl: nullish(z.string()),
  resolvedUrl: nullish(z.string()),
  canonicalUrl: nullish(z.string()),
  matchedVia: nullish(z.string()),
  resolution: z
    .looseObject({
      completeness: z.string(),
      method: z.string(),
      rendered: z.boolean().optional(),
      missingFields: z.array(z.string()).optional(),
    })
    .nullish(),
  cacheStatus: nullish(z.string()),
  warnings: list(z.string()),
});
export type LookupResponse = z.infer<typeof LookupResponse>;

// ---------------------------------------------------------------------------------------------------------------
// POST /products/resolve-from-html: the lookup's answer (`source: "client_html"`) for HTML the caller sends
// ---------------------------------------------------------------------------------------------------------------

/** The `html` field's cap (5 MiB of characters; the raw body's cap is 8 MiB, above which the service answers 413). */
export const RESOLVE_HTML_MAX_CHARS = 5_242_880;
export const REQUEST_BODY_MAX_BYTES = 8 * 1024 * 1024;

export const ResolveFromHtmlRequest = z.strictObject({
  html: z.string().min(1).max(RESOLVE_HTML_MAX_CHARS),
  /** Omit it rather than send null (the service answers 422 to `url: null`). */
  url: z.string().min(1).optional(),
});
export type ResolveFromHtmlRequest = z.input<typeof ResolveFromHtmlRequest>;

// ---------------------------------------------------------------------------------------------------------------
// POST /products/more-like-this
// ---------------------------------------------------------------------------------------------------------------

export const PRICE_PREFERENCES = ['any', 'lower', 'higher'] as const;
export type PricePreference = (typeof PRICE_PREFERENCES)[number];
export const MORE_LIKE_THIS_LIMIT_DEFAULT = 12;
export const EMBEDDING_COLUMNS = ['embedding', 'style_embedding', 'tags_embedding', 'attributes_embedding'] as const;

export const MoreLikeThisSource = z
  .strictObject({
    url: z.string().min(1).optional(),
    uuid: z.string().min(1).optional(),
    image: z.strictObject({ b64: z.string().min(1).optional(), url: z.string().min(1).optional() }).optional(),
  })
  .refine((s) => [s.url, s.uuid, s.image].filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of url, uuid or image',
  });

export const MoreLikeThisRequest = z.strictObject({
  source: MoreLikeThisSource,
  catalogs: z.array(z.string()).min(1).max(100).nullish(),
  include_facets: z.array(Facet).nullish(),
  exclude_facets: z.array(Facet).nullish(),
  omit_generated_facets: z.array(z.string()).nullish(),
  price_preference: z.enum(PRICE_PREFERENCES).optional(),
  // In the published request (EmbeddingColumn[], minItems 1); without them a strict schema refuses valid requests.
  retrieval_embedding_columns: z.array(z.enum(EMBEDDING_COLUMNS)).min(1).nullish(),
  ranking_embedding_columns: z.array(z.enum(EMBEDDING_COLUMNS)).min(1).nullish(),
  cursor: z.string().nullish(),
  limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).optional(),
  debug: z.boolean().optional(),
});
export type MoreLikeThisRequest = z.input<typeof MoreLikeThisRequest>;

const EffectiveFacet = z.looseObject({ name: z.string(), values: list(z.string()) });

export const MoreLikeThisResponse = z.looseObject({
  items: list(ProductListItem),
  nextCursor: nullish(z.string()),
  source: z
    .looseObject({ catalogKey: nullish(z.string()), uuid: nullish(z.string()), productUrl: nullish(z.string()), title: nullish(z.string()) })
    .nullish(),
  sourceImage: z.looseObject({ hash: z.string() }).nullish(),
  resolution: nullish(z.string()),
  effectiveQuery: z
    .looseObject({
      text: nullish(z.string()),
      limit: nullish(z.number().int()),
      catalogs: z.array(z.string()).nullish(),
      facets: z.array(EffectiveFacet).nullish(),
      exclusionFacets: z.array(EffectiveFacet).nullish(),
      priceMin: nullish(z.number()),
      priceMax: nullish(z.number()),
    })
    .nullish(),
});
export type MoreLikeThisResponse = z.infer<typeof MoreLikeThisResponse>;

// ---------------------------------------------------------------------------------------------------------------
// Voyage: POST /voyage, GET /voyage, GET /voyage/{task_id}
// ---------------------------------------------------------------------------------------------------------------

export const VOYAGE_STATUSES = ['queued', 'running', 'in_review', 'completed', 'failed', 'cancelled'] as const;
export const VOYAGE_PHASES = [
  'discovering_site',
  'sampling_products',
  'building_extraction',
  'in_review',
  'publishing_catalog',
  'complete',
  'failed',
] as const;
/** Statuses after which a voyage no longer changes. */
export const VOYAGE_FINAL_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled'];

export const VoyageStartRequest = z.strictObject({ domain: z.string().min(1).max(2048) });
export type VoyageStartRequest = z.input<typeof VoyageStartRequest>;

export const VoyageQuotas = z.looseObject({
  concurrent: z.looseObject({ limit: nullish(z.number().int()), used: nullish(z.number().int()) }).nullish(),
  monthly: z
    .looseObject({
      limit: nullish(z.number().int()),
      used: nullish(z.number().int()),
      periodStart: nullish(z.string()),
      resetsAt: nullish(z.string()),
    })
    .nullish(),
});
export type VoyageQuotas = z.infer<typeof VoyageQuotas>;

/** The shared, org-anonymous view of a voyage. Unknown phases and statuses are read as strings, not refused. */
export const VoyageTask = z.looseObject({
  taskId: z.string(),
  domain: z.string(),
  status: z.string(),
  phase: z.string(),
  phaseLabel: nullish(z.string()),
  progressPercent: z.number().min(0).max(100).catch(0),
  createdAt: nullish(z.string()),
  updatedAt: nullish(z.string()),
  completedAt: nullish(z.string()),
  error: z.looseObject({ code: z.string(), message: nullish(z.string()) }).nullish(),
  result: z
    .looseObject({
      catalog: z.string(),
      productCount: nullish(z.number().int()),
      endpoints: z.looseObject({ search: nullish(z.string()), lookup: nullish(z.string()) }).nullish(),
    })
    .nullish(),
});
export type VoyageTask = z.infer<typeof VoyageTask>;

export const VoyageListResponse = z.looseObject({
  items: list(VoyageTask),
  nextCursor: nullish(z.string()),
  quotas: VoyageQuotas.nullish(),
});
export type VoyageListResponse = z.infer<typeof VoyageListResponse>;

/** Query of `GET /voyage`. */
export const VoyageListQuery = z.strictObject({
  status: z.enum(VOYAGE_STATUSES).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type VoyageListQuery = z.input<typeof VoyageListQuery>;

// ---------------------------------------------------------------------------------------------------------------
// Coverage URL lists: /coverage/url-lists...
// ---------------------------------------------------------------------------------------------------------------

/** The service's caps: lists per organisation, URLs per list, URLs per request, characters per URL (zod-free module). */
export { URL_LIST_CAPS };
export const URL_LIST_STATUSES = ['provisioning', 'active', 'delete_pending'] as const;

/** Query of the two paged list reads (`GET /coverage/url-lists`, `GET /coverage/url-lists/{id}/urls`). */
export const PageQuery = z.strictObject({
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type PageQuery = z.input<typeof PageQuery>;

export const UrlListCreateRequest = z.strictObject({ name: z.string().trim().min(1).max(URL_LIST_CAPS.nameLength) });
export type UrlListCreateRequest = z.input<typeof UrlListCreateRequest>;

export const UrlList = z.looseObject({
  urlListId: z.string(),
  name: z.string(),
  status: z.string(),
  urlCount: z.number().int().catch(0),
  bigQuery: z.looseObject({}).nullish(),
  createdAt: nullish(z.string()),
  updatedAt: nullish(z.string()),
});
export type UrlList = z.infer<typeof UrlList>;

export const UrlListPage = z.looseObject({ items: list(UrlList), nextCursor: nullish(z.string()) });
export type UrlListPage = z.infer<typeof UrlListPage>;

export const UrlListUrlsPage = z.looseObject({
  items: list(z.looseObject({ url: z.string(), normalizedUrl: nullish(z.string()), addedAt: nullish(z.string()) })),
  nextCursor: nullish(z.string()),
});
export type UrlListUrlsPage = z.infer<typeof UrlListUrlsPage>;

export const UrlsRequest = z.strictObject({
  urls: z.array(z.string().max(URL_LIST_CAPS.urlLength)).min(1).max(URL_LIST_CAPS.urlsPerRequest),
});
export type UrlsRequest = z.input<typeof UrlsRequest>;

export const UrlMutationResponse = z.looseObject({
  accepted: list(z.looseObject({ url: z.string(), normalizedUrl: nullish(z.string()) })),
  rejected: list(z.looseObject({ url: z.string(), code: z.string(), message: nullish(z.string()) })),
  urlCount: z.number().int(),
  requestId: nullish(z.string()),
});
export type UrlMutationResponse = z.infer<typeof UrlMutationResponse>;

export const UrlContainsResponse = z.looseObject({
  results: list(
    z.looseObject({ url: z.string(), normalizedUrl: nullish(z.string()), present: z.boolean(), addedAt: nullish(z.string()) }),
  ),
});
export type UrlContainsResponse = z.infer<typeof UrlContainsResponse>;

// ---------------------------------------------------------------------------------------------------------------
// GET /me, GET /domains
// ---------------------------------------------------------------------------------------------------------------

export const MeResponse = z.looseObject({
  principal: z.string(),
  organization: z
    .looseObject({ id: z.string(), name: z.string(), slug: z.string(), type: z.string() })
    .nullish(),
  key: z.looseObject({ id: z.string(), prefix: nullish(z.string()), source: nullish(z.string()) }).nullish(),
  quotas: z.looseObject({ voyage: VoyageQuotas.nullish() }).nullish(),
  rateLimit: z.looseObject({ limit: z.number().int(), remaining: z.number().int(), resetAt: z.string() }).nullish(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const DomainEntry = z.looseObject({ host: z.string(), catalog: z.string(), catalogDisplayName: z.string() });
export type DomainEntry = z.infer<typeof DomainEntry>;
export const DomainsResponse = z.looseObject({ domains: z.array(DomainEntry) });
export type DomainsResponse = z.infer<typeof DomainsResponse>;

// ---------------------------------------------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------------------------------------------

/** One FastAPI / pydantic v2 validation error. */
export const ValidationItem = z.looseObject({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string(),
  input: z.unknown().optional(),
  ctx: z.record(z.string(), z.unknown()).optional(),
});
export type ValidationItem = z.infer<typeof ValidationItem>;

/** `{"detail": "..."}`, `{"detail": [ValidationItem]}`, or a structured detail object (voyage quotas). */
export const DetailError = z.looseObject({
  detail: z.union([z.string(), z.array(ValidationItem), z.looseObject({})]),
});
/** The keyless-trial envelope: `{"code": "...", "message": "..."}` with no `detail`. */
export const CodeError = z.looseObject({ code: z.string(), message: z.string().optional() });
