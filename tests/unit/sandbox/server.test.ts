/**
 * The sandbox over real HTTP: auth, FastAPI-style validation, rate limits, search, lookup, domains, hooks.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY, listItemJson, toListItem } from '../../../sandbox/server';
import { startSandbox } from '../../../sandbox/start';
import { useSandbox } from '../helpers/sandbox';

const current = useSandbox();
const auth = { Authorization: `Bearer ${DEMO_API_KEY}` };

async function api(path: string, init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${current().baseUrl}${path}`, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers: { ...auth, ...(init.body !== undefined || init.raw !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json: json as any, text };
}

describe('auth', () => {
  it('answers 401 without an Authorization header', async () => {
    const r = await api('/products/search', { body: {}, headers: { Authorization: '' } });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ detail: 'Authorization Bearer token required' });
  });

  it('answers 401 Invalid API key for a wrong or blank key', async () => {
    for (const header of ['Bearer octo_live_00000000000000000000000000000000_wrongsecret', 'Bearer ']) {
      const r = await api('/me', { headers: { Authorization: header } });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ detail: 'Invalid API key' });
    }
  });

  it('accepts the demo key and reports the organisation and key prefix on /me', async () => {
    const r = await api('/me');
    expect(r.status).toBe(200);
    expect(r.json.principal).toBe('api_key');
    expect(r.json.organization.type).toBe('catalog_partner');
    expect(r.json.key.prefix).toBe(DEMO_API_KEY.slice(0, 20));
    expect(JSON.stringify(r.json)).not.toContain(DEMO_API_KEY.slice(43));
    expect(r.json.rateLimit).toMatchObject({ limit: 3000 });
  });
});

describe('validation (FastAPI / pydantic v2 style)', () => {
  it('rejects an out-of-range limit with less_than_equal', async () => {
    const r = await api('/products/search', { body: { q: 'bottle', limit: 500 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toEqual([
      { type: 'less_than_equal', loc: ['body', 'limit'], msg: 'Input should be less than or equal to 100', input: 500, ctx: { le: 100 } },
    ]);
  });

  it('rejects limit 0 with greater_than_equal', async () => {
    const r = await api('/products/search', { body: { limit: 0 } });
    expect(r.json.detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'limit'], ctx: { ge: 1 } });
  });

  it('rejects a missing url with missing / Field required', async () => {
    const r = await api('/products/lookup', { body: {} });
    expect(r.status).toBe(422);
    expect(r.json.detail).toEqual([{ type: 'missing', loc: ['body', 'url'], msg: 'Field required', input: {} }]);
  });

  it('rejects unknown fields with extra_forbidden', async () => {
    const r = await api('/products/search', { body: { q: 'x', sort: 'price' } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'sort'], msg: 'Extra inputs are not permitted', input: 'price' }]);
  });

  it('rejects wrong types', async () => {
    const r = await api('/products/search', { body: { q: 42, price_min: 'cheap' } });
    expect(r.status).toBe(422);
    const types = Object.fromEntries(r.json.detail.map((d: any) => [d.loc.join('.'), d.type]));
    expect(types).toEqual({ 'body.q': 'string_type', 'body.price_min': 'float_type' });
  });

  it('rejects an enum value it does not know', async () => {
    const r = await api('/products/lookup', { body: { url: 'https://x.example/p', matchMode: 'fuzzy' } });
    expect(r.json.detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'matchMode'], msg: "Input should be 'strict' or 'loose'" });
  });

  it('rejects malformed JSON with json_invalid (before auth, as FastAPI parses first)', async () => {
    const r = await api('/products/search', { raw: '{"q": ', headers: { Authorization: '' } });
    expect(r.status).toBe(422);
    expect(r.json.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 6], msg: 'JSON decode error' });
  });

  it('gives the documented string details for bad lookup URLs', async () => {
    expect((await api('/products/lookup', { body: { url: 'not a url' } })).json).toEqual({ detail: 'invalid_product_url' });
    expect((await api('/products/lookup', { body: { url: 'ftp://shop.example/p' } })).json).toEqual({ detail: 'invalid_product_url' });
    expect((await api('/products/lookup', { body: { url: 'http://10.0.0.5/admin' } })).json).toEqual({ detail: 'unsafe_url' });
  });

  it('answers FastAPI-style 404 for unknown routes', async () => {
    const r = await api('/nope');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ detail: 'Not Found' });
  });
});

describe('rate limits', () => {
  it('sends X-RateLimit-* on every response, with Reset as epoch seconds', async () => {
    for (const r of [await api('/me'), await api('/me', { headers: { Authorization: '' } }), await api('/products/search', { body: { limit: 500 } })]) {
      expect(Number(r.headers.get('x-ratelimit-limit'))).toBe(3000);
      expect(Number(r.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
      const reset = Number(r.headers.get('x-ratelimit-reset'));
      const now = Date.now() / 1000;
      expect(reset).toBeGreaterThanOrEqual(Math.floor(now));
      expect(reset).toBeLessThan(now + 61);
    }
  });

  it('answers 429 rate_limit_exceeded with Retry-After when the bucket is empty', async () => {
    const small = await startSandbox({ port: 0, rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${small.baseUrl}/me`, { headers: auth });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await last!.json()).toEqual({ detail: 'rate_limit_exceeded' });
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await small.close();
    }
  });
});

describe('search', () => {
  it('finds relevant products, typo-tolerant, with list-item shape', async () => {
    const r = await api('/products/search', { body: { q: 'water bottle', limit: 5 } });
    expect(r.status).toBe(200);
    expect(r.json.items.length).toBeGreaterThan(0);
    expect(r.json.items[0].title.toLowerCase()).toMatch(/bottle/);
    expect(r.json.items[0]).toHaveProperty('uuid');
    expect(r.json.items[0]).not.toHaveProperty('currency');
    const typo = await api('/products/search', { body: { q: 'bottel', limit: 5 } });
    expect(typo.json.items[0].title.toLowerCase()).toMatch(/bottle/);
  });

  it('filters by catalog, catalogs, price and brand facet', async () => {
    const catalogs = current().catalog.catalogs.map((c) => c.catalog);
    const one = await api('/products/search', { body: { catalog: catalogs[0], limit: 100 } });
    expect(one.json.items.every((i: any) => i.catalogKey === catalogs[0])).toBe(true);
    const two = await api('/products/search', { body: { catalogs: catalogs.slice(1), limit: 100 } });
    expect(two.json.items.every((i: any) => catalogs.slice(1).includes(i.catalogKey))).toBe(true);
    const priced = await api('/products/search', { body: { price_min: 20, price_max: 60, limit: 100 } });
    expect(priced.json.items.length).toBeGreaterThan(0);
    expect(priced.json.items.every((i: any) => i.currentPrice >= 20 && i.currentPrice <= 60)).toBe(true);
    const brand = current().catalog.products[0]!.brand!.name;
    const branded = await api('/products/search', { body: { facets: [{ name: 'brand_name', values: [brand.toLowerCase()] }], limit: 100 } });
    expect(branded.json.items.length).toBeGreaterThan(0);
    expect(branded.json.items.every((i: any) => i.brand.name === brand)).toBe(true);
  });

  it('answers 404 catalog_not_found for an unknown catalog', async () => {
    const r = await api('/products/search', { body: { q: 'x', catalog: 'no-such-catalog' } });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ detail: 'catalog_not_found' });
  });

  it('paginates with opaque cursors without overlap, and restarts on a malformed cursor', async () => {
    const first = await api('/products/search', { body: { limit: 10 } });
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await api('/products/search', { body: { limit: 10, cursor: first.json.nextCursor } });
    const ids = new Set(first.json.items.map((i: any) => i.uuid));
    expect(second.json.items.some((i: any) => ids.has(i.uuid))).toBe(false);
    const restart = await api('/products/search', { body: { limit: 10, cursor: '%%%not-a-cursor' } });
    expect(restart.json.items.map((i: any) => i.uuid)).toEqual(first.json.items.map((i: any) => i.uuid));
  });

  it('defaults to 50 results per page', async () => {
    const r = await api('/products/search', { body: {} });
    expect(r.json.items).toHaveLength(50);
  });

  it('writes the page exactly as JSON.stringify of its list items would (from per-product JSON text)', async () => {
    const { catalog } = current();
    for (const body of [{ q: 'bottle', limit: 7, debug: true }, { q: 'kettle', price_max: 80, limit: 3 }, { limit: 20 }]) {
      const r = await api('/products/search', { body });
      expect(r.headers.get('content-type')).toBe('application/json');
      const result = catalog.search.search({ q: body.q, priceMax: body.price_max, limit: body.limit });
      const page = {
        items: result.hits.map((hit) => toListItem(hit.product, hit.displayMatchScore)),
        nextCursor: result.nextCursor,
        ...('debug' in body ? { effectiveQuery: { text: body.q, limit: body.limit, priceMin: null, priceMax: null } } : {}),
      };
      expect(r.text).toBe(JSON.stringify(page));
    }
    for (const product of catalog.products) {
      for (const score of [null, 0, 37, 100]) expect(listItemJson(product, score)).toBe(JSON.stringify(toListItem(product, score)));
    }
  });
});

describe('lookup', () => {
  const product = () => current().catalog.products.find((p) => p.variants.length > 0)!;

  it('resolves a product URL to the current response shape', async () => {
    const p = product();
    const r = await api('/products/lookup', { body: { url: p.productUrl } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      source: 'indexed',
      catalogKey: p.catalogKey,
      requestedUrl: p.productUrl,
      resolvedUrl: null,
      canonicalUrl: null,
      matchedVia: 'exact',
    });
    expect(r.json.product.uuid).toBe(p.uuid);
    expect(r.json.normalizedUrl).toMatch(/^https:\/\//);
    expect(r.json.requestId).toMatch(/^req_/);
  });

  it('strips tracking parameters and fragments, keeps variants', async () => {
    const p = product();
    const tracked = `${p.productUrl}?utm_source=newsletter&gclid=abc&fbclid=x#reviews`;
    const r = await api('/products/lookup', { body: { url: tracked } });
    expect(r.status).toBe(200);
    expect(r.json.product.uuid).toBe(p.uuid);
    expect(r.json.matchedVia).toBe('normalized_exact');
    const variantUrl = p.variants[0]!.productUrl!;
    const v = await api('/products/lookup', { body: { url: `${variantUrl}&utm_medium=email` } });
    expect(v.json.product.uuid).toBe(p.uuid);
    expect(v.json.normalizedUrl).toContain(new URL(variantUrl).search.slice(1));
  });

  it('matches path case and Shopify collection aliases only in loose mode', async () => {
    const p = product();
    const url = new URL(p.productUrl);
    const upper = `${url.origin}${url.pathname.toUpperCase()}`;
    expect((await api('/products/lookup', { body: { url: upper } })).json.matchedVia).toBe('loose');
    expect((await api('/products/lookup', { body: { url: upper, matchMode: 'strict' } })).status).toBe(404);
    const alias = p.productUrl.replace('/products/', '/collections/sale/products/');
    const a = await api('/products/lookup', { body: { url: alias } });
    expect(a.json.matchedVia).toBe('structural_alias');
    expect(a.json.product.uuid).toBe(p.uuid);
  });

  it('answers 404 product_not_found for an unknown product', async () => {
    const r = await api('/products/lookup', { body: { url: 'https://unknown-store.example/products/nothing' } });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ detail: 'product_not_found' });
  });
});

describe('domains, catalogs, OpenAPI', () => {
  it('lists covered hosts with a strong ETag and answers 304 on If-None-Match', async () => {
    const r = await api('/domains');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('max-age=300');
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(r.json.domains[0]).toEqual({ host: '127.0.0.1', catalog: expect.any(String), catalogDisplayName: expect.any(String) });
    const again = await api('/domains', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('lists catalogs as a bare array, or 404 when retired', async () => {
    const r = await api('/catalogs');
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json.length).toBeGreaterThanOrEqual(3);
    expect(r.json[0]).toEqual(expect.objectContaining({ catalog: expect.any(String), displayName: expect.any(String), productCount: expect.any(Number) }));
    const retired = await startSandbox({ port: 0, catalogsRetired: true });
    try {
      const gone = await fetch(`${retired.baseUrl}/catalogs`, { headers: auth });
      expect(gone.status).toBe(404);
    } finally {
      await retired.close();
    }
  });

  it('serves its OpenAPI document with the operations', async () => {
    const doc = (await (await fetch(`${current().origin}/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.operationId));
    expect(ops.sort()).toEqual(
      [
        'addUrlListUrls',
        'checkUrlListUrls',
        'createUrlList',
        'deleteUrlList',
        'getMe',
        'getUrlList',
        'getVoyage',
        'listCatalogs',
        'listDomains',
        'listUrlListUrls',
        'listUrlLists',
        'listVoyages',
        'lookupProduct',
        'moreLikeThisProducts',
        'removeUrlListUrls',
        'resolveProductFromHtml',
        'searchProducts',
        'startVoyage',
      ].sort(),
    );
  });
});

describe('test hooks', () => {
  it('journals requests with masked keys, oldest first, and clears on DELETE', async () => {
    await api('/products/search', { body: { q: 'kettle' } });
    await api('/me');
    const journal = (await (await fetch(`${current().origin}/__sandbox/requests`)).json()) as any[];
    expect(journal.map((e) => e.path)).toEqual(['/v1/products/search', '/v1/me']);
    expect(journal[0]).toMatchObject({ method: 'POST', body: { q: 'kettle' }, status: 200, query: {} });
    expect(journal[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(journal[0].headers.authorization).toBe(`Bearer ${DEMO_API_KEY.slice(0, 20)}…`);
    expect(JSON.stringify(journal)).not.toContain(DEMO_API_KEY);
    await fetch(`${current().origin}/__sandbox/requests`, { method: 'DELETE' });
    expect(await (await fetch(`${current().origin}/__sandbox/requests`)).json()).toEqual([]);
  });

  it('injects queued faults: status, headers, raw bytes, times and delay', async () => {
    const queue = await fetch(`${current().origin}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        { path: '/v1/products/lookup', status: 503, times: 2 },
        { path: '/v1/products/search', status: 429, headers: { 'Retry-After': '2' }, body: { detail: 'rate_limit_exceeded' } },
        { path: '/v1/me', status: 200, raw: '{"principal": ' },
      ]),
    });
    expect(queue.status).toBe(201);
    const url = current().catalog.products[0]!.productUrl;
    expect((await api('/products/lookup', { body: { url } })).status).toBe(503);
    expect((await api('/products/lookup', { body: { url } })).status).toBe(503);
    expect((await api('/products/lookup', { body: { url } })).status).toBe(200);
    const limited = await api('/products/search', { body: {} });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await api('/me')).text).toBe('{"principal": ');
    const delayed = Date.now();
    await fetch(`${current().origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ path: '/v1/me', delayMs: 300 }) });
    expect((await api('/me')).status).toBe(200);
    expect(Date.now() - delayed).toBeGreaterThanOrEqual(300);
  });

  it('rejects a malformed fault with a validation error', async () => {
    const r = await fetch(`${current().origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ status: 'x' }) });
    expect(r.status).toBe(422);
  });
});
