/**
 * Past the 404 (#23), the background's half: "Look up from this page" reads the page only on the message, sends its
 * HTML and address once, to the API only, and makes the answer the tab's record through the lookup service (kept for a
 * reopened popup); what it refuses it refuses before sending anything, and the 404 stays. "More like this" compares
 * with the tab's record by uuid (indexed) or URL (resolved from the page), with the price preference asked for.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../lib/background';
import { JOIN_MS } from '../../lib/lookup/service';
import { capturePage, PAGE_HTML_MAX_BYTES, type CapturedPage } from '../../lib/page-capture';
import type { TabState } from '../../lib/state';
import { tabStateItem } from '../../lib/storage';
import { resetCredentials, saveKey } from './helpers/credentials';
import { FIXTURE, fakeApi, json, message } from './helpers/background';

vi.mock('../../lib/platform', () => import('./helpers/platform-mock'));
vi.mock('../../lib/page-capture', async (original) => ({ ...(await original<typeof import('../../lib/page-capture')>()), capturePage: vi.fn() }));

const { KEY, BASE, PAGE, product, detection } = FIXTURE;
const HTML = '<html><head><script type="application/ld+json">{"@type":"Product","name":"Trail Bottle"}</script></head><body>é</body></html>';
const resolved = { source: 'client_html', catalogKey: null, product: { uuid: null, productUrl: detection.url, title: 'Trail Bottle (from page)', images: [] } };
const capture = vi.mocked(capturePage);
const page = (over: Partial<CapturedPage> = {}): CapturedPage => ({ url: PAGE, bytes: HTML.length, html: HTML, documentId: 'doc-1', ...over });
const notFound = () => json(404, { detail: 'product_not_found' });

describe('page actions (background)', () => {
  let tabId: number;

  beforeEach(async () => {
    fakeBrowser.reset();
    resetCredentials();
    capture.mockReset();
    await saveKey(KEY, BASE);
    tabId = (await fakeBrowser.tabs.create({ url: PAGE })).id!;
  });

  /** A background whose lookup of the tab answered 404, and the API calls so far. */
  async function afterNotFound(answers: Parameters<typeof fakeApi>[0] = {}) {
    const api = fakeApi({ '/products/lookup': notFound, '/products/search': () => json(200, { items: [] }), ...answers });
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection, documentId: 'doc-1' }) });
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(state.lookup).toMatchObject({ phase: 'error', error: { status: 404 } });
    return api;
  }

  it('reads the page only when asked, sends its HTML and address once, to the API only, and shows the record from then on', async () => {
    const api = await afterNotFound({ '/products/resolve-from-html': () => json(200, resolved) });
    // Nothing of the page's HTML went anywhere with the lookup.
    expect(capture).not.toHaveBeenCalled();
    expect(api.calls.map((c) => c.path)).toEqual(['/products/lookup', '/products/search']);

    capture.mockResolvedValue(page());
    const answer = await message<TabState>('resolveFromPage', { tabId });
    expect(answer.ok).toBe(true);
    expect(capture).toHaveBeenCalledTimes(1);
    expect(capture).toHaveBeenCalledWith(tabId);
    const sent = api.calls.filter((c) => c.path === '/products/resolve-from-html');
    expect(sent).toHaveLength(1);
    // The address as lookups send it: tracking parameters removed.
    expect(sent[0]!.body).toEqual({ html: HTML, url: detection.url });
    expect(sent[0]!.auth).toBe(`Bearer ${KEY}`);
    expect(answer.value!.lookup).toMatchObject({ phase: 'done', data: { source: 'client_html', product: { title: 'Trail Bottle (from page)' } } });
    expect((await tabStateItem(tabId).getValue())?.lookup.data?.source).toBe('client_html');
    expect(JSON.stringify(answer)).not.toContain(KEY);

    // A reopened popup looks the tab up again: it finds the resolved record, not the 404, and sends nothing again.
    await new Promise((r) => setTimeout(r, JOIN_MS + 50));
    const again = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(again.lookup).toMatchObject({ phase: 'done', data: { source: 'client_html' } });
    expect(api.calls.filter((c) => c.path === '/products/resolve-from-html')).toHaveLength(1);
  });

  it('is refused from a content script: nothing read, nothing sent', async () => {
    const api = await afterNotFound();
    const answer = await message('resolveFromPage', { tabId }, { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId } });
    expect(answer.ok).toBe(false);
    expect(capture).not.toHaveBeenCalled();
    expect(api.calls.map((c) => c.path)).not.toContain('/products/resolve-from-html');
  });

  it('sends nothing for a page over 5 MiB, says so, and keeps the 404', async () => {
    const api = await afterNotFound();
    capture.mockResolvedValue(page({ html: undefined, bytes: PAGE_HTML_MAX_BYTES + 10 }));
    const answer = await message('resolveFromPage', { tabId });
    expect(answer.error).toMatchObject({ kind: 'request', operation: 'resolveProductFromHtml', detail: 'request_body_too_large' });
    expect(api.calls.map((c) => c.path)).not.toContain('/products/resolve-from-html');
    expect((await tabStateItem(tabId).getValue())?.lookup).toMatchObject({ phase: 'error', error: { status: 404 } });
  });

  it('sends nothing when the tab shows another document or site than the one looked up', async () => {
    const api = await afterNotFound();
    capture.mockResolvedValueOnce(page({ documentId: 'doc-2' }));
    expect((await message('resolveFromPage', { tabId })).error).toMatchObject({ detail: 'page_changed' });
    capture.mockResolvedValueOnce(page({ url: 'https://elsewhere.example/p', documentId: undefined }));
    expect((await message('resolveFromPage', { tabId })).error).toMatchObject({ detail: 'page_changed' });
    capture.mockRejectedValueOnce(new Error('Frame with ID 0 was removed.'));
    expect((await message('resolveFromPage', { tabId })).error).toMatchObject({ detail: 'page_unreadable' });
    expect(api.calls.map((c) => c.path)).not.toContain('/products/resolve-from-html');
  });

  it("passes the service's errors on (404 on this page, 429 with Retry-After, 413) and keeps the 404 in view", async () => {
    const answers = [
      json(404, { detail: 'product_not_found' }),
      json(429, { detail: 'product_resolution_rate_limited' }, { 'retry-after': '7' }),
      json(413, { detail: 'request_body_too_large' }),
    ];
    await afterNotFound({ '/products/resolve-from-html': () => answers.shift()! });
    capture.mockResolvedValue(page());
    expect((await message('resolveFromPage', { tabId })).error).toMatchObject({ kind: 'http', status: 404, operation: 'resolveProductFromHtml' });
    expect((await message('resolveFromPage', { tabId })).error).toMatchObject({ status: 429, retryAfterSec: 7 });
    expect((await message('resolveFromPage', { tabId })).error).toMatchObject({ status: 413 });
    expect((await tabStateItem(tabId).getValue())?.lookup).toMatchObject({ phase: 'error', error: { status: 404, operation: 'lookupProduct' } });
  });

  it('does not make a record of a page the tab left while it was being resolved', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await afterNotFound({ '/products/resolve-from-html': async () => (await held, json(200, resolved)) });
    capture.mockResolvedValue(page());
    const answer = message<TabState>('resolveFromPage', { tabId });
    await new Promise((r) => setTimeout(r, 30));
    fakeBrowser.tabs.onUpdated.trigger(tabId, { url: 'https://shop.example/products/other' }, {} as never);
    release();
    const state = (await answer).value!;
    expect(state.pageUrl).toBe('https://shop.example/products/other');
    expect(state.lookup.phase).toBe('idle');
  });

  it('more like this: the indexed record by its uuid, with the price preference; the product itself left out', async () => {
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', catalogKey: 'shop', product }),
      '/products/search': () => json(200, { items: [] }),
      '/products/more-like-this': () => json(200, { items: [product, { ...product, uuid: 'p2', productUrl: 'https://shop.example/p2', title: 'Cheaper' }] }),
    });
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    await message('lookupTab', { tabId });
    const answer = await message<{ items: { uuid: string }[] }>('moreLikeThis', { tabId, pricePreference: 'lower' });
    expect(answer.value!.items.map((i) => i.uuid)).toEqual(['p2']);
    const call = api.calls.find((c) => c.path === '/products/more-like-this')!;
    expect(call.body).toEqual({ source: { uuid: 'p1' }, price_preference: 'lower', limit: 12 });
    expect(call.auth).toBe(`Bearer ${KEY}`);
    // Not from a content script.
    expect((await message('moreLikeThis', { tabId, pricePreference: 'any' }, { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId } })).ok).toBe(false);
    expect(api.calls.filter((c) => c.path === '/products/more-like-this')).toHaveLength(1);
  });

  it('more like this: a record resolved from the page by its URL, and its 404 passed on', async () => {
    const api = await afterNotFound({
      '/products/resolve-from-html': () => json(200, { ...resolved, product: { ...resolved.product, uuid: 'generated' } }),
      '/products/more-like-this': () => json(404, { detail: 'product_not_found' }),
    });
    capture.mockResolvedValue(page());
    await message('resolveFromPage', { tabId });
    const answer = await message('moreLikeThis', { tabId, pricePreference: 'higher' });
    expect(answer.error).toMatchObject({ status: 404, detail: 'product_not_found', operation: 'moreLikeThisProducts' });
    expect(api.calls.find((c) => c.path === '/products/more-like-this')!.body).toEqual({ source: { url: detection.url }, price_preference: 'higher', limit: 12 });
  });

  it('more like this with no record in the tab: a plain error, nothing sent', async () => {
    const api = await afterNotFound();
    expect((await message('moreLikeThis', { tabId, pricePreference: 'any' })).error).toMatchObject({ kind: 'request', operation: 'moreLikeThisProducts' });
    expect(api.calls.map((c) => c.path)).not.toContain('/products/more-like-this');
  });
});
