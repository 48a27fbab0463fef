/**
 * E2E fixtures: the sandbox over HTTP (one per worker, reset before each test), and Chromium with the built extension
 * (a fresh profile per test). Helpers drive the extension as a user would: configure it, open a store page, open the
 * popup for that page.
 */
import { test as base, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { extensionCopy } from '../../scripts/lib/bench-target';
import { configureExtension } from '../../scripts/lib/configure';
import { EXTENSION_DIR, clickToolbarButton, launchWithExtension, stopServiceWorkers as stopWorkers } from '../../scripts/lib/extension';
import type { FaultSpec } from '../../sandbox/hooks';
import { DEMO_API_KEY } from '../../sandbox/server';
import { startSandbox, type RunningSandbox } from '../../sandbox/start';

export interface Extension {
  context: BrowserContext;
  id: string;
  worker(): Promise<Worker>;
  /** Save the key and base URL as the options page does (for tests that are not about the options page). */
  configure(settings?: { apiKey?: string | null; baseUrl?: string; timeouts?: Record<string, number>; agent?: boolean; mcpUrl?: string }): Promise<void>;
  /** Open a page in a new tab and return it with its tab id. */
  openPage(url: string, waitUntil?: 'load' | 'commit' | 'domcontentloaded'): Promise<{ page: Page; tabId: number }>;
  /** Open the popup bound to a tab (`popup.html?tab=<id>`), as the toolbar click would show it. */
  openPopup(tabId: number): Promise<Page>;
  /** What a click on the toolbar button does for the tab: the real popup (scripts/lib/extension.ts). */
  clickToolbarButton(tabId: number): Promise<void>;
  optionsUrl: string;
}

export const test = base.extend<
  { ext: Extension; sandbox: RunningSandbox; consoleErrors: string[]; grantedOrigins: string[]; extensionDir: string | undefined; browserArgs: string[]; tokenTtlSeconds: number },
  { sandboxWorker: RunningSandbox }
>({
  /** Sites the user has granted Octolens beyond the loopback sandbox (`test.use({ grantedOrigins: [...] })`). */
  grantedOrigins: [[], { option: true }],
  /** Another build than the sandbox build (#27: the pseudo-locale build), and Chromium switches (`--lang=de`). */
  extensionDir: [undefined, { option: true }],
  browserArgs: [[], { option: true }],
  /** How long the sandbox's OAuth access tokens live (`--token-ttl`; `test.use({ tokenTtlSeconds: 5 })`). */
  tokenTtlSeconds: [300, { option: true }],
  sandboxWorker: [
    async ({}, use) => {
      const sandbox = await startSandbox({ port: 0 });
      await use(sandbox);
      await sandbox.close();
    },
    { scope: 'worker' },
  ],
  sandbox: async ({ sandboxWorker, tokenTtlSeconds }, use) => {
    sandboxWorker.oauth.tokenTtlSeconds = tokenTtlSeconds;
    sandboxWorker.journal.clear();
    sandboxWorker.faults.clear();
    sandboxWorker.buckets.reset();
    await use(sandboxWorker);
  },
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  ext: async ({ sandbox, consoleErrors, grantedOrigins, extensionDir, browserArgs }, use) => {
    // The built extension as a user who granted it these sites (its optional host permissions) has it: a copy whose
    // manifest lists them.
    const granted = grantedOrigins.length ? extensionCopy(extensionDir ?? EXTENSION_DIR, grantedOrigins) : undefined;
    const launched = await launchWithExtension({ extensionDir: granted?.dir ?? extensionDir, args: browserArgs });
    const { context, extensionId } = launched;
    // Watch every page and the service worker for CSP violations, and extension pages for uncaught errors:
    // any is a failure of the test it happened in.
    const csp = (text: string) => /Content Security Policy|Refused to (evaluate|execute|load|apply|connect)/i.test(text);
    const watchPage = (page: Page) => {
      page.on('console', (message) => {
        if (message.type() === 'error' && csp(message.text())) consoleErrors.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => {
        if (page.url().startsWith('chrome-extension://')) consoleErrors.push(`${page.url()}: ${String(error)}`);
      });
    };
    context.pages().forEach(watchPage);
    context.on('page', watchPage);
    const watchWorker = (worker: Worker) =>
      worker.on('console', (message) => {
        if (message.type() === 'error' && csp(message.text())) consoleErrors.push(`service worker: ${message.text()}`);
      });
    context.serviceWorkers().forEach(watchWorker);
    context.on('serviceworker', watchWorker);
    const ext: Extension = {
      context,
      id: extensionId,
      worker: launched.worker,
      optionsUrl: `chrome-extension://${extensionId}/options.html`,
      async configure(settings = {}) {
        // As the options page saves (a message to the background from an extension page): the key is kept with its
        // base URL where content scripts cannot reach it.
        await configureExtension(context, extensionId, {
          apiKey: settings.apiKey === undefined ? DEMO_API_KEY : settings.apiKey,
          baseUrl: settings.baseUrl ?? sandbox.baseUrl,
          timeoutsMs: settings.timeouts,
          agent: settings.agent ? { baseUrl: sandbox.origin, apiKey: sandbox.agentKey } : undefined,
          mcpUrl: settings.mcpUrl,
        });
      },
      async openPage(url, waitUntil = 'load') {
        const page = await context.newPage();
        await page.goto(url, { waitUntil });
        const worker = await launched.worker();
        const target = waitUntil === 'load' ? page.url() : url;
        const tabId = await worker.evaluate(async (href: string) => {
          const tabs = await (globalThis as any).chrome.tabs.query({});
          const hit = tabs.find((t: any) => t.url === href || t.pendingUrl === href);
          return hit?.id as number | undefined;
        }, target);
        if (tabId === undefined) throw new Error(`No tab for ${target}`);
        return { page, tabId };
      },
      async openPopup(tabId) {
        const popup = await context.newPage();
        await popup.setViewportSize({ width: 420, height: 760 });
        await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
        return popup;
      },
      async clickToolbarButton(tabId) {
        await clickToolbarButton(await launched.worker(), tabId);
      },
    };
    await use(ext);
    await launched.close();
    granted?.dispose();
    expect(consoleErrors, 'CSP violations or uncaught errors in extension pages').toEqual([]);
  },
});

export { expect };

/** Stop the extension's service worker, as the browser does after 30 s idle (DevTools protocol). */
export async function stopServiceWorkers(ext: Extension) {
  const page = await ext.context.newPage();
  await stopWorkers(ext.context, page);
  await page.close();
}

/** Queue faults on the sandbox (the same as `POST /__sandbox/faults`). */
export async function fault(sandbox: RunningSandbox, ...specs: FaultSpec[]) {
  const response = await fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify(specs) });
  expect(response.status).toBe(201);
}

/** A demo product whose store page uses the given markup. */
export function demoProduct(sandbox: RunningSandbox, kind: 'jsonld' | 'microdata' | 'opengraph' | 'canonical', index = 0) {
  const products = sandbox.demo.products.filter((p) => sandbox.demo.pageKind(p.productUrl) === kind);
  const product = products[index];
  if (!product) throw new Error(`No demo product with ${kind} markup`);
  return product;
}

/** An Amazon product address (a retailer rule claims it) and the identity URL detection gives it. */
export const HELD_RETAILER_ADDRESS = 'https://www.amazon.com/Rain-Jacket/dp/B0KESTREL1/ref=sr_1_1?tag=aff-20&keywords=jacket';
export const HELD_RETAILER_IDENTITY = 'https://www.amazon.com/dp/B0KESTREL1';

/**
 * A demo store page served at HELD_RETAILER_ADDRESS (the test must grant `https://www.amazon.com/*`), its parsing held
 * by a script until `letGo`: the page cannot be read before that. `apiCalls`: the product calls the sandbox received.
 */
export async function openHeldRetailerPage(ext: Extension, sandbox: RunningSandbox) {
  const product = demoProduct(sandbox, 'jsonld', 2);
  const html = await (await fetch(product.productUrl)).text();
  let letGo!: () => void;
  const held = new Promise<void>((resolve) => (letGo = resolve));
  await ext.context.route('https://www.amazon.com/held.js', async (route) => {
    await held;
    await route.fulfill({ status: 200, contentType: 'text/javascript', body: '' });
  });
  await ext.context.route('https://www.amazon.com/*/dp/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: html.replace('<body>', '<body><script src="/held.js"></script>') }),
  );
  const { tabId, page } = await ext.openPage(HELD_RETAILER_ADDRESS, 'commit');
  const apiCalls = () => sandbox.journal.list().filter((e) => e.path.startsWith('/v1/products/'));
  return { product, tabId, page, letGo, apiCalls };
}
