import { demoProduct, expect, fault, stopServiceWorkers, test } from './fixtures';

test.describe('resilience', () => {
  test('two 503s then success: three attempts, and the record shows', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 8);
    await fault(sandbox, { path: '/v1/products/lookup', status: 503, times: 2 });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    const attempts = sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup');
    expect(attempts.map((e) => e.status)).toEqual([503, 503, 200]);
  });

  test('broken JSON is a clear "unexpected response", not a crash', async ({ ext, sandbox }) => {
    await ext.configure();
    await fault(sandbox, { path: '/v1/products/lookup', status: 200, raw: '{"source": "indexed", "product": {' });
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 9).productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('alert').first()).toContainText('Unexpected response from the service');
    await popup.getByRole('alert').first().getByText('Details').click();
    await expect(popup.getByRole('alert').first()).toContainText('(body)');
    // Not retried: the same request would get the same answer.
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toHaveLength(1);
  });

  test('a body that breaks the contract in an essential field names the field', async ({ ext, sandbox }) => {
    await ext.configure();
    await fault(sandbox, { path: '/v1/products/lookup', status: 200, body: { source: 'indexed', product: { uuid: 'x', productUrl: 42 } } });
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 10).productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('alert').first()).toContainText('at product.productUrl');
  });

  test('drift in a non-essential field still shows what is valid', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 11);
    const drifted = { source: 'indexed', catalogKey: product.catalogKey, product: { ...product, currentPrice: 'twelve', rating: 'great' } };
    await fault(sandbox, { path: '/v1/products/lookup', status: 200, body: drifted });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByText('No price')).toBeVisible();
    await expect(popup.getByRole('alert')).toHaveCount(0);
  });

  test('a lookup slower than its timeout ends in a clear timeout with a working Retry', async ({ ext, sandbox }) => {
    test.setTimeout(60_000);
    await ext.configure({ timeouts: { lookupProduct: 2500 } });
    const product = demoProduct(sandbox, 'microdata', 4);
    await fault(sandbox, { path: '/v1/products/lookup', delayMs: 10_000, times: 3 });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('tabpanel', { name: 'Product' }).getByText('Looking up this product…')).toBeVisible();
    await expect(popup.getByRole('alert').first()).toContainText('The service took too long', { timeout: 20_000 });
    sandbox.faults.clear();
    await popup.getByRole('button', { name: 'Retry' }).first().click();
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
  });

  test('a service worker stopped mid-lookup still ends in a result', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'opengraph', 5);
    await fault(sandbox, { path: '/v1/products/lookup', delayMs: 2000 });
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('tabpanel', { name: 'Product' }).getByText('Looking up this product…')).toBeVisible();
    await stopServiceWorkers(ext);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible({ timeout: 20_000 });
    // The first worker died with its request in flight; the popup asked the new worker, which looked up again.
    await expect.poll(() => sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').length).toBeGreaterThanOrEqual(2);
  });
});
