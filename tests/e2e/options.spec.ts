import { DEMO_API_KEY } from '../../sandbox/server';
import type { Worker } from '@playwright/test';
import { expect, test } from './fixtures';

/** The credentials the background saved (lib/credentials.ts: the extension origin's IndexedDB), read in its worker. */
async function savedCredentials(worker: Worker): Promise<Record<string, unknown>> {
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('octolens');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const out: Record<string, unknown> = {};
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('credentials');
      const cursor = tx.objectStore('credentials').openCursor();
      cursor.onsuccess = () => {
        if (!cursor.result) return;
        out[String(cursor.result.key)] = cursor.result.value;
        cursor.result.continue();
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return out;
  });
}

test.describe('options page', () => {
  test('saves a key and tests the connection against the sandbox', async ({ ext, sandbox }) => {
    const page = await ext.context.newPage();
    await page.goto(ext.optionsUrl);
    const key = page.getByLabel('API key', { exact: true });
    await expect(key).toHaveAttribute('type', 'password');
    await key.fill(DEMO_API_KEY);
    await page.getByRole('button', { name: 'Show api key' }).click();
    await expect(key).toHaveAttribute('type', 'text');
    await page.getByRole('button', { name: 'Hide api key' }).click();
    await page.getByLabel('API base URL').fill(sandbox.baseUrl);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status', { name: 'Save status' })).toContainText('Saved. Key octo_live_0c7a1e5d9b… is stored in this browser only.');
    const status = page.getByRole('status', { name: 'Connection status' });
    // The field is cleared: the secret is not kept in the page.
    await expect(key).toHaveValue('');
    expect(await page.content()).not.toContain(DEMO_API_KEY);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(status).toContainText('Connected to Demo Catalog Partner.');
    await expect(status).toContainText('octo_live_0c7a1e5d9b…');
    await expect(status).toContainText('3,000 requests per minute');
    for (const catalog of sandbox.catalog.catalogs) await expect(status).toContainText(catalog.displayName);

    // The key is stored with its base URL in the extension's own IndexedDB; never in storage.local, never in sync.
    const worker = await ext.worker();
    expect(await savedCredentials(worker)).toEqual({ platform: { apiKey: DEMO_API_KEY, baseUrl: sandbox.baseUrl } });
    const stored = await worker.evaluate(async () => {
      const c = (globalThis as any).chrome;
      return { local: await c.storage.local.get(null), sync: await c.storage.sync.get(null) };
    });
    expect(JSON.stringify(stored)).not.toContain('octo_live');
    expect(stored.local.apiKey).toBeUndefined();

    // The test went to the API with the key; the journal has it masked.
    const me = sandbox.journal.list().filter((e) => e.path === '/v1/me');
    expect(me.length).toBeGreaterThan(0);
    expect(me[0]!.headers.authorization).toBe('Bearer octo_live_0c7a1e5d9b…');
  });

  test('explains a malformed key without echoing it, and refuses plain HTTP off loopback', async ({ ext }) => {
    const page = await ext.context.newPage();
    await page.goto(ext.optionsUrl);
    await page.getByLabel('API key', { exact: true }).fill('octo_live_12345_notakey');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('After "octo_live_" a key has a 32-character id')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Nothing was saved');
    await expect(page.getByLabel('API key', { exact: true })).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('API key', { exact: true }).fill('');
    await page.getByLabel('API base URL').fill('http://api.example.com/v1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(/must use HTTPS/)).toBeVisible();
  });

  test('reports a rejected key precisely, and removes a key', async ({ ext, sandbox }) => {
    await ext.configure();
    const page = await ext.context.newPage();
    await page.goto(ext.optionsUrl);
    await expect(page.getByLabel('API key', { exact: true })).toHaveAttribute('placeholder', /Saved: octo_live_0c7a1e5d9b/);
    await page.getByLabel('API key', { exact: true }).fill('octo_live_ffffffffffffffffffffffffffffffff_d3Jvbmctc2VjcmV0');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('alert')).toContainText('API key rejected');
    expect(await page.getByRole('alert').textContent()).not.toContain('d3Jvbmctc2VjcmV0');

    await page.getByLabel('API key', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Remove key' }).click();
    await expect(page.getByRole('status', { name: 'Connection status' })).toContainText('Key removed');
    // The key is gone; the base URL it was for stays.
    expect(await savedCredentials(await ext.worker())).toEqual({ platform: { baseUrl: sandbox.baseUrl } });
    expect(sandbox.journal.list().length).toBeGreaterThan(0);
  });
});
