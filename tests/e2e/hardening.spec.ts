/**
 * What pages and a full browser cannot do to Octolens (issue #21), in real Chromium: a session area past its quota,
 * a page that churns its product, a page that claims another site's product, a page that never finishes.
 */
import type { Page } from '@playwright/test';
import { spaProducts } from '../../sandbox/demo/index';
import { envelope, tabKey, type MessageType } from '../../lib/wire';
import { demoProduct, expect, test, type Extension } from './fixtures';

/** Send the background a message from an extension page, as the popup does; resolves with its answer. */
async function ask(page: Page, type: MessageType, data: unknown): Promise<{ ok: boolean; value?: any; error?: any }> {
  return page.evaluate((message) => (globalThis as any).chrome.runtime.sendMessage(message), envelope(type, data as never));
}

/** An extension page to send messages from (the options page: it starts no lookup of its own). */
async function extensionPage(ext: Extension): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(ext.optionsUrl);
  return page;
}

const sessionBytes = (page: Page) => page.evaluate(() => (globalThis as any).chrome.storage.session.getBytesInUse(null) as Promise<number>);
const QUOTA = 10 * 1024 * 1024;

test.describe('storage.session never fills up, and a full one fails nothing', () => {
  test('more than 10 MB worth of distinct searches and lookups: the area stays bounded, search and lookup still answer', async ({ ext, sandbox }) => {
    test.setTimeout(180_000);
    await ext.configure();
    const from = await extensionPage(ext);
    let answered = 0;
    for (let i = 0; i < 400; i++) {
      // Every query distinct, every page full: ~30 kB a page, 12 MB in all.
      const answer = await ask(from, 'searchProducts', { request: { q: ['jacket', 'kettle', 'bottle', 'headphones', 'mug'][i % 5] + ` ${i}`, limit: 50 } });
      if (answer.ok) answered += 1;
      else throw new Error(`search ${i} failed: ${JSON.stringify(answer.error)}`);
    }
    expect(answered).toBe(400);
    // Lookups of distinct products, each by a click.
    const { page, tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 0).productUrl);
    for (let i = 0; i < 12; i++) {
      await page.goto(demoProduct(sandbox, 'jsonld', i).productUrl);
      const state = await ask(from, 'lookupTab', { tabId, force: true });
      expect(state.value?.lookup.phase, `lookup ${i}`).toBe('done');
    }
    const used = await sessionBytes(from);
    const byKind = await from.evaluate(async () => {
      const all = (await (globalThis as any).chrome.storage.session.get(null)) as Record<string, unknown>;
      const sizes: Record<string, number> = {};
      for (const [k, v] of Object.entries(all)) {
        const kind = k.split(':').slice(0, 2).join(':');
        sizes[kind] = (sizes[kind] ?? 0) + k.length + JSON.stringify(v).length;
      }
      return sizes;
    });
    // (what each kind takes, as JSON, should the bound below ever fail)
    test.info().annotations.push({ type: 'session bytes', description: `${used} in all; JSON: ${JSON.stringify(byKind)}` });
    expect(used).toBeLessThan(QUOTA / 2);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: demoProduct(sandbox, 'jsonld', 11).title!, exact: true })).toBeVisible();
  });

  test('with the area already full, a search and a lookup still answer', async ({ ext, sandbox }) => {
    await ext.configure();
    const from = await extensionPage(ext);
    // Something else filled the area to within a few kB of its quota.
    const filled = await from.evaluate(async (quota: number) => {
      const s = (globalThis as any).chrome.storage.session;
      for (let i = 0; ; i++) {
        try {
          await s.set({ [`filler-${i}`]: 'x'.repeat(i < 9 ? 1024 * 1024 : 4 * 1024) });
        } catch {
          if (i >= 9) return s.getBytesInUse(null) as Promise<number>;
        }
        if (i > 2000) return s.getBytesInUse(null);
      }
    }, QUOTA);
    expect(filled).toBeGreaterThan(QUOTA - 16 * 1024);
    const search = await ask(from, 'searchProducts', { request: { q: 'kettle', limit: 50 } });
    expect(search.ok).toBe(true);
    expect(search.value.items.length).toBeGreaterThan(0);
    const product = demoProduct(sandbox, 'jsonld', 1);
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByRole('list', { name: 'Similar items' })).toBeVisible();
  });
});

test('a page that churns its product is stopped with a note after a few lookups; Retry follows it again', async ({ ext, sandbox }) => {
  test.setTimeout(60_000);
  await ext.configure();
  const store = 'trailhead';
  const { page, tabId } = await ext.openPage(`${sandbox.origin}/demo/${store}/spa`);
  await expect(page.locator('html')).toHaveAttribute('data-spa-ready', 'true');
  const popup = await ext.openPopup(tabId);
  const first = spaProducts(sandbox.demo.products.filter((p) => p.catalogKey === store))[0]!;
  await expect(popup.getByRole('heading', { name: first.title!, exact: true })).toBeVisible();
  const lookups = () => sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').length;
  // The page changes its address and canonical link every 600 ms, by itself, for as long as it likes (each change is
  // seen once the page has been quiet for the watcher's 300 ms), in front, as a page being used.
  await page.bringToFront();
  await page.evaluate(() => {
    let i = 0;
    (globalThis as any).churn = setInterval(() => {
      i += 1;
      history.pushState({}, '', `/demo/trailhead/spa/churn-${i}`);
      document.querySelector('link[rel=canonical]')?.setAttribute('href', location.href);
    }, 600);
  });
  const note = popup.getByRole('alert');
  await expect(note).toContainText('stopped following it', { timeout: 20_000 });
  const atStop = lookups();
  // The click's lookup, then at most 8 follow-ups, not one per change.
  expect(atStop).toBeGreaterThan(1);
  expect(atStop).toBeLessThanOrEqual(1 + 8);
  await page.waitForTimeout(2500);
  expect(lookups()).toBe(atStop);
  await page.evaluate(() => clearInterval((globalThis as any).churn));
  await note.getByRole('button', { name: 'Retry' }).click();
  // Read again: the product the page shows now is looked up (an address the catalog does not know here).
  await expect(popup.getByText(/stopped following it/)).toHaveCount(0);
  await expect.poll(lookups).toBe(atStop + 1);
});

test("a page claiming to be another site's product is not looked up as that product", async ({ ext, sandbox }) => {
  await ext.configure();
  const product = demoProduct(sandbox, 'jsonld', 3);
  const html = (await (await fetch(product.productUrl)).text()).replace(/<link rel="canonical"[^>]*>/, '<link rel="canonical" href="https://www.amazon.com/dp/B0TRAIL123">');
  const address = `${sandbox.origin}/claims/amazon-product`;
  await ext.context.route(address, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  const { tabId } = await ext.openPage(address);
  const popup = await ext.openPopup(tabId);
  await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
  const looked = sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').map((e) => (e.body as { url: string }).url);
  expect(looked).toEqual([address]);
});

test('a page that cannot be read in time says so, with a Retry that works', async ({ ext, sandbox }) => {
  await ext.configure({ timeouts: { readPage: 1500 } });
  const product = demoProduct(sandbox, 'jsonld', 4);
  let hold = true;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await ext.context.route(`${sandbox.origin}/held/script.js`, async (route) => {
    if (hold) await released;
    await route.fulfill({ status: 200, contentType: 'text/javascript', body: '' });
  });
  // The product's own page, its parsing held by a script that does not come.
  const html = (await (await fetch(product.productUrl)).text()).replace('<body>', '<body><script src="/held/script.js"></script>');
  await ext.context.route(product.productUrl, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  const { tabId } = await ext.openPage(product.productUrl, 'commit');
  const popup = await ext.openPopup(tabId);
  const alert = popup.getByRole('alert');
  await expect(alert).toContainText('Reading this page took more than 2 s; it may still be loading.', { timeout: 10_000 });
  hold = false;
  release();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
  // The stored state is the product's now.
  const worker = await ext.worker();
  const stored = await worker.evaluate(async (key: string) => (await (globalThis as any).chrome.storage.session.get(key))[key], tabKey(tabId));
  expect(stored?.lookup?.phase).toBe('done');
});

test("a content script cannot put a record of its choosing in the popup", async ({ ext, sandbox }) => {
  await ext.configure();
  const product = demoProduct(sandbox, 'jsonld', 5);
  const { tabId } = await ext.openPage(product.productUrl);
  const popup = await ext.openPopup(tabId);
  await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
  // Code in the page's isolated world (where the detector runs) tries every channel the popup could hear.
  const worker = await ext.worker();
  const tried = await worker.evaluate(
    async ({ tabId, key }) => {
      const [{ result }] = await (globalThis as any).chrome.scripting.executeScript({
        target: { tabId },
        world: 'ISOLATED',
        args: [tabId, key],
        func: async (id: number, stateKey: string) => {
          const forged = {
            tabId: id,
            detect: { phase: 'done' },
            configured: true,
            lookup: { phase: 'done', data: { product: { uuid: 'x', productUrl: 'https://evil.example/buy', title: 'Forged record', images: [] } } },
            similar: { phase: 'idle' },
            updatedAt: Date.now() + 1e9,
          };
          const c = (globalThis as any).chrome;
          const outcomes: string[] = [];
          for (const message of [{ tag: 'octolens/tab-state', state: forged }, { tag: 'octolens/1', type: 'detected', data: forged }]) {
            outcomes.push(await c.runtime.sendMessage(message).then(() => 'sent', (e: Error) => `refused: ${e.message}`));
          }
          outcomes.push(await (c.storage?.session?.set({ [stateKey]: forged }) ?? Promise.reject(new Error('no session area'))).then(() => 'written', (e: Error) => `refused: ${e.message}`));
          return outcomes;
        },
      });
      return result as string[];
    },
    { tabId, key: tabKey(tabId) },
  );
  expect(tried.at(-1)).toMatch(/^refused/);
  await popup.waitForTimeout(500);
  await expect(popup.getByText('Forged record')).toHaveCount(0);
  await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
});
