/**
 * The History page: two lookups of a product with a catalog change between them (the sandbox's
 * `POST /__sandbox/products`), reached from the popup's header; its list, its chart's text alternative, the CSV export
 * (downloaded as a user would, parsed here field by field) and the filter.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { formatPrice } from '../../lib/format';
import { EXPORT_COLUMNS } from '../../lib/history/view';
import { csvRecords, parseCsv } from '../unit/helpers/csv';
import { demoProduct, expect, test, type Extension } from './fixtures';

async function lookUp(ext: Extension, url: string, title: string) {
  const { tabId } = await ext.openPage(url);
  const popup = await ext.openPopup(tabId);
  await expect(popup.getByRole('heading', { name: title, exact: true })).toBeVisible();
  return { tabId, popup };
}

async function downloadCsv(page: Page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^octolens-history-\d{4}-\d{2}-\d{2}\.csv$/);
  return readFile((await download.path())!, 'utf8');
}

test.describe('History page', () => {
  test('two lookups with a change between them: listed, charted with both prices, exported as CSV, filtered', async ({ ext, sandbox }) => {
    test.slow();
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 6);
    const other = demoProduct(sandbox, 'microdata', 6);
    const before = product.currentPrice!;
    const after = Math.round(before * 70) / 100;
    const price = (value: number) => formatPrice(value, product.currency, 'en-US')!;

    const { popup } = await lookUp(ext, product.productUrl, product.title!);
    await expect(popup.getByText(price(before)).first()).toBeVisible();
    const changed = await fetch(`${sandbox.origin}/__sandbox/products`, {
      method: 'POST',
      body: JSON.stringify({ productUrl: product.productUrl, currentPrice: after, inStock: false }),
    });
    expect(changed.status).toBe(200);
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await expect(popup.getByText(price(after)).first()).toBeVisible();
    await lookUp(ext, other.productUrl, other.title!);

    // From the popup's header, in a new tab.
    const [history] = await Promise.all([ext.context.waitForEvent('page'), popup.getByRole('button', { name: 'History' }).click()]);
    await expect(history).toHaveURL(/\/history\.html$/);
    const list = history.getByRole('list', { name: 'Lookup history' });
    await expect(list.getByRole('listitem')).toHaveCount(3);
    // Newest first.
    await expect(list.getByRole('listitem').first()).toContainText(other.title!);
    await expect(list.getByRole('listitem').nth(1)).toContainText(price(after));
    await expect(list.getByRole('listitem').nth(2)).toContainText(price(before));
    await expect(history.getByRole('status').filter({ hasText: 'lookups of' })).toHaveText('3 lookups of 2 products');

    const chart = history.getByRole('img', { name: `Price history of ${product.title}` });
    await expect(chart).toHaveAccessibleDescription(new RegExp(`^Catalog price: ${escape(price(before))} on .+, then ${escape(price(after))} on .+\\.`));
    const timeline = history.getByRole('list', { name: `Timeline of ${product.title}` });
    await expect(timeline.getByRole('listitem')).toHaveCount(2);
    await expect(timeline.getByRole('listitem').first()).toContainText(`Changed: Price ${price(before)} to ${price(after)} (lower); Availability In stock to Out of stock`);

    // Export CSV: every lookup shown, newest first, as the history has them.
    const csv = await downloadCsv(history);
    expect(parseCsv(csv)[0]).toEqual([...EXPORT_COLUMNS]);
    const rows = csvRecords(csv);
    expect(rows.map((r) => [r.title, r.catalog_price, r.availability])).toEqual([
      [other.title!, String(other.currentPrice), other.inStock === false ? 'out_of_stock' : 'in_stock'],
      [product.title!, String(after), 'out_of_stock'],
      [product.title!, String(before), 'in_stock'],
    ]);
    expect(rows[1]!.product_url).toBe(rows[2]!.product_url);
    expect(rows[1]!.currency).toBe(product.currency);
    expect(Date.parse(rows[1]!.looked_up_at!)).toBeGreaterThan(Date.parse(rows[2]!.looked_up_at!));
    expect(rows.every((r) => r.store === new URL(product.productUrl).hostname.replace(/^www\./, ''))).toBe(true);

    // The filter narrows the list, the products and the export alike.
    await history.getByRole('searchbox', { name: 'Filter' }).fill(product.title!);
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(history.getByRole('img', { name: `Price history of ${other.title}` })).toHaveCount(0);
    const filtered = csvRecords(await downloadCsv(history));
    expect(filtered.map((r) => r.catalog_price)).toEqual([String(after), String(before)]);

    await history.getByRole('searchbox', { name: 'Filter' }).fill('no such product anywhere');
    await expect(list).toHaveCount(0);
    await expect(history.getByText('No lookups match the filter.')).toBeVisible();
    await expect(history.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
    await history.getByRole('button', { name: 'Clear filter' }).click();
    await expect(history.getByRole('searchbox', { name: 'Filter' })).toBeFocused();
    await expect(list.getByRole('listitem')).toHaveCount(3);
  });

  test('empty: says so, with nothing to export', async ({ ext }) => {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.id}/history.html`);
    await expect(page.getByRole('heading', { name: 'No lookups yet' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Lookup history' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
