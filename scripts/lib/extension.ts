/**
 * Launch Chromium with the built extension loaded (a fresh profile each time), as the tests, `npm start` and the
 * benchmark do. The extension is the sandbox build (`npm run build:sandbox`), which may reach loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { findChromium } from './chromium';

export const EXTENSION_DIR = process.env.OCTOLENS_EXTENSION_DIR ? resolve(process.env.OCTOLENS_EXTENSION_DIR) : resolve(import.meta.dirname, '../../.output/chrome-mv3-sandbox');

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: () => Promise<Worker>;
  close: () => Promise<void>;
}

/** The switches every launch with the extension uses: it alone loaded, and none of Chromium's own network chatter. */
export function extensionSwitches(dir: string): string[] {
  return [
    `--disable-extensions-except=${dir}`,
    `--load-extension=${dir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
  ];
}

/** `args`: extra Chromium switches (the bench's `--js-flags`, for experiments). */
export async function launchWithExtension(options: { headless?: boolean; extensionDir?: string; args?: string[] } = {}): Promise<LaunchedExtension> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium-family browser found: run `npx tsx scripts/ensure-chromium.ts` or set CHROME_PATH.');
  const dir = options.extensionDir ?? EXTENSION_DIR;
  const profile = mkdtempSync(join(tmpdir(), 'octolens-profile-'));
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    viewport: { width: 1100, height: 800 },
    args: [
      ...extensionSwitches(dir),
      // Headless Chromium's screen is 800 × 600 by default: a toolbar popup below the toolbar is then cut to 510 px and
      // lays itself out again with scroll bars. A common desktop screen instead, so the popup is the one users see.
      ...(headless ? ['--screen-info={1920x1080}'] : []),
      ...(options.args ?? []),
    ],
  });
  const worker = async () => context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
  const first = await worker();
  const extensionId = new URL(first.url()).host;
  return {
    context,
    extensionId,
    worker,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where extension APIs can be called from: the service worker, or one of the extension's pages. */
export type ExtensionScope = Pick<Worker, 'evaluate'>;

/**
 * What a click on the toolbar button does for a tab: its window focused, the tab active in it, then the real popup.
 * Playwright cannot drive that popup; an extension page reaches it with `extension.getViews({ type: 'popup' })`.
 * `from`: the service worker, or an extension page of ours (which clicks without waking a stopped worker).
 */
export async function clickToolbarButton(from: ExtensionScope, tabId: number): Promise<void> {
  await from.evaluate(async (id: number) => {
    const c = (globalThis as any).chrome;
    const tab = await c.tabs.update(id, { active: true });
    await c.windows.update(tab.windowId, { focused: true });
    await c.action.openPopup({ windowId: tab.windowId });
  }, tabId);
}

/**
 * Stop the extension's service worker, as the browser does after 30 s idle (DevTools protocol, through `page`, an
 * open page of the same browser). Opening or closing a tab for it would wake the worker again: the background
 * listens to tab events.
 */
export async function stopServiceWorkers(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
