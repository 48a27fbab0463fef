/**
 * The Octogen-compatible sandbox: the Platform Catalog API v1 under `/v1`, written from the contract's zod schemas,
 * with FastAPI-style validation errors, per-organisation rate limits, test hooks under `/__sandbox` (loopback and
 * same-origin only), demo store pages under `/demo` and its OpenAPI document at `/openapi.json`.
 */
import { createHash } from 'node:crypto';
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { keyId, keyPrefix } from '../lib/octogen/key';
import {
  CatalogList,
  DomainsResponse,
  LookupRequest,
  LookupResponse,
  MeResponse,
  SearchPage,
  SearchRequest,
  REQUEST_BODY_MAX_BYTES,
  type CatalogSummary,
  type ProductView,
} from '../lib/octogen/schemas';
import { buildDemoCatalog, renderDemo, type DemoCatalog } from './demo/index';
import { SandboxCatalog } from './catalog';
import { hostilePage } from './hostile';
import { Faults, FaultSpec, Journal, defaultFaultBody, hookRefusal, maskFields, maskHeader, sleep, type JournalEntry } from './hooks';
import { OAuthServer, PARTNER_MCP_PATH, oauthRoutes } from './oauth';
import { PartnerMcp } from './partner-mcp';
import { TokenBuckets, rateLimitHeaders, type BucketState } from './ratelimit';
import { jsonInvalidItem, toValidationItems } from './validation';
import { registerMoreLikeThis } from './more-like-this';
import { registerResolveFromHtml } from './resolve-html';
import { newArrivalHandles, newArrivalImage, renderNewArrival, renderUncoveredStore, uncoveredStoreName } from './uncatalogued';
import { registerUrlLists, UrlLists, URL_LIST_SETTLE_MS_DEFAULT } from './url-lists';
import { registerVoyage, Voyages, VOYAGE_STEP_MS_DEFAULT } from './voyage';
import { DEMO_AGENT_KEY, mountAgent } from './agent/index';
import { ERROR_EXAMPLES, listItemJson, notFound, toListItem } from './api-common';
import { lookupProduct, searchProducts } from './product-ops';

export { listItemJson, toListItem };

/** The documented demo key the sandbox accepts when started without `--key`. */
export const DEMO_API_KEY = 'octo_live_0c7a1e5d9b3f4a2c8e6d1b0a9f8e7d6c_c2FuZGJveC1kZW1vLXNlY3JldA';

export const DEMO_ORGANIZATION = {
  id: '5b0f6a8e-3c1d-4e2f-9a7b-6c5d4e3f2a1b',
  name: 'Demo Catalog Partner',
  slug: 'demo-catalog-partner',
  type: 'catalog_partner',
} as const;

export interface SandboxOptions {
  /** The public origin, e.g. `http://127.0.0.1:8123` (demo product URLs are built from it). */
  origin: string;
  apiKey?: string;
  latencyMs?: number;
  rateLimitPerMinute?: number;
  /** Extra catalogs and products (the `--catalog` files), beside the demo catalog. */
  extra?: { catalogs: CatalogSummary[]; products: ProductView[] }[];
  /** Answer `GET /v1/catalogs` with 404, as the live service has since July 2026. */
  catalogsRetired?: boolean;
  /** Leave out the demo catalog (benchmarks over a loaded catalog only). */
  noDemo?: boolean;
  /** Where hostile pages try to send data (default: this server as `localhost`, a different origin). */
  attackerOrigin?: string;
  /** The catalog agent API's `X-API-Key` (default DEMO_AGENT_KEY). */
  agentKey?: string;
  /** How long each voyage step takes (`--voyage-step-ms`, default 2000): a voyage completes after 5 steps. */
  voyageStepMs?: number;
  /** The organisation's monthly voyage quota (default 20) and concurrent slots (default 3). */
  voyageMonthlyLimit?: number;
  voyageConcurrentLimit?: number;
  /** How long a URL list stays `provisioning` (and a deleted one `delete_pending`), default 1000 ms. */
  urlListSettleMs?: number;
  /** Smaller URL-list caps for tests (default 5 lists, 100,000 URLs per list). */
  urlListCaps?: { lists?: number; urlsPerList?: number };
  /** The clock (ms since the epoch) for voyages, URL lists and OAuth codes and tokens; tests inject one. */
  now?: () => number;
  /** How long OAuth access tokens live (`--token-ttl`, default 300 s). */
  tokenTtlSeconds?: number;
}

type Env = {
  Variables: {
    rateLimit: BucketState;
    body: unknown;
    malformedBody?: string;
    bodyTooLarge?: boolean;
    fault?: FaultSpec;
    journalEntry?: JournalEntry;
  };
};

export interface Sandbox {
  app: OpenAPIHono<Env>;
  apiKey: string;
  baseUrl: string;
  catalog: SandboxCatalog;
  demo: DemoCatalog;
  journal: Journal;
  faults: Faults;
  buckets: TokenBuckets;
  agentKey: string;
  voyages: Voyages;
  urlLists: UrlLists;
  /** The OAuth authorization server of the Catalog Partner MCP server (`/partner/mcp`). */
  oauth: OAuthServer;
}

/** Journalled bodies stay small: an `html` field is kept as its first characters and its length. */
export const JOURNAL_HTML_CHARS = 2048;
const JOURNAL_TEXT_CHARS = 64 * 1024;

export function journalBody(body: unknown): unknown {
  if (typeof body === 'string') return body.length > JOURNAL_TEXT_CHARS ? `${body.slice(0, JOURNAL_TEXT_CHARS)}…` : body;
  if (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { html?: unknown }).html === 'string') {
    const { html, ...rest } = body as { html: string };
    return { ...rest, html: html.length > JOURNAL_HTML_CHARS ? html.slice(0, JOURNAL_HTML_CHARS) : html, htmlLength: html.length };
  }
  return body;
}

/**
 * Read a request body up to `cap` bytes. Past the cap the rest is drained (so the client gets the answer, not a reset
 * connection) but not kept. `Content-Length` over the cap is refused without buffering anything.
 */
async function readCapped(request: Request, cap: number): Promise<{ text: string; tooLarge: false; bytes: number } | { tooLarge: true; bytes: number }> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (!request.body) return { text: '', tooLarge: false, bytes: 0 };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let tooLarge = declared > cap;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > cap) tooLarge = true;
    if (!tooLarge) chunks.push(value);
    else chunks.length = 0;
  }
  if (tooLarge) return { tooLarge: true, bytes };
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: false, bytes };
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const origin = options.origin.replace(/\/+$/, '');
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  const demo = buildDemoCatalog(origin);
  const catalogs = [...(options.noDemo ? [] : demo.catalogs), ...(options.extra ?? []).flatMap((e) => e.catalogs)];
  const products = [...(options.noDemo ? [] : demo.products), ...(options.extra ?? []).flatMap((e) => e.products)];
  const catalog = new SandboxCatalog(catalogs, products);
  const journal = new Journal();
  const faults = new Faults();
  const buckets = new TokenBuckets(options.rateLimitPerMinute ?? 3000);
  const startedAt = new Date().toISOString();
  const now = options.now ?? Date.now;
  const voyages = new Voyages(catalog, {
    origin,
    now,
    stepMs: options.voyageStepMs ?? VOYAGE_STEP_MS_DEFAULT,
    monthlyLimit: options.voyageMonthlyLimit,
    concurrentLimit: options.voyageConcurrentLimit,
  });
  const urlLists = new UrlLists({ now, settleMs: options.urlListSettleMs ?? URL_LIST_SETTLE_MS_DEFAULT, caps: options.urlListCaps });

  const app = new OpenAPIHono<Env>();
  const v1 = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const target = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : 'query';
        const input = target === 'body' ? c.get('body') : target === 'path' ? c.req.param() : c.req.query();
        return c.json({ detail: toValidationItems(result.error, input, [target]) }, 422);
      }
    },
  });

  // --- Journal (every API request, oldest first) --------------------------------------------------------------
  const record: MiddlewareHandler<Env> = async (c, next) => {
    let body: unknown;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // The raw size is checked before any parsing: over 8 MiB the service answers 413 `request_body_too_large`.
      const read = await readCapped(c.req.raw, REQUEST_BODY_MAX_BYTES);
      if (read.tooLarge) {
        c.set('bodyTooLarge', true);
        body = { bodyTooLarge: true, bytes: read.bytes };
      } else {
        const text = read.text;
        // Later readers (validators, the agent) read the body from Hono's cache.
        (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
        try {
          body = text.trim().length ? JSON.parse(text) : undefined;
          c.set('body', body);
        } catch {
          // A form (the OAuth endpoints) is journalled as its fields; for `/v1` it stays a malformed JSON body.
          body = /^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '') ? Object.fromEntries(new URLSearchParams(text)) : text;
          c.set('malformedBody', text);
        }
      }
    }
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name] = maskHeader(name, value);
    });
    const url = new URL(c.req.url);
    // Journalled on arrival (oldest first); `status` stays 0 until an answer is sent (0: the client went away first).
    const entry: JournalEntry = {
      method: c.req.method,
      path: url.pathname,
      // OAuth codes, verifiers and tokens are masked as keys are (maskFields); grant_type and the rest stay readable.
      query: maskFields(Object.fromEntries(url.searchParams)),
      headers,
      body: maskFields(journalBody(body)),
      status: 0,
      time: new Date().toISOString(),
      origin: c.req.header('origin'),
    };
    journal.add(entry);
    c.set('journalEntry', entry);
    await next();
    entry.status = c.res.status;
  };

  // --- Faults on demand, then the configured latency ----------------------------------------------------------
  const injectFaults: MiddlewareHandler<Env> = async (c, next) => {
    const fault = faults.take(c.req.method, new URL(c.req.url).pathname);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault && fault.status !== undefined && fault.breakAfterEvents === undefined && fault.eventDelayMs === undefined) {
      const headers = new Headers(fault.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      const body = fault.raw ?? JSON.stringify(fault.body ?? defaultFaultBody(fault.status));
      return new Response(fault.status === 304 || fault.status === 204 ? null : body, { status: fault.status, headers });
    }
    if (fault && (fault.breakAfterEvents !== undefined || fault.eventDelayMs !== undefined)) c.set('fault', fault);
    if (options.latencyMs && !c.req.path.startsWith('/demo/')) await sleep(options.latencyMs);
    await next();
  };

  // --- CORS: the extension calls from its own origin ----------------------------------------------------------
  const cors: MiddlewareHandler<Env> = async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': c.req.header('origin') ?? '*',
          'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-API-Key, If-None-Match, Accept, MCP-Protocol-Version, Mcp-Session-Id',
          'Access-Control-Max-Age': '600',
        },
      });
    }
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', c.req.header('origin') ?? '*');
    c.res.headers.set('Access-Control-Expose-Headers', 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, ETag, Cache-Control, WWW-Authenticate, Mcp-Session-Id');
  };

  // --- Rate limit: one bucket per organisation (requests without a valid key share an anonymous one) ----------
  const bearer = (c: Context<Env>) => /^Bearer(?:\s+(.*))?$/i.exec(c.req.header('authorization') ?? '');
  const rateLimit: MiddlewareHandler<Env> = async (c, next) => {
    const token = bearer(c)?.[1]?.trim();
    const state = buckets.take(token === apiKey ? DEMO_ORGANIZATION.id : 'anonymous');
    c.set('rateLimit', state);
    if (!state.allowed) {
      return c.json({ detail: 'rate_limit_exceeded' }, 429, rateLimitHeaders(state));
    }
    await next();
    for (const [name, value] of Object.entries(rateLimitHeaders({ ...state, retryAfter: undefined }))) c.res.headers.set(name, value);
  };

  // --- FastAPI parses the JSON body before anything else is checked ------------------------------------------
  const parseJson: MiddlewareHandler<Env> = async (c, next) => {
    // The journal already parsed the body (once); a body that is not JSON is answered here.
    if (c.get('bodyTooLarge')) return c.json({ detail: 'request_body_too_large' }, 413);
    const malformed = c.get('malformedBody');
    if (c.req.method === 'POST' && malformed !== undefined) return c.json({ detail: [jsonInvalidItem(malformed)] }, 422);
    await next();
  };

  // --- Auth as the real one --------------------------------------------------------------------------------------
  const auth: MiddlewareHandler<Env> = async (c, next) => {
    const match = bearer(c);
    if (!match) {
      return c.json({ detail: 'Authorization Bearer token required' }, 401, { 'WWW-Authenticate': 'Bearer' });
    }
    if ((match[1] ?? '').trim() !== apiKey) {
      return c.json({ detail: 'Invalid API key' }, 401, { 'WWW-Authenticate': 'Bearer' });
    }
    await next();
  };

  // Completed voyages publish their catalogs before anything reads the catalog.
  const tick: MiddlewareHandler<Env> = async (_c, next) => {
    voyages.tick();
    await next();
  };

  const api = [record, cors, injectFaults, rateLimit, parseJson, auth, tick] as const;
  // Uncovered stores (sandbox/uncatalogued.ts) answer any `<name>.localhost` Host, except the test hooks (which refuse
  // such a Host themselves).
  app.use('*', async (c, next) => {
    const host = c.req.header('host');
    if (!uncoveredStoreName(host) || c.req.path.startsWith('/__sandbox')) return next();
    const url = new URL(c.req.url);
    const page = renderUncoveredStore(host!, url.origin, url.pathname);
    if (!page) return next();
    return c.body(page.body, page.status as 200, { 'Content-Type': page.contentType });
  });
  app.use('/v1/*', ...api);
  app.use('/v1', ...api);
  // Store pages are journalled too (so tests can prove no page request ever carried the key) and can be slowed down.
  app.use('/demo/*', record, injectFaults);
  // The catalog agent API and its MCP server (sandbox/agent/README.md).
  app.use('/catalog/*', record, cors, injectFaults);
  app.use('/mcp', record, cors, injectFaults);
  const agentKey = options.agentKey ?? DEMO_AGENT_KEY;
  mountAgent(app, { agentKey, catalog });

  // --- OAuth 2.1 and the Catalog Partner MCP server (sandbox/oauth.ts, sandbox/partner-mcp.ts) -------------------
  // Not in the OpenAPI document: they are not Platform operations.
  const oauth = new OAuthServer({ origin, organization: DEMO_ORGANIZATION, tokenTtlSeconds: options.tokenTtlSeconds, now });
  const partnerMcp = new PartnerMcp({
    oauth,
    buckets,
    faults,
    catalog: () => {
      voyages.tick();
      return catalog;
    },
  });
  app.use('/.well-known/*', record, cors, injectFaults);
  app.use('/oauth2/*', record, cors, injectFaults);
  app.use(PARTNER_MCP_PATH, record, cors, injectFaults);
  app.route('/', oauthRoutes(oauth, DEMO_ORGANIZATION));
  app.all(PARTNER_MCP_PATH, async (c) => partnerMcp.handle(c.req.raw, await c.req.text()));

  // --- GET /catalogs --------------------------------------------------------------------------------------------
  v1.openapi(
    createRoute({
      method: 'get',
      path: '/catalogs',
      operationId: 'listCatalogs',
      summary: 'Catalogs granted to your organisation (retired from the live service in July 2026).',
      security: [{ BearerApiKey: [] }],
      responses: {
        200: { description: 'A bare array of catalog summaries.', content: { 'application/json': { schema: CatalogList } } },
        401: ERROR_EXAMPLES[401],
        404: notFound('Retired (`--retired-catalogs`).'),
        429: ERROR_EXAMPLES[429],
      },
    }),
    (c) => {
      if (options.catalogsRetired) return c.json({ detail: 'Not Found' }, 404);
      return c.json(catalog.catalogs, 200);
    },
  );

  // --- POST /products/search ------------------------------------------------------------------------------------
  v1.openapi(
    createRoute({
      method: 'post',
      path: '/products/search',
      operationId: 'searchProducts',
      security: [{ BearerApiKey: [] }],
      request: { body: { content: { 'application/json': { schema: SearchRequest } }, required: true } },
      responses: {
        200: { description: 'A page of products.', content: { 'application/json': { schema: SearchPage } } },
        401: ERROR_EXAMPLES[401],
        403: ERROR_EXAMPLES[403],
        404: notFound('`catalog_not_found`'),
        422: ERROR_EXAMPLES[422],
        429: ERROR_EXAMPLES[429],
      },
    }),
    (c) => {
      const body = c.req.valid('json');
      const outcome = searchProducts(catalog, body);
      if (outcome.kind === 'conflict') {
        return c.json(
          { detail: [{ type: 'value_error', loc: ['body'], msg: `Value error, ${outcome.message}`, input: c.get('body'), ctx: { error: outcome.message } }] },
          422,
        );
      }
      if (outcome.kind === 'catalog_not_found') return c.json({ detail: 'catalog_not_found' }, 404);
      // Typed as the c.json answer it stands for (the route checks its handler's answers against the schema).
      return c.body(outcome.json, 200, { 'Content-Type': 'application/json' }) as unknown as ReturnType<typeof c.json<SearchPage, 200>>;
    },
  );

  // --- POST /products/lookup ------------------------------------------------------------------------------------
  v1.openapi(
    createRoute({
      method: 'post',
      path: '/products/lookup',
      operationId: 'lookupProduct',
      security: [{ BearerApiKey: [] }],
      request: { body: { content: { 'application/json': { schema: LookupRequest } }, required: true } },
      responses: {
        200: { description: 'The canonical product record.', content: { 'application/json': { schema: LookupResponse } } },
        401: ERROR_EXAMPLES[401],
        403: ERROR_EXAMPLES[403],
        404: notFound('`product_not_found`'),
        422: ERROR_EXAMPLES[422],
        429: ERROR_EXAMPLES[429],
      },
    }),
    (c) => {
      const body = c.req.valid('json');
      const outcome = lookupProduct(catalog, body);
      if (outcome.kind === 'invalid_url') return c.json({ detail: outcome.detail }, 422);
      if (outcome.kind === 'conflict') {
        return c.json({ detail: [{ type: 'value_error', loc: ['body'], msg: `Value error, ${outcome.message}`, input: c.get('body'), ctx: { error: outcome.message } }] }, 422);
      }
      if (outcome.kind === 'not_found') return c.json({ detail: 'product_not_found' }, 404);
      return c.json(outcome.value as LookupResponse, 200);
    },
  );

  // --- GET /me ----------------------------------------------------------------------------------------------------
  v1.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      security: [{ BearerApiKey: [] }],
      responses: {
        200: { description: 'The caller: organisation, key and rate-limit posture.', content: { 'application/json': { schema: MeResponse } } },
        401: ERROR_EXAMPLES[401],
        403: ERROR_EXAMPLES[403],
        429: ERROR_EXAMPLES[429],
      },
    }),
    (c) => {
      const state = c.get('rateLimit');
      return c.json(
        {
          principal: 'api_key',
          organization: { ...DEMO_ORGANIZATION },
          key: { id: keyId(apiKey) ?? '', prefix: keyPrefix(apiKey) ?? null, source: 'ui' },
          quotas: { voyage: voyages.quotas() },
          rateLimit: { limit: state.limit, remaining: state.remaining, resetAt: new Date(state.reset * 1000).toISOString().replace('.000Z', 'Z') },
        },
        200,
      );
    },
  );

  // --- GET /domains -----------------------------------------------------------------------------------------------
  // Recomputed when the catalog changes (a voyage completed): a new body, a new ETag.
  let domainsVersion = -1;
  let domainsBody = '';
  let domainsEtag = '';
  const domainsNow = () => {
    if (domainsVersion !== catalog.version) {
      domainsBody = JSON.stringify({ domains: catalog.domains() });
      domainsEtag = `"${createHash('sha256').update(domainsBody).digest('hex').slice(0, 32)}"`;
      domainsVersion = catalog.version;
    }
    return { domainsBody, domainsEtag };
  };
  v1.openapi(
    createRoute({
      method: 'get',
      path: '/domains',
      operationId: 'listDomains',
      security: [{ BearerApiKey: [] }],
      responses: {
        200: { description: 'Covered hosts, with a strong ETag.', content: { 'application/json': { schema: DomainsResponse } } },
        304: { description: 'Not modified.' },
        401: ERROR_EXAMPLES[401],
        429: ERROR_EXAMPLES[429],
      },
    }),
    (c) => {
      const { domainsBody, domainsEtag } = domainsNow();
      const cache = { ETag: domainsEtag, 'Cache-Control': 'max-age=300' };
      const ifNoneMatch = c.req.header('if-none-match');
      if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === domainsEtag || tag.trim() === '*')) {
        return c.body(null, 304, cache);
      }
      return c.body(domainsBody, 200, { ...cache, 'Content-Type': 'application/json' });
    },
  );

  // --- The other operation families, each in its module ---------------------------------------------------------
  registerMoreLikeThis(v1, () => catalog);
  registerResolveFromHtml(v1);
  registerVoyage(v1, voyages);
  registerUrlLists(v1, urlLists);

  v1.openAPIRegistry.registerComponent('securitySchemes', 'BearerApiKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'Octogen Platform API key',
  });

  app.route('/v1', v1);

  const openApiDocument = () =>
    v1.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Octogen Platform Catalog API (Octolens sandbox)', version: '1.0.0' },
      servers: [{ url: `${origin}/v1` }],
    });
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/v1/openapi.json', (c) => c.json(openApiDocument()));

  // --- Test hooks: loopback Host, and the sandbox's own Origin or none (hookRefusal); 403 otherwise -----------------
  const hooks = new Hono<Env>();
  hooks.use(async (c, next) => {
    const refusal = hookRefusal(c.req.header('host'), c.req.header('origin'));
    if (refusal) return c.json({ detail: refusal }, 403);
    await next();
  });
  hooks.get('/requests', (c) => c.json(journal.list()));
  hooks.delete('/requests', (c) => {
    journal.clear();
    return c.body(null, 204);
  });
  hooks.get('/faults', (c) => c.json(faults.list()));
  hooks.post('/faults', async (c) => {
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return c.json({ detail: [jsonInvalidItem(await c.req.text())] }, 422);
    }
    const specs = Array.isArray(json) ? json : [json];
    const parsed = z.array(FaultSpec).safeParse(specs);
    if (!parsed.success) return c.json({ detail: toValidationItems(parsed.error, specs) }, 422);
    for (const spec of parsed.data) faults.add(spec);
    return c.json({ queued: faults.list() }, 201);
  });
  hooks.delete('/faults', (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  hooks.post('/reset', (c) => {
    faults.clear();
    journal.clear();
    buckets.reset();
    return c.body(null, 204);
  });
  hooks.get('/info', (c) =>
    c.json({
      baseUrl: `${origin}/v1`,
      keyPrefix: keyPrefix(apiKey),
      startedAt,
      catalogs: catalog.catalogs.map((x) => x.catalog),
      products: catalog.products.length,
      voyageStepMs: voyages.stepMs,
      oauth: { issuer: oauth.origin, resource: oauth.resource, tokenTtlSeconds: oauth.tokenTtlSeconds },
      // Product pages of covered stores that the catalog does not index (lookup 404, resolve-from-html finds them).
      unindexedPages: options.noDemo
        ? []
        : demo.catalogs.flatMap((store) => newArrivalHandles().map((handle) => `${store.sourceBaseUrl}/products/${handle}`)),
      // Any `<name>.localhost` host on this port is an uncovered store; a voyage on `<name>.localhost` covers it.
      uncoveredStoreExample: `http://greenhouse-goods.localhost:${new URL(origin).port}/`,
    }),
  );
  app.route('/__sandbox', hooks);

  // --- Demo store pages ---------------------------------------------------------------------------------------------
  // New arrivals: product pages of the covered demo stores that the catalog does not index.
  app.get('/demo/:store/products/:handle{new-arrival-[0-9]+}', (c) => {
    const store = demo.catalogs.find((s) => s.catalog === c.req.param('store'));
    const currency = demo.products.find((p) => p.catalogKey === store?.catalog)?.currency ?? 'USD';
    const page = store && renderNewArrival(origin, { key: store.catalog, name: store.displayName, currency }, c.req.param('handle'));
    if (!page) return c.html('<!doctype html><title>Not found</title><h1>Page not found</h1>', 404);
    return c.body(page.body, 200, { 'Content-Type': page.contentType });
  });
  app.get('/demo/:store/images/:file{new-arrival-[0-9]+\\.svg}', (c) => {
    const svg = demo.catalogs.some((s) => s.catalog === c.req.param('store')) ? newArrivalImage(c.req.param('store'), c.req.param('file').replace(/\.svg$/, '')) : undefined;
    return svg ? c.body(svg, 200, { 'Content-Type': 'image/svg+xml' }) : c.html('<!doctype html><title>Not found</title>', 404);
  });
  app.get('/demo/*', (c) => {
    const url = new URL(c.req.url);
    const page = renderDemo(origin, demo, url.pathname, url.searchParams);
    if (!page) return c.html('<!doctype html><title>Not found</title><h1>Page not found</h1>', 404);
    return c.body(page.body, page.status as 200, { 'Content-Type': page.contentType });
  });
  // Hostile pages (trust tests) and the attacker's origin they try to reach: every request there is journalled.
  app.use('/hostile/*', record);
  app.use('/attacker/*', record);
  app.get('/hostile/:name', (c) => {
    const attacker = options.attackerOrigin ?? origin.replace('127.0.0.1', 'localhost');
    const html = hostilePage(c.req.param('name'), attacker);
    return html ? c.html(html) : c.html('<!doctype html><title>Not found</title>', 404);
  });
  app.all('/attacker/*', (c) => c.text('gotcha'));
  app.get('/', (c) => c.redirect('/demo/'));
  // FastAPI's answer for unknown routes.
  app.notFound((c) =>
    c.req.path.startsWith('/v1') ? c.json({ detail: 'Not Found' }, 404) : c.html('<!doctype html><title>Not found</title><h1>Page not found</h1>', 404),
  );

  return { app, apiKey, baseUrl: `${origin}/v1`, catalog, demo, journal, faults, buckets, agentKey, voyages, urlLists, oauth };
}
