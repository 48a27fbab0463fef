import { DEMO_API_KEY } from '../../sandbox/server';
import { demoProduct, expect, fault, test } from './fixtures';

const badge = async (ext: { worker(): Promise<import('@playwright/test').Worker> }, tabId: number) =>
  (await ext.worker()).evaluate((id: number) => (globalThis as any).chrome.action.getBadgeText({ tabId: id }), tabId);

test.describe('automatic detection (opt-in)', () => {
  test('is off by default: no content script runs on page load', async ({ ext, sandbox }) => {
    await ext.configure();
    const worker = await ext.worker();
    expect(await worker.evaluate(() => (globalThis as any).chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld').productUrl);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await badge(ext, tabId)).toBe('');
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/v1/'))).toEqual([]);
  });

  test('on for one site: the badge marks products of covered stores, and uncovered stores never leave the browser', async ({ ext, sandbox }) => {
    await ext.configure();
    const page = await ext.context.newPage();
    await page.goto(ext.optionsUrl);
    await page.getByLabel('Detect products automatically').check();
    await page.getByLabel('Only on chosen sites').check();
    await page.getByLabel('Site', { exact: true }).fill(sandbox.origin);
    await page.getByRole('button', { name: 'Add site' }).click();
    const uncovered = sandbox.origin.replace('127.0.0.1', 'localhost');
    await page.getByLabel('Site', { exact: true }).fill(uncovered);
    await page.getByRole('button', { name: 'Add site' }).click();
    await expect(page.getByRole('list', { name: 'Chosen sites' }).getByRole('listitem')).toHaveCount(2);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status', { name: 'Save status' })).toContainText('Saved');
    const worker = await ext.worker();
    await expect
      .poll(async () => (await worker.evaluate(() => (globalThis as any).chrome.scripting.getRegisteredContentScripts())).length)
      .toBe(1);

    // A covered store (the sandbox's demo stores are listed by /domains): detected, looked up, badged.
    const product = demoProduct(sandbox, 'microdata', 2);
    const { tabId } = await ext.openPage(product.productUrl);
    await expect.poll(() => badge(ext, tabId), { timeout: 10_000 }).toBe('✓');
    expect(sandbox.journal.list().some((e) => e.path === '/v1/domains')).toBe(true);
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toHaveLength(1);
    // The popup then paints the prefetched record at once.
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();

    // The same store page on a host /domains does not list: marked as a product, and no lookup is sent.
    sandbox.journal.clear();
    const other = await ext.openPage(product.productUrl.replace('127.0.0.1', 'localhost'));
    await expect.poll(() => badge(ext, other.tabId), { timeout: 10_000 }).toBe('•');
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup')).toEqual([]);
    expect(JSON.stringify(sandbox.journal.list().filter((e) => e.path.startsWith('/v1/')))).not.toContain('localhost');

    // A page on a site that was not chosen is not read at all.
    sandbox.journal.clear();
    const unchosen = await ext.openPage(`http://[::1]:${sandbox.port}/demo/`).catch(() => undefined);
    if (unchosen) expect(await badge(ext, unchosen.tabId)).toBe('');
  });
});

test.describe('key isolation', () => {
  test('over a whole run the key goes only to the API origin, and never into the DOM or "copy as JSON"', async ({ ext, sandbox }) => {
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const requests: { url: string; auth?: string; body?: string | null }[] = [];
    ext.context.on('request', (request) => {
      requests.push({ url: request.url(), auth: request.headers().authorization, body: request.postData() });
    });
    // Set up through the options page, as a user would.
    const options = await ext.context.newPage();
    await options.goto(ext.optionsUrl);
    await options.getByLabel('API key', { exact: true }).fill(DEMO_API_KEY);
    await options.getByLabel('API base URL').fill(sandbox.baseUrl);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByRole('status', { name: 'Save status' })).toContainText('Saved');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(options.getByRole('status', { name: 'Connection status' })).toContainText('Connected');

    const product = demoProduct(sandbox, 'jsonld', 12);
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await popup.getByRole('button', { name: 'Copy as JSON' }).click();
    await expect(popup.getByText('Copied.')).toBeVisible();
    const copied = await popup.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied).product.title).toBe(product.title);
    expect(copied).not.toContain('octo_live');
    await popup.getByRole('tab', { name: 'Search' }).click();
    await popup.getByLabel('Search products').fill('kettle');
    await expect(popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible();
    for (const page of [popup, options]) expect(await page.content()).not.toContain(DEMO_API_KEY.slice(20));

    // The journal (every request that reached the sandbox) and the browser's own view of requests agree.
    for (const entry of sandbox.journal.list()) {
      expect(Boolean(entry.headers.authorization), `${entry.method} ${entry.path}`).toBe(entry.path.startsWith('/v1/'));
    }
    for (const request of requests) {
      const carries = Boolean(request.auth?.includes('octo_live')) || Boolean(request.body?.includes('octo_live'));
      if (carries) expect(request.url.startsWith(`${sandbox.baseUrl}/`), request.url).toBe(true);
    }
  });

  test('a content script cannot read the key or call privileged operations', async ({ ext, sandbox }) => {
    await ext.configure();
    const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', 13).productUrl);
    const worker = await ext.worker();
    // Run code in the extension's isolated world of the page, as a content script: ask the background for settings.
    const answers = await worker.evaluate(async (id: number) => {
      const c = (globalThis as any).chrome;
      const [result] = await c.scripting.executeScript({
        target: { tabId: id },
        func: async () => {
          const ask = (type: string, data?: unknown) => (globalThis as any).chrome.runtime.sendMessage({ tag: 'octolens/1', type, data });
          return [await ask('getSettings'), await ask('testConnection', {}), await ask('searchProducts', { request: { q: 'x' } })];
        },
      });
      return result.result;
    }, tabId);
    expect(JSON.stringify(answers)).not.toContain('octo_live');
    for (const answer of answers) expect(answer).toMatchObject({ ok: false });
  });
});

test.describe('hostile pages and responses', () => {
  test('hostile page markup: nothing runs, links are only http(s), the popup stays responsive', async ({ ext, sandbox }) => {
    await ext.configure();
    const dialogs: string[] = [];
    ext.context.on('page', (p) => p.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message()))));
    for (const name of ['product', 'huge']) {
      const { tabId } = await ext.openPage(`${sandbox.origin}/hostile/${name}`);
      const popup = await ext.openPopup(tabId);
      popup.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
      // Not in the catalogs: the page's own (hostile) data is shown, as text.
      await expect(popup.getByRole('alert').first()).toContainText('Not in your catalogs', { timeout: 15_000 });
      const facts = popup.getByRole('region', { name: 'What this page says' });
      await expect(facts).toContainText('Evil Kettle');
      expect(await facts.locator('img, script, iframe, b').count()).toBe(0);
      const hrefs = await popup.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).protocol));
      expect(hrefs.every((p) => p === 'http:' || p === 'https:')).toBe(true);
      // Responsive: switching tabs still works at once.
      await popup.getByRole('tab', { name: 'Search' }).click();
      await expect(popup.getByLabel('Search products')).toBeFocused();
      // What the detector sent to the lookup is an http(s) URL.
      const lookup = sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').pop()!;
      expect((lookup.body as { url: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hostile\//);
    }
    expect(dialogs).toEqual([]);
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/attacker/'))).toEqual([]);
  });

  test('a hostile API response is data, not markup or links', async ({ ext, sandbox }) => {
    await ext.configure();
    const product = demoProduct(sandbox, 'jsonld', 14);
    const attacker = `${sandbox.origin.replace('127.0.0.1', 'localhost')}/attacker`;
    const evil = {
      ...product,
      title: `<img src=x onerror="fetch('${attacker}/title')">Evil`,
      productUrl: 'javascript:alert(1)',
      primaryImage: { url: `javascript:fetch('${attacker}/img')`, cdnUrl: 'data:image/svg+xml,<svg onload=alert(1)>' },
      imageUrl: 'javascript:alert(1)',
      images: ['javascript:alert(2)'],
      brand: { name: '<script>alert(3)</script>' },
    };
    await fault(sandbox, { path: '/v1/products/lookup', status: 200, body: { source: 'indexed', product: evil } });
    await fault(sandbox, {
      path: '/v1/products/search',
      status: 200,
      body: { items: [{ uuid: 'e1', productUrl: 'javascript:alert(4)', title: '<b>bold?</b>', images: ['data:text/html,<script>alert(5)</script>'] }] },
    });
    const dialogs: string[] = [];
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    popup.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await expect(popup.getByRole('heading', { name: evil.title, exact: true })).toBeVisible();
    await expect(popup.getByText('<script>alert(3)</script>')).toBeVisible();
    await expect(popup.getByRole('link', { name: 'Open product page' })).toHaveCount(0);
    const similar = popup.getByRole('list', { name: 'Similar items' });
    await expect(similar.getByText('<b>bold?</b>')).toBeVisible();
    expect(await popup.locator('a[href^="javascript:"], img[src^="javascript:"], img[src^="data:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/attacker/'))).toEqual([]);
  });
});

test('the built extension asks for no more than the pinned permissions', async () => {
  const { readFileSync } = await import('node:fs');
  const { EXTENSION_DIR } = await import('../../scripts/lib/extension');
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  // WXT adds `sidePanel` for the side panel entrypoint (no install warning); the sandbox build adds loopback. `alarms`
  // (no install warning) follows a coverage request the user made until it finishes.
  expect(manifest.permissions).toEqual(['activeTab', 'scripting', 'storage', 'alarms', 'sidePanel']);
  expect(manifest.host_permissions).toEqual(['https://api.octogen.ai/*', 'http://127.0.0.1/*', 'http://localhost/*']);
  expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  // Sign in with Octogen (the browser's web-auth window): asked for when the user presses Sign in.
  expect(manifest.optional_permissions).toEqual(['identity']);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(JSON.stringify(manifest.content_security_policy ?? {})).not.toMatch(/unsafe-eval|unsafe-inline/);
});
