/**
 * Sign in with Octogen, end to end: the options page's button, the browser's web-auth window on the sandbox's
 * authorize page (Allow / Deny / closed), then lookups and search through the Catalog Partner MCP server with Bearer
 * access tokens only; refresh with rotation after expiry; Sign out revokes.
 */
import type { Page } from '@playwright/test';
import type { JournalEntry } from '../../sandbox/hooks';
import { DEMO_ORGANIZATION } from '../../sandbox/server';
import { demoProduct, expect, stopServiceWorkers, test, type Extension } from './fixtures';
import type { RunningSandbox } from '../../sandbox/start';

/** The options page, set up for the sandbox's MCP server and no API key. */
async function optionsWithoutKey(ext: Extension, sandbox: RunningSandbox): Promise<Page> {
  await ext.configure({ apiKey: null, mcpUrl: sandbox.oauth.resource });
  const options = await ext.context.newPage();
  await options.goto(ext.optionsUrl);
  await expect(options.getByRole('button', { name: 'Sign in with Octogen' })).toBeEnabled();
  return options;
}

/** Press Sign in with Octogen; answers the web-auth window (the sandbox's authorize page). */
async function openAuthWindow(ext: Extension, options: Page): Promise<Page> {
  const opened = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/oauth2/authorize') });
  await options.getByRole('button', { name: 'Sign in with Octogen' }).click();
  const window = await opened;
  await expect(window).toHaveTitle('Sign in to Octogen');
  return window;
}

async function signIn(ext: Extension, sandbox: RunningSandbox): Promise<Page> {
  const options = await optionsWithoutKey(ext, sandbox);
  const window = await openAuthWindow(ext, options);
  await window.getByRole('button', { name: 'Allow' }).click();
  await expect(options.getByRole('status', { name: 'Sign-in status' })).toContainText('Signed in as');
  return options;
}

const mcpCalls = (sandbox: RunningSandbox) => sandbox.journal.list().filter((e) => e.path === '/partner/mcp');
const toolCalls = (sandbox: RunningSandbox) =>
  mcpCalls(sandbox).filter((e) => (e.body as { method?: string } | undefined)?.method === 'tools/call');
const toolName = (e: JournalEntry) => (e.body as { params?: { name?: string } }).params?.name;
const tokenCalls = (sandbox: RunningSandbox, grant: string) =>
  sandbox.journal.list().filter((e) => e.path === '/oauth2/token' && (e.body as { grant_type?: string }).grant_type === grant);

/** Everything the extension keeps in storage.local and storage.session, and its IndexedDB records, as text. */
async function storedEverywhere(ext: Extension): Promise<string> {
  const worker = await ext.worker();
  return worker.evaluate(async () => {
    const c = (globalThis as any).chrome;
    const local = await c.storage.local.get(null);
    const session = await c.storage.session.get(null);
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const request = indexedDB.open('octolens');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const records: Record<string, unknown> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const store = db.transaction(name).objectStore(name);
      const [keys, values] = await Promise.all(
        [store.getAllKeys(), store.getAll()].map((r) => new Promise<unknown[]>((resolve) => (r.onsuccess = () => resolve(r.result as unknown[])))),
      );
      keys!.forEach((key, i) => (records[`${name}/${String(key)}`] = values![i]));
    }
    db.close();
    return JSON.stringify({ local, session, records });
  });
}

test.describe('sign in with Octogen', () => {
  test('sign in, then a one-click lookup with similar items and a popup search go through MCP with Bearer tokens; no key stored', async ({ ext, sandbox }) => {
    const options = await signIn(ext, sandbox);
    const facts = options.getByRole('region', { name: 'Sign in with Octogen' });
    await expect(facts).toContainText(DEMO_ORGANIZATION.name);
    await expect(facts).toContainText('dana.demo@demo-catalog-partner.example');
    await expect(facts).toContainText(/Active until .* \(renewed automatically\)/);
    await expect(options.getByRole('button', { name: 'Sign out' })).toBeFocused();

    // One-click lookup: the record and its similar items.
    const product = demoProduct(sandbox, 'jsonld');
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
    await expect(popup.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();

    // Popup search.
    await popup.getByRole('tab', { name: 'Search' }).click();
    await popup.getByLabel('Search products').fill('water bottle');
    await expect(popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible();

    // Every call went to the MCP endpoint with a Bearer access token; none to the REST API.
    expect(sandbox.journal.list().filter((e) => e.path.startsWith('/v1/'))).toEqual([]);
    const calls = mcpCalls(sandbox);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.headers.authorization ?? call.headers.Authorization).toMatch(/^Bearer oat_/);
    expect(toolCalls(sandbox).map(toolName).sort()).toEqual(['lookup_product', 'search_products', 'search_products']);

    // No API key anywhere, and nothing the extension stores is readable as a key.
    const stored = await storedEverywhere(ext);
    expect(stored).not.toMatch(/octo_live_/);
    expect(stored).toContain('oat_'); // (the access token, in the extension's IndexedDB only)
    const local = await (await ext.worker()).evaluate(async () => JSON.stringify(await (globalThis as any).chrome.storage.local.get(null)));
    expect(local).not.toMatch(/oat_|ort_/);
  });

  test.describe('with 5-second access tokens', () => {
    test.use({ tokenTtlSeconds: 5 });

    test('a lookup after expiry succeeds through one refresh, which rotates the refresh token', async ({ ext, sandbox }) => {
      test.setTimeout(60_000);
      await signIn(ext, sandbox);
      const exchanged = tokenCalls(sandbox, 'authorization_code');
      expect(exchanged).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      sandbox.journal.clear();

      const product = demoProduct(sandbox, 'microdata');
      const { tabId } = await ext.openPage(product.productUrl);
      const popup = await ext.openPopup(tabId);
      // (on failure, say what the token endpoint and the MCP server saw)
      const seen = () => JSON.stringify(sandbox.journal.list().filter((e) => e.path !== '/demo/' && !e.path.startsWith('/demo')).map((e) => [e.path, e.status, (e.body as any)?.grant_type ?? (e.body as any)?.method]));
      try {
        await expect(popup.getByRole('heading', { name: product.title!, exact: true })).toBeVisible();
        await expect(popup.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first()).toBeVisible();
      } catch (error) {
        throw new Error(`${(error as Error).message}\nJournal: ${seen()}`);
      }

      // The lookup and its similar items, both at expiry, refreshed ONCE; a new refresh token came back.
      const refreshes = tokenCalls(sandbox, 'refresh_token');
      expect(refreshes).toHaveLength(1);
      expect(refreshes[0]!.status).toBe(200);
      const sent = (refreshes[0]!.body as { refresh_token: string }).refresh_token;
      const answered = (refreshes[0]!.answer as { refresh_token: string }).refresh_token;
      const first = (exchanged[0]!.answer as { refresh_token: string }).refresh_token;
      expect(sent).toBe(first);
      expect(answered).not.toBe(sent);
      // No call was refused: the token was renewed before it was sent.
      expect(mcpCalls(sandbox).filter((e) => e.status === 401)).toEqual([]);
      expect(toolCalls(sandbox).every((e) => e.status === 200)).toBe(true);
    });
  });

  test('Deny leaves a clear message and no sign-in', async ({ ext, sandbox }) => {
    const options = await optionsWithoutKey(ext, sandbox);
    const window = await openAuthWindow(ext, options);
    await window.getByRole('button', { name: 'Deny' }).click();
    await expect(options.getByRole('alert')).toContainText('Sign-in was denied');
    await expect(options.getByRole('alert')).toContainText('previous connection is unchanged');
    await expect(options.getByRole('button', { name: 'Sign in with Octogen' })).toBeEnabled();
    await expect(options.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    expect(tokenCalls(sandbox, 'authorization_code')).toEqual([]);
  });

  test('a closed sign-in window leaves a clear message', async ({ ext, sandbox }) => {
    const options = await optionsWithoutKey(ext, sandbox);
    const window = await openAuthWindow(ext, options);
    await window.close();
    await expect(options.getByRole('alert')).toContainText('Sign-in was cancelled: the sign-in window was closed before you chose.');
    await expect(options.getByRole('alert')).toContainText('previous connection is unchanged');
    await expect(options.getByRole('button', { name: 'Sign in with Octogen' })).toBeEnabled();
    expect(tokenCalls(sandbox, 'authorization_code')).toEqual([]);
  });

  test('the sign-in survives the service worker stopping while the window is open', async ({ ext, sandbox }) => {
    const options = await optionsWithoutKey(ext, sandbox);
    const window = await openAuthWindow(ext, options);
    await stopServiceWorkers(ext);
    await window.getByRole('button', { name: 'Allow' }).click();
    await expect(options.getByRole('status', { name: 'Sign-in status' })).toContainText('Signed in as');
    expect(tokenCalls(sandbox, 'authorization_code').map((e) => e.status)).toEqual([200]);
  });

  test('Sign out revokes at the server, and the next lookup asks to sign in', async ({ ext, sandbox }) => {
    const options = await signIn(ext, sandbox);
    sandbox.journal.clear();
    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect(options.getByRole('status', { name: 'Sign-in status' })).toContainText('Signed out: your tokens were revoked and forgotten.');
    await expect(options.getByRole('button', { name: 'Sign in with Octogen' })).toBeFocused();
    const revocations = sandbox.journal.list().filter((e) => e.path === '/oauth2/revoke');
    expect(revocations.length).toBeGreaterThan(0);
    expect(revocations.every((e) => e.status === 200)).toBe(true);
    expect(revocations.map((e) => (e.body as { token_type_hint?: string }).token_type_hint)).toContain('refresh_token');

    const product = demoProduct(sandbox, 'jsonld', 1);
    const { tabId } = await ext.openPage(product.productUrl);
    const popup = await ext.openPopup(tabId);
    await expect(popup.getByRole('heading', { name: 'Sign in or add your API key' })).toBeVisible();
    expect(mcpCalls(sandbox).filter((e) => (e.body as { method?: string }).method === 'tools/call')).toEqual([]);
    const stored = await storedEverywhere(ext);
    expect(stored).not.toMatch(/oat_|ort_/);
  });
});
