/**
 * Firefox: the options page (save, test connection), the one-click lookup on a demo store page, and where the key goes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../sandbox/server';
import { aria, demoProduct, field, eventually, launchFirefox, textOf, type Firefox } from './harness';

let ff: Firefox;
beforeAll(async () => {
  ff = await launchFirefox();
});
afterAll(async () => ff?.close());
beforeEach(async () => ff.reset());

describe('Firefox: options page', () => {
  it('saves a key and tests the connection against the sandbox', async () => {
    const { sandbox } = ff;
    const page = await ff.openExtensionPage('options.html');
    await page.locator(field('API key')).fill(DEMO_API_KEY);
    await page.locator(field('API base URL')).fill(sandbox.baseUrl);
    await page.locator(aria('button', 'Save')).click();
    const saved = await eventually('the save status', () => textOf(page, aria('status', 'Save status')), (t) => t.startsWith('Saved'));
    expect(saved).toContain('Saved. Key octo_live_0c7a1e5d9b… is stored in this browser only.');
    // The field is cleared: the secret is not kept in the page.
    expect(await page.$eval(field('API key'), (el) => (el as HTMLInputElement).value)).toBe('');
    expect(await page.content()).not.toContain(DEMO_API_KEY);

    await page.locator(aria('button', 'Test connection')).click();
    const status = await eventually('the connection status', () => textOf(page, aria('status', 'Connection status')), (t) => t.includes('Connected'));
    expect(status).toContain('Connected to Demo Catalog Partner.');
    expect(status).toContain('octo_live_0c7a1e5d9b…');
    const me = sandbox.journal.list().filter((e) => e.path === '/v1/me');
    expect(me.length).toBeGreaterThan(0);
    expect(me[0]!.headers.authorization).toBe('Bearer octo_live_0c7a1e5d9b…');

    // Never in storage.local or sync (the key is in the extension's IndexedDB, with its base URL).
    const stored = await ff.control.evaluate(async () => {
      const b = (globalThis as any).browser;
      return JSON.stringify({ local: await b.storage.local.get(null), sync: await b.storage.sync.get(null) });
    });
    expect(stored).not.toContain('octo_live');
  });
});

describe('Firefox: one-click lookup', () => {
  it('shows the record and similar items on a demo product page', async () => {
    const { sandbox } = ff;
    await ff.configure();
    const product = demoProduct(sandbox, 'jsonld');
    const { tabId } = await ff.openPage(product.productUrl);
    const popup = await ff.openPopup(tabId);
    await popup.locator(aria('heading', product.title!)).wait();
    await popup.locator(`${aria('list', 'Similar items')} li`).wait();
    const links = await popup.$$eval(`${aria('list', 'Similar items')} a[href]`, (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBeGreaterThan(0);
    expect(links).not.toContain(product.productUrl);
    const api = sandbox.journal.list().filter((e) => e.path.startsWith('/v1/products/'));
    expect(api.map((e) => e.path).sort()).toEqual(['/v1/products/lookup', '/v1/products/search']);
  });

  it('sends the key only to the API: never to store pages', async () => {
    const { sandbox } = ff;
    await ff.configure();
    for (const kind of ['jsonld', 'microdata', 'opengraph', 'canonical'] as const) {
      const { tabId } = await ff.openPage(demoProduct(sandbox, kind, 3).productUrl);
      const popup = await ff.openPopup(tabId);
      await popup.locator(aria('list', 'Similar items')).wait();
    }
    const journal = sandbox.journal.list();
    expect(journal.some((e) => e.path.startsWith('/demo/'))).toBe(true);
    expect(journal.some((e) => e.path.startsWith('/v1/'))).toBe(true);
    for (const entry of journal) {
      const carriesKey = Boolean(entry.headers.authorization) || JSON.stringify(entry).includes('octo_live');
      expect(carriesKey, `${entry.method} ${entry.path}`).toBe(entry.path.startsWith('/v1/'));
    }
  });
});
