/**
 * Contract test: the sandbox's answers, successes and errors, validate against the PUBLISHED OpenAPI document
 * (../shared/contract/platform-v1.openapi.json) for every operation the two share.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../sandbox/server';
import { startSandbox, type RunningSandbox } from '../../../sandbox/start';

const CONTRACT = resolve(__dirname, '../../../../shared/contract/platform-v1.openapi.json');
const present = existsSync(CONTRACT);

describe.skipIf(!present)('sandbox vs the published OpenAPI document', () => {
  let sandbox: RunningSandbox;
  let doc: any;
  let ajv: InstanceType<typeof Ajv2020>;
  const ID = 'https://octolens.test/published-openapi.json';

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, rateLimitPerMinute: 10_000 });
    doc = JSON.parse(readFileSync(CONTRACT, 'utf8'));
    ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    ajv.addSchema({ ...doc, $id: ID });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, base = sandbox.baseUrl) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${DEMO_API_KEY}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  /** Validate a response against the document: the status must be declared; a declared schema must validate. */
  function conforms(method: string, path: string, status: number, json: unknown) {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    expect(operation, `${method} ${path} is in the published document`).toBeDefined();
    const declared = operation.responses[String(status)];
    expect(declared, `${method} ${path} declares status ${status}`).toBeDefined();
    const media = declared.content?.['application/json'];
    if (media?.schema) {
      const validate = ajv.getSchema(`${ID}#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`)!;
      const ok = validate(json);
      expect(ok, `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    } else if (status === 422) {
      const validate = ajv.getSchema(`${ID}#/components/schemas/HTTPValidationError`)!;
      if (Array.isArray((json as any)?.detail)) expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
      else expect(json).toEqual({ detail: expect.any(String) });
    } else if (typeof (json as any)?.detail === 'object') {
      // A structured detail (the voyage quota): a documented example has the same keys and violation shape.
      const examples = Object.values(media?.examples ?? {}).map((e: any) => e.value?.detail).filter((d) => d && typeof d === 'object');
      expect(examples.length, `${method} ${path} ${status} documents a structured detail`).toBeGreaterThan(0);
      const detail = (json as any).detail;
      expect(Object.keys(detail).sort()).toEqual(Object.keys(examples[0]).sort());
      expect(detail.code).toBe(examples[0].code);
      for (const v of detail.violations) expect(Object.keys(v).sort()).toEqual(Object.keys(examples[0].violations[0]).sort());
    } else {
      // Error statuses are documented by examples: our body has their shape, and a documented value where one is given.
      expect(json).toEqual({ detail: expect.any(String) });
      const examples = Object.values(media?.examples ?? {}).map((e: any) => e.value?.detail).filter((d) => typeof d === 'string');
      if (examples.length) expect(examples).toContain((json as any).detail);
    }
  }

  it('searchProducts: 200, 401, 404, 422', async () => {
    const ok = await call('POST', '/products/search', { q: 'bottle', limit: 3 });
    expect(ok.json.items.length).toBeGreaterThan(0);
    conforms('POST', '/products/search', ok.status, ok.json);
    const browse = await call('POST', '/products/search', {});
    conforms('POST', '/products/search', browse.status, browse.json);
    for (const [body, headers] of [
      [{ q: 'x' }, { Authorization: '' }],
      [{ q: 'x' }, { Authorization: 'Bearer octo_live_00000000000000000000000000000000_nopenopenope' }],
      [{ q: 'x', catalog: 'nope' }, {}],
      [{ limit: 101 }, {}],
      [{ extra: true }, {}],
    ] as const) {
      const r = await call('POST', '/products/search', body, headers);
      expect(r.status).toBeGreaterThanOrEqual(400);
      conforms('POST', '/products/search', r.status, r.json);
    }
  });

  it('lookupProduct: 200, 401, 404, 422', async () => {
    const product = sandbox.catalog.products.find((p) => p.variants.length > 0)!;
    for (const url of [product.productUrl, `${product.productUrl}?utm_source=x`, product.variants[0]!.productUrl!]) {
      const r = await call('POST', '/products/lookup', { url });
      expect(r.status).toBe(200);
      conforms('POST', '/products/lookup', r.status, r.json);
    }
    for (const body of [{ url: 'https://nowhere.example/p/1' }, {}, { url: 'not a url' }, '{"url": ']) {
      const r = await call('POST', '/products/lookup', body);
      conforms('POST', '/products/lookup', r.status, r.json);
    }
    const unauth = await call('POST', '/products/lookup', { url: product.productUrl }, { Authorization: '' });
    conforms('POST', '/products/lookup', unauth.status, unauth.json);
  });

  it('getMe: 200, 401', async () => {
    const ok = await call('GET', '/me');
    conforms('GET', '/me', ok.status, ok.json);
    const bad = await call('GET', '/me', undefined, { Authorization: 'Bearer nope' });
    conforms('GET', '/me', bad.status, bad.json);
  });

  it('listDomains: 200, 304, 401', async () => {
    const ok = await fetch(`${sandbox.baseUrl}/domains`, { headers: { Authorization: `Bearer ${DEMO_API_KEY}` } });
    conforms('GET', '/domains', ok.status, await ok.json());
    const notModified = await fetch(`${sandbox.baseUrl}/domains`, {
      headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'If-None-Match': ok.headers.get('etag')! },
    });
    expect(notModified.status).toBe(304);
    expect(doc.paths['/domains'].get.responses['304']).toBeDefined();
    const bad = await call('GET', '/domains', undefined, { Authorization: '' });
    conforms('GET', '/domains', bad.status, bad.json);
  });

  it('429 from the rate limiter is a documented status with a documented detail', async () => {
    const small = await startSandbox({ port: 0, rateLimitPerMinute: 1 });
    try {
      await fetch(`${small.baseUrl}/me`, { headers: { Authorization: `Bearer ${DEMO_API_KEY}` } });
      const r = await fetch(`${small.baseUrl}/me`, { headers: { Authorization: `Bearer ${DEMO_API_KEY}` } });
      expect(r.status).toBe(429);
      conforms('GET', '/me', 429, await r.json());
    } finally {
      await small.close();
    }
  });
  it('the sandbox speaks every published operation, with the same operationIds (plus the retired listCatalogs)', async () => {
    const ids = (d: any) => Object.values(d.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.operationId)).sort();
    const ours = ids(await (await fetch(`${sandbox.origin}/openapi.json`)).json());
    const published = ids(doc);
    expect(published).toHaveLength(17);
    expect(ours.filter((id: string) => id !== 'listCatalogs')).toEqual(published);
    // Every operation at the same method and path.
    const ourDoc = (await (await fetch(`${sandbox.origin}/openapi.json`)).json()) as any;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) expect(ourDoc.paths[path]?.[method]?.operationId, `${method} ${path}`).toBe(op.operationId);
    }
  });

  it('resolveProductFromHtml: 200, 401, 404, 413, 422, and 502/503/504 by fault injection', async () => {
    const info = (await (await fetch(`${sandbox.origin}/__sandbox/info`)).json()) as any;
    const url = info.unindexedPages[0];
    const html = await (await fetch(url)).text();
    for (const body of [{ html, url }, { html }]) {
      const ok = await call('POST', '/products/resolve-from-html', body);
      expect(ok.status).toBe(200);
      expect(ok.json.source).toBe('client_html');
      conforms('POST', '/products/resolve-from-html', ok.status, ok.json);
    }
    for (const [body, status] of [
      [{ html: '<p>no product here</p>', url: 'https://shop.example/p' }, 404],
      [{ html: '<meta property="og:type" content="product"><meta property="og:title" content="x"><meta property="product:price:amount" content="1">' }, 404],
      [{ url: 'https://shop.example/p' }, 422],
      [{ html: '' }, 422],
      [{ html: 'x', extra: 1 }, 422],
      [`{"html": "${'a'.repeat(8 * 1024 * 1024)}"}`, 413],
    ] as const) {
      const r = await call('POST', '/products/resolve-from-html', body);
      expect(r.status).toBe(status);
      conforms('POST', '/products/resolve-from-html', r.status, r.json);
    }
    expect((await call('POST', '/products/resolve-from-html', { html }, { Authorization: '' })).status).toBe(401);
    for (const [status, detail] of [[502, 'product_lookup_upstream_failed'], [503, 'product_resolution_unavailable'], [504, 'product_resolution_timed_out'], [429, 'product_resolution_rate_limited']] as const) {
      await fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ path: '/v1/products/resolve-from-html', status, body: { detail } }) });
      const r = await call('POST', '/products/resolve-from-html', { html });
      expect(r).toEqual({ status, json: { detail } });
      conforms('POST', '/products/resolve-from-html', r.status, r.json);
    }
  });

  it('moreLikeThisProducts: 200 (url, uuid, image, debug), 401, 404, 422', async () => {
    const p = sandbox.catalog.products[3]!;
    for (const body of [
      { source: { url: p.productUrl } },
      { source: { uuid: p.uuid }, price_preference: 'lower', debug: true, catalogs: [p.catalogKey], limit: 3 },
      { source: { image: { url: p.primaryImage!.url } }, debug: true },
      { source: { image: { b64: 'aGVsbG8=' } } },
    ]) {
      const ok = await call('POST', '/products/more-like-this', body);
      expect(ok.status).toBe(200);
      conforms('POST', '/products/more-like-this', ok.status, ok.json);
    }
    for (const [body, status] of [
      [{ source: { uuid: 'nope' } }, 404],
      [{ source: {} }, 422],
      [{ source: { uuid: p.uuid }, limit: 0 }, 422],
      [{ source: { uuid: p.uuid }, catalog: 'x' }, 422],
    ] as const) {
      const r = await call('POST', '/products/more-like-this', body);
      expect(r.status).toBe(status);
      conforms('POST', '/products/more-like-this', r.status, r.json);
    }
    const unauth = await call('POST', '/products/more-like-this', { source: { uuid: p.uuid } }, { Authorization: '' });
    conforms('POST', '/products/more-like-this', unauth.status, unauth.json);
    // Image with a price preference: 400 per the notes (§3.6); the published document declares no 400.
    const image = await call('POST', '/products/more-like-this', { source: { image: { url: 'https://x.example/i.jpg' } }, price_preference: 'higher' });
    expect(image.status).toBe(400);
    expect(doc.paths['/products/more-like-this'].post.responses['400']).toBeUndefined();
  });

  it('voyage: startVoyage 202/200/409/422/429/503, listVoyages 200/422, getVoyage 200/404/503', async () => {
    const small = await startSandbox({ port: 0, rateLimitPerMinute: 10_000, voyageMonthlyLimit: 1, voyageStepMs: 60_000 });
    const at = (method: string, path: string, body?: unknown) => call(method, path, body, {}, small.baseUrl);
    try {
      const fresh = await at('POST', '/voyage', { domain: 'https://www.Greenhouse-Goods.localhost:9999/x' });
      expect(fresh.status).toBe(202);
      conforms('POST', '/voyage', fresh.status, fresh.json);
      const join = await at('POST', '/voyage', { domain: 'greenhouse-goods.localhost' });
      expect(join.status).toBe(200);
      conforms('POST', '/voyage', join.status, join.json);
      for (const [body, status] of [
        [{ domain: 'blocked.example' }, 409],
        [{ domain: 'localhost' }, 422],
        [{ domain: '' }, 422],
        [{ domain: 'another.example' }, 429],
      ] as const) {
        const r = await at('POST', '/voyage', body);
        expect(r.status).toBe(status);
        conforms('POST', '/voyage', r.status, r.json);
      }
      for (const q of ['', '?status=queued&limit=1']) {
        const list = await at('GET', `/voyage${q}`);
        expect(list.status).toBe(200);
        expect(list.json.items.length).toBeGreaterThan(0);
        conforms('GET', '/voyage', list.status, list.json);
      }
      for (const q of ['?cursor=bad', '?limit=101', '?status=nope']) {
        const r = await at('GET', `/voyage${q}`);
        expect(r.status).toBe(422);
        conforms('GET', '/voyage', r.status, r.json);
      }
      const got = await at('GET', `/voyage/${fresh.json.taskId}`);
      conforms('GET', '/voyage/{task_id}', got.status, got.json);
      const missing = await at('GET', '/voyage/vyg_missing');
      expect(missing.status).toBe(404);
      conforms('GET', '/voyage/{task_id}', missing.status, missing.json);
      const me = await at('GET', '/me');
      conforms('GET', '/me', me.status, me.json);
      expect(me.json.quotas.voyage.monthly.used).toBe(1);
      for (const path of ['/voyage', `/voyage/${fresh.json.taskId}`]) {
        await fetch(`${small.origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ path: `/v1${path}`, status: 503, body: { detail: 'voyage_unavailable' } }) });
        const method = path === '/voyage' ? 'POST' : 'GET';
        const r = await at(method, path, method === 'POST' ? { domain: 'x.example' } : undefined);
        expect(r.status).toBe(503);
        conforms(method, path === '/voyage' ? '/voyage' : '/voyage/{task_id}', r.status, r.json);
      }
      const unauth = await call('GET', '/voyage', undefined, { Authorization: '' }, small.baseUrl);
      conforms('GET', '/voyage', unauth.status, unauth.json);
    } finally {
      await small.close();
    }
  });

  it('coverage URL lists: every operation, successes and documented errors', async () => {
    const small = await startSandbox({ port: 0, rateLimitPerMinute: 10_000, urlListCaps: { lists: 2, urlsPerList: 3 }, urlListSettleMs: 0 });
    const at = (method: string, path: string, body?: unknown) => call(method, path, body, {}, small.baseUrl);
    const P = '/coverage/url-lists';
    const ID = `${P}/{urlListId}`;
    try {
      const created = await at('POST', P, { name: 'Spring' });
      expect(created.status).toBe(201);
      conforms('POST', P, created.status, created.json);
      const id = created.json.urlListId;
      for (const [body, status] of [[{ name: ' Spring ' }, 409], [{ name: '' }, 422], [{ name: 'x'.repeat(81) }, 422]] as const) {
        const r = await at('POST', P, body);
        expect(r.status).toBe(status);
        conforms('POST', P, r.status, r.json);
      }
      const second = await at('POST', P, { name: 'Second' });
      const capped = await at('POST', P, { name: 'Third' });
      expect(capped.json).toEqual({ detail: 'url_list_limit_exceeded' });
      conforms('POST', P, capped.status, capped.json);

      const added = await at('POST', `${P}/${id}/urls`, { urls: ['https://shop.example/a?utm_source=x', 'not a url', 'https://shop.example/b/'] });
      expect(added.json.rejected).toHaveLength(1);
      conforms('POST', `${ID}/urls`, added.status, added.json);
      const over = await at('POST', `${P}/${id}/urls`, { urls: ['https://shop.example/c', 'https://shop.example/d'] });
      expect(over.json).toEqual({ detail: 'list_url_capacity_exceeded' });
      conforms('POST', `${ID}/urls`, over.status, over.json);
      for (const [path, body, status] of [
        [`${P}/${id}/urls`, { urls: [] }, 422],
        [`${P}/${id}/urls`, '{"urls": [', 422],
        [`${P}/cul_missing/urls`, { urls: ['https://shop.example/a'] }, 404],
        [`${P}/${id}/urls/contains`, { urls: ['https://shop.example/a', 'https://shop.example/z'] }, 200],
        [`${P}/${id}/urls/contains`, { urls: [] }, 422],
        [`${P}/${id}/urls/remove`, { urls: ['https://shop.example/b'] }, 200],
        [`${P}/cul_missing/urls/remove`, { urls: ['https://shop.example/b'] }, 404],
      ] as const) {
        const r = await at('POST', path, body);
        expect(r.status, path).toBe(status);
        conforms('POST', path.replace(/cul_[a-z0-9_]+/, '{urlListId}'), r.status, r.json);
      }
      const big = await at('POST', `${P}/${id}/urls/contains`, `{"urls": ["${'a'.repeat(8 * 1024 * 1024)}"]}`);
      expect(big.status).toBe(413);
      conforms('POST', `${ID}/urls/contains`, big.status, big.json);

      for (const [path, status] of [
        [`${P}`, 200],
        [`${P}?limit=1`, 200],
        [`${P}?cursor=bad`, 422],
        [`${P}/${id}`, 200],
        [`${P}/cul_missing`, 404],
        [`${P}/${id}/urls?limit=1`, 200],
        [`${P}/${id}/urls?cursor=bad`, 422],
        [`${P}/cul_missing/urls`, 404],
      ] as const) {
        const r = await at('GET', path);
        expect(r.status, path).toBe(status);
        conforms('GET', path.split('?')[0]!.replace(/cul_[a-z0-9_]+/, '{urlListId}'), r.status, r.json);
      }
      expect((await at('GET', `${P}/${id}`)).json.status).toBe('active');

      const deleted = await at('DELETE', `${P}/${second.json.urlListId}`);
      expect(deleted.status).toBe(202);
      conforms('DELETE', ID, deleted.status, deleted.json);
      const gone = await at('DELETE', `${P}/cul_missing`);
      conforms('DELETE', ID, gone.status, gone.json);
      const deleting = await fetch(`${small.origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ path: `/v1${P}`, method: 'POST', status: 503, body: { detail: 'url_lists_unavailable' } }) });
      expect(deleting.status).toBe(201);
      const unavailable = await at('POST', P, { name: 'x' });
      conforms('POST', P, unavailable.status, unavailable.json);
      const unauth = await call('GET', P, undefined, { Authorization: '' }, small.baseUrl);
      conforms('GET', P, unauth.status, unauth.json);
    } finally {
      await small.close();
    }
  });

  it('url_list_deleting: mutations on a delete_pending list are 409', async () => {
    const created = await call('POST', '/coverage/url-lists', { name: `deleting-${Date.now()}` });
    const id = created.json.urlListId;
    await call('DELETE', `/coverage/url-lists/${id}`);
    for (const op of ['urls', 'urls/remove', 'urls/contains']) {
      const r = await call('POST', `/coverage/url-lists/${id}/${op}`, { urls: ['https://shop.example/a'] });
      expect(r).toEqual({ status: 409, json: { detail: 'url_list_deleting' } });
      conforms('POST', `/coverage/url-lists/{urlListId}/${op}`, r.status, r.json);
    }
  });
});


describe.skipIf(present)('published OpenAPI document', () => {
  it(`is absent (expected at ${CONTRACT}): the contract test did not run`, () => {
    expect(present).toBe(false);
  });
});
