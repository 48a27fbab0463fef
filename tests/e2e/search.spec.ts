import type { Page } from '@playwright/test';
import { expect, fault, test, type Extension } from './fixtures';

async function openSearch(ext: Extension, origin: string): Promise<Page> {
  const { tabId } = await ext.openPage(`${origin}/demo/`);
  const popup = await ext.openPopup(tabId);
  await popup.getByRole('tab', { name: 'Search' }).click();
  await expect(popup.getByLabel('Search products')).toBeFocused();
  return popup;
}

const results = (popup: Page) => popup.getByRole('list', { name: 'Search results' });
const titles = (popup: Page) => results(popup).locator('.card-title').allTextContents();

test.describe('popup search', () => {
  test('typing a query shows relevant results, announced with their count', async ({ ext, sandbox }) => {
    await ext.configure();
    const popup = await openSearch(ext, sandbox.origin);
    await popup.getByLabel('Search products').pressSequentially('water bottle', { delay: 20 });
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
    const top = (await titles(popup)).slice(0, 5);
    expect(top.every((t) => /water bottle/i.test(t))).toBe(true);
    await expect(popup.getByRole('status').filter({ hasText: /results? for “water bottle”/ })).toHaveCount(1);
    // Debounced: typing 12 characters sent far fewer searches.
    const searches = sandbox.journal.list().filter((e) => e.path === '/v1/products/search');
    expect(searches.length).toBeLessThanOrEqual(3);
    expect((searches[searches.length - 1]!.body as { q: string }).q).toBe('water bottle');
  });

  test('the catalog filter narrows results', async ({ ext, sandbox }) => {
    await ext.configure();
    const popup = await openSearch(ext, sandbox.origin);
    await popup.getByLabel('Search products').fill('kettle');
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
    await popup.getByText('Filters').click();
    const hearth = sandbox.catalog.catalogs.find((c) => c.catalog === 'hearth')!;
    await popup.getByLabel('Catalog').selectOption({ label: hearth.displayName });
    await expect(popup.getByText(/results? for “kettle” in hearth/).first()).toBeVisible();
    const catalogs = await results(popup).locator('.card-catalog').allTextContents();
    expect(new Set(catalogs)).toEqual(new Set([hearth.displayName]));
  });

  test('without a catalog list (404 on /catalogs) the filter takes a typed key, without an error', async ({ ext, sandbox }) => {
    await ext.configure();
    await fault(sandbox, { path: '/v1/catalogs', status: 404, body: { detail: 'Not Found' }, times: 5 });
    const popup = await openSearch(ext, sandbox.origin);
    await popup.getByText('Filters').click();
    const catalog = popup.getByLabel('Catalog');
    await expect(catalog).toHaveAttribute('placeholder', 'Catalog key (optional)');
    await expect(popup.getByRole('alert')).toHaveCount(0);
    await catalog.fill('voltage');
    await popup.getByLabel('Search products').fill('headphones');
    await popup.getByLabel('Search products').press('Enter');
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
    const last = sandbox.journal.list().filter((e) => e.path === '/v1/products/search').pop()!;
    expect(last.body).toMatchObject({ q: 'headphones', catalog: 'voltage' });
  });

  test('price filters are validated and applied', async ({ ext, sandbox }) => {
    await ext.configure();
    const popup = await openSearch(ext, sandbox.origin);
    await popup.getByText('Filters').click();
    await popup.getByLabel('Minimum price').fill('50');
    await popup.getByLabel('Maximum price').fill('20');
    await expect(popup.getByText('The maximum must be at least the minimum.')).toBeVisible();
    await expect(popup.getByLabel('Maximum price')).toHaveAttribute('aria-invalid', 'true');
    await popup.getByLabel('Maximum price').fill('60');
    await popup.getByLabel('Search products').fill('bottle');
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
    const last = sandbox.journal.list().filter((e) => e.path === '/v1/products/search').pop()!;
    expect(last.body).toMatchObject({ q: 'bottle', price_min: 50, price_max: 60 });
    const prices = await results(popup).locator('.card-price').allTextContents();
    for (const p of prices) {
      const value = Number(p.replace(/[^0-9.]/g, ''));
      expect(value).toBeGreaterThanOrEqual(50);
      expect(value).toBeLessThanOrEqual(60);
    }
  });

  test('Load more appends the next page without duplicates', async ({ ext, sandbox }) => {
    await ext.configure();
    const popup = await openSearch(ext, sandbox.origin);
    // A browse by price alone matches the whole demo catalog (180 products): several pages.
    await popup.getByText('Filters').click();
    await popup.getByLabel('Minimum price').fill('1');
    await expect(results(popup).getByRole('listitem')).toHaveCount(20);
    await popup.getByRole('button', { name: 'Load more' }).click();
    await expect(results(popup).getByRole('listitem')).toHaveCount(40);
    const hrefs = await results(popup).getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(new Set(hrefs).size).toBe(40);
    const cursors = sandbox.journal.list().filter((e) => e.path === '/v1/products/search').map((e) => (e.body as { cursor?: string }).cursor);
    expect(cursors.filter(Boolean)).toHaveLength(1);
  });

  test('keyboard: arrows move through results, Enter opens one, Escape clears', async ({ ext, sandbox }) => {
    await ext.configure();
    const popup = await openSearch(ext, sandbox.origin);
    const field = popup.getByLabel('Search products');
    await field.fill('kettle');
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
    await field.press('ArrowDown');
    const links = results(popup).getByRole('link');
    await expect(links.nth(0)).toBeFocused();
    await popup.keyboard.press('ArrowDown');
    await expect(links.nth(1)).toBeFocused();
    const href = await links.nth(1).getAttribute('href');
    const [opened] = await Promise.all([ext.context.waitForEvent('page'), popup.keyboard.press('Enter')]);
    await expect(opened).toHaveURL(href!);
    await popup.bringToFront();
    await links.nth(1).focus();
    await popup.keyboard.press('Escape');
    await expect(field).toHaveValue('');
    await expect(field).toBeFocused();
    await expect(results(popup)).toHaveCount(0);
  });

  test('a 422 is shown on the field it names', async ({ ext, sandbox }) => {
    await ext.configure();
    await fault(sandbox, {
      path: '/v1/products/search',
      status: 422,
      body: { detail: [{ loc: ['body', 'price_min'], msg: 'Input should be greater than or equal to 0', type: 'greater_than_equal', input: -5 }] },
    });
    const popup = await openSearch(ext, sandbox.origin);
    await popup.getByLabel('Search products').fill('mug');
    await popup.getByLabel('Search products').press('Enter');
    await expect(popup.getByText('Input should be greater than or equal to 0')).toBeVisible();
    await expect(popup.getByLabel('Minimum price')).toHaveAttribute('aria-invalid', 'true');
  });

  test('a 429 shows the wait, then recovers by itself', async ({ ext, sandbox }) => {
    await ext.configure();
    // Three 429s: more than the background's own retries, so the popup shows the countdown.
    await fault(sandbox, { path: '/v1/products/search', status: 429, headers: { 'Retry-After': '40' }, body: { detail: 'rate_limit_exceeded' } });
    const popup = await openSearch(ext, sandbox.origin);
    await popup.getByLabel('Search products').fill('lamp');
    await popup.getByLabel('Search products').press('Enter');
    await expect(popup.getByRole('alert')).toContainText(/Rate limit reached.*Retrying in \d+ s/);
    await popup.getByRole('button', { name: 'Retry now' }).click();
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
    await expect(popup.getByRole('alert')).toHaveCount(0);
  });

  test('recent searches and the last query come back when the popup reopens', async ({ ext, sandbox }) => {
    await ext.configure();
    const popup = await openSearch(ext, sandbox.origin);
    await popup.getByLabel('Search products').fill('mug');
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
    await popup.close();
    const again = await openSearch(ext, sandbox.origin);
    await expect(again.getByLabel('Search products')).toHaveValue('mug');
    await expect(results(again).getByRole('listitem').first()).toBeVisible();
    await again.keyboard.press('Escape');
    await expect(again.getByRole('list', { name: 'Recent searches' }).getByRole('button', { name: 'mug' })).toBeVisible();
    await again.getByRole('button', { name: 'Clear recent searches' }).click();
    await expect(again.getByRole('list', { name: 'Recent searches' })).toHaveCount(0);
  });

  test('"Search similar items" opens the Search tab with the query prefilled', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = sandbox.demo.products.find((p) => sandbox.demo.pageKind(p.productUrl) === 'jsonld')!;
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await popup.getByRole('button', { name: 'Search similar items' }).click();
    await expect(popup.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
    await expect(popup.getByLabel('Search products')).toHaveValue(product.title!);
    await expect(results(popup).getByRole('listitem').first()).toBeVisible();
  });
});
