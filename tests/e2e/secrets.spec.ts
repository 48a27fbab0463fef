/**
 * Where the keys live and where they may go (issue #21, defects 2 and 3), in real Chromium:
 * - code in the detector's isolated world of a page (a compromised renderer) can read no secret, from any storage it
 *   can reach, and cannot redirect the key by rewriting settings;
 * - a saved key goes to another origin only when the user confirmed it for that origin (Test connection and Save).
 */
import AxeBuilder from '@axe-core/playwright';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_API_KEY } from '../../sandbox/server';
import { demoProduct, expect, stopServiceWorkers, test } from './fixtures';

/** A second API origin on loopback that records every request it gets (and answers 404). */
async function startRecorder() {
  const requests: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    requests,
    /** Requests that carried a key of any kind. */
    keyed: () => requests.filter((r) => r.headers.authorization || r.headers['x-api-key']),
    // The options page may still hold keep-alive connections to it (its sections load from the saved API): drop them,
    // or close() waits for them.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The secret parts of the keys the fixture stores (never to be found outside the background). */
const platformSecret = DEMO_API_KEY.slice(DEMO_API_KEY.lastIndexOf('_') + 1);

test.describe('secrets are out of reach of content scripts', () => {
  test("code in the detector's isolated world reads no key, and cannot redirect one by rewriting settings", async ({ ext, sandbox }) => {
    const attacker = await startRecorder();
    try {
      await ext.configure({ agent: true });
      const product = demoProduct(sandbox, 'jsonld', 3);
      const { tabId } = await ext.openPage(product.productUrl);
      const worker = await ext.worker();
      // Injected as the detector is: the extension's isolated world of the page.
      const seen = await worker.evaluate(
        async ({ id, attackerBase, attackerOrigin }) => {
          const c = (globalThis as any).chrome;
          const [injection] = await c.scripting.executeScript({
            target: { tabId: id },
            world: 'ISOLATED',
            args: [attackerBase, attackerOrigin],
            func: async (base: string, origin: string) => {
              const ext = (globalThis as any).chrome;
              const out: Record<string, unknown> = {};
              const attempt = async (name: string, read: () => Promise<unknown>) => {
                try {
                  out[name] = await read();
                } catch (error) {
                  out[name] = `refused: ${error instanceof Error ? error.message : String(error)}`;
                }
              };
              await attempt('storage.local', () => ext.storage.local.get(null));
              await attempt('storage.session', () => ext.storage.session.get(null));
              await attempt('storage.sync', () => ext.storage.sync.get(null));
              await attempt('localStorage', async () => ({ ...localStorage }));
              // Every IndexedDB database this world can open (the page origin's), every store, every record.
              await attempt('indexedDB', async () => {
                const dump: Record<string, unknown> = {};
                for (const info of await indexedDB.databases()) {
                  const db = await new Promise<IDBDatabase>((resolve, reject) => {
                    const open = indexedDB.open(info.name!);
                    open.onsuccess = () => resolve(open.result);
                    open.onerror = () => reject(open.error);
                  });
                  for (const name of Array.from(db.objectStoreNames)) {
                    dump[`${info.name}/${name}`] = await new Promise((resolve, reject) => {
                      const all = db.transaction(name).objectStore(name).getAll();
                      all.onsuccess = () => resolve(all.result);
                      all.onerror = () => reject(all.error);
                    });
                  }
                  db.close();
                }
                return dump;
              });
              // Then try to send the keys elsewhere: settings that name another API and agent origin.
              await attempt('write', async () => {
                const current = ((await ext.storage.local.get('settings')) as { settings?: object }).settings ?? {};
                await ext.storage.local.set({ settings: { ...current, baseUrl: base, agent: { baseUrl: origin } }, settings$: { v: 3 } });
                return 'written';
              });
              return out;
            },
          });
          return injection.result as Record<string, unknown>;
        },
        { id: tabId, attackerBase: attacker.baseUrl, attackerOrigin: attacker.origin },
      );
      const everything = JSON.stringify(seen);
      for (const channel of ['storage.local', 'storage.session', 'storage.sync', 'localStorage', 'indexedDB']) {
        const text = JSON.stringify(seen[channel]);
        expect.soft(text, channel).not.toContain(platformSecret);
        expect.soft(text, channel).not.toContain(sandbox.agentKey);
        expect.soft(text, channel).not.toContain('octo_live');
      }
      expect.soft(everything).not.toContain(platformSecret);
      // Chromium: storage.local is closed to content scripts altogether (defence in depth; the keys are not there).
      expect.soft(seen['storage.local']).toMatch(/^refused/);
      expect.soft(seen.write).toMatch(/^refused/);

      // A lookup after that write: the key goes to the API origin it was saved for, and nowhere else.
      sandbox.journal.clear();
      await ext.openPopup(tabId);
      const lookups = () => sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup');
      await expect.poll(() => lookups().length + attacker.requests.length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(attacker.keyed()).toEqual([]);
      expect(attacker.requests).toEqual([]);
      expect(lookups()[0]!.headers.authorization).toBe('Bearer octo_live_0c7a1e5d9b…');
    } finally {
      await attacker.close();
    }
  });
});

test.describe('settings in storage.local decide nothing about where a key goes', () => {
  // Firefox lets content scripts write storage.local (it can close only storage.session to them). Written here from
  // the service worker, as such a script could there: base URLs that name another origin, and keys of its own.
  test('rewritten settings and planted keys neither redirect the saved key nor replace it, also after a restart', async ({ ext, sandbox }) => {
    const attacker = await startRecorder();
    try {
      await ext.configure({ agent: true });
      const worker = await ext.worker();
      const attackerKey = 'octo_live_ffffffffffffffffffffffffffffffff_YXR0YWNrZXI';
      await worker.evaluate(
        async ({ base, origin, key }) => {
          const c = (globalThis as any).chrome;
          const { settings } = await c.storage.local.get('settings');
          await c.storage.local.set({ settings: { ...settings, baseUrl: base, agent: { baseUrl: origin } }, apiKey: key, agentApiKey: 'attacker-agent-key' });
        },
        { base: attacker.baseUrl, origin: attacker.origin, key: attackerKey },
      );
      const lookups = () => sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup');
      // (a product not looked up before each time: a cached answer would make no request)
      const lookUp = async (index: number) => {
        const { tabId } = await ext.openPage(demoProduct(sandbox, 'jsonld', index).productUrl);
        const popup = await ext.openPopup(tabId);
        await expect.poll(() => lookups().length + attacker.requests.length, { timeout: 15_000 }).toBeGreaterThan(0);
        await popup.close();
      };
      await lookUp(4);
      expect(attacker.requests).toEqual([]);
      expect(lookups()[0]!.headers.authorization).toBe('Bearer octo_live_0c7a1e5d9b…');

      // A new service worker (the next start, when old keys are moved out of storage.local) takes none of them.
      await stopServiceWorkers(ext);
      sandbox.journal.clear();
      await lookUp(5);
      expect(attacker.requests).toEqual([]);
      expect(lookups()[0]!.headers.authorization).toBe('Bearer octo_live_0c7a1e5d9b…');
      const left = await (await ext.worker()).evaluate(async () => (globalThis as any).chrome.storage.local.get(['apiKey', 'agentApiKey']));
      expect(left).toEqual({});
    } finally {
      await attacker.close();
    }
  });
});

test.describe('a saved key goes to a new origin only when confirmed for it', () => {
  test('Test connection and Save with a base URL at another origin, without and with the confirmation', async ({ ext, sandbox }) => {
    const other = await startRecorder();
    try {
      await ext.configure();
      const page = await ext.context.newPage();
      await page.goto(ext.optionsUrl);
      const baseUrl = page.getByLabel('API base URL');
      await expect(baseUrl).toHaveValue(sandbox.baseUrl);
      await expect(page.getByLabel('API key', { exact: true })).toHaveAttribute('placeholder', /Saved: octo_live_0c7a1e5d9b/);
      const connection = page.getByRole('status', { name: 'Connection status' });

      // Only typed, not saved: the saved key must not be sent there.
      await baseUrl.fill(other.baseUrl);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect(page.getByRole('alert').or(connection.getByText('Connected'))).toBeVisible();
      expect(other.keyed()).toEqual([]);
      await expect(page.getByRole('alert')).toContainText(`is for ${sandbox.origin}`);
      await expect(page.getByRole('alert')).toContainText(other.origin);

      // Confirmed for that origin: then, and only then, the key goes there.
      const confirm = page.getByRole('checkbox', { name: `Use my saved key (octo_live_0c7a1e5d9b…) with ${other.origin}` });
      await expect(confirm).not.toBeChecked();
      // The confirmation, and the refusal beside it, are accessible (axe-core, WCAG 2.1 A/AA).
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.screenshot({ path: test.info().outputPath('options-confirmation.png'), fullPage: true });
      await confirm.check();
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => other.keyed().length).toBeGreaterThan(0);
      expect(other.keyed().every((r) => r.headers.authorization === `Bearer ${DEMO_API_KEY}`)).toBe(true);
      expect(other.keyed()[0]!.path).toBe('/v1/me');

      // Save needs the same confirmation.
      await confirm.uncheck();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('alert')).toContainText('Nothing was saved');
      await expect(page.getByRole('alert')).toContainText(other.origin);
      await page.reload();
      await expect(page.getByLabel('API base URL')).toHaveValue(sandbox.baseUrl);

      await page.getByLabel('API base URL').fill(other.baseUrl);
      await page.getByRole('checkbox', { name: `Use my saved key (octo_live_0c7a1e5d9b…) with ${other.origin}` }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('status', { name: 'Save status' })).toContainText('Saved');
      await page.reload();
      await expect(page.getByLabel('API base URL')).toHaveValue(other.baseUrl);
      await expect(page.getByLabel('API key', { exact: true })).toHaveAttribute('placeholder', /Saved: octo_live_0c7a1e5d9b/);
      // Now the saved key is for that origin: no confirmation asked there.
      await expect(page.getByRole('checkbox', { name: /Use my saved key/ })).toHaveCount(0);
    } finally {
      await other.close();
    }
  });
});
