import { demoProduct, expect, fault, test } from './fixtures';

test.describe('lookup error states', () => {
  test('404: not in your catalogs keeps the page data and offers search', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 4);
    await fault(sandbox, { path: '/v1/products/lookup', status: 404, body: { detail: 'product_not_found' } });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('alert')).toContainText('Not in your catalogs');
    await expect(popup.getByRole('region', { name: 'What this page says' })).toContainText(product.title!);
    await popup.getByRole('button', { name: 'Search your catalogs' }).click();
    await expect(popup.getByLabel('Search products')).toHaveValue(product.title!);
  });

  test('401: key rejected, with a button to options and no retry', async ({ ext, sandbox }) => {
    await ext.configure();
    await fault(sandbox, { path: '/v1/products/lookup', status: 401, body: { detail: 'Invalid API key' }, times: 3 });
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 5).productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('alert').first()).toContainText('API key rejected');
    await expect(popup.getByRole('button', { name: 'Open options' }).first()).toBeVisible();
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toHaveLength(1);
  });

  test('403: not allowed', async ({ ext, sandbox }) => {
    await ext.configure();
    await fault(sandbox, { path: '/v1/products/lookup', status: 403, body: { detail: 'api_key_forbidden' } });
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 6).productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('alert').first()).toContainText('Not allowed');
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toHaveLength(1);
  });

  test('429: waits Retry-After, says so, then succeeds by itself', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'opengraph', 2);
    await fault(sandbox, { path: '/v1/products/lookup', status: 429, headers: { 'Retry-After': '2' }, body: { detail: 'rate_limit_exceeded' } });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByText(/Retrying in [12] s/)).toBeVisible();
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible({ timeout: 10_000 });
    const lookups = sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup');
    expect(lookups.map((e) => e.status)).toEqual([429, 200]);
    expect(Date.parse(lookups[1]!.time) - Date.parse(lookups[0]!.time)).toBeGreaterThanOrEqual(1900);
  });

  test('5xx: retried, and a persistent failure offers a retry button that works', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'canonical', 2);
    await fault(sandbox, { path: '/v1/products/lookup', status: 503, times: 3 });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('alert').first()).toContainText('Service error', { timeout: 15_000 });
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').map((e) => e.status)).toEqual([503, 503, 503]);
    await popup.getByRole('button', { name: 'Retry' }).first().click();
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
  });

  test('offline: a service that cannot be reached says so', async ({ ext, sandbox }) => {
    await ext.configure({ baseUrl: 'http://127.0.0.1:9/v1' });
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 7).productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('alert').first()).toContainText('Cannot reach the service', { timeout: 20_000 });
    await expect(popup.getByRole('button', { name: 'Retry' }).first()).toBeVisible();
  });
});
