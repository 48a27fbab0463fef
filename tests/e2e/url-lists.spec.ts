/**
 * Coverage URL lists in real Chromium against the sandbox: Add to URL list on the record creates a list and adds the
 * page; the popup then shows the membership, also when reopened (without a call); the picker checks it anew; the
 * options page lists, opens, removes from and deletes the list. Every URL-list call is made after the click that asks
 * for it, and the key goes only to /v1.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { keyPrefix } from '../../lib/octogen/key';
import { DEMO_API_KEY } from '../../sandbox/server';
import { demoProduct, expect, fault, test } from './fixtures';

const coverage = (sandbox: { journal: { list(): { path: string; method: string; time: string; body: unknown }[] } }) =>
  sandbox.journal.list().filter((e) => e.path.startsWith('/v1/coverage/'));

async function axeClean(page: Page, state: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`), `axe in ${state}`).toEqual([]);
}

test.describe('coverage URL lists', () => {
  test('Add to URL list creates "Watch" and adds the page; the popup shows the membership; options manage the list', async ({ ext, sandbox }) => {
    // One user's whole journey through two popups and the options page, with three axe checks.
    test.setTimeout(120_000);
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 4);
    const { tabId } = await ext.openPage(product.productUrl);
    let popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    // Nothing about URL lists left the browser on the popup's opening.
    expect(coverage(sandbox)).toEqual([]);
    await expect(popup.getByText(/^In URL lists?:/)).toHaveCount(0);

    // Open the picker: focus moves into it; it loads the lists (none yet).
    const clickedAt = Date.now();
    const button = popup.getByRole('button', { name: 'Add to URL list' });
    await button.click();
    const picker = popup.getByRole('group', { name: 'Add this page to a URL list' });
    await expect(picker.getByRole('heading', { name: 'Add this page to a URL list' })).toBeFocused();
    await expect(picker.getByText('You have no URL lists yet.')).toBeVisible();
    await axeClean(popup, 'the picker, no lists');
    expect(coverage(sandbox).map((e) => `${e.method} ${e.path}`)).toEqual(['GET /v1/coverage/url-lists']);
    expect(coverage(sandbox).every((e) => Date.parse(e.time) >= clickedAt - 5)).toBe(true);

    // Create "Watch": it is created and the page added to it.
    await picker.getByLabel('New list name').fill('  Watch ');
    await picker.getByRole('button', { name: 'Create list and add' }).click();
    await expect(picker.getByRole('button', { name: 'Remove this page from Watch' })).toBeVisible();
    await expect(picker.getByRole('list', { name: 'Your URL lists' }).getByRole('listitem').filter({ hasText: 'Watch' })).toContainText('1 URL');
    await expect(popup.getByText('In URL list: Watch', { exact: true })).toBeVisible();
    await expect(popup.locator('[role=status][aria-live=polite]')).toHaveText('Added this page to Watch.');
    await axeClean(popup, 'the picker, page added');
    const create = coverage(sandbox).find((e) => e.method === 'POST' && e.path === '/v1/coverage/url-lists')!;
    expect(create.body).toEqual({ name: 'Watch' });
    const add = coverage(sandbox).find((e) => e.method === 'POST' && /^\/v1\/coverage\/url-lists\/[^/]+\/urls$/.test(e.path))!;
    // The page's address as the lookup used it (tracking parameters removed): the demo product's own URL.
    const kept = (add.body as { urls: string[] }).urls;
    expect(kept).toEqual([product.productUrl]);
    const listPath = add.path.replace(/\/urls$/, '');

    // Escape closes it, and focus is back on its button.
    await popup.keyboard.press('Escape');
    await expect(picker).toHaveCount(0);
    await expect(button).toBeFocused();

    // Reopened, the popup shows the membership at once, with no call.
    await popup.close();
    sandbox.journal.clear();
    popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByText('In URL list: Watch', { exact: true })).toBeVisible();
    expect(coverage(sandbox)).toEqual([]);

    // The picker checks anew (contains) and shows the page as in Watch.
    await popup.getByRole('button', { name: 'Add to URL list' }).click();
    const again = popup.getByRole('group', { name: 'Add this page to a URL list' });
    const watch = again.getByRole('list', { name: 'Your URL lists' }).getByRole('listitem').filter({ hasText: 'Watch' });
    await expect(watch).toContainText('This page is in this list.');
    expect(coverage(sandbox).map((e) => `${e.method} ${e.path}`).sort()).toEqual(['GET /v1/coverage/url-lists', `POST ${listPath}/urls/contains`]);
    await popup.close();

    // The options page: "Watch" with 1 URL; open it, remove the page, delete the list.
    const options = await ext.context.newPage();
    await options.goto(ext.optionsUrl);
    const table = options.getByRole('table', { name: 'Your URL lists' });
    const row = table.getByRole('row', { name: /Watch/ });
    await expect(row).toContainText('1 URL');
    await expect(row).toContainText(/Provisioning|Active/);
    await options.getByRole('button', { name: 'Open Watch' }).click();
    const urls = options.getByRole('list', { name: 'URLs in Watch' });
    await expect(urls.getByRole('listitem')).toHaveCount(1);
    await expect(urls).toContainText(product.productUrl);
    await axeClean(options, 'the options page, a list open');
    await urls.getByRole('button', { name: `Remove ${product.productUrl}` }).click();
    await expect(options.getByText('This list has no URLs.')).toBeVisible();
    await expect(row).toContainText('0 URLs');
    await options.getByRole('button', { name: 'Delete Watch' }).click();
    const confirm = options.getByRole('group', { name: 'Delete Watch?' });
    await expect(confirm.getByRole('button', { name: 'Delete list' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Delete list' }).click();
    await expect(row).toContainText('Delete pending');
    await expect(options.getByRole('button', { name: 'Delete Watch' })).toHaveCount(0);
    await axeClean(options, 'the options page, list deleted');

    // The remove reached the membership too: a reopened popup no longer claims the page is in Watch.
    popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByText(/^In URL lists?:/)).toHaveCount(0);

    // The key went to /v1 only (the journal masks it to its prefix), and with every call there.
    const all = sandbox.journal.list();
    const withKey = all.filter((e) => Object.entries(e.headers).some(([name, value]) => name.toLowerCase() === 'authorization' && value.includes(keyPrefix(DEMO_API_KEY)!)));
    expect(withKey.length).toBeGreaterThan(0);
    expect(withKey.every((e) => e.path.startsWith('/v1/'))).toBe(true);
    expect(all.filter((e) => e.path.startsWith('/v1/')).every((e) => withKey.includes(e))).toBe(true);
    expect(JSON.stringify(all.map((e) => [e.body, e.query]))).not.toContain(DEMO_API_KEY.split('_').pop()!);
  });

  test('a name already used is said at the field, and a service that fails leaves the picker usable', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'microdata', 5);
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();

    // The lists are unavailable: said, with Retry; nothing else breaks.
    await fault(sandbox, { method: 'GET', path: '/v1/coverage/url-lists', status: 503, body: { detail: 'url_lists_unavailable' }, times: 2 });
    await popup.getByRole('button', { name: 'Add to URL list' }).click();
    const picker = popup.getByRole('group', { name: 'Add this page to a URL list' });
    await expect(picker.getByRole('alert')).toContainText('URL lists unavailable');
    await picker.getByRole('button', { name: 'Try again' }).click();
    await expect(picker.getByText('You have no URL lists yet.')).toBeVisible();

    // Create "Watch", then try to create it again: the conflict is said at the name field, the name kept.
    await picker.getByLabel('New list name').fill('Watch');
    await picker.getByRole('button', { name: 'Create list and add' }).click();
    await expect(popup.getByText('In URL list: Watch', { exact: true })).toBeVisible();
    await picker.getByLabel('New list name').fill('Watch');
    await picker.getByRole('button', { name: 'Create list and add' }).click();
    const field = picker.getByLabel('New list name');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(picker.getByRole('alert')).toContainText('Name already used');
    await expect(field).toHaveValue('Watch');
    await axeClean(popup, 'the picker, name conflict');

    // A timeout on remove is said at the list; the picker stays usable and the membership unchanged.
    const add = coverage(sandbox).find((e) => e.method === 'POST' && /^\/v1\/coverage\/url-lists\/[^/]+\/urls$/.test(e.path))!;
    await fault(sandbox, { method: 'POST', path: `${add.path}/remove`, status: 504, times: 2 });
    const watch = picker.getByRole('list', { name: 'Your URL lists' }).getByRole('listitem').filter({ hasText: 'Watch' });
    await watch.getByRole('button', { name: 'Remove this page from Watch' }).click();
    await expect(watch.getByRole('alert')).toContainText('Service did not finish');
    await expect(popup.getByText('In URL list: Watch', { exact: true })).toBeVisible();
    await expect(watch.getByRole('button', { name: 'Remove this page from Watch' })).toBeEnabled();
  });
});
