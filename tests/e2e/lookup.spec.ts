import { normalizeProductUrl } from '../../lib/octogen/urls';
import { DEMO_API_KEY } from '../../sandbox/server';
import { demoProduct, expect, fault, HELD_RETAILER_IDENTITY, openHeldRetailerPage, stopServiceWorkers, test } from './fixtures';

const KINDS = ['jsonld', 'microdata', 'opengraph', 'canonical'] as const;

test.describe('one-click lookup', () => {
  for (const kind of KINDS) {
    test(`shows the record and similar items on a ${kind} page`, async ({ ext, sandbox, consoleErrors }) => {
      await ext.configure();
      const product = demoProduct(sandbox, kind);
      const { tabId } = await ext.openPage(product.productUrl);
      const popup = await ext.openPopup(tabId);
      await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
      const similar = popup.getByRole('list', { name: 'Similar items' });
      await expect(similar.getByRole('listitem').first()).toBeVisible();
      // The product itself is not among its similar items.
      const links = await similar.getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links.length).toBeGreaterThan(0);
      expect(links).not.toContain(product.productUrl);
      await expect(popup.getByText(sandbox.catalog.catalog(product.catalogKey!)!.displayName).first()).toBeVisible();
      // Lookup and search went out together, each once.
      const api = sandbox.journal.list().filter((e) => e.path.startsWith('/v1/products/'));
      expect(api.map((e) => e.path).sort()).toEqual(['/v1/products/lookup', '/v1/products/search']);
      expect(consoleErrors).toEqual([]);
    });
  }

  test('similar items that answer before a slow record show once their short wait is over; the record comes above them', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 2);
    // Slow enough that the list's short wait for the record (150 ms) runs out first, even on a loaded machine.
    await fault(sandbox, { path: '/v1/products/lookup', delayMs: 4000 });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    const similar = popup.getByRole('list', { name: 'Similar items' });
    await expect(similar.getByRole('listitem').first()).toBeVisible();
    await expect(similar.locator('img').first()).toBeAttached();
    await expect(popup.getByRole('region', { name: 'This page' }).getByText('Looking up this product…')).toBeVisible();
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toHaveCount(0);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible({ timeout: 10_000 });
    // The record is above the list.
    const record = await popup.getByRole('heading', { name: product.title!, exact: true }).boundingBox();
    const list = await similar.boundingBox();
    expect(record!.y).toBeLessThan(list!.y);
  });

  test("an image that cannot be loaded gives way to the placeholder; the others load", async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 3);
    const { tabId } = await ext.openPage(product.productUrl);
    // The record's own image is a dead link (as real catalogs have); the similar items' images are fine.
    const dead = product.primaryImage!.cdnUrl ?? product.primaryImage!.url;
    await ext.context.route(dead, (route) => route.fulfill({ status: 404, body: 'gone' }));
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    const similar = popup.getByRole('list', { name: 'Similar items' });
    await expect(similar.locator('img').first()).toBeAttached({ timeout: 5000 });
    // The record keeps its title and price, without an image (no broken-image icon, no alt text in its place).
    await expect(popup.getByRole('img', { name: product.title!, exact: true })).toHaveCount(0);
    await expect(popup.locator(`img[src="${dead}"]`)).toHaveCount(0);
    // Every similar item's image that is left loaded: none of them is drawn as a broken image.
    await expect
      .poll(() => similar.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth === 0).length))
      .toBe(0);
  });

  test('a tracking-laden URL resolves to the same product, with the tracking parameters gone', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 1);
    const tracked = `${product.productUrl}?utm_source=newsletter&utm_medium=email&gclid=abc123&fbclid=xyz#reviews`;
    const { tabId } = await ext.openPage(tracked);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    const lookup = sandbox.journal.list().find((e) => e.path === '/v1/products/lookup')!;
    const sent = (lookup.body as { url: string }).url;
    expect(sent).not.toMatch(/utm_|gclid|fbclid|#/);
    expect(normalizeProductUrl(sent)).toBe(normalizeProductUrl(product.productUrl));
  });

  test('the canonical record shows identifiers, variants and copy as JSON', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = sandbox.demo.products.find((p) => p.variants.length > 1 && sandbox.demo.pageKind(p.productUrl) === 'jsonld')!;
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByText(product.identifiers!.gtin!)).toBeVisible();
    await popup.getByText(`${product.variants.length} variants`).click();
    await expect(popup.getByRole('table', { name: 'Variants' }).getByRole('row')).toHaveCount(product.variants.length + 1);
    await expect(popup.getByRole('link', { name: 'Open product page' })).toHaveAttribute('href', product.productUrl);
  });

  test('a page that is not a product offers the search box', async ({ ext, sandbox }) => {
    await ext.configure();
    const { tabId } = await ext.openPage(`${sandbox.origin}/demo/`);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: 'Not a product page' })).toBeVisible();
    await popup.getByRole('button', { name: 'Search your catalogs' }).click();
    await expect(popup.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
    await expect(popup.getByLabel('Search products')).toBeFocused();
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toEqual([]);
  });

  test('without a key the popup sends the user to options', async ({ ext, sandbox }) => {
    await ext.configure({ apiKey: null });
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld').productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: 'Sign in or add your API key' })).toBeVisible();
    const [options] = await Promise.all([ext.context.waitForEvent('page'), popup.getByRole('button', { name: 'Open options' }).click()]);
    await expect(options).toHaveURL(/options\.html/);
  });

  test('a popup opened before the page finished loading updates itself', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'microdata', 1);
    await fault(sandbox, { path: new URL(product.productUrl).pathname, delayMs: 2500 });
    const page = await ext.context.newPage();
    void page.goto(product.productUrl).catch(() => undefined);
    const worker = await ext.worker();
    let tabId: number | undefined;
    await expect
      .poll(async () => {
        tabId = await worker.evaluate(async (href: string) => {
          const tabs = await (globalThis as any).chrome.tabs.query({});
          return tabs.find((t: any) => t.url === href || t.pendingUrl === href)?.id;
        }, product.productUrl);
        return tabId;
      })
      .toBeDefined();
    const popup = await ext.openPopup(tabId!);
    await expect(popup.getByRole('tabpanel', { name: 'Product' }).getByText('Reading this page…')).toBeVisible();
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible({ timeout: 15_000 });
  });

  test('reopening the popup paints the cached record without new API calls', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 2);
    const { tabId } = await ext.openPage(product.productUrl);
    const first = await ext.openPopup(tabId);
    await expect(first.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
    await first.close();
    const before = sandbox.journal.list().filter((e) => e.path.startsWith('/v1/')).length;
    const second = await ext.openPopup(tabId);
    await expect(second.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(second.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/v1/')).length).toBe(before);
  });

  test("the toolbar button reopens a looked-up tab's popup with its record painted before the views load; a new page resets it", async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'microdata', 1);
    const { page, tabId } = await ext.openPage(product.productUrl);
    const first = await ext.openPopup(tabId);
    await expect(first.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
    await first.close();
    const worker = await ext.worker();
    const popupOf = () => worker.evaluate(async (id: number) => (await (globalThis as any).chrome.action.getPopup({ tabId: id })) as string, tabId);
    await expect.poll(async () => decodeURIComponent(await popupOf())).toContain(`"title":${JSON.stringify(product.title)}`);
    const url = await popupOf();
    expect(url).toMatch(new RegExp(`^chrome-extension://${ext.id}/popup\\.html\\?for=${tabId}#`));

    // What the button opens: the record is in the static shell, before React (which replaces the shell) has rendered,
    // painted by the page's first script from its address; with the service worker running or stopped.
    const before = sandbox.journal.list().filter((e) => e.path.startsWith('/v1/')).length;
    const reopen = async () => {
      const again = await ext.context.newPage();
      await again.addInitScript(() => {
        new MutationObserver(() => {
          const h = document.querySelector('[data-shell] h2.record-title');
          if (h && !(window as any).__shellTitle) (window as any).__shellTitle = h.textContent;
        }).observe(document, { subtree: true, childList: true });
      });
      await again.goto(url);
      await expect(again.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
      await expect(again.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
      expect(await again.evaluate(() => (window as any).__shellTitle)).toBe(product.title);
      const marks = await again.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
      await again.close();
      return marks;
    };
    expect(await reopen()).toContain('octolens:prepainted-from-address');
    // A stopped service worker is not started for the page (static routes), and the page is the same.
    await stopServiceWorkers(ext);
    expect(await reopen()).toContain('octolens:prepainted-from-address');
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/v1/')).length).toBe(before);

    // Another document in the tab: the browser drops the tab's own popup, and the background's new state for the tab
    // has no record, so the next page never opens with this one.
    await page.goto(demoProduct(sandbox, 'microdata', 2).productUrl);
    await expect.poll(async () => new URL(await popupOf()).hash).toBe('');
    expect(await popupOf()).toMatch(new RegExp(`^chrome-extension://${ext.id}/popup\\.html(\\?for=${tabId})?$`));
  });

  test("the popup's page request alone starts the lookup: no popup script needed", async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 4);
    const { tabId } = await ext.openPage(product.productUrl);
    // A popup page whose scripts never run: whatever happens is the background's doing, on the page request.
    const inert = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(inert);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await inert.goto(`chrome-extension://${ext.id}/popup.html?tab=${tabId}`);
    await expect.poll(() => sandbox.journal.list().filter((e) => e.path.startsWith('/v1/products/')).map((e) => e.path).sort()).toEqual([
      '/v1/products/lookup',
      '/v1/products/search',
    ]);
    const lookup = sandbox.journal.list().find((e) => e.path === '/v1/products/lookup')!;
    expect(normalizeProductUrl((lookup.body as { url: string }).url)).toBe(normalizeProductUrl(product.productUrl));
    await expect(inert.getByText('Reading this page…')).toBeVisible();

    const worker = await ext.worker();
    await expect
      .poll(() => worker.evaluate(async (id: number) => (await (globalThis as any).chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.lookup?.data?.product?.title, tabId))
      .toBe(product.title);
    // The page itself was not touched: it is the packaged one.
    await expect(inert.getByText('Reading this page…')).toBeVisible();
    await cdp.detach();
    // The popup itself, right after (its scripts running this time), shows it with no further API call.
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/v1/products/'))).toHaveLength(2);
  });

  test('the toolbar button opens the real popup, which looks up the active tab', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'opengraph', 4);
    const { page, tabId } = await ext.openPage(product.productUrl);
    await page.bringToFront();
    const worker = await ext.worker();
    // What a click on the toolbar button does (the popup is not a page Playwright can drive).
    await worker.evaluate(() => (globalThis as any).chrome.action.openPopup());
    await expect
      .poll(() => worker.evaluate(async () => ((await (globalThis as any).chrome.runtime.getContexts({ contextTypes: ['POPUP'] })) as unknown[]).length))
      .toBe(1);
    await expect
      .poll(() => worker.evaluate(async (id: number) => (await (globalThis as any).chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.lookup?.data?.product?.title, tabId))
      .toBe(product.title);
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toHaveLength(1);
  });

  test('the toolbar popup keeps one size while the answers come in; its panel scrolls, the tabs stay in view', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 5);
    // A record slow enough that the popup is seen first with "Reading…/Looking up…", then with the record.
    await fault(sandbox, { path: '/v1/products/lookup', delayMs: 1500 });
    // An extension page of ours reads the real popup's window (extension.getViews), as `npm run bench` does.
    const reader = await ext.context.newPage();
    await reader.goto(ext.optionsUrl);
    const { tabId } = await ext.openPage(product.productUrl);
    await ext.clickToolbarButton(tabId);
    const read = () =>
      reader.evaluate((title: string) => {
        const view = (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0] as Window | undefined;
        if (!view) return null;
        const d = view.document;
        const heading = [...d.querySelectorAll('h2')].some((h) => h.textContent === title);
        return { width: view.innerWidth, height: view.innerHeight, record: heading, similar: d.querySelectorAll('[aria-label="Similar items"] li').length };
      }, product.title!);
    await expect.poll(async () => (await read())?.height ?? 0).toBeGreaterThan(0);
    const first = (await read())!;
    expect(first.record).toBe(false);
    await expect.poll(async () => (await read())?.similar ?? 0, { timeout: 10_000 }).toBeGreaterThan(3);
    await expect.poll(async () => (await read())?.record, { timeout: 10_000 }).toBe(true);
    const last = (await read())!;
    // 400 × 600 all along (on a 1920 × 1080 screen: scripts/lib/extension.ts).
    expect([first.width, first.height, last.width, last.height]).toEqual([400, 600, 400, 600]);
    // The last similar item is reached by scrolling the panel, not the page: the header and the tabs stay where they
    // were.
    const placed = await reader.evaluate(() => {
      const view = (globalThis as any).chrome.extension.getViews({ type: 'popup' })[0] as Window;
      const d = view.document;
      const panel = d.querySelector('[role="tabpanel"]:not([hidden])') as HTMLElement;
      const items = panel.querySelectorAll('[aria-label="Similar items"] li');
      const lastItem = items[items.length - 1] as HTMLElement;
      const tabsBefore = d.querySelector('[role="tablist"]')!.getBoundingClientRect().top;
      const hiddenBefore = lastItem.getBoundingClientRect().top >= panel.getBoundingClientRect().bottom;
      panel.scrollTop = panel.scrollHeight;
      return {
        hiddenBefore,
        scrolled: panel.scrollTop,
        tabsMoved: d.querySelector('[role="tablist"]')!.getBoundingClientRect().top - tabsBefore,
        lastItemInPanel: lastItem.getBoundingClientRect().bottom <= panel.getBoundingClientRect().bottom + 1,
      };
    });
    expect(placed).toEqual({ hiddenBefore: true, scrolled: expect.any(Number), tabsMoved: 0, lastItemInPanel: true });
    expect(placed.scrolled).toBeGreaterThan(0);
  });

  test('a lookup still on its way when the tab goes to another page never lands on that page', async ({ ext, sandbox }) => {
    await ext.configure();
    const [left, arrived] = [demoProduct(sandbox, 'jsonld', 3), demoProduct(sandbox, 'opengraph', 3)];
    await fault(sandbox, { path: '/v1/products/lookup', delayMs: 2500, times: 1 });
    const { page, tabId } = await ext.openPage(left.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('region', { name: 'This page' }).getByText('Looking up this product…')).toBeVisible();
    await page.goto(arrived.productUrl);
    // The slow answer about the page left comes in (the sandbox journals it), and is dropped.
    await expect.poll(() => sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup' && e.status === 200).length, { timeout: 10_000 }).toBe(1);
    await popup.waitForTimeout(300);
    const worker = await ext.worker();
    const stored = await worker.evaluate(async (id: number) => (await (globalThis as any).chrome.storage.session.get(`tab:${id}`))[`tab:${id}`], tabId);
    expect(stored?.lookup?.data?.product?.title).toBeUndefined();
    await expect(popup.getByRole('heading', { name: left.title!, exact: true })).toHaveCount(0);
    // A new click looks the new page up.
    await popup.close();
    const again = await ext.openPopup(tabId);
    await expect(again.getByRole('heading', { name: arrived.title!, exact: true })).toBeVisible();
    await expect(again.getByRole('heading', { name: left.title!, exact: true })).toHaveCount(0);
  });

  test('the key is sent only to the API: never to store pages', async ({ ext, sandbox }) => {
    await ext.configure();
    for (const kind of KINDS) {
      const { tabId } = await ext.openPage(demoProduct(sandbox, kind, 3).productUrl);
      const popup = await ext.openPopup(tabId);
      await expect(popup.getByRole('list', { name: 'Similar items' })).toBeVisible();
    }
    const journal = sandbox.journal.list();
    expect(journal.some((e) => e.path.startsWith('/demo/'))).toBe(true);
    for (const entry of journal) {
      const carriesKey = Boolean(entry.headers.authorization) || JSON.stringify(entry).includes('octo_live');
      expect(carriesKey, `${entry.method} ${entry.path}`).toBe(entry.path.startsWith('/v1/'));
    }
  });
});

test.describe("on a retailer's product page (a site the user granted)", () => {
  test.use({ grantedOrigins: ['https://www.amazon.com/*'] });
  const IDENTITY = HELD_RETAILER_IDENTITY;

  test('the record and its similar items show while the page is still loading, from its address alone', async ({ ext, sandbox }) => {
    await ext.configure();
    // The catalog knows this Amazon product: its record is the demo product's, at the Amazon address.
    const demo = demoProduct(sandbox, 'jsonld', 2);
    const known = await fetch(`${sandbox.baseUrl}/products/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: demo.productUrl }),
    }).then((r) => r.json() as Promise<{ product: { title: string } }>);
    await fault(sandbox, { path: '/v1/products/lookup', status: 200, body: { ...known, product: { ...known.product, productUrl: IDENTITY } } });
    sandbox.journal.clear();
    const { page, tabId, letGo, apiCalls } = await openHeldRetailerPage(ext, sandbox);
    const popup = await ext.openPopup(tabId);
    // The page unread, the lookup went out with the product's identity URL (the referral parts gone), and its record
    // named the product for the similar items.
    await expect(popup.getByRole('heading', { name: known.product.title, exact: true })).toBeVisible();
    await expect(popup.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
    expect(await page.evaluate(() => document.readyState)).toBe('loading');
    expect(apiCalls().map((e) => [e.path, e.body])).toEqual([
      ['/v1/products/lookup', { url: IDENTITY }],
      ['/v1/products/search', expect.objectContaining({ q: known.product.title })],
    ]);
    letGo();
    await page.waitForLoadState('load');
    // Read (the tab's state says so), the page asks for nothing again; the record and the similar items stay.
    const worker = await ext.worker();
    await expect
      .poll(() => worker.evaluate(async (id: number) => (await (globalThis as any).chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.detect?.phase, tabId))
      .toBe('done');
    await popup.waitForTimeout(200); // (time for a request the reading might have made to reach the sandbox)
    expect(apiCalls()).toHaveLength(2);
    await expect(popup.getByRole('heading', { name: known.product.title, exact: true })).toBeVisible();
    await expect(popup.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
  });

  test('a product in no catalog says so while the page is still loading; the page, once read, names it for the similar items', async ({ ext, sandbox }) => {
    await ext.configure();
    const { product, page, tabId, letGo, apiCalls } = await openHeldRetailerPage(ext, sandbox);
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => apiCalls().map((e) => [e.path, e.body])).toEqual([['/v1/products/lookup', { url: IDENTITY }]]);
    await expect(popup.getByRole('alert')).toContainText('Not in your catalogs');
    await expect(popup.getByText('Reading this page for similar items…')).toBeVisible();
    expect(await page.evaluate(() => document.readyState)).toBe('loading');
    letGo();
    await page.waitForLoadState('load');
    // Read, the page gives the title the similar items are searched by; the lookup is not made again.
    await expect(popup.getByRole('list', { name: 'Similar items' }).getByText(product.title!, { exact: true })).toBeVisible();
    await expect(popup.getByText('Reading this page for similar items…')).toHaveCount(0);
    await expect(popup.getByRole('alert')).toContainText('Not in your catalogs');
    expect(apiCalls().map((e) => e.path)).toEqual(['/v1/products/lookup', '/v1/products/search']);
    expect(apiCalls()[1]!.body).toMatchObject({ q: product.title });
  });
});
