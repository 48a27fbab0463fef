/**
 * The background's URL-list handlers with the fake browser and a fake Platform API: what they call, what they answer,
 * what they remember of a page's membership, and who may call them.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../../lib/background';
import type { PageLists } from '../../../lib/url-lists/types';
import { listsOfPage, membershipItem } from '../../../lib/url-lists/membership';
import { resetCredentials, saveKey } from '../helpers/credentials';
import { FIXTURE, fakeApi, json, message } from '../helpers/background';

vi.mock('../../../lib/platform', () => import('../helpers/platform-mock'));

const { KEY, BASE } = FIXTURE;
const PAGE = 'https://shop.example/products/trail-bottle';
const list = (id: string, name: string, status = 'active', urlCount = 0) => ({ urlListId: id, name, status, urlCount, bigQuery: null, createdAt: '2026-08-07T10:00:00Z', updatedAt: '2026-08-07T10:00:00Z' });
const contains = (present: boolean) => (body: unknown) => json(200, { results: (body as { urls: string[] }).urls.map((url) => ({ url, normalizedUrl: url, present, addedAt: present ? '2026-08-07T10:00:00Z' : null })) });
const mutation = (urlCount: number) => (body: unknown) => json(200, { accepted: (body as { urls: string[] }).urls.map((url) => ({ url, normalizedUrl: url })), rejected: [], urlCount, requestId: 'r1' });
const remembered = async (url = PAGE) => listsOfPage(await membershipItem.getValue(), url).map((l) => l.name);

describe('background: URL lists', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    resetCredentials();
    await saveKey(KEY, BASE);
  });

  it('offers every list but those being deleted, checks the page against each, and remembers where it is', async () => {
    const api = fakeApi({
      '/coverage/url-lists?limit=100': () => json(200, { items: [list('cul_1', 'Watch', 'active', 3), list('cul_2', 'New', 'provisioning'), list('cul_3', 'Old', 'delete_pending')], nextCursor: null }),
      '/coverage/url-lists/cul_1/urls/contains': contains(true),
      '/coverage/url-lists/cul_2/urls/contains': contains(false),
    });
    startBackground({ fetch: api.fetch });
    const answer = await message<PageLists>('urlListsForPage', { url: PAGE });
    expect(answer.ok).toBe(true);
    expect(answer.value!.lists.map((l) => [l.list.name, l.present])).toEqual([['Watch', true], ['New', false]]);
    expect(answer.value!.normalizedUrl).toBe(PAGE);
    // The deleting list is not checked at all; every call carried the key, in its header only.
    expect(api.calls.map((c) => c.path).sort()).toEqual(['/coverage/url-lists/cul_1/urls/contains', '/coverage/url-lists/cul_2/urls/contains', '/coverage/url-lists?limit=100']);
    expect(api.calls.every((c) => c.auth === `Bearer ${KEY}` && !JSON.stringify(c.body ?? '').includes(KEY))).toBe(true);
    expect(api.calls.find((c) => c.path.endsWith('cul_1/urls/contains'))!.body).toEqual({ urls: [PAGE] });
    expect(await remembered()).toEqual(['Watch']);
  });

  it('a list whose check fails is said so, the others still answer, and what was known of it is kept', async () => {
    const api = fakeApi({
      '/coverage/url-lists?limit=100': () => json(200, { items: [list('cul_1', 'Watch'), list('cul_2', 'Moving')] }),
      '/coverage/url-lists/cul_1/urls/contains': contains(false),
      '/coverage/url-lists/cul_2/urls/contains': () => json(409, { detail: 'url_list_migrating' }),
      '/coverage/url-lists/cul_2/urls': mutation(1),
    });
    startBackground({ fetch: api.fetch });
    await message('addUrlToList', { urlListId: 'cul_2', name: 'Moving', url: PAGE });
    const answer = (await message<PageLists>('urlListsForPage', { url: PAGE })).value!;
    expect(answer.lists.map((l) => [l.list.name, l.present, l.checkError?.detail])).toEqual([['Watch', false, undefined], ['Moving', null, 'url_list_migrating']]);
    expect(await remembered()).toEqual(['Moving']);
  });

  it('adds the page and remembers it with the list name; a refused URL is answered with its reason and not remembered', async () => {
    const api = fakeApi({
      '/coverage/url-lists/cul_1/urls': (body) => {
        const [url] = (body as { urls: string[] }).urls;
        return url === PAGE ? mutation(4)(body) : json(200, { accepted: [], rejected: [{ url, code: 'invalid_url', message: 'The hostname must be a dotted domain name.' }], urlCount: 4 });
      },
      '/coverage/url-lists/cul_1/urls/remove': mutation(3),
    });
    startBackground({ fetch: api.fetch });
    const ok = await message<{ urlCount: number }>('addUrlToList', { urlListId: 'cul_1', name: 'Watch', url: PAGE });
    expect(ok.value!.urlCount).toBe(4);
    expect(api.calls[0]!.body).toEqual({ urls: [PAGE] });
    expect(await remembered()).toEqual(['Watch']);

    const refused = await message<{ rejected: { message: string }[] }>('addUrlToList', { urlListId: 'cul_1', name: 'Watch', url: 'http://localhost/p' });
    expect(refused.ok).toBe(true);
    expect(refused.value!.rejected[0]!.message).toMatch(/dotted/);
    expect(await remembered('http://localhost/p')).toEqual([]);

    await message('removeUrlsFromList', { urlListId: 'cul_1', urls: [PAGE] });
    expect(await remembered()).toEqual([]);
  });

  it('a deleted list, or one the service no longer knows, is forgotten on every page', async () => {
    const api = fakeApi({
      '/coverage/url-lists/cul_1/urls': mutation(1),
      '/coverage/url-lists/cul_2/urls': mutation(1),
      '/coverage/url-lists/cul_1': () => json(200, list('cul_1', 'Watch', 'delete_pending', 1)),
      '/coverage/url-lists/cul_2/urls?limit=50': () => json(404, { detail: 'url_list_not_found' }),
    });
    startBackground({ fetch: api.fetch });
    await message('addUrlToList', { urlListId: 'cul_1', name: 'Watch', url: PAGE });
    await message('addUrlToList', { urlListId: 'cul_2', name: 'Later', url: PAGE });
    expect(await remembered()).toEqual(['Watch', 'Later']);
    const deleted = await message<{ status: string }>('deleteUrlList', { urlListId: 'cul_1' });
    expect(deleted.value!.status).toBe('delete_pending');
    expect(await remembered()).toEqual(['Later']);
    const missing = await message('listUrlListUrls', { urlListId: 'cul_2' });
    expect(missing.error).toMatchObject({ kind: 'http', status: 404, detail: 'url_list_not_found' });
    expect(await remembered()).toEqual([]);
  });

  it('answers every documented error as typed data the UI can describe, without the key', async () => {
    const api = fakeApi({
      '/coverage/url-lists': (body) =>
        (body as { name: string }).name === 'Watch' ? json(409, { detail: 'url_list_name_conflict' }) : json(409, { detail: 'url_list_limit_exceeded' }),
      '/coverage/url-lists?limit=100': () => json(403, { detail: 'url_list_requires_org_api_key' }),
      '/coverage/url-lists?cursor=bad&limit=100': () => json(422, { detail: 'invalid_cursor' }),
    });
    startBackground({ fetch: api.fetch });
    expect((await message('createUrlList', { name: 'Watch' })).error).toMatchObject({ status: 409, detail: 'url_list_name_conflict' });
    expect((await message('createUrlList', { name: 'Sixth' })).error).toMatchObject({ status: 409, detail: 'url_list_limit_exceeded' });
    expect((await message('listUrlLists', {})).error).toMatchObject({ status: 403, detail: 'url_list_requires_org_api_key' });
    expect((await message('listUrlLists', { cursor: 'bad' })).error).toMatchObject({ status: 422, detail: 'invalid_cursor' });
    // A name the contract refuses is not sent at all.
    expect((await message('createUrlList', { name: ' '.repeat(3) })).error).toMatchObject({ kind: 'request' });
    expect(api.calls.filter((c) => c.path === '/coverage/url-lists')).toHaveLength(2);
    expect(JSON.stringify(api.calls.map((c) => c.body))).not.toContain(KEY);
  });

  it('without a key, says to add one and calls nothing', async () => {
    resetCredentials();
    const api = fakeApi({});
    startBackground({ fetch: api.fetch });
    const answer = await message('urlListsForPage', { url: PAGE });
    expect(answer.error).toMatchObject({ kind: 'config', message: expect.stringMatching(/API key/) });
    expect(api.calls).toEqual([]);
  });

  it('refuses every URL-list message from a web page (a content script), before any call', async () => {
    const api = fakeApi({ '/coverage/url-lists/cul_1/urls': mutation(1) });
    startBackground({ fetch: api.fetch });
    const tab = await fakeBrowser.tabs.create({ url: PAGE });
    const contentScript = { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tab.id } };
    for (const [type, data] of [
      ['urlListsForPage', { url: PAGE }],
      ['addUrlToList', { urlListId: 'cul_1', name: 'Watch', url: PAGE }],
      ['removeUrlsFromList', { urlListId: 'cul_1', urls: [PAGE] }],
      ['createUrlList', { name: 'x' }],
      ['deleteUrlList', { urlListId: 'cul_1' }],
      ['listUrlLists', {}],
      ['listUrlListUrls', { urlListId: 'cul_1' }],
    ] as const) {
      const answer = await message(type, data, contentScript);
      expect(answer.error?.message, type).toBe('Not allowed from this context');
    }
    expect(api.calls).toEqual([]);
  });

  it('an add the service took is answered as done even when the browser cannot store the membership (full quota)', async () => {
    const api = fakeApi({ '/coverage/url-lists/cul_1/urls': mutation(1) });
    startBackground({ fetch: api.fetch });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    const answer = await message<{ urlCount: number }>('addUrlToList', { urlListId: 'cul_1', name: 'Watch', url: PAGE });
    expect(answer.ok).toBe(true);
    expect(answer.value!.urlCount).toBe(1);
  });
});
