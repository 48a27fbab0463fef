/**
 * Firefox: popup search, Ask with streaming (in the popup and in the sidebar, Firefox's side panel), automatic
 * detection with its badge, and what a content script's write to storage.local (open to it in Firefox) can change.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aria, demoProduct, eventually, field, launchFirefox, textOf, type Firefox } from './harness';

let ff: Firefox;
beforeAll(async () => {
  ff = await launchFirefox();
});
afterAll(async () => ff?.close());
beforeEach(async () => ff.reset());

async function openPopupOn(url: string, tab: 'Search' | 'Ask'): Promise<Page> {
  const { tabId } = await ff.openPage(url);
  const popup = await ff.openPopup(tabId);
  await popup.locator(aria('tab', tab)).click();
  return popup;
}

/** The label of the focused field. */
const focusedLabel = (page: Page) => page.evaluate(() => ((document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '').trim());

/** The elements' text under `selector`, in order. */
const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => (el.textContent ?? '').trim()));

describe('Firefox: popup search', () => {
  it('typing a query shows relevant results, announced with their count', async () => {
    const { sandbox } = ff;
    await ff.configure();
    const popup = await openPopupOn(`${sandbox.origin}/demo/`, 'Search');
    // Focus goes into the search box when the tab opens.
    await eventually('focus in the search box', () => focusedLabel(popup), (label) => label === 'Search products');
    await popup.locator(field('Search products')).fill('water bottle');
    await popup.locator(`${aria('list', 'Search results')} li`).wait();
    const top = (await texts(popup, `${aria('list', 'Search results')} .card-title`)).slice(0, 5);
    expect(top.length).toBeGreaterThan(0);
    expect(top.every((t) => /water bottle/i.test(t))).toBe(true);
    const statuses = await eventually('the result count announced', () => texts(popup, '[role="status"]'), (all) => all.some((t) => /results? for “water bottle”/.test(t)));
    expect(statuses.filter((t) => /results? for “water bottle”/.test(t))).toHaveLength(1);
    const searches = sandbox.journal.list().filter((e) => e.path === '/v1/products/search');
    expect((searches[searches.length - 1]!.body as { q: string }).q).toBe('water bottle');
  });
});

describe('Firefox: Ask', () => {
  const ask = async (page: Page, question: string) => {
    await page.locator(field('Ask')).fill(question);
    await page.locator(aria('button', 'Send')).click();
  };
  /** The first paragraph of the answer under the question's article, as it streams in. */
  const answer = (page: Page, question: string) => textOf(page, `${aria('article', `Question: ${question}`)} .turn-answer p`);

  it('an answer streams into the conversation, with product cards', async () => {
    const { sandbox } = ff;
    await ff.configure({ agent: true });
    await fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify([{ path: '/catalog/search', eventDelayMs: 400 }]) });
    const popup = await openPopupOn(`${sandbox.origin}/demo/`, 'Ask');
    await eventually('focus in the Ask box', () => focusedLabel(popup), (label) => label === 'Ask');
    const question = 'water bottle under $40';
    await ask(popup, question);
    // Streaming: part of the answer shows while Stop is offered, before it is complete.
    await popup.locator(aria('button', 'Stop')).wait();
    const partial = await eventually('the first words', () => answer(popup, question), (t) => t !== '' && t !== 'Thinking…');
    await popup.waitForSelector(aria('button', 'Send'), { timeout: 20_000 });
    const full = await answer(popup, question);
    expect(full.length).toBeGreaterThan(partial.length);
    expect(full.startsWith(partial)).toBe(true);
    await popup.locator(`${aria('list', `Results for “${question}”`)} li`).wait();
    const calls = sandbox.journal.list().filter((e) => e.path === '/catalog/search');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['x-api-key']).toBeDefined();
    expect(calls[0]!.headers.authorization).toBeUndefined();
  });

  it('the sidebar (Firefox has no side panel) holds the same views, Ask among them', async () => {
    const { sandbox } = ff;
    await ff.configure({ agent: true });
    const manifest = await ff.control.evaluate(() => (globalThis as any).browser.runtime.getManifest());
    expect(manifest.sidebar_action.default_panel).toMatch(/\/sidepanel\.html$/);
    expect(manifest.side_panel).toBeUndefined();
    const sidebar = await ff.openExtensionPage('sidepanel.html');
    await sidebar.locator(aria('heading', 'Octolens')).wait();
    await sidebar.locator(aria('tab', 'Lookup')).wait();
    await sidebar.locator(aria('tab', 'Ask')).click();
    await ask(sidebar, 'kettle');
    await sidebar.waitForSelector(`${aria('list', 'Results for “kettle”')} li`, { timeout: 20_000 });
    expect(sandbox.journal.list().filter((e) => e.path === '/catalog/search')).toHaveLength(1);
  });
});

describe('Firefox: automatic detection', () => {
  it('on for the chosen site: products of covered stores get the badge; others are never looked up', async () => {
    const { sandbox } = ff;
    await ff.configure();
    const options = await ff.openExtensionPage('options.html');
    await options.locator(aria('checkbox', 'Detect products automatically')).click();
    await options.locator(aria('radio', 'Only on chosen sites')).click();
    await options.locator(field('Site')).fill(sandbox.origin);
    await options.locator(aria('button', 'Add site')).click();
    await options.locator(`${aria('list', 'Chosen sites')} li`).wait();
    await options.locator(aria('button', 'Save')).click();
    await eventually('the save status', () => textOf(options, aria('status', 'Save status')), (t) => t.startsWith('Saved'));
    await eventually(
      'the detector registered',
      () => ff.control.evaluate(async () => (await (globalThis as any).browser.scripting.getRegisteredContentScripts()).length as number),
      (n) => n === 1,
    );

    // A covered store (the sandbox's demo stores are listed by /domains): detected as it loads, looked up, badged.
    const product = demoProduct(sandbox, 'microdata', 2);
    const { tabId } = await ff.openPage(product.productUrl);
    await eventually('the in-catalog badge', () => ff.badge(tabId), (text) => text === '✓');
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toHaveLength(1);
    const title = await ff.control.evaluate((id: number) => (globalThis as any).browser.browserAction.getTitle({ tabId: id }), tabId);
    expect(title).toBe('Octolens: this product is in your catalogs');
    // The popup then paints the prefetched record at once.
    const popup = await ff.openPopup(tabId);
    await popup.locator(aria('heading', product.title!)).wait();

    // A page on a site that was not chosen (localhost, the same store): not read, not badged, nothing sent.
    sandbox.journal.clear();
    const other = await ff.openPage(product.productUrl.replace('127.0.0.1', 'localhost'));
    await other.page.waitForNetworkIdle({ idleTime: 500 });
    expect(await ff.badge(other.tabId)).toBe('');
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/v1/'))).toEqual([]);
  });
});

/** A second API origin on loopback that records every request (and answers 404). */
async function startRecorder() {
  const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers });
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('Firefox: a content script can write storage.local (Chrome can forbid it; Firefox cannot)', () => {
  it('yet settings it rewrites send no key elsewhere: the key goes only to the base URL saved with it', async () => {
    const { sandbox } = ff;
    const attacker = await startRecorder();
    try {
      await ff.configure({ agent: true });
      const product = demoProduct(sandbox, 'jsonld', 5);
      const { tabId } = await ff.openPage(product.productUrl);
      // Code in the extension's isolated world of the page (as the detector runs): read what it can, then rewrite the
      // settings to name another API and agent origin.
      const seen = await ff.control.evaluate(
        async ({ id, base }) => {
          const b = (globalThis as any).browser;
          const [injection] = await b.scripting.executeScript({
            target: { tabId: id },
            args: [base],
            func: async (to: string) => {
              const ext = (globalThis as any).browser;
              const local = await ext.storage.local.get(null);
              const settings = (local.settings ?? {}) as object;
              await ext.storage.local.set({ settings: { ...settings, baseUrl: `${to}/v1`, agent: { baseUrl: to } }, settings$: { v: 3 } });
              return { local, written: (await ext.storage.local.get('settings')).settings };
            },
          });
          return injection.result as { local: unknown; written: { baseUrl?: string } };
        },
        { id: tabId, base: attacker.origin },
      );
      // Firefox let it write (the gap), and there was no key to read.
      expect(seen.written.baseUrl).toBe(`${attacker.origin}/v1`);
      expect(JSON.stringify(seen.local)).not.toContain('octo_live');

      // A lookup and an Ask question afterwards still go to the sandbox, with their keys; the attacker gets nothing.
      const popup = await ff.openPopup(tabId);
      await popup.locator(aria('heading', product.title!)).wait();
      await popup.locator(aria('tab', 'Ask')).click();
      await popup.locator(field('Ask')).fill('kettle');
      await popup.locator(aria('button', 'Send')).click();
      await popup.waitForSelector(`${aria('list', 'Results for “kettle”')} li`, { timeout: 20_000 });
      expect(sandbox.journal.list().some((e) => e.path === '/v1/products/lookup' && e.headers.authorization)).toBe(true);
      expect(sandbox.journal.list().some((e) => e.path === '/catalog/search' && e.headers['x-api-key'])).toBe(true);
      expect(attacker.requests).toEqual([]);
    } finally {
      await attacker.close();
    }
  });
});
