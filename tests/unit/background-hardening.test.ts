/**
 * What a page, a full storage area or a page that never finishes cannot do to the background (issue #21): bounded
 * caches whose failures never fail the operation, follow-ups a page triggers throttled and capped, an identity on
 * another site refused, a reading that cannot hang, a worker start that reads no whole storage area.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../lib/background';
import { FOLLOW_POLICY } from '../../lib/lookup/follow-gate';
import type { TabState } from '../../lib/state';
import { CACHE_POLICIES } from '../../lib/caches';
import { DEFAULT_SETTINGS, settingsItem, tabStateItem } from '../../lib/storage';
import { resetCredentials, saveKey } from './helpers/credentials';
import { FIXTURE, fakeApi, json, message } from './helpers/background';
import { emptyTabState } from '../../lib/lookup/tab-state';
import { tabKey } from '../../lib/wire';

vi.mock('../../lib/platform', () => import('./helpers/platform-mock'));

const { KEY, BASE, PAGE, product, detection } = FIXTURE;

/** An API whose lookup names the product by the URL asked for, and whose search answers `size` items. */
function catalogApi(size = 3) {
  return fakeApi(
    {
      '/products/lookup': (body) => json(200, { source: 'indexed', product: { ...product, productUrl: (body as { url: string }).url, title: (body as { url: string }).url } }),
      '/products/search': (body) =>
        json(200, { items: Array.from({ length: size }, (_, i) => ({ ...product, uuid: `s${i}`, productUrl: `https://shop.example/p/${i}`, title: `${(body as { q: string }).q} ${i}` })) }),
    },
    5,
  );
}
const sessionKeys = async () => Object.keys(await fakeBrowser.storage.session.get(null));
const lookedUp = (calls: { path: string; body: unknown }[]) => calls.filter((c) => c.path === '/products/lookup').map((c) => (c.body as { url: string }).url);

describe('background hardening', () => {
  let tabId: number;

  beforeEach(async () => {
    fakeBrowser.reset();
    resetCredentials();
    await saveKey(KEY, BASE);
    tabId = (await fakeBrowser.tabs.create({ url: PAGE })).id!;
  });

  describe('storage.session stays bounded, and a full one never fails a search or a lookup', () => {
    it("many distinct searches keep the session area within the search cache's caps", async () => {
      const api = catalogApi(5);
      startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
      const searches = CACHE_POLICIES.search.maxEntries + 50;
      for (let i = 0; i < searches; i++) expect((await message('searchProducts', { request: { q: `query ${i}` } })).ok).toBe(true);
      // (the last write lands just after its answer)
      await vi.waitFor(async () => expect((await sessionKeys()).filter((k) => k.startsWith('cache:search:'))).toHaveLength(CACHE_POLICIES.search.maxEntries));
      const keys = await sessionKeys();
      // Everything the background keeps in the area is a cache entry, an index, or a tab's state.
      expect(keys.every((k) => /^(cache:(search|lookup|catalogs)(:.*)?|tab:\d+)$/.test(k))).toBe(true);
    });

    it('a cache write refused by a full area still answers the search and the lookup', async () => {
      const api = catalogApi();
      startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const set = fakeBrowser.storage.session.set.bind(fakeBrowser.storage.session);
      vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementation(async (items: Record<string, unknown>) => {
        if (Object.keys(items).some((k) => k.startsWith('cache:'))) throw new Error('Session storage quota bytes exceeded');
        return set(items);
      });
      const search = await message<{ items: unknown[] }>('searchProducts', { request: { q: 'bottle' } });
      expect(search.ok).toBe(true);
      expect(search.value?.items).toHaveLength(3);
      const state = (await message<TabState>('lookupTab', { tabId })).value!;
      expect(state.lookup.phase).toBe('done');
      expect(state.similar.phase).toBe('done');
      expect(warn).toHaveBeenCalled();
      // No message names the key or the data: only the cache that could not be written.
      expect(JSON.stringify(warn.mock.calls)).not.toContain(KEY);
    });

    it('a worker start settles what the previous worker left in flight, reading the open tabs\' states in one read', async () => {
      const left = { ...emptyTabState(tabId, 1000), detect: { phase: 'done' as const }, lookup: { phase: 'loading' as const } };
      const other = (await fakeBrowser.tabs.create({ url: PAGE })).id!;
      await fakeBrowser.storage.session.set({ [tabKey(tabId)]: left, [tabKey(other)]: { ...emptyTabState(other, 1000), detect: { phase: 'done' } } });
      const get = vi.spyOn(fakeBrowser.storage.session, 'get');
      startBackground({ fetch: catalogApi().fetch, inject: async () => ({ result: detection }), now: () => 5000 });
      await vi.waitFor(async () => expect((await tabStateItem(tabId).getValue())?.lookup).toMatchObject({ phase: 'error', error: { detail: 'background_unavailable' } }));
      // The settled one keeps what it showed; the other, with nothing in flight, is left as it was.
      expect((await tabStateItem(other).getValue())?.updatedAt).toBe(1000);
      expect(get.mock.calls.filter(([keys]) => Array.isArray(keys) && keys.length > 1)).toHaveLength(1);
    });

    it('a worker start reads the states of open tabs, never the whole area', async () => {
      const get = vi.spyOn(fakeBrowser.storage.session, 'get');
      startBackground({ fetch: catalogApi().fetch, inject: async () => ({ result: detection }) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(get.mock.calls.length).toBeGreaterThan(0);
      for (const [keys] of get.mock.calls) expect(keys).not.toBeNull();
    });
  });

  describe('product changes a page reports after a click are throttled and capped', () => {
    const policy = { minIntervalMs: 30, maxPerWindow: 4, windowMs: 60_000, atCap: 'stop' as const };
    const report = (url: string) => message('detected', { ...detection, url, fields: { title: url } }, { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId }, documentId: 'DOC' });

    it('a page that churns its product is stopped with a note; a click follows it again', async () => {
      const api = catalogApi();
      startBackground({ fetch: api.fetch, inject: async () => ({ result: detection, documentId: 'DOC' }), follow: policy });
      await message('lookupTab', { tabId });
      for (let i = 0; i < 23; i++) {
        await report(`https://shop.example/p/churn-${i}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The click's lookup, then at most the cap of follow-ups: not one per report.
      expect(lookedUp(api.calls).length).toBeLessThanOrEqual(1 + policy.maxPerWindow);
      const stopped = (await tabStateItem(tabId).getValue())!;
      expect(stopped.detect).toMatchObject({ phase: 'error', message: expect.stringMatching(/stopped following it/) });
      const before = api.calls.length;
      await report('https://shop.example/p/after-the-cap');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(api.calls.length).toBe(before);
      // The user's Retry (a click) follows the page again.
      expect((await message<TabState>('lookupTab', { tabId, force: true })).value?.detect.phase).toBe('done');
      await report('https://shop.example/p/followed-again');
      await vi.waitFor(() => expect(lookedUp(api.calls)).toContain('https://shop.example/p/followed-again'));
    });

    it("a real store's navigation is followed, and of reports that come too fast the latest wins", async () => {
      const api = catalogApi();
      startBackground({ fetch: api.fetch, inject: async () => ({ result: detection, documentId: 'DOC' }), follow: policy });
      await message('lookupTab', { tabId });
      await report('https://shop.example/p/first');
      // Two more within the interval: only the later one is looked up, once the interval has passed.
      void report('https://shop.example/p/skipped');
      void report('https://shop.example/p/second');
      await vi.waitFor(async () => expect((await tabStateItem(tabId).getValue())?.lookup.data?.product.productUrl).toBe('https://shop.example/p/second'));
      expect(lookedUp(api.calls)).toEqual([detection.url, 'https://shop.example/p/first', 'https://shop.example/p/second']);
      expect((await tabStateItem(tabId).getValue())?.detect.phase).toBe('done');
    });

    it('the default policy lets a shopper browse, and stops a page within a minute', () => {
      expect(FOLLOW_POLICY.minIntervalMs).toBeLessThanOrEqual(1000);
      expect(FOLLOW_POLICY.maxPerWindow).toBeGreaterThanOrEqual(5);
      expect(FOLLOW_POLICY.windowMs).toBeLessThanOrEqual(60_000);
    });
  });

  describe("a page's identity on another site is not taken for the page's product", () => {
    const amazon = { ...detection, url: 'https://www.amazon.com/dp/B0TRAIL123', signals: ['canonical', 'retailer-rule'], retailer: 'amazon' };

    it('read on a click: said so, never looked up', async () => {
      const api = catalogApi();
      startBackground({ fetch: api.fetch, inject: async () => ({ result: amazon }) });
      const state = (await message<TabState>('lookupTab', { tabId })).value!;
      expect(state.detect).toMatchObject({ phase: 'unsupported', message: expect.stringMatching(/www\.amazon\.com, another site than shop\.example/) });
      expect(state.lookup.phase).toBe('idle');
      expect(api.calls).toEqual([]);
    });

    it('reported by the page later: ignored', async () => {
      const api = catalogApi();
      startBackground({ fetch: api.fetch, inject: async () => ({ result: detection, documentId: 'DOC' }) });
      await message('lookupTab', { tabId });
      await message('detected', amazon, { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId }, documentId: 'DOC' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(lookedUp(api.calls)).toEqual([detection.url]);
    });
  });

  describe('reading a page has a deadline', () => {
    it('a page that never answers ends in a clear error with Retry, and the next lookup reads it again', async () => {
      await settingsItem.setValue({ ...DEFAULT_SETTINGS, timeoutsMs: { readPage: 80 } });
      const api = catalogApi();
      let hang = true;
      const inject = vi.fn(() => (hang ? new Promise<never>(() => undefined) : Promise.resolve({ result: detection })));
      startBackground({ fetch: api.fetch, inject });
      const state = (await message<TabState>('lookupTab', { tabId })).value!;
      expect(state.detect).toEqual({ phase: 'error', message: 'Reading this page took more than 1 s; it may still be loading.' });
      hang = false;
      const again = (await message<TabState>('lookupTab', { tabId, force: true })).value!;
      expect(inject).toHaveBeenCalledTimes(2);
      expect(again.lookup.phase).toBe('done');
    });
  });
});
