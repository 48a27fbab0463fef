/**
 * Voyage: domain normalisation, phases on an injected clock, join vs fresh, quotas, and what a completed voyage
 * publishes (the uncovered *.localhost store: /domains and its ETag, lookup, search, /catalogs, /me).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxCatalog } from '../../../sandbox/catalog';
import { DEMO_API_KEY } from '../../../sandbox/server';
import { startSandbox, type RunningSandbox } from '../../../sandbox/start';
import { renderUncoveredStore, uncoveredStoreHandles, uncoveredStoreName } from '../../../sandbox/uncatalogued';
import { normalizeVoyageDomain, Voyages } from '../../../sandbox/voyage';

describe('domain normalisation', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['https://www.Shop.example:8443/products/x?y=1#z', 'shop.example'],
    ['www.greenhouse-goods.localhost', 'greenhouse-goods.localhost'],
    ['greenhouse-goods.localhost:5173', 'greenhouse-goods.localhost'],
    ['shop.example.', 'shop.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeVoyageDomain(input)).toBe(expected);
  });
  it.each(['', '   ', 'localhost', '127.0.0.1', 'http://[::1]/', 'no spaces.example', 'user@shop.example', '-bad-.example', 'a..b'])('%j is not normalisable', (input) => {
    expect(normalizeVoyageDomain(input)).toBeUndefined();
  });
});

/** GET with a Host header of our choosing (fetch does not let a caller set Host), as the browser sends it. */
export function getAs(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

function clock(start = Date.parse('2026-11-20T10:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('Voyages on an injected clock', () => {
  const origin = 'http://127.0.0.1:8787';
  const make = (options: { monthlyLimit?: number; concurrentLimit?: number } = {}) => {
    const c = clock();
    const catalog = new SandboxCatalog([], []);
    return { c, catalog, voyages: new Voyages(catalog, { origin, now: c.now, stepMs: 1000, ...options }) };
  };

  it('walks queued → discovering → sampling → building → publishing → complete, progress rising', () => {
    const { c, catalog, voyages } = make();
    const started = voyages.start('https://www.Greenhouse-Goods.localhost:8787/');
    expect(started.status).toBe(202);
    if (!('task' in started)) return;
    expect(started.task).toMatchObject({ domain: 'greenhouse-goods.localhost', status: 'queued', phase: 'discovering_site', progressPercent: 0 });
    const seen: [string, string, number][] = [];
    for (let i = 0; i < 12; i++) {
      const t = voyages.get(started.task.taskId)!;
      seen.push([t.status, t.phase, t.progressPercent]);
      c.advance(500);
    }
    const phases = [...new Set(seen.map(([, phase]) => phase))];
    expect(phases).toEqual(['discovering_site', 'sampling_products', 'building_extraction', 'publishing_catalog', 'complete']);
    expect(seen.map(([status]) => status)).toEqual([...Array(2).fill('queued'), ...Array(8).fill('running'), 'completed', 'completed']);
    const progress = seen.map(([, , p]) => p);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    const done = voyages.get(started.task.taskId)!;
    expect(done.result).toMatchObject({ catalog: 'greenhouse-goods-localhost', productCount: 6 });
    expect(done.completedAt).toBe(new Date(Date.parse('2026-11-20T10:00:05Z')).toISOString());
    expect(catalog.domains().map((d) => d.host)).toEqual(['greenhouse-goods.localhost']);
  });

  it('joins an active or completed voyage (200, no quota); a fresh one is 202 and uses quota', () => {
    const { c, voyages } = make();
    const fresh = voyages.start('shop.example');
    expect(fresh.status).toBe(202);
    const joined = voyages.start('https://shop.example/anything');
    expect(joined.status).toBe(200);
    expect('task' in joined && 'task' in fresh && joined.task.taskId === fresh.task.taskId).toBe(true);
    expect(voyages.quotas().monthly.used).toBe(1);
    expect(voyages.quotas().concurrent.used).toBe(1);
    c.advance(10_000);
    expect(voyages.start('shop.example').status).toBe(200);
    expect(voyages.quotas()).toMatchObject({ monthly: { used: 1, limit: 20, periodStart: '2026-11-01', resetsAt: '2026-12-01T00:00:00.000Z' }, concurrent: { used: 0 } });
  });

  it('429 voyage_quota_exceeded with the calendar_month violation once the month is used up', () => {
    const { voyages } = make({ monthlyLimit: 2, concurrentLimit: 10 });
    expect(voyages.start('a.example').status).toBe(202);
    expect(voyages.start('b.example').status).toBe(202);
    expect(voyages.start('c.example')).toEqual({
      status: 429,
      detail: { code: 'voyage_quota_exceeded', violations: [{ dimension: 'calendar_month', limit: 2, used: 2, resetsAt: '2026-12-01T00:00:00.000Z' }] },
    });
    // A join still works at the cap.
    expect(voyages.start('a.example').status).toBe(200);
  });

  it('concurrent slots free up when voyages finish', () => {
    const { c, voyages } = make({ concurrentLimit: 1 });
    expect(voyages.start('a.example').status).toBe(202);
    const refused = voyages.start('b.example');
    expect(refused.status).toBe(429);
    expect('detail' in refused && JSON.stringify(refused.detail)).toContain('"dimension":"concurrent"');
    c.advance(5000);
    expect(voyages.start('b.example').status).toBe(202);
  });

  it('409 for blocked domains, 422 for unnormalisable ones; a `fails` domain fails and can be retried fresh', () => {
    const { c, voyages } = make();
    expect(voyages.start('shop.blocked.example')).toEqual({ status: 409, detail: 'voyage_domain_blocked' });
    expect(voyages.start('localhost')).toEqual({ status: 422, detail: 'voyage_invalid_domain' });
    const started = voyages.start('fails.localhost');
    c.advance(4000);
    const failed = 'task' in started ? voyages.get(started.task.taskId)! : undefined;
    expect(failed).toMatchObject({ status: 'failed', phase: 'failed', error: { code: 'extraction_failed' }, result: null });
    expect(voyages.start('fails.localhost').status).toBe(202);
  });

  it('a domain a catalog already covers is joined as completed', () => {
    const { voyages } = make();
    const catalog = new SandboxCatalog([{ catalog: 'k', displayName: 'K', sourceBaseUrl: 'https://covered.example', productCount: 0, lastIndexedAt: null }], []);
    const v = new Voyages(catalog, { origin, now: () => 0 });
    const joined = v.start('www.covered.example');
    expect(joined.status).toBe(200);
    expect('task' in joined && joined.task).toMatchObject({ status: 'completed', result: { catalog: 'k' } });
    expect(v.quotas(0).monthly.used).toBe(0);
    expect(voyages.size).toBe(0);
  });
});

describe('uncovered stores', () => {
  it('answer only <name>.localhost hosts, deterministically', () => {
    expect(uncoveredStoreName('greenhouse-goods.localhost:5173')).toBe('greenhouse-goods');
    expect(uncoveredStoreName('localhost:5173')).toBeUndefined();
    expect(uncoveredStoreName('127.0.0.1:5173')).toBeUndefined();
    expect(uncoveredStoreName('evil.example')).toBeUndefined();
    const a = renderUncoveredStore('greenhouse-goods.localhost:1', 'http://greenhouse-goods.localhost:1', '/');
    expect(a?.body).toBe(renderUncoveredStore('greenhouse-goods.localhost:1', 'http://greenhouse-goods.localhost:1', '/')?.body);
    expect(uncoveredStoreHandles('greenhouse-goods')).toHaveLength(6);
    expect(uncoveredStoreHandles('greenhouse-goods')).not.toEqual(uncoveredStoreHandles('other-store'));
  });
});

describe('over HTTP: a voyage covers an uncovered store', () => {
  let sandbox: RunningSandbox;
  const c = clock();
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, rateLimitPerMinute: 10_000, voyageStepMs: 100, now: c.now });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  const api = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const r = await fetch(`${sandbox.baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, json: text ? JSON.parse(text) : undefined };
  };

  it('before: no domain, lookup 404; after: /domains (new ETag), lookup of the page URL, search, /catalogs, /me quotas', async () => {
    const storeOrigin = `http://greenhouse-goods.localhost:${sandbox.port}`;
    // The store page, as the browser asks for it (Host: greenhouse-goods.localhost:<port>).
    const host = `greenhouse-goods.localhost:${sandbox.port}`;
    const homeHtml = (await getAs(sandbox.port, host, '/')).body;
    const handle = /href="\/products\/([a-z0-9-]+)"/.exec(homeHtml)![1]!;
    const pageUrl = `${storeOrigin}/products/${handle}`;
    const productPage = (await getAs(sandbox.port, host, `/products/${handle}`)).body;
    expect((await getAs(sandbox.port, host, '/products/nope')).status).toBe(404);
    expect((await getAs(sandbox.port, host, `/images/${handle}.svg`)).body).toMatch(/^<svg/);
    // The test hooks still refuse such a Host.
    expect((await getAs(sandbox.port, host, '/__sandbox/requests')).status).toBe(403);
    expect(productPage).toContain(`<link rel="canonical" href="${pageUrl}">`);
    expect(productPage).toContain('application/ld+json');

    const before = await api('/domains');
    expect(before.json.domains.map((d: any) => d.host)).not.toContain('greenhouse-goods.localhost');
    expect((await api('/products/lookup', { body: { url: pageUrl } })).status).toBe(404);

    const started = await api('/voyage', { body: { domain: `${storeOrigin}/products/${handle}` } });
    expect(started.status).toBe(202);
    expect(started.json.domain).toBe('greenhouse-goods.localhost');
    expect((await api('/voyage', { body: { domain: 'greenhouse-goods.localhost' } })).status).toBe(200);
    expect((await api('/me')).json.quotas.voyage.monthly.used).toBe(1);
    expect((await api(`/voyage/${started.json.taskId}`)).json.status).toBe('queued');

    c.advance(150);
    expect((await api(`/voyage/${started.json.taskId}`)).json).toMatchObject({ status: 'running', phase: 'discovering_site' });
    expect((await api('/domains', { headers: { 'If-None-Match': before.headers.get('etag')! } })).status).toBe(304);

    c.advance(500);
    const done = await api(`/voyage/${started.json.taskId}`);
    expect(done.json).toMatchObject({ status: 'completed', phase: 'complete', progressPercent: 100, result: { catalog: 'greenhouse-goods-localhost', productCount: 6 } });
    const after = await api('/domains', { headers: { 'If-None-Match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(after.json.domains).toContainEqual({ host: 'greenhouse-goods.localhost', catalog: 'greenhouse-goods-localhost', catalogDisplayName: 'Greenhouse Goods' });

    const lookup = await api('/products/lookup', { body: { url: pageUrl } });
    expect(lookup.status).toBe(200);
    expect(lookup.json.product.productUrl).toBe(pageUrl);
    expect(lookup.json.catalogKey).toBe('greenhouse-goods-localhost');
    const search = await api('/products/search', { body: { q: lookup.json.product.title, catalogs: ['greenhouse-goods-localhost'] } });
    expect(search.json.items[0].productUrl).toBe(pageUrl);
    expect((await api('/catalogs')).json.map((x: any) => x.catalog)).toContain('greenhouse-goods-localhost');

    const list = await api('/voyage');
    expect(list.json.items[0].taskId).toBe(started.json.taskId);
    expect(list.json.quotas).toMatchObject({ monthly: { used: 1, limit: 20 }, concurrent: { used: 0, limit: 3 } });
    expect((await api('/voyage?status=running')).json.items).toEqual([]);
  });

  it('lists newest first with cursors; unknown task 404; malformed cursor 422', async () => {
    for (const d of ['one.example', 'two.example']) expect((await api('/voyage', { body: { domain: d } })).status).toBe(202);
    const first = await api('/voyage?limit=2');
    expect(first.json.items.map((t: any) => t.domain)).toEqual(['two.example', 'one.example']);
    const second = await api(`/voyage?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((t: any) => t.domain)).toEqual(['greenhouse-goods.localhost']);
    expect(second.json.nextCursor).toBeNull();
    expect(await api('/voyage/vyg_nope')).toMatchObject({ status: 404, json: { detail: 'voyage_not_found' } });
    expect((await api('/voyage?cursor=%%%')).status).toBe(422);
    expect((await api('/voyage?limit=0')).status).toBe(422);
  });
});
