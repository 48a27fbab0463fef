/**
 * The client's operations past lookup and search: resolve-from-html, more-like-this, voyages and coverage URL lists.
 * Strict writer (nothing that does not fit the contract is sent), tolerant reader, and every documented error of these
 * operations described in plain words.
 */
import { describe, expect, it, vi } from 'vitest';
import { OctogenClient } from '../../../lib/octogen/client';
import { failure, json } from '../helpers/octogen';
import { describeError, isRetryable } from '../../../lib/octogen/errors';

const KEY = 'octo_live_0123456789abcdef0123456789abcdef_c2VjcmV0LXNlY3JldA';
const BASE = 'https://api.octogen.ai/v1';

function clientWith(handler: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; method: string; body?: unknown }[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), method: String(init?.method), body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return handler(String(input), init ?? {});
  });
  return { client: new OctogenClient({ baseUrl: BASE, apiKey: KEY, fetch: fetchImpl as typeof fetch }), calls };
}

const task = (status: number, extra: Record<string, unknown> = {}) =>
  json(status, { taskId: 'vt_1', domain: 'shop.example', status: 'queued', phase: 'discovering_site', phaseLabel: 'Discovering', progressPercent: 0, ...extra });
const list = { urlListId: 'cul_1', name: 'Watch', status: 'provisioning', urlCount: 0, bigQuery: null, createdAt: 'x', updatedAt: 'x' };
const record = { source: 'client_html', product: { uuid: null, productUrl: 'https://shop.example/p/1', title: 'Kettle' } };

describe('what each operation sends', () => {
  const cases: [string, (c: OctogenClient) => Promise<unknown>, string, string, unknown, Response][] = [
    ['resolveProductFromHtml', (c) => c.resolveProductFromHtml({ html: '<html></html>', url: 'https://shop.example/p/1' }), 'POST', '/products/resolve-from-html', { html: '<html></html>', url: 'https://shop.example/p/1' }, json(200, record)],
    ['moreLikeThisProducts', (c) => c.moreLikeThisProducts({ source: { url: 'https://shop.example/p/1' }, price_preference: 'lower', limit: 6 }), 'POST', '/products/more-like-this', { source: { url: 'https://shop.example/p/1' }, price_preference: 'lower', limit: 6 }, json(200, { items: [] })],
    ['startVoyage', (c) => c.startVoyage({ domain: 'shop.example' }), 'POST', '/voyage', { domain: 'shop.example' }, task(202)],
    ['listVoyages', (c) => c.listVoyages({ status: 'running', limit: 20 }), 'GET', '/voyage?status=running&limit=20', undefined, json(200, { items: [] })],
    ['getVoyage', (c) => c.getVoyage('vt/../1'), 'GET', '/voyage/vt%2F..%2F1', undefined, task(200)],
    ['listUrlLists', (c) => c.listUrlLists(), 'GET', '/coverage/url-lists', undefined, json(200, { items: [], nextCursor: null })],
    ['createUrlList', (c) => c.createUrlList({ name: '  Watch  ' }), 'POST', '/coverage/url-lists', { name: 'Watch' }, json(201, list)],
    ['getUrlList', (c) => c.getUrlList('cul_1'), 'GET', '/coverage/url-lists/cul_1', undefined, json(200, list)],
    ['deleteUrlList', (c) => c.deleteUrlList('cul_1'), 'DELETE', '/coverage/url-lists/cul_1', undefined, json(202, { ...list, status: 'delete_pending' })],
    ['listUrlListUrls', (c) => c.listUrlListUrls('cul_1', { cursor: 'abc' }), 'GET', '/coverage/url-lists/cul_1/urls?cursor=abc', undefined, json(200, { items: [], nextCursor: null })],
    ['addUrlListUrls', (c) => c.addUrlListUrls('cul_1', { urls: ['https://shop.example/p/1'] }), 'POST', '/coverage/url-lists/cul_1/urls', { urls: ['https://shop.example/p/1'] }, json(200, { accepted: [], rejected: [], urlCount: 1, requestId: 'r' })],
    ['checkUrlListUrls', (c) => c.checkUrlListUrls('cul_1', { urls: ['https://shop.example/p/1'] }), 'POST', '/coverage/url-lists/cul_1/urls/contains', { urls: ['https://shop.example/p/1'] }, json(200, { results: [] })],
    ['removeUrlListUrls', (c) => c.removeUrlListUrls('cul_1', { urls: ['https://shop.example/p/1'] }), 'POST', '/coverage/url-lists/cul_1/urls/remove', { urls: ['https://shop.example/p/1'] }, json(200, { accepted: [], rejected: [], urlCount: 0, requestId: 'r' })],
  ];
  it.each(cases)('%s', async (_name, run, method, path, body, response) => {
    const { client, calls } = clientWith(() => response);
    await run(client);
    expect(calls).toEqual([{ url: `${BASE}${path}`, method, body }]);
  });
});

describe('strict writer: refused before sending', () => {
  const refused: [string, (c: OctogenClient) => Promise<unknown>][] = [
    ['resolve: url null (the service answers 422)', (c) => c.resolveProductFromHtml({ html: '<p>', url: null } as never)],
    ['resolve: empty html', (c) => c.resolveProductFromHtml({ html: '' })],
    ['resolve: html over 5 MiB of characters', (c) => c.resolveProductFromHtml({ html: 'a'.repeat(5_242_881) })],
    ['more-like-this: two sources', (c) => c.moreLikeThisProducts({ source: { url: 'https://a.example/p', uuid: 'u' } })],
    ['more-like-this: no source', (c) => c.moreLikeThisProducts({ source: {} })],
    ['more-like-this: the retired single `catalog`', (c) => c.moreLikeThisProducts({ source: { uuid: 'u' }, catalog: 'x' } as never)],
    ['more-like-this: unknown price preference', (c) => c.moreLikeThisProducts({ source: { uuid: 'u' }, price_preference: 'cheaper' } as never)],
    ['voyage: empty domain', (c) => c.startVoyage({ domain: '' })],
    ['voyage list: unknown status', (c) => c.listVoyages({ status: 'done' } as never)],
    ['url list: name over 80 characters', (c) => c.createUrlList({ name: 'x'.repeat(81) })],
    ['url list: blank name', (c) => c.createUrlList({ name: '   ' })],
    ['urls: none', (c) => c.addUrlListUrls('cul_1', { urls: [] })],
    ['urls: over 1000', (c) => c.checkUrlListUrls('cul_1', { urls: Array.from({ length: 1001 }, (_, i) => `https://a.example/${i}`) })],
    ['urls: one over 2048 characters', (c) => c.removeUrlListUrls('cul_1', { urls: [`https://a.example/${'x'.repeat(2048)}`] })],
    ['url list: empty id', (c) => c.getUrlList('')],
    ['page: limit over 100', (c) => c.listUrlLists({ limit: 101 })],
  ];
  it.each(refused)('%s', async (_name, run) => {
    const { client, calls } = clientWith(() => json(200, {}));
    const error = await failure(run(client));
    expect(error.kind).toBe('request');
    expect(calls).toHaveLength(0);
  });

  it('does not send a body over the service\'s 8 MiB byte cap, although its characters fit', async () => {
    const { client, calls } = clientWith(() => json(200, record));
    // 3 million characters of 3 bytes each: under 5 MiB of characters, 9 MB of UTF-8.
    const error = await failure(client.resolveProductFromHtml({ html: '€'.repeat(3_000_000) }));
    expect(error).toMatchObject({ kind: 'request', detail: 'request_body_too_large' });
    expect(calls).toHaveLength(0);
    expect(describeError(error).title).toBe('Page too large');
  });
});

describe('tolerant reader', () => {
  it('tells a joined voyage (200) from a fresh one (202)', async () => {
    expect((await clientWith(() => task(200)).client.startVoyage({ domain: 'shop.example' })).joined).toBe(true);
    expect((await clientWith(() => task(202)).client.startVoyage({ domain: 'shop.example' })).joined).toBe(false);
  });

  it('reads a voyage in a phase or status it does not know, and a list with fields it does not know', async () => {
    const { client } = clientWith(() => task(200, { phase: 'charting_seas', status: 'sailing', progressPercent: 'soon', crew: 3 }));
    const voyage = await client.getVoyage('vt_1');
    expect(voyage).toMatchObject({ phase: 'charting_seas', status: 'sailing', progressPercent: 0, crew: 3 });
    const lists = await clientWith(() => json(200, { items: [{ ...list, urlCount: null, shard: 'eu' }] })).client.listUrlLists();
    expect(lists.items[0]).toMatchObject({ urlListId: 'cul_1', urlCount: 0, shard: 'eu' });
  });

  it('fails with a schema error when an essential field is missing', async () => {
    const error = await failure(clientWith(() => json(200, { domain: 'shop.example' })).client.getVoyage('vt_1'));
    expect(error).toMatchObject({ kind: 'schema', path: 'taskId' });
  });
});

describe('every documented error of these operations, in plain words', () => {
  // Status and `detail` as ../shared/docs/octogen-contract-notes.md §3.5, §3.6, §3.9 and §4 list them.
  const documented: [status: number, detail: unknown, run: (c: OctogenClient) => Promise<unknown>][] = [
    [404, 'product_not_found', (c) => c.resolveProductFromHtml({ html: '<p>' })],
    [413, 'request_body_too_large', (c) => c.resolveProductFromHtml({ html: '<p>' })],
    [429, 'product_resolution_rate_limited', (c) => c.resolveProductFromHtml({ html: '<p>' })],
    [502, 'product_lookup_upstream_failed', (c) => c.resolveProductFromHtml({ html: '<p>' })],
    [503, 'product_resolution_unavailable', (c) => c.resolveProductFromHtml({ html: '<p>' })],
    [504, 'product_resolution_timed_out', (c) => c.resolveProductFromHtml({ html: '<p>' })],
    [404, 'product_not_found', (c) => c.moreLikeThisProducts({ source: { uuid: 'u' } })],
    [403, 'voyage_org_type_forbidden', (c) => c.startVoyage({ domain: 'a.example' })],
    [409, 'voyage_domain_blocked', (c) => c.startVoyage({ domain: 'a.example' })],
    [422, 'voyage_invalid_domain', (c) => c.startVoyage({ domain: 'a.example' })],
    [429, { code: 'voyage_quota_exceeded', violations: [{ dimension: 'calendar_month', limit: 5, used: 5, resetsAt: '2027-01-01T00:00:00Z' }] }, (c) => c.startVoyage({ domain: 'a.example' })],
    [503, 'voyage_unavailable', (c) => c.startVoyage({ domain: 'a.example' })],
    [404, 'voyage_not_found', (c) => c.getVoyage('vt_1')],
    [403, 'url_list_requires_org_api_key', (c) => c.listUrlLists()],
    [404, 'url_list_not_found', (c) => c.getUrlList('cul_1')],
    [409, 'url_list_name_conflict', (c) => c.createUrlList({ name: 'Watch' })],
    [409, 'url_list_limit_exceeded', (c) => c.createUrlList({ name: 'Watch' })],
    [409, 'url_list_deleting', (c) => c.addUrlListUrls('cul_1', { urls: ['https://a.example/p'] })],
    [409, 'url_list_migrating', (c) => c.checkUrlListUrls('cul_1', { urls: ['https://a.example/p'] })],
    [409, 'list_url_capacity_exceeded', (c) => c.addUrlListUrls('cul_1', { urls: ['https://a.example/p'] })],
    [413, 'request_body_too_large', (c) => c.removeUrlListUrls('cul_1', { urls: ['https://a.example/p'] })],
    [422, 'invalid_cursor', (c) => c.listUrlListUrls('cul_1', { cursor: 'zzz' })],
    [503, 'url_lists_unavailable', (c) => c.createUrlList({ name: 'Watch' })],
  ];
  const generic = ['Request failed', 'Not found', 'Conflict', 'Service error', 'Request refused', 'Not allowed', 'Rate limit reached'];

  it.each(documented)('%i %j', async (status, detail, run) => {
    const error = await failure(run(clientWith(() => json(status, { detail }, { 'retry-after': '7' })).client));
    expect(error).toMatchObject({ kind: 'http', status, detail: typeof detail === 'string' ? detail : 'voyage_quota_exceeded' });
    const described = describeError(error);
    // Each has words of its own, not the fallback for its status.
    expect(generic).not.toContain(described.title);
    expect(described.message.length).toBeGreaterThan(20);
  });

  it('does not retry a used-up voyage quota, but retries the other 429s and the 5xx', async () => {
    const quota = await failure(clientWith(() => json(429, { detail: { code: 'voyage_quota_exceeded', violations: [] } })).client.startVoyage({ domain: 'a.example' }));
    expect(isRetryable(quota)).toBe(false);
    const busy = await failure(clientWith(() => json(429, { detail: 'product_resolution_rate_limited' })).client.resolveProductFromHtml({ html: '<p>' }));
    expect(isRetryable(busy)).toBe(true);
    const gateway = await failure(clientWith(() => json(504, { detail: 'product_resolution_timed_out' })).client.resolveProductFromHtml({ html: '<p>' }));
    expect(isRetryable(gateway)).toBe(true);
  });

  it('describes bare 409, 413, 502 and 504 answers by their status', () => {
    const base = { kind: 'http' as const, operation: 'addUrlListUrls', message: 'x' };
    expect(describeError({ ...base, status: 409 }).title).toBe('Conflict');
    expect(describeError({ ...base, status: 413 }).title).toBe('Request too large');
    expect(describeError({ ...base, status: 502 }).title).toBe('Service did not finish');
    expect(describeError({ ...base, status: 504 }).action).toBe('retry');
  });
});
