/**
 * The background's orchestration with WXT's fake browser: messages in, lookup and search out (at the same time),
 * state and cache in storage, errors that survive messaging, refusals for content scripts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../lib/background';
import { JOIN_MS } from '../../lib/lookup/service';
import { setTabPopup } from '../../lib/platform';
import type { TabState } from '../../lib/state';
import { tabStateItem } from '../../lib/storage';
import { removeKey, resetCredentials, saveKey } from './helpers/credentials';
import { FIXTURE, fakeApi, json, message, statesStored, type Call } from './helpers/background';

vi.mock('../../lib/platform', () => import('./helpers/platform-mock'));

const { KEY, BASE, PAGE, product, detection } = FIXTURE;

describe('background', () => {
  let tabId: number;

  beforeEach(async () => {
    fakeBrowser.reset();
    resetCredentials();
    await saveKey(KEY, BASE);
    const tab = await fakeBrowser.tabs.create({ url: PAGE });
    tabId = tab.id!;
  });

  it('detects, then calls lookup and search at the same time, and stores the result for the popup', async () => {
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', catalogKey: 'shop', catalogDisplayName: 'Shop', product }),
      '/products/search': () => json(200, { items: [product, { ...product, uuid: 'p2', productUrl: 'https://shop.example/products/other', title: 'Other' }] }),
    });
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    const answer = await message<TabState>('lookupTab', { tabId });
    expect(answer.ok).toBe(true);
    const state = answer.value!;
    expect(state.lookup.phase).toBe('done');
    expect(state.lookup.data?.product.title).toBe('Trail Bottle');
    // The product itself is not among its similar items.
    expect(state.similar.data?.items.map((i) => i.uuid)).toEqual(['p2']);
    expect(state.similar.data?.query).toBe('Trail Bottle 750 ml');
    // Both went out before either answered: one round trip; the lookup first, as the record is what shows first.
    expect(api.calls.map((c) => c.path)).toEqual(['/products/lookup', '/products/search']);
    expect(Math.abs(api.calls[0]!.at - api.calls[1]!.at)).toBeLessThan(15);
    expect(api.calls.every((c) => c.auth === `Bearer ${KEY}`)).toBe(true);
    expect((api.calls.find((c) => c.path === '/products/lookup')!.body as { url: string }).url).toBe(detection.url);
    expect((await tabStateItem(tabId).getValue())?.lookup.phase).toBe('done');
  });

  it('stores each new state of the tab as it is produced, in order, newest last', async () => {
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', product }),
      '/products/search': () => json(200, { items: [] }),
    });
    const stored = statesStored(tabId);
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    const final = (await message<TabState>('lookupTab', { tabId })).value!;
    const states = stored();
    expect(states[0]).toMatchObject({ tabId, detect: { phase: 'pending' } });
    expect(states.some((p) => p.lookup.phase === 'loading')).toBe(true);
    expect(states.at(-1)).toEqual(await tabStateItem(tabId).getValue());
    expect(states.at(-1)?.lookup).toEqual(final.lookup);
    // Each is newer than the one before: a view keeps the newest.
    for (let i = 1; i < states.length; i++) expect(states[i]!.updatedAt).toBeGreaterThan(states[i - 1]!.updatedAt);
    // Only product data, never the key.
    expect(JSON.stringify(states)).not.toContain(KEY);
  });

  it('reads the page while it checks the tab: one injection for a tab already on its page', async () => {
    const api = fakeApi({ '/products/lookup': () => json(200, { source: 'indexed', product }), '/products/search': () => json(200, { items: [] }) });
    const order: string[] = [];
    const get = vi.spyOn(fakeBrowser.tabs, 'get');
    get.mockImplementation(async (id: number) => {
      order.push('tabs.get');
      return { id, index: 0, url: PAGE, status: 'complete' } as Awaited<ReturnType<typeof fakeBrowser.tabs.get>>;
    });
    const inject = vi.fn(async () => {
      order.push('inject');
      return { result: detection };
    });
    startBackground({ fetch: api.fetch, inject });
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(inject).toHaveBeenCalledTimes(1);
    // The injection did not wait for the tab's answer.
    expect(order.slice(0, 2)).toEqual(['inject', 'tabs.get']);
    expect(state.lookup.phase).toBe('done');
  });

  it('reads the page again when the tab was still on its way, and uses only that reading', async () => {
    const api = fakeApi({ '/products/lookup': () => json(200, { source: 'indexed', product }), '/products/search': () => json(200, { items: [] }) });
    const get = vi.spyOn(fakeBrowser.tabs, 'get');
    type Tab = Awaited<ReturnType<typeof fakeBrowser.tabs.get>>;
    get.mockResolvedValueOnce({ id: tabId, index: 0, url: 'about:blank', pendingUrl: PAGE, status: 'loading' } as Tab);
    get.mockResolvedValue({ id: tabId, index: 0, url: PAGE, status: 'complete' } as Tab);
    let readings = 0;
    const inject = async () => {
      readings += 1;
      // The first reading is of the document the tab was leaving.
      return { result: readings === 1 ? { ...detection, url: 'https://shop.example/products/previous' } : detection };
    };
    startBackground({ fetch: api.fetch, inject });
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(readings).toBe(2);
    expect(state.detect.detection?.url).toBe(detection.url);
    expect((api.calls.find((c) => c.path === '/products/lookup')!.body as { url: string }).url).toBe(detection.url);
  });

  it('never looks up a browser page, even when the early reading of it succeeded', async () => {
    const api = fakeApi({});
    const tab = await fakeBrowser.tabs.create({ url: 'chrome://settings/' });
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    const state = (await message<TabState>('lookupTab', { tabId: tab.id! })).value!;
    expect(state.detect.phase).toBe('unsupported');
    expect(api.calls).toEqual([]);
  });

  it('serves a reopened popup from the cache, without calling the API again', async () => {
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', product }),
      '/products/search': () => json(200, { items: [] }),
    });
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    await message('lookupTab', { tabId });
    await message('lookupTab', { tabId });
    expect(api.calls).toHaveLength(2);
    await message('lookupTab', { tabId, force: true });
    expect(api.calls).toHaveLength(4);
  });

  it("joins a lookup of the same tab still running or ended under a second ago (the popup's page request started it); Retry and a later open read the page again", async () => {
    const api = fakeApi({ '/products/lookup': () => json(200, { source: 'indexed', product }), '/products/search': () => json(200, { items: [] }) });
    let t = 1_000_000;
    const inject = vi.fn(async () => ({ result: detection }));
    startBackground({ fetch: api.fetch, inject, now: () => t });
    const [a, b] = await Promise.all([message<TabState>('lookupTab', { tabId }), message<TabState>('lookupTab', { tabId })]);
    expect(inject).toHaveBeenCalledTimes(1);
    expect(b.value).toEqual(a.value);
    expect(a.value?.lookup.phase).toBe('done');
    t += JOIN_MS - 1;
    await message('lookupTab', { tabId });
    expect(inject).toHaveBeenCalledTimes(1);
    t += 1;
    await message('lookupTab', { tabId });
    expect(inject).toHaveBeenCalledTimes(2);
    await message('lookupTab', { tabId, force: true });
    expect(inject).toHaveBeenCalledTimes(3);
    expect(api.calls).toHaveLength(4);
  });

  it('shares identical requests in flight between two tabs on the same product', async () => {
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', product }),
      '/products/search': () => json(200, { items: [] }),
    }, 50);
    const other = (await fakeBrowser.tabs.create({ url: PAGE })).id!;
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    await Promise.all([message('lookupTab', { tabId }), message('lookupTab', { tabId: other })]);
    expect(api.calls.filter((c) => c.path === '/products/lookup')).toHaveLength(1);
  });

  it('keeps a typed 404 in the state, and never retries it', async () => {
    const api = fakeApi({ '/products/lookup': () => json(404, { detail: 'product_not_found' }), '/products/search': () => json(200, { items: [] }) });
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(state.lookup).toMatchObject({ phase: 'error', error: { kind: 'http', status: 404, detail: 'product_not_found' } });
    expect(api.calls.filter((c) => c.path === '/products/lookup')).toHaveLength(1);
  });

  it('says "not a product" without calling the API', async () => {
    const api = fakeApi({});
    startBackground({ fetch: api.fetch, inject: async () => ({ result: ({ ...detection, isProduct: false }) }) });
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(state.detect.detection?.isProduct).toBe(false);
    expect(state.lookup.phase).toBe('idle');
    expect(api.calls).toEqual([]);
  });

  it('without a key, says so and calls nothing', async () => {
    await removeKey();
    const api = fakeApi({});
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(state.configured).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('treats hostile detector output as data: a javascript: identity is refused', async () => {
    const api = fakeApi({});
    startBackground({ fetch: api.fetch, inject: async () => ({ result: { ...detection, url: 'javascript:alert(1)' } }) });
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(state.detect.phase).toBe('error');
    expect(api.calls).toEqual([]);
  });

  it('errors survive messaging as typed data (a search without a key)', async () => {
    await removeKey();
    startBackground({ fetch: fakeApi({}).fetch, inject: async () => ({ result: detection }) });
    const answer = await message('searchProducts', { request: { q: 'x' } });
    expect(answer).toMatchObject({ ok: false, error: { kind: 'config', operation: 'searchProducts' } });
  });

  it('refuses privileged messages from content scripts, and never hands out the key', async () => {
    startBackground({ fetch: fakeApi({}).fetch, inject: async () => ({ result: detection }) });
    const contentScript = { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId } };
    for (const type of ['getSettings', 'testConnection', 'searchProducts', 'lookupTab']) {
      const answer = await message(type, {}, contentScript);
      expect(answer.ok, type).toBe(false);
    }
    const settings = await message<Record<string, unknown>>('getSettings', undefined);
    expect(settings.ok).toBe(true);
    expect(JSON.stringify(settings.value)).not.toContain('c2VjcmV0');
    expect(settings.value).toMatchObject({ hasKey: true, keyPrefix: 'octo_live_0123456789' });
  });

  describe('follows the product changes the clicked document reports (single-page stores)', () => {
    const TOKEN = '0123456789abcdef0123456789abcdef';
    const next = { ...detection, url: 'https://shop.example/products/summit-mug', fields: { title: 'Summit Mug' } };
    const api = () =>
      fakeApi({
        '/products/lookup': (body) => json(200, { source: 'indexed', product: { ...product, productUrl: (body as { url: string }).url, title: (body as { url: string }).url.endsWith('mug') ? 'Summit Mug' : 'Trail Bottle' } }),
        '/products/search': () => json(200, { items: [] }),
      });
    const lookedUp = (calls: Call[]) => calls.filter((c) => c.path === '/products/lookup').map((c) => (c.body as { url: string }).url);

    it("by the browser's document id (Chrome)", async () => {
      const calls = api();
      startBackground({ fetch: calls.fetch, inject: async () => ({ result: { ...detection, documentToken: TOKEN }, documentId: 'DOC-A' }) });
      await message('lookupTab', { tabId });
      // Another document of the tab (a full navigation) is not followed: it needs a new click.
      await message('detected', { ...next, documentToken: TOKEN }, { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId }, documentId: 'DOC-B' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(lookedUp(calls.calls)).toEqual([detection.url]);
      await message('detected', next, { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId }, documentId: 'DOC-A' });
      await vi.waitFor(async () => expect((await tabStateItem(tabId).getValue())?.lookup.data?.product.title).toBe('Summit Mug'));
      expect(lookedUp(calls.calls)).toEqual([detection.url, next.url]);
    });

    it("by the detector's token for its document where the browser gives no document id (Firefox)", async () => {
      const calls = api();
      startBackground({ fetch: calls.fetch, inject: async () => ({ result: { ...detection, documentToken: TOKEN } }) });
      await message('lookupTab', { tabId });
      expect((await tabStateItem(tabId).getValue())?.documentId).toBe(`token:${TOKEN}`);
      const sender = { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId } };
      // Another document has another token; a report with none, or a malformed one, is no document's.
      for (const documentToken of ['fedcba9876543210fedcba9876543210', undefined, `${TOKEN}x`, 42]) await message('detected', { ...next, documentToken }, sender);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(lookedUp(calls.calls)).toEqual([detection.url]);
      await message('detected', { ...next, documentToken: TOKEN }, sender);
      await vi.waitFor(async () => expect((await tabStateItem(tabId).getValue())?.lookup.data?.product.title).toBe('Summit Mug'));
      expect(lookedUp(calls.calls)).toEqual([detection.url, next.url]);
    });
  });

  it('forgets a tab\'s lookup when the tab navigates', async () => {
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', product }),
      '/products/search': () => json(200, { items: [] }),
    });
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    await message('lookupTab', { tabId });
    expect(await tabStateItem(tabId).getValue()).not.toBeNull();
    await fakeBrowser.tabs.update(tabId, { url: 'https://shop.example/products/another' });
    await vi.waitFor(async () => {
      const state = await tabStateItem(tabId).getValue();
      expect(state?.detect.phase).toBe('pending');
      expect(state?.lookup.data).toBeUndefined();
    });
  });

  it("sets each tab's toolbar popup from its newest state: the record once known, none after a navigation", async () => {
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', product }),
      '/products/search': () => json(200, { items: [{ ...product, uuid: 'p2', productUrl: 'https://shop.example/products/other', title: 'Other' }] }),
    });
    const popup = vi.mocked(setTabPopup);
    popup.mockClear();
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    await message('lookupTab', { tabId });
    const last = () => popup.mock.calls.at(-1);
    await vi.waitFor(() => expect(decodeURIComponent(last()?.[1] ?? '')).toContain('"similar":["Other"]'));
    expect(last()?.[0]).toBe(tabId);
    expect(last()?.[1]).toMatch(new RegExp(`^popup\\.html\\?for=${tabId}#`));
    expect(decodeURIComponent(last()![1])).toContain('"title":"Trail Bottle"');
    // Only extension pages open it; the key is nowhere in it.
    expect(popup.mock.calls.map((c) => c[1]).join(' ')).not.toContain('c2VjcmV0');

    await fakeBrowser.tabs.update(tabId, { url: 'https://shop.example/products/another' });
    await vi.waitFor(() => expect(last()?.[1]).toBe(`popup.html?for=${tabId}`));
  });

  describe("on a retailer's product URL, the lookup starts from the tab's address before the page is read", () => {
    const ADDRESS = 'https://www.amazon.com/Trail-Bottle-750ml/dp/B0TRAIL123/ref=sr_1_1?tag=aff-20&keywords=bottle';
    const IDENTITY = 'https://www.amazon.com/dp/B0TRAIL123';
    const ruleDetection = { ...detection, signals: ['retailer-rule'], url: IDENTITY, retailer: 'amazon' };

    /** An injection that answers only when released, and the API calls made before it did. */
    function heldInjection(result: unknown) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const inject = vi.fn(async () => {
        await released;
        return { result };
      });
      return { inject, release };
    }

    it('goes out while the page is being read, and only once; a page read before the answer gives the similar items their query', async () => {
      const tab = await fakeBrowser.tabs.create({ url: ADDRESS });
      const api = fakeApi(
        {
          '/products/lookup': () => json(200, { source: 'indexed', product: { ...product, productUrl: IDENTITY } }),
          '/products/search': () => json(200, { items: [product] }),
        },
        150,
      );
      const held = heldInjection(ruleDetection);
      startBackground({ fetch: api.fetch, inject: held.inject });
      const answer = message<TabState>('lookupTab', { tabId: tab.id! });
      await vi.waitFor(() => expect(api.calls.map((c) => c.path)).toEqual(['/products/lookup']));
      // The tracking and referral parts of the address never leave: the request names the product's identity URL.
      expect(api.calls[0]!.body).toEqual({ url: IDENTITY });
      held.release();
      const state = (await answer).value!;
      // The page was read while the lookup was out: its title asked for the similar items, and the lookup was joined.
      expect(api.calls.map((c) => c.path)).toEqual(['/products/lookup', '/products/search']);
      expect(api.calls[1]!.body).toMatchObject({ q: 'Trail Bottle 750 ml' });
      expect(state.lookup).toMatchObject({ phase: 'done', data: { product: { productUrl: IDENTITY } } });
      expect(state.similar.data?.query).toBe('Trail Bottle 750 ml');
      // Opened again later: the cache answers, and the address starts nothing either.
      await new Promise((resolve) => setTimeout(resolve, JOIN_MS + 20));
      expect((await message<TabState>('lookupTab', { tabId: tab.id! })).value?.lookup.phase).toBe('done');
      expect(api.calls).toHaveLength(2);
    });

    it('a record that answers before the page is read is shown at once, and its title asks for the similar items', async () => {
      const tab = await fakeBrowser.tabs.create({ url: ADDRESS });
      const api = fakeApi({
        '/products/lookup': () => json(200, { source: 'indexed', product: { ...product, productUrl: IDENTITY } }),
        '/products/search': () => json(200, { items: [product, { ...product, uuid: 'p2', productUrl: 'https://shop.example/products/other', title: 'Other' }] }),
      });
      const held = heldInjection(ruleDetection);
      const stored = statesStored(tab.id!);
      startBackground({ fetch: api.fetch, inject: held.inject });
      const answer = message<TabState>('lookupTab', { tabId: tab.id! });
      // The page still unread: the record, then the similar items asked for by its title.
      await vi.waitFor(async () =>
        expect(await tabStateItem(tab.id!).getValue()).toMatchObject({ detect: { phase: 'pending' }, pageUrl: IDENTITY, lookup: { phase: 'done' }, similar: { phase: 'done' } }),
      );
      expect(api.calls.map((c) => c.path)).toEqual(['/products/lookup', '/products/search']);
      expect(api.calls[1]!.body).toMatchObject({ q: 'Trail Bottle' });
      const early = (await tabStateItem(tab.id!).getValue())!;
      expect(early.similar.data?.items.map((i) => i.uuid)).toEqual(['p2']);
      const shownAt = stored().length;
      held.release();
      const state = (await answer).value!;
      // Read, the page asks for nothing more, and nothing shown goes back to loading.
      expect(api.calls).toHaveLength(2);
      expect(state.detect.phase).toBe('done');
      expect(state.similar.data).toEqual(early.similar.data);
      for (const p of stored().slice(shownAt)) expect([p.lookup.phase, p.similar.phase]).toEqual(['done', 'done']);
    });

    it('tells the popup of a retry it met before the page was read', async () => {
      const tab = await fakeBrowser.tabs.create({ url: ADDRESS });
      let lookups = 0;
      const api = fakeApi({
        // (the retry's answer comes well after the page has been read: the retry is still news then)
        '/products/lookup': async () =>
          ++lookups === 1
            ? json(503, { detail: 'Service temporarily unavailable' })
            : new Promise<Response>((resolve) => setTimeout(() => resolve(json(200, { source: 'indexed', product: { ...product, productUrl: IDENTITY } })), 300)),
        '/products/search': () => json(200, { items: [] }),
      });
      const stored = statesStored(tab.id!);
      const held = heldInjection(ruleDetection);
      startBackground({ fetch: api.fetch, inject: held.inject });
      const answer = message<TabState>('lookupTab', { tabId: tab.id! });
      await vi.waitFor(() => expect(api.calls.length).toBeGreaterThanOrEqual(1)); // (the retry may be out already: its wait is random)
      await new Promise((resolve) => setTimeout(resolve, 40));
      held.release();
      const state = (await answer).value!;
      expect(state.lookup.phase).toBe('done');
      expect(lookups).toBe(2);
      expect(stored().some((p) => p.lookup.phase === 'loading' && p.lookup.error?.status === 503 && p.lookup.retryAt !== undefined)).toBe(true);
    });

    it('a retry that has since been answered is not replayed: the record shown stays', async () => {
      const tab = await fakeBrowser.tabs.create({ url: ADDRESS });
      let lookups = 0;
      const api = fakeApi({
        '/products/lookup': () => (++lookups === 1 ? json(503, { detail: 'Service temporarily unavailable' }) : json(200, { source: 'indexed', product: { ...product, productUrl: IDENTITY } })),
        '/products/search': () => json(200, { items: [] }),
      });
      const stored = statesStored(tab.id!);
      const held = heldInjection(ruleDetection);
      startBackground({ fetch: api.fetch, inject: held.inject });
      const answer = message<TabState>('lookupTab', { tabId: tab.id! });
      await vi.waitFor(async () => expect((await tabStateItem(tab.id!).getValue())?.lookup.phase).toBe('done'), { timeout: 3000 });
      const shownAt = stored().length;
      held.release();
      expect((await answer).value?.lookup.phase).toBe('done');
      expect(lookups).toBe(2);
      expect(stored().slice(shownAt).map((p) => p.lookup.phase)).not.toContain('loading');
    });

    it('an address no rule knows starts nothing before the page is read', async () => {
      const api = fakeApi({ '/products/lookup': () => json(200, { source: 'indexed', product }), '/products/search': () => json(200, { items: [] }) });
      const held = heldInjection(detection);
      startBackground({ fetch: api.fetch, inject: held.inject });
      const answer = message<TabState>('lookupTab', { tabId });
      await vi.waitFor(() => expect(held.inject).toHaveBeenCalled());
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(api.calls).toHaveLength(0);
      held.release();
      expect((await answer).value?.lookup.phase).toBe('done');
      expect(api.calls.map((c) => c.path)).toEqual(['/products/lookup', '/products/search']);
    });

    it('without a key, nothing goes out', async () => {
      await removeKey();
      const tab = await fakeBrowser.tabs.create({ url: ADDRESS });
      const api = fakeApi({});
      startBackground({ fetch: api.fetch, inject: async () => ({ result: ruleDetection }) });
      const state = (await message<TabState>('lookupTab', { tabId: tab.id! })).value!;
      expect(state.configured).toBe(false);
      expect(api.calls).toHaveLength(0);
    });
  });

  it('a lookup still in flight when the tab navigates away never lands on the new page', async () => {
    const api = fakeApi(
      {
        '/products/lookup': () => json(200, { source: 'indexed', product }),
        '/products/search': () => json(200, { items: [] }),
      },
      200,
    );
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    const answer = message<TabState>('lookupTab', { tabId });
    await vi.waitFor(() => expect(api.calls.length).toBeGreaterThan(0));
    await fakeBrowser.tabs.update(tabId, { url: 'https://shop.example/products/another' });
    await answer;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const state = await tabStateItem(tabId).getValue();
    expect(state?.pageUrl).toBe('https://shop.example/products/another');
    expect(state?.lookup.data).toBeUndefined();
    expect(vi.mocked(setTabPopup).mock.calls.at(-1)?.[1]).toBe(`popup.html?for=${tabId}`);
  });
});
