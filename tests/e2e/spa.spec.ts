import { spaProducts } from '../../sandbox/demo/index';
import { expect, test } from './fixtures';

test('a single-page store that changes product without a reload: the popup follows, never showing the previous one', async ({ ext, sandbox }) => {
  await ext.configure();
  const store = 'trailhead';
  const products = spaProducts(sandbox.demo.products.filter((p) => p.catalogKey === store));
  const [first, second] = products;
  const { page, tabId } = await ext.openPage(`${sandbox.origin}/demo/${store}/spa`);
  await expect(page.locator('html')).toHaveAttribute('data-spa-ready', 'true');
  const popup = await ext.openPopup(tabId);
  await expect(popup.getByRole('heading', { name: first!.title!, exact: true })).toBeVisible();

  await page.bringToFront();
  await page.getByRole('button', { name: 'Next product' }).click();
  await expect(page).toHaveURL(/\/spa\/[^/]+$/);
  // The content script saw the URL change after the DOM settled, told the background, which looked the new one up.
  await expect(popup.getByRole('heading', { name: second!.title!, exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(popup.getByRole('heading', { name: first!.title!, exact: true })).toHaveCount(0);
  // The toolbar button's page for the tab follows too: never the previous product's record.
  const worker = await ext.worker();
  const recordInPopup = async () => {
    const url = (await worker.evaluate(async (id: number) => (await (globalThis as any).chrome.action.getPopup({ tabId: id })) as string, tabId)) as string;
    const hash = new URL(url).hash.slice(1);
    return hash ? (JSON.parse(decodeURIComponent(hash)) as { title: string }).title : null;
  };
  const storedRecord = () =>
    worker.evaluate(async (id: number) => {
      const state = (await (globalThis as any).chrome.storage.session.get(`tab:${id}`))[`tab:${id}`];
      return state?.lookup?.phase === 'done' || state?.lookup?.phase === 'error' ? ((state.lookup.data?.product?.title as string | undefined) ?? null) : 'pending';
    }, tabId);
  await expect.poll(storedRecord).not.toBe('pending');
  await expect.poll(recordInPopup).toBe(await storedRecord());
  expect(await recordInPopup()).not.toBe(first!.title);
  const lookups = sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').map((e) => (e.body as { url: string }).url);
  expect(lookups).toHaveLength(2);
  expect(lookups[1]).not.toBe(lookups[0]);
});
