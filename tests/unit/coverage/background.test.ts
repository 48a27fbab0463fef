/**
 * Coverage requests in the background, with WXT's fake browser (its alarms included) and a fake Platform API:
 * Request coverage starts or joins a voyage and keeps it; the alarm follows it with the popup closed; a completed
 * voyage refreshes /domains with its ETag and forgets the store's cached lookups; errors keep their meaning.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../../lib/background';
import { CHECK_NOW_MIN_MS } from '../../../lib/background/coverage';
import { createCache } from '../../../lib/cache';
import { CACHE_POLICIES } from '../../../lib/caches';
import { COVERAGE_ALARM, POLL_MINUTES, coverageRequestsView, type CoverageRequest } from '../../../lib/coverage/store';
import type { CachedLookup } from '../../../lib/lookup/tab-state';
import { resetCredentials, saveKey } from '../helpers/credentials';
import { FIXTURE, json, message } from '../helpers/background';

vi.mock('../../../lib/platform', () => import('../helpers/platform-mock'));

const { KEY, BASE } = FIXTURE;
const PAGE = 'https://www.greenhouse.example/products/fern?utm_source=x';
const HOST = 'greenhouse.example';

const task = (over: Record<string, unknown> = {}) => ({
  taskId: 'vt_1',
  domain: HOST,
  status: 'running',
  phase: 'sampling_products',
  phaseLabel: 'Sampling product pages',
  progressPercent: 30,
  createdAt: '2026-12-07T12:00:00Z',
  ...over,
});

interface Seen {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/** A fake API whose answers can change between calls; every call recorded. */
function api(routes: Record<string, () => Response>) {
  const calls: Seen[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input).replace(BASE, '');
    calls.push({ method: init?.method ?? 'GET', path, body: init?.body ? JSON.parse(String(init.body)) : undefined, headers: { ...(init?.headers as Record<string, string>) } });
    const route = routes[`${init?.method ?? 'GET'} ${path}`];
    return route ? route() : json(404, { detail: 'Not Found' });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, routes };
}

const domainsAnswer = (hosts: string[], etag: string) => () => json(200, { domains: hosts.map((host) => ({ host, catalog: 'shop', catalogDisplayName: 'Shop' })) }, { etag, 'cache-control': 'max-age=300' });
const kept = async () => coverageRequestsView.getValue();
const fireAlarm = async (poll: () => Promise<unknown>) => {
  await fakeBrowser.alarms.onAlarm.trigger({ name: COVERAGE_ALARM, scheduledTime: Date.now() });
  await poll();
};

describe('coverage requests (background)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    resetCredentials();
    await saveKey(KEY, BASE);
  });

  it('says whether the page’s store is covered, from /domains (null when it cannot tell)', async () => {
    const fake = api({ 'GET /domains': domainsAnswer(['shop.example'], '"d1"') });
    startBackground({ fetch: fake.fetch });
    expect((await message('storeCoverage', { url: PAGE })).value).toEqual({ host: HOST, covered: false });
    expect((await message('storeCoverage', { url: 'https://shop.example/p/1' })).value).toEqual({ host: 'shop.example', covered: true });
    // The list is kept: asked once.
    expect(fake.calls.filter((c) => c.path === '/domains')).toHaveLength(1);

    fakeBrowser.reset();
    resetCredentials();
    await saveKey(KEY, BASE);
    const down = api({ 'GET /domains': () => json(503, { detail: 'catalog_registry_unavailable' }) });
    startBackground({ fetch: down.fetch });
    expect((await message('storeCoverage', { url: PAGE })).value).toEqual({ host: HOST, covered: null });
  });

  it('Request coverage starts a voyage for the page’s host, keeps it, and the alarm follows it to completion', async () => {
    const fake = api({
      'POST /voyage': () => json(202, task({ status: 'queued', phase: 'discovering_site', phaseLabel: 'Queued', progressPercent: 0 })),
      'GET /voyage/vt_1': () => json(200, task()),
      'GET /domains': domainsAnswer(['shop.example'], '"d1"'),
    });
    const bg = startBackground({ fetch: fake.fetch });
    // Coverage known before: the /domains list, with its ETag.
    await message('storeCoverage', { url: PAGE });
    // A "not found" lookup of this store is cached (and one of another store).
    const lookups = createCache<CachedLookup>(CACHE_POLICIES.lookup);
    const notFound = { lookupError: { kind: 'http' as const, operation: 'lookupProduct', status: 404, message: 'not found' } };
    await lookups.set('https://greenhouse.example/products/fern', notFound);
    await lookups.set('https://shop.example/p/1', notFound);

    const answer = await message<{ request: CoverageRequest }>('requestCoverage', { url: PAGE });
    expect(answer.ok).toBe(true);
    expect(answer.value!.request).toMatchObject({ host: HOST, joined: false, baseUrl: BASE, task: { status: 'queued' } });
    expect(fake.calls.find((c) => c.method === 'POST')!.body).toEqual({ domain: HOST });
    expect(await kept()).toHaveLength(1);
    // Followed by an alarm at the service's pace, not a timer.
    expect(await fakeBrowser.alarms.get(COVERAGE_ALARM)).toMatchObject({ periodInMinutes: POLL_MINUTES });

    // The popup is closed; the alarm reads progress.
    await fireAlarm(() => bg.coverage.idle());
    expect((await kept())[0]!.task).toMatchObject({ phase: 'sampling_products', progressPercent: 30 });
    expect(fake.calls.filter((c) => c.path === '/voyage/vt_1')).toHaveLength(1);

    // It completes: /domains is asked again with the kept ETag (and has changed), the store's lookups are forgotten.
    fake.routes['GET /voyage/vt_1'] = () => json(200, task({ status: 'completed', phase: 'complete', progressPercent: 100, result: { catalog: 'greenhouse' } }));
    fake.routes['GET /domains'] = domainsAnswer(['shop.example', HOST], '"d2"');
    await fireAlarm(() => bg.coverage.idle());
    const domains = fake.calls.filter((c) => c.path === '/domains');
    expect(domains).toHaveLength(2);
    expect(domains[1]!.headers['If-None-Match']).toBe('"d1"');
    expect((await kept())[0]).toMatchObject({ covered: true, task: { status: 'completed' } });
    expect((await kept())[0]!.finishedAt).toBeTypeOf('number');
    expect(await lookups.get('https://greenhouse.example/products/fern')).toBeUndefined();
    expect(await lookups.get('https://shop.example/p/1')).toBeDefined();
    // Nothing under way: no alarm, and the store is covered now.
    expect(await fakeBrowser.alarms.get(COVERAGE_ALARM)).toBeUndefined();
    expect((await message('storeCoverage', { url: PAGE })).value).toEqual({ host: HOST, covered: true });
    // The key went only in the Authorization header.
    expect(JSON.stringify(await kept())).not.toContain(KEY);
  });

  it('says when a voyage under way was joined (200), and an alarm with nothing under way reads nothing', async () => {
    const fake = api({ 'POST /voyage': () => json(200, task()) });
    const bg = startBackground({ fetch: fake.fetch });
    expect((await message<{ request: CoverageRequest }>('requestCoverage', { url: PAGE })).value!.request.joined).toBe(true);
    fake.routes['GET /voyage/vt_1'] = () => json(200, task({ status: 'failed', phase: 'failed', error: { code: 'extraction_failed', message: 'No product pages found.' } }));
    await fireAlarm(() => bg.coverage.idle());
    expect((await kept())[0]).toMatchObject({ task: { status: 'failed', error: { message: 'No product pages found.' } } });
    const before = fake.calls.length;
    await fireAlarm(() => bg.coverage.idle());
    expect(fake.calls.length).toBe(before);
  });

  it('keeps a failure to read progress on the request; a voyage the service no longer knows stops being followed', async () => {
    const fake = api({ 'POST /voyage': () => json(202, task()), 'GET /voyage/vt_1': () => json(503, { detail: 'voyage_unavailable' }) });
    const bg = startBackground({ fetch: fake.fetch });
    await message('requestCoverage', { url: PAGE });
    await fireAlarm(() => bg.coverage.idle());
    expect((await kept())[0]!.checkError).toMatchObject({ status: 503, detail: 'voyage_unavailable' });
    expect(await fakeBrowser.alarms.get(COVERAGE_ALARM)).toBeDefined();
    fake.routes['GET /voyage/vt_1'] = () => json(404, { detail: 'voyage_not_found' });
    await fireAlarm(() => bg.coverage.idle());
    expect((await kept())[0]!.finishedAt).toBeTypeOf('number');
    expect(await fakeBrowser.alarms.get(COVERAGE_ALARM)).toBeUndefined();
  });

  it('Check now reads a voyage at most once per CHECK_NOW_MIN_MS, however often it is pressed', async () => {
    let clock = Date.parse('2026-12-07T12:00:00Z');
    const fake = api({ 'POST /voyage': () => json(202, task()), 'GET /voyage/vt_1': () => json(200, task({ progressPercent: 60 })) });
    startBackground({ fetch: fake.fetch, now: () => clock });
    await message('requestCoverage', { url: PAGE });
    const reads = () => fake.calls.filter((c) => c.path === '/voyage/vt_1').length;
    // Just requested: pressing Check now answers what is kept.
    expect((await message<CoverageRequest[]>('checkCoverage', { host: HOST })).value![0]!.task.progressPercent).toBe(30);
    expect(reads()).toBe(0);
    clock += CHECK_NOW_MIN_MS;
    expect((await message<CoverageRequest[]>('checkCoverage', { host: HOST })).value![0]!.task.progressPercent).toBe(60);
    expect(reads()).toBe(1);
    for (let i = 0; i < 5; i++) await message('checkCoverage', { host: HOST });
    expect(reads()).toBe(1);
  });

  it.each([
    [429, { detail: { code: 'voyage_quota_exceeded', violations: [{ dimension: 'calendar_month', limit: 20, used: 20, resetsAt: '2027-01-01T00:00:00Z' }] } }, 'voyage_quota_exceeded'],
    [409, { detail: 'voyage_domain_blocked' }, 'voyage_domain_blocked'],
    [422, { detail: 'voyage_invalid_domain' }, 'voyage_invalid_domain'],
    [503, { detail: 'voyage_unavailable' }, 'voyage_unavailable'],
  ])('a refused request (%i) answers its documented error and keeps nothing', async (status, body, detail) => {
    const fake = api({ 'POST /voyage': () => json(status, body) });
    startBackground({ fetch: fake.fetch });
    const answer = await message('requestCoverage', { url: PAGE });
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatchObject({ status, detail });
    expect(await kept()).toEqual([]);
    expect(await fakeBrowser.alarms.get(COVERAGE_ALARM)).toBeUndefined();
  });

  it('a request that cannot be saved (full storage) still answers, saying so', async () => {
    const fake = api({ 'POST /voyage': () => json(202, task()) });
    startBackground({ fetch: fake.fetch });
    const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if ('coverageRequests' in (items as object)) throw new Error('QUOTA_BYTES quota exceeded');
      return set(items);
    });
    const answer = await message<{ request: CoverageRequest; notKept?: string }>('requestCoverage', { url: PAGE });
    expect(answer.value!.request.task.taskId).toBe('vt_1');
    expect(answer.value!.notKept).toMatch(/could not save.*QUOTA_BYTES/);
  });

  it('lists the organisation’s voyages with the quota; refuses coverage messages from a web page', async () => {
    const quotas = { monthly: { limit: 20, used: 3, resetsAt: '2027-01-01T00:00:00Z' }, concurrent: { limit: 3, used: 1 } };
    const fake = api({ 'GET /voyage?limit=50': () => json(200, { items: [task()], quotas }), 'POST /voyage': () => json(202, task()) });
    startBackground({ fetch: fake.fetch });
    expect((await message('listVoyages', undefined)).value).toMatchObject({ items: [{ domain: HOST }], quotas });
    const page = { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: 1 } };
    expect((await message('requestCoverage', { url: PAGE }, page)).ok).toBe(false);
    expect(fake.calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
