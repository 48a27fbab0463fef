/**
 * The side panel's Lookup view: the active tab's product in the popup's panel, following the tab the user switches
 * to, and sending nothing for it. The side panel cannot be opened by a driver (it needs the user's gesture in the
 * browser's own UI): its page is opened in a tab for the window it would belong to (`sidepanel.html?window=<id>`),
 * and tabs are switched as a user does (brought to the front).
 */
import type { Page } from '@playwright/test';
import { demoProduct, expect, test, type Extension } from './fixtures';

async function windowOf(ext: Extension, tabId: number): Promise<number> {
  const worker = await ext.worker();
  return worker.evaluate(async (id: number) => (await (globalThis as any).chrome.tabs.get(id)).windowId as number, tabId);
}

async function lookUpWithPopup(ext: Extension, tabId: number, title: string) {
  const popup = await ext.openPopup(tabId);
  await expect(popup.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await popup.close();
}

async function openSidePanel(ext: Extension, windowId: number): Promise<Page> {
  const panel = await ext.context.newPage();
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.goto(`chrome-extension://${ext.id}/sidepanel.html?window=${windowId}`);
  return panel;
}

test.describe('side panel: Lookup', () => {
  test('follows the active tab: the product looked up in each tab, a tab not looked up offers the lookup, switching sends nothing', async ({ ext, sandbox }) => {
    await ext.configure();
    const a = demoProduct(sandbox, 'jsonld', 4);
    const b = demoProduct(sandbox, 'microdata', 4);
    const c = demoProduct(sandbox, 'jsonld', 5);
    const tabA = await ext.openPage(a.productUrl);
    const tabB = await ext.openPage(b.productUrl);
    const tabC = await ext.openPage(c.productUrl);
    await lookUpWithPopup(ext, tabA.tabId, a.title!);
    await lookUpWithPopup(ext, tabB.tabId, b.title!);

    const panel = await openSidePanel(ext, await windowOf(ext, tabA.tabId));
    // It opens on Ask, as it always did; Lookup is beside it.
    await expect(panel.getByRole('tab', { name: 'Ask' })).toHaveAttribute('aria-selected', 'true');
    await tabA.page.bringToFront();
    await panel.getByRole('tab', { name: 'Lookup' }).click();
    const view = panel.getByRole('tabpanel', { name: 'Lookup' });
    await expect(view.getByRole('heading', { name: a.title!, exact: true })).toBeVisible();
    await expect(view.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();

    const calls = () => sandbox.journal.list().filter((e) => e.path.startsWith('/v1/')).length;
    const before = calls();
    await tabB.page.bringToFront();
    await expect(view.getByRole('heading', { name: b.title!, exact: true })).toBeVisible();
    await expect(view.getByRole('heading', { name: a.title!, exact: true })).toHaveCount(0);
    // The result is announced.
    await expect(panel.getByRole('status').last()).toContainText(`Found ${b.title}`);

    await tabC.page.bringToFront();
    await expect(view.getByRole('heading', { name: 'Not looked up yet' })).toBeVisible();
    await tabA.page.bringToFront();
    await expect(view.getByRole('heading', { name: a.title!, exact: true })).toBeVisible();
    expect(calls(), 'switching tabs sent nothing').toBe(before);

    // Looking up from the side panel is the user's choice, for that tab.
    await tabC.page.bringToFront();
    await view.getByRole('button', { name: 'Look up this page' }).click();
    await expect(view.getByRole('heading', { name: c.title!, exact: true })).toBeVisible();
    const lookups = sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup');
    expect((lookups.at(-1)!.body as { url: string }).url).toContain(new URL(c.productUrl).pathname);
  });

  test('the tabs follow the tabs pattern: arrows and Home move and select; Search, opened, takes the focus into its box', async ({ ext }) => {
    const panel = await ext.context.newPage();
    await panel.goto(`chrome-extension://${ext.id}/sidepanel.html`);
    await panel.getByRole('tab', { name: 'Ask' }).focus();
    await panel.keyboard.press('Home');
    await expect(panel.getByRole('tab', { name: 'Lookup' })).toBeFocused();
    await expect(panel.getByRole('tab', { name: 'Lookup' })).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByRole('tabpanel', { name: 'Lookup' })).toBeVisible();
    await panel.keyboard.press('ArrowRight');
    await expect(panel.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByRole('tabpanel', { name: 'Search' })).toBeVisible();
    // As in the popup, an opened Search view puts the focus in its box.
    await expect(panel.getByLabel('Search products')).toBeFocused();
  });
});
