/**
 * An Arabic record with the UI in English (#27): the title reads right to left in its own isolated element, the UI
 * around it stays left to right, and its labels keep their order.
 */
import { RTL_DEMO } from '../../sandbox/demo/catalog';
import { expect, test } from './fixtures';

test('an Arabic title renders right to left without reordering the English UI around it', async ({ ext, sandbox }) => {
  await ext.configure();
  const product = sandbox.demo.products.find((p) => p.title === RTL_DEMO.title)!;
  expect(product).toBeDefined();
  const { tabId } = await ext.openPage(product.productUrl);
  const popup = await ext.openPopup(tabId);
  const title = popup.getByRole('heading', { name: RTL_DEMO.title, exact: true });
  await expect(title).toBeVisible();
  const directions = await title.evaluate((h) => ({
    own: getComputedStyle(h).direction,
    bidi: getComputedStyle(h).unicodeBidi,
    page: getComputedStyle(document.body).direction,
    tabs: getComputedStyle(document.querySelector('[role="tablist"]')!).direction,
  }));
  expect(directions).toEqual({ own: 'rtl', bidi: 'isolate', page: 'ltr', tabs: 'ltr' });
  // The English labels around it are in their order, left to right.
  await expect(popup.getByRole('tab').first()).toHaveText('Product');
  await expect(popup.getByText('Catalog', { exact: true })).toBeVisible();
  const tabs = await popup.getByRole('tab').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
  expect(tabs).toEqual([...tabs].sort((a, b) => a - b));
});
