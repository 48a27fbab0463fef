/**
 * Past the 404 (#23), in real Chromium against the sandbox: a covered store's page the catalog does not index (a "new
 * arrival") answers 404; "Look up from this page" sends its HTML and address, once, only after the click, and shows
 * the record marked "Resolved from this page" (also in a reopened popup); "More like this" lists products like an
 * indexed record with each price preference. The journal shows the key only on API requests.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { moreLikeThis } from '../../sandbox/more-like-this';
import { demoProduct, expect, fault, test } from './fixtures';
import type { RunningSandbox } from '../../sandbox/start';

const newArrival = (sandbox: RunningSandbox, n = 1) => `${sandbox.demo.catalogs[0]!.sourceBaseUrl}/products/new-arrival-${n}`;
const resolveCalls = (sandbox: RunningSandbox) => sandbox.journal.list().filter((e) => e.path === '/v1/products/resolve-from-html');
const mltCalls = (sandbox: RunningSandbox) => sandbox.journal.list().filter((e) => e.path === '/v1/products/more-like-this');

async function axeClean(popup: Page) {
  const results = await new AxeBuilder({ page: popup }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The key went only to the API: never with a store page's request, never in a body. */
function keyOnlyToTheApi(sandbox: RunningSandbox) {
  const entries = sandbox.journal.list();
  const pages = entries.filter((e) => e.path.startsWith('/demo/'));
  expect(pages.length).toBeGreaterThan(0);
  expect(pages.filter((e) => e.headers.authorization || JSON.stringify(e).includes('octo_live'))).toEqual([]);
  const api = entries.filter((e) => e.path.startsWith('/v1/'));
  expect(api.length).toBeGreaterThan(0);
  expect(api.every((e) => e.headers.authorization?.startsWith('Bearer octo_live_'))).toBe(true);
  expect(entries.filter((e) => JSON.stringify(e.body ?? '').includes('octo_live'))).toEqual([]);
}

test.describe('past the 404', () => {
  test('a page the catalog does not index: 404, then Look up from this page shows the record, sent once and only after the click', async ({ ext, sandbox, consoleErrors }) => {
    await ext.configure();
    const url = newArrival(sandbox);
    const { tabId } = await ext.openPage(url);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByText('Not in your catalogs')).toBeVisible();
    const button = popup.getByRole('button', { name: 'Look up from this page' });
    await expect(button).toBeVisible();
    await expect(button).toHaveAccessibleDescription(/Sends this page's HTML \(up to 5 MiB\) and its address to Octogen/);
    await axeClean(popup);
    // Nothing of the page has left the browser yet.
    await popup.waitForTimeout(300);
    expect(resolveCalls(sandbox)).toEqual([]);
    expect(sandbox.journal.list().some((e) => e.path === '/v1/products/lookup' && e.status === 404)).toBe(true);

    await button.click();
    const record = popup.getByRole('article').filter({ hasText: 'Resolved from this page' });
    await expect(record.getByRole('heading', { name: /\(New Arrival\)$/ })).toBeVisible();
    await expect(record).toHaveAccessibleDescription(/Resolved from this page/);
    await expect(record.getByRole('heading', { name: /\(New Arrival\)$/ })).toBeFocused();
    await expect(popup.locator('[role="status"][aria-live="polite"]')).toHaveText(/^Resolved .* \(New Arrival\) from this page\./);
    await expect(popup.getByText('Not in your catalogs')).toHaveCount(0);
    const calls = resolveCalls(sandbox);
    expect(calls).toHaveLength(1);
    const body = calls[0]!.body as { html: string; htmlLength: number; url: string };
    expect(body.url).toBe(url);
    expect(body.html.startsWith('<html')).toBe(true);
    expect(body.htmlLength).toBeGreaterThan(500);
    expect(calls[0]!.status).toBe(200);
    await axeClean(popup);

    // A reopened popup shows the resolved record, and sends the page nowhere again.
    await popup.close();
    const again = await ext.openPopup(tabId);
    await expect(again.getByRole('article').filter({ hasText: 'Resolved from this page' })).toBeVisible();
    await again.waitForTimeout(300);
    expect(resolveCalls(sandbox)).toHaveLength(1);
    keyOnlyToTheApi(sandbox);
    expect(consoleErrors).toEqual([]);
  });

  test("the service's errors show beside the 404, which stays; Retry sends again", async ({ ext, sandbox }) => {
    await ext.configure();
    const { tabId } = await ext.openPage(newArrival(sandbox, 2));
    const popup = await ext.openPopup(tabId);
    await fault(sandbox, { path: '/v1/products/resolve-from-html', status: 503, times: 1 });
    await popup.getByRole('button', { name: 'Look up from this page' }).click();
    const notice = popup.getByRole('alert').filter({ hasText: 'Look up from this page: Service error' });
    await expect(notice).toBeVisible();
    await expect(popup.getByText('Not in your catalogs')).toBeVisible();
    await notice.getByRole('button', { name: 'Retry' }).click();
    await expect(popup.getByRole('article').filter({ hasText: 'Resolved from this page' })).toBeVisible();
    expect(resolveCalls(sandbox).map((e) => e.status)).toEqual([503, 200]);
  });

  test('More like this lists products like the record with each price preference, each asked once, on the click only', async ({ ext, sandbox }) => {
    await ext.configure();
    // A product with cheaper and dearer products like it (the sandbox's own ranking says which).
    const product = Array.from({ length: 20 }, (_, i) => demoProduct(sandbox, 'jsonld', i)).find((p) =>
      (['lower', 'higher'] as const).every((pricePreference) => moreLikeThis(sandbox.catalog.products, p, { pricePreference, limit: 12 }).items.length > 0),
    )!;
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    const price = popup.getByRole('group', { name: 'Price' });
    await price.getByRole('radio', { name: 'Lower price' }).check();
    await price.getByRole('radio', { name: 'Any price' }).check();
    await popup.waitForTimeout(300);
    expect(mltCalls(sandbox)).toEqual([]);

    const list = popup.getByRole('list', { name: 'More like this' });
    await popup.getByRole('button', { name: 'More like this' }).click();
    await expect(list.getByRole('listitem').first()).toBeVisible();
    await expect(list.getByRole('link', { name: new RegExp(`^${product.title!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })).toHaveCount(0);
    for (const preference of ['lower', 'higher'] as const) {
      await price.getByRole('radio', { name: preference === 'lower' ? 'Lower price' : 'Higher price' }).check();
      const expected = moreLikeThis(sandbox.catalog.products, product, { pricePreference: preference, limit: 12 }).items[0]!.title!;
      await expect(list.getByRole('listitem').first()).toContainText(expected);
      await expect(popup.locator('[role="status"][aria-live="polite"]')).toHaveText(new RegExp(`like this at a ${preference} price\\.$`));
    }
    await price.getByRole('radio', { name: 'Any price' }).check();
    await expect(list.getByRole('listitem').first()).toBeVisible();
    await axeClean(popup);
    const calls = mltCalls(sandbox);
    expect(calls.map((e) => (e.body as { price_preference: string }).price_preference)).toEqual(['any', 'lower', 'higher']);
    expect(calls.every((e) => (e.body as { source: { uuid?: string } }).source.uuid === product.uuid)).toBe(true);
    keyOnlyToTheApi(sandbox);
  });
});
