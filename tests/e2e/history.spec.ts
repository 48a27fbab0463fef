/**
 * Lookup history (issue #26), the popup's half: a product looked up, changed in the catalog (the sandbox's
 * `POST /__sandbox/products`), looked up again with Refresh shows what changed since the last lookup, from → to, with
 * the date of that lookup; a reopened popup paints it without asking the API; Clear history in the options page
 * empties the history. (The History page's checks are in the same file on the History page's branch.)
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, Worker } from '@playwright/test';
import { formatLookupTime } from '../../lib/history/describe';
import { formatPrice } from '../../lib/format';
import type { RunningSandbox } from '../../sandbox/start';
import { demoProduct, expect, test } from './fixtures';

async function changeProduct(sandbox: RunningSandbox, change: Record<string, unknown>) {
  const response = await fetch(`${sandbox.origin}/__sandbox/products`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(change) });
  expect(response.status).toBe(200);
}

/** How many lookups the extension's history holds (its IndexedDB, read in the background). */
const historyCount = (worker: Worker) =>
  worker.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('octolens-history');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) return resolve(0);
          const count = db.transaction('entries').objectStore('entries').count();
          count.onsuccess = () => (db.close(), resolve(count.result));
          count.onerror = () => reject(count.error);
        };
      }),
  );

/** axe-core's WCAG 2.1 A/AA violations on the page (rule ids and where). */
const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

const lookups = (sandbox: RunningSandbox) => sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').length;

test.describe('lookup history: changes since your last lookup', () => {
  // axe runs on two states, a few seconds each on a loaded 2-core machine.
  test.slow();
  test('Refresh shows the price and availability changes with their previous values and date; Clear history empties it', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 4);
    const original = { currentPrice: product.currentPrice ?? null, originalPrice: product.originalPrice ?? null, inStock: product.inStock ?? null };
    expect(product.inStock).toBe(true);
    const before = product.currentPrice!;
    const after = Math.round((before - 3) * 100) / 100;
    const money = (amount: number) => formatPrice(amount, product.currency, 'en-US')!;
    const startedAt = Date.now();
    try {
      const { tabId } = await ext.openPage(product.productUrl);
      let popup: Page = await ext.openPopup(tabId);
      await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
      const worker = await ext.worker();
      await expect.poll(() => historyCount(worker)).toBe(1);
      // A first lookup has nothing to compare with.
      await expect(popup.getByRole('region', { name: 'Changes since your last lookup' })).toHaveCount(0);

      await changeProduct(sandbox, { productUrl: product.productUrl, currentPrice: after, inStock: false });
      const refresh = popup.getByRole('button', { name: 'Refresh', exact: true });
      await refresh.click();
      const changes = popup.getByRole('region', { name: 'Changes since your last lookup' });
      await expect(changes).toBeVisible();
      const items = changes.getByRole('list', { name: 'Changes' }).getByRole('listitem');
      await expect(items).toHaveText([`Price: ${money(before)} → ${money(after)} (lower)`, 'Availability: In stock → Out of stock']);
      // The date of the previous lookup, as the user's locale writes it.
      const time = changes.locator('time');
      const previousAt = Date.parse((await time.getAttribute('datetime'))!);
      expect(previousAt).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(previousAt).toBeLessThan(Date.now());
      await expect(time).toHaveText(formatLookupTime(previousAt, 'en-US'));
      await expect(changes).toContainText('Last looked up');
      // Announced.
      await expect(popup.getByRole('status').filter({ hasText: 'Changes since your last lookup' })).toContainText(
        `Price ${money(before)} to ${money(after)} (lower); Availability In stock to Out of stock`,
      );
      // Focus stays on Refresh.
      await expect(refresh).toBeFocused();
      expect(await axeViolations(popup)).toEqual([]);
      await expect.poll(() => historyCount(worker)).toBe(2);

      // A reopened popup paints the changes with the tab's state, without asking the API again.
      const asked = lookups(sandbox);
      await popup.close();
      popup = await ext.openPopup(tabId);
      await expect(popup.getByRole('region', { name: 'Changes since your last lookup' }).getByRole('listitem')).toHaveCount(2);
      expect(lookups(sandbox)).toBe(asked);

      // Clear history in the options page (confirmed, announced) empties it.
      const options = await ext.context.newPage();
      await options.goto(ext.optionsUrl);
      const section = options.getByRole('region', { name: 'Lookup history' });
      await expect(section.getByText('2 lookups kept')).toBeVisible();
      await expect(section.getByRole('link', { name: 'Open lookup history' })).toHaveAttribute('href', `chrome-extension://${ext.id}/history.html`);
      await section.getByRole('button', { name: 'Clear history' }).click();
      const confirm = section.getByRole('group', { name: 'Clear the lookup history?' });
      await expect(confirm.getByRole('button', { name: 'Delete all lookups' })).toBeFocused();
      expect(await axeViolations(options)).toEqual([]);
      await confirm.getByRole('button', { name: 'Delete all lookups' }).click();
      await expect(section.getByRole('status', { name: 'Lookup history status' })).toHaveText('Lookup history cleared.');
      await expect(section.getByText('No lookups kept.')).toBeVisible();
      await expect(section.getByRole('button', { name: 'Clear history' })).toBeFocused();
      expect(await historyCount(worker)).toBe(0);

      // With nothing kept, the next lookup of a changed record has nothing to compare with.
      await changeProduct(sandbox, { productUrl: product.productUrl, currentPrice: before, inStock: true });
      await popup.getByRole('button', { name: 'Refresh', exact: true }).click();
      await expect.poll(() => historyCount(worker)).toBe(1);
      await expect(popup.getByText(money(before)).first()).toBeVisible();
      await expect(popup.getByRole('region', { name: 'Changes since your last lookup' })).toHaveCount(0);
    } finally {
      await changeProduct(sandbox, { productUrl: product.productUrl, ...original });
    }
  });

  test('with the history off, nothing is kept and no changes are shown', async ({ ext, sandbox }) => {
    await ext.configure();
    const options = await ext.context.newPage();
    await options.goto(ext.optionsUrl);
    const section = options.getByRole('region', { name: 'Lookup history' });
    const keep = section.getByRole('checkbox', { name: 'Keep a history of my lookups' });
    await expect(keep).toBeChecked();
    await keep.uncheck();
    await expect(section.getByRole('status', { name: 'Lookup history status' })).toContainText('Lookup history is off.');

    const product = demoProduct(sandbox, 'jsonld', 5);
    const original = { currentPrice: product.currentPrice ?? null };
    try {
      const { tabId } = await ext.openPage(product.productUrl);
      const popup = await ext.openPopup(tabId);
      await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
      await changeProduct(sandbox, { productUrl: product.productUrl, currentPrice: product.currentPrice! + 1 });
      const before = lookups(sandbox);
      await popup.getByRole('button', { name: 'Refresh', exact: true }).click();
      await expect.poll(() => lookups(sandbox)).toBe(before + 1);
      await expect(popup.getByRole('button', { name: 'Refresh', exact: true })).toHaveText('Refresh');
      await expect(popup.getByRole('region', { name: 'Changes since your last lookup' })).toHaveCount(0);
      expect(await historyCount(await ext.worker())).toBe(0);
    } finally {
      await changeProduct(sandbox, { productUrl: product.productUrl, ...original });
    }
  });
});
