import { describe, expect, it, vi } from 'vitest';
import { OctogenClient } from '../../../lib/octogen/client';
import { failure, json } from '../helpers/octogen';
import { describeError, isRetryable } from '../../../lib/octogen/errors';

const KEY = 'octo_live_0123456789abcdef0123456789abcdef_c2VjcmV0LXNlY3JldA';
const BASE = 'https://api.octogen.ai/v1';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function clientWith(handler: Handler, extra: Partial<ConstructorParameters<typeof OctogenClient>[0]> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return handler(String(input), init ?? {});
  });
  const client = new OctogenClient({ baseUrl: BASE, apiKey: KEY, fetch: fetchImpl as typeof fetch, ...extra });
  return { client, calls };
}

const product = {
  uuid: 'p1',
  productUrl: 'https://shop.example/products/a',
  title: 'Trail Bottle',
  images: ['https://img.example/a.jpg'],
  categories: [{ name: 'Bottles' }],
};

describe('OctogenClient requests', () => {
  it('sends the key as a Bearer token, JSON body and Accept header to the base URL', async () => {
    const { client, calls } = clientWith(() => json(200, { items: [], nextCursor: null }));
    await client.searchProducts({ q: 'bottle', limit: 5 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${BASE}/products/search`);
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe(`Bearer ${KEY}`);
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.Accept).toBe('application/json');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ q: 'bottle', limit: 5 });
  });

  it('refuses to send a request with unknown fields or out-of-range values (strict writer)', async () => {
    const { client, calls } = clientWith(() => json(200, { items: [] }));
    const error = await failure(client.searchProducts({ q: 'x', limit: 500, colour: 'red' } as never));
    expect(error.kind).toBe('request');
    expect(error.fieldErrors?.map((f) => f.loc.join('.')).sort()).toEqual(['body', 'body.limit'].sort());
    expect(calls).toHaveLength(0);
  });

  it('refuses a plain-HTTP base URL that is not loopback', () => {
    expect(() => new OctogenClient({ baseUrl: 'http://api.octogen.ai/v1', apiKey: KEY })).toThrow(/HTTPS/);
    expect(() => new OctogenClient({ baseUrl: 'http://127.0.0.1:8787/v1', apiKey: KEY })).not.toThrow();
  });
});

describe('OctogenClient tolerant reading', () => {
  it('reads images as strings or objects and keeps unknown fields', async () => {
    const { client } = clientWith(() =>
      json(200, {
        items: [
          { ...product, images: [{ url: 'https://img.example/b.jpg', cdnUrl: 'https://cdn.example/b.webp' }], futureField: 1 },
          product,
        ],
        nextCursor: 'abc',
      }),
    );
    const page = await client.searchProducts({ q: 'bottle' });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]!.images[0]).toEqual({ url: 'https://img.example/b.jpg', cdnUrl: 'https://cdn.example/b.webp' });
    expect(page.items[1]!.images[0]).toBe('https://img.example/a.jpg');
    expect((page.items[0] as Record<string, unknown>).futureField).toBe(1);
    expect(page.nextCursor).toBe('abc');
  });

  it('reads the May 2026 lookup shape (no source) and the current one', async () => {
    const may = { catalogKey: 'shop', catalogDisplayName: 'Shop', product };
    const { client } = clientWith(() => json(200, may));
    const result = await client.lookupProduct({ url: product.productUrl });
    expect(result.source).toBeUndefined();
    expect(result.catalogKey).toBe('shop');
    const current = { ...may, source: 'indexed', requestedUrl: product.productUrl, normalizedUrl: product.productUrl, warnings: [] };
    const { client: c2 } = clientWith(() => json(200, current));
    expect((await c2.lookupProduct({ url: product.productUrl })).source).toBe('indexed');
  });

  it('drops a drifted non-essential field, reports it, and keeps the rest', async () => {
    const onDrift = vi.fn();
    const { client } = clientWith(
      () =>
        json(200, {
          items: [
            { ...product, currentPrice: 'twelve', rating: { average: 'high' } },
            { title: 'no uuid or url' },
            { ...product, uuid: 'p2' },
          ],
        }),
      { onDrift },
    );
    const page = await client.searchProducts({ q: 'bottle' });
    expect(page.items.map((i) => i.uuid)).toEqual(['p1', 'p2']);
    expect(page.items[0]!.currentPrice).toBeUndefined();
    expect(page.items[0]!.title).toBe('Trail Bottle');
    expect(onDrift).toHaveBeenCalledWith('searchProducts', expect.arrayContaining(['items.0.currentPrice', 'items.1']));
  });

  it('fails with a schema error naming the essential field that is wrong', async () => {
    const { client } = clientWith(() => json(200, { source: 'indexed', product: { uuid: 'p1', productUrl: 42 } }));
    const error = await failure(client.lookupProduct({ url: product.productUrl }));
    expect(error.kind).toBe('schema');
    expect(error.path).toBe('product.productUrl');
    expect(describeError(error).title).toBe('Unexpected response from the service');
  });

  it('fails with a schema error on malformed JSON', async () => {
    const { client } = clientWith(() => new Response('{"items": [', { status: 200 }));
    const error = await failure(client.searchProducts({ q: 'x' }));
    expect(error.kind).toBe('schema');
    expect(error.message).toMatch(/not valid JSON/);
  });
});

describe('OctogenClient errors (the product doc error table)', () => {
  const cases: { status: number; body: unknown; headers?: Record<string, string>; detail: string; retryable: boolean; action: string }[] = [
    { status: 401, body: { detail: 'Authorization Bearer token required' }, detail: 'Authorization Bearer token required', retryable: false, action: 'open-options' },
    { status: 401, body: { detail: 'Invalid API key' }, detail: 'Invalid API key', retryable: false, action: 'open-options' },
    { status: 403, body: { detail: 'api_key_forbidden' }, detail: 'api_key_forbidden', retryable: false, action: 'none' },
    { status: 404, body: { detail: 'product_not_found' }, detail: 'product_not_found', retryable: false, action: 'search' },
    { status: 404, body: { detail: 'catalog_not_found' }, detail: 'catalog_not_found', retryable: false, action: 'fix-input' },
    {
      status: 422,
      body: { detail: [{ loc: ['body', 'limit'], msg: 'Input should be less than or equal to 100', type: 'less_than_equal', input: 500, ctx: { le: 100 } }] },
      detail: 'validation_error',
      retryable: false,
      action: 'fix-input',
    },
    { status: 422, body: { detail: 'invalid_product_url' }, detail: 'invalid_product_url', retryable: false, action: 'search' },
    {
      status: 429,
      body: { detail: 'rate_limit_exceeded' },
      headers: { 'Retry-After': '8', 'X-RateLimit-Limit': '3000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1749593400' },
      detail: 'rate_limit_exceeded',
      retryable: true,
      action: 'wait',
    },
    { status: 502, body: { detail: 'product_lookup_upstream_failed' }, detail: 'product_lookup_upstream_failed', retryable: true, action: 'retry' },
    { status: 503, body: { detail: 'Service Unavailable' }, detail: 'Service Unavailable', retryable: true, action: 'retry' },
    { status: 429, body: { code: 'keyless_trial_exhausted', message: 'quota' }, headers: { 'Retry-After': '2880' }, detail: 'keyless_trial_exhausted', retryable: true, action: 'wait' },
  ];

  for (const c of cases) {
    it(`${c.status} ${c.detail}`, async () => {
      const { client } = clientWith(() => json(c.status, c.body, c.headers));
      const error = await failure(client.lookupProduct({ url: product.productUrl }));
      expect(error.kind).toBe('http');
      expect(error.status).toBe(c.status);
      expect(error.detail).toBe(c.detail);
      expect(isRetryable(error)).toBe(c.retryable);
      expect(describeError(error).action).toBe(c.action);
      expect(JSON.stringify(error)).not.toContain('c2VjcmV0');
    });
  }

  it('carries 422 field errors with loc and msg', async () => {
    const { client } = clientWith(() => json(422, cases[5]!.body));
    const error = await failure(client.lookupProduct({ url: 'x' }));
    expect(error.fieldErrors).toEqual([{ loc: ['body', 'limit'], msg: 'Input should be less than or equal to 100', type: 'less_than_equal' }]);
    expect(describeError(error).message).toBe('limit: Input should be less than or equal to 100');
  });

  it('carries Retry-After and the parsed rate-limit headers on 429', async () => {
    const { client } = clientWith(() => json(429, cases[7]!.body, cases[7]!.headers));
    const error = await failure(client.searchProducts({ q: 'x' }));
    expect(error.retryAfterSec).toBe(8);
    expect(error.rateLimit).toMatchObject({ limit: 3000, remaining: 0, resetAt: 1749593400 });
    expect(describeError(error).message).toMatch(/Retrying in 8 s/);
  });

  it('falls back to X-RateLimit-Reset (epoch seconds) when a 429 has no Retry-After', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { client } = clientWith(() =>
      json(429, { detail: 'rate_limit_exceeded' }, { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(now + 5) }),
    );
    const error = await failure(client.searchProducts({ q: 'x' }));
    expect(error.retryAfterSec).toBeGreaterThanOrEqual(4);
    expect(error.retryAfterSec).toBeLessThanOrEqual(5);
  });

  it('reports the rate-limit posture of successful responses', async () => {
    const onRateLimit = vi.fn();
    const { client } = clientWith(
      () => json(200, { items: [] }, { 'X-RateLimit-Limit': '3000', 'X-RateLimit-Remaining': '2999', 'X-RateLimit-Reset': '1749593400' }),
      { onRateLimit },
    );
    await client.searchProducts({});
    expect(onRateLimit).toHaveBeenCalledWith(expect.objectContaining({ limit: 3000, remaining: 2999, resetAt: 1749593400 }));
    expect(client.lastRateLimit?.remaining).toBe(2999);
  });

  it('turns a network failure into a network error without the key', async () => {
    const { client } = clientWith(() => {
      throw new TypeError(`Failed to fetch ${KEY}`);
    });
    const error = await failure(client.getMe());
    expect(error.kind).toBe('network');
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(isRetryable(error)).toBe(true);
  });

  it('times out a request that does not answer in time', async () => {
    const { client } = clientWith(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const error = await failure(client.lookupProduct({ url: product.productUrl }, { timeoutMs: 30 }));
    expect(error.kind).toBe('timeout');
  });

  it('reports a cancelled request as aborted', async () => {
    const controller = new AbortController();
    const { client } = clientWith(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = failure(client.searchProducts({ q: 'x' }, { signal: controller.signal }));
    controller.abort();
    expect((await pending).kind).toBe('aborted');
  });
});

describe('listCatalogs and listDomains', () => {
  it('treats a retired /catalogs (404 or 410) as no catalog list', async () => {
    for (const status of [404, 410]) {
      const { client } = clientWith(() => json(status, { detail: 'Not Found' }));
      expect(await client.listCatalogs()).toBeNull();
    }
  });

  it('reads the bare array of catalog summaries', async () => {
    const { client } = clientWith(() => json(200, [{ catalog: 'a', displayName: 'A', productCount: 3 }]));
    expect(await client.listCatalogs()).toEqual([{ catalog: 'a', displayName: 'A', productCount: 3 }]);
  });

  it('sends If-None-Match and reads 304 as not modified', async () => {
    const { client, calls } = clientWith((_url, init) => {
      const etag = (init.headers as Record<string, string>)['If-None-Match'];
      if (etag === '"v1"') return new Response(null, { status: 304, headers: { ETag: '"v1"', 'Cache-Control': 'max-age=300' } });
      return json(200, { domains: [{ host: 'a.com', catalog: 'a', catalogDisplayName: 'A' }] }, { ETag: '"v1"', 'Cache-Control': 'max-age=300' });
    });
    const first = await client.listDomains();
    expect(first).toMatchObject({ notModified: false, etag: '"v1"', maxAgeSec: 300 });
    const second = await client.listDomains({ etag: '"v1"' });
    expect(second.notModified).toBe(true);
    expect((calls[1]!.init.headers as Record<string, string>)['If-None-Match']).toBe('"v1"');
  });
});

describe('rate-limit awareness', () => {
  it('does not send a request doomed to 429 when no request is left: it waits for the next token', async () => {
    vi.useFakeTimers();
    try {
      const start = Date.now();
      const { client, calls } = clientWith(() => json(200, { items: [] }), {
        // 60 per minute, none left, full again in 60 s: one token per second.
        rateLimit: { limit: 60, remaining: 0, resetAt: Math.floor(start / 1000) + 60, observedAt: start },
      });
      const pending = client.searchProducts({ q: 'x' });
      await vi.advanceTimersByTimeAsync(500);
      expect(calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1100);
      await pending;
      expect(calls).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails at once with the wait when the next token is too far away', async () => {
    const start = Date.now();
    const { client, calls } = clientWith(() => json(200, { items: [] }), {
      rateLimit: { limit: 1, remaining: 0, resetAt: Math.floor(start / 1000) + 60, observedAt: start },
    });
    const error = await failure(client.searchProducts({ q: 'x' }));
    expect(error).toMatchObject({ kind: 'http', status: 429, detail: 'rate_limit_exceeded' });
    expect(error.retryAfterSec).toBeGreaterThan(30);
    expect(calls).toHaveLength(0);
  });
});
