/**
 * Accessibility: axe-core (WCAG 2.1 A and AA rules) on every user-visible state of the popup, the options page and
 * the side panel, in real Chromium, each reached as a user would reach it. A violation fails the test with its rule,
 * the elements it found and why.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_API_KEY } from '../../sandbox/server';
import { demoProduct, expect, fault, openHeldRetailerPage, test } from './fixtures';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The page's axe violations, one line each: rule, impact, the elements (at most 3) and the first failure message. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? ''}`)
        .join(' | ')}`,
  );
}

async function expectAccessible(page: Page, state: string) {
  expect(await violations(page), `axe violations in ${state}`).toEqual([]);
}

test.describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  // Each test runs axe on several states, a few seconds each on a loaded 2-core machine (seen past 45 s there).
  test.slow();
  test('the popup: record and similar items, the search tab with results and filters, Ask with an answer', async ({ ext, sandbox }) => {
    await ext.configure({ agent: true });
    const product = demoProduct(sandbox, 'jsonld', 7);
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
    await expectAccessible(popup, 'the product tab');
    await popup.getByText(/^\d+ variants$/).click();
    await expectAccessible(popup, 'the product tab with its variants open');

    await popup.getByRole('tab', { name: 'Search' }).click();
    await popup.getByLabel('Search products').fill('water bottle');
    await popup.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible();
    await popup.getByText('Filters', { exact: true }).click();
    await expectAccessible(popup, 'the search tab with results and filters');

    await popup.getByRole('tab', { name: 'Ask' }).click();
    await popup.getByRole('textbox', { name: 'Ask', exact: true }).fill('water bottle under $40');
    await popup.getByRole('button', { name: 'Send' }).click();
    await expect(popup.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 15_000 });
    await expect(popup.getByRole('link', { name: /^Sponsored: / }).first()).toBeVisible();
    await expectAccessible(popup, 'Ask with an answer and sponsored items');
  });

  test('the popup: not a product page, no key, and the lookup errors', async ({ ext, sandbox }) => {
    await ext.configure();
    const notProduct = await ext.openPage(`${sandbox.origin}/demo/`);
    let popup = await ext.openPopup(notProduct.tabId);
    await expect(popup.getByRole('heading', { name: 'Not a product page' })).toBeVisible();
    await expectAccessible(popup, 'not a product page');

    const errors: [number, string, string][] = [
      [404, 'product_not_found', 'Not in your catalogs'],
      [401, 'Invalid API key', 'API key rejected'],
      [500, 'Internal Server Error', ''],
    ];
    for (const [i, [status, detail, says]] of errors.entries()) {
      sandbox.faults.clear();
      await fault(sandbox, { path: '/v1/products/lookup', status, body: { detail }, times: 3 });
      const { tabId } = await ext.openPage(demoProduct(sandbox, 'microdata', 10 + i).productUrl);
      popup = await ext.openPopup(tabId);
      await expect(popup.getByRole('alert').first()).toContainText(says, { timeout: 15_000 });
      await expectAccessible(popup, `a ${status} from the lookup`);
    }

    await ext.configure({ apiKey: null });
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 13).productUrl);
    popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: 'Sign in or add your API key' })).toBeVisible();
    await expectAccessible(popup, 'no key');
  });

  test.describe("on a retailer's product page (a site the user granted)", () => {
    test.use({ grantedOrigins: ['https://www.amazon.com/*'] });

    test("the popup while the page is still being read: the lookup's answer, and the wait for its similar items", async ({ ext, sandbox }) => {
      await ext.configure();
      const { page, tabId, letGo } = await openHeldRetailerPage(ext, sandbox);
      const popup = await ext.openPopup(tabId);
      await expect(popup.getByRole('alert')).toContainText('Not in your catalogs');
      await expect(popup.getByText('Reading this page for similar items…')).toBeVisible();
      await expectAccessible(popup, 'the popup on a page still being read');
      letGo();
      await page.waitForLoadState('load');
    });
  });

  test('the options page: empty, a malformed key, a saved and tested key', async ({ ext, sandbox }) => {
    const page = await ext.context.newPage();
    await page.goto(ext.optionsUrl);
    await expect(page.getByLabel('API key', { exact: true })).toBeVisible();
    await expectAccessible(page, 'the options page, empty');
    await page.getByLabel('API key', { exact: true }).fill('octo_live_12345_notakey');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toContainText('Nothing was saved');
    await expectAccessible(page, 'the options page with a malformed key');
    await page.getByLabel('API key', { exact: true }).fill(DEMO_API_KEY);
    await page.getByLabel('API base URL').fill(sandbox.baseUrl);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('status', { name: 'Connection status' })).toContainText('Connected to');
    await expectAccessible(page, 'the options page with a saved, tested key');
  });

  test('the side panel', async ({ ext, sandbox }) => {
    await ext.configure({ agent: true });
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.id}/sidepanel.html`);
    await expect(page.getByRole('textbox', { name: 'Ask', exact: true })).toBeVisible();
    await expectAccessible(page, 'the side panel');
    // The check can fail: axe runs in our extension pages (their CSP does not stop it) and sees what is planted there.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<button class="planted"></button><img class="planted" src="data:,">'));
    const planted = (await violations(page)).join('\n');
    expect(planted).toContain('button-name');
    expect(planted).toContain('image-alt');
  });

  test('the side panel: the Lookup view with a record, and a tab not looked up yet', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 8);
    const looked = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(looked.tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await popup.close();
    const worker = await ext.worker();
    const windowId = await worker.evaluate(async (id: number) => (await (globalThis as any).chrome.tabs.get(id)).windowId as number, looked.tabId);
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.id}/sidepanel.html?window=${windowId}`);
    await looked.page.bringToFront();
    await page.getByRole('tab', { name: 'Lookup' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Lookup' }).getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expectAccessible(page, 'the side panel: Lookup with a record');
    const other = await ext.openPage(demoProduct(sandbox, 'jsonld', 9).productUrl);
    await other.page.bringToFront();
    await expect(page.getByRole('heading', { name: 'Not looked up yet' })).toBeVisible();
    await expectAccessible(page, 'the side panel: Lookup, a tab not looked up yet');
  });

  test('the History page: empty, with lookups and their charts, filtered to nothing', async ({ ext, sandbox }) => {
    await ext.configure();
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.id}/history.html`);
    await expect(page.getByRole('heading', { name: 'No lookups yet' })).toBeVisible();
    await expectAccessible(page, 'the History page, empty');
    for (const index of [10, 11]) {
      const product = demoProduct(sandbox, 'microdata', index);
      const { tabId } = await ext.openPage(product.productUrl);
      const popup = await ext.openPopup(tabId);
      await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
      await popup.close();
    }
    await expect(page.getByRole('list', { name: 'Lookup history' }).getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('img', { name: /^Price history of / })).toHaveCount(2);
    await expectAccessible(page, 'the History page with lookups and charts');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('nothing matches this');
    await expect(page.getByText('No lookups match the filter.')).toBeVisible();
    await expectAccessible(page, 'the History page filtered to nothing');
  });
});
