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

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${sandbox.baseUrl}${path}`, {
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
});

describe.skipIf(present)('published OpenAPI document', () => {
  it(`is absent (expected at ${CONTRACT}): the contract test did not run`, () => {
    expect(present).toBe(false);
  });
});
