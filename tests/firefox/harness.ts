/**
 * Firefox e2e harness: Debian's firefox-esr, headless, driven over WebDriver BiDi by puppeteer-core (Playwright cannot
 * load Firefox add-ons), with the Firefox sandbox build (`.output/firefox-mv2-sandbox`) installed as a temporary
 * add-on, against the local sandbox.
 *
 * The driver may not open `moz-extension://` pages. The sandbox build's test hook (lib/background/test-hook.ts) opens
 * them: a tab sent to `<sandbox>/__octolens/open?page=options.html` makes the extension open its own page in a new tab,
 * which is found here among the browser's pages (puppeteer reports such a tab as `about:blank`: it is told by the
 * location its document reports).
 *
 * One browser per test file (a launch takes seconds on 2 shared cores); each test starts with the sandbox's journal
 * and faults cleared and only the control page open.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ensureFirefox } from '../../scripts/lib/firefox';
import { setupScript, throwIfRefused, type ExtensionSetup } from '../../scripts/lib/configure';
import { DEMO_API_KEY } from '../../sandbox/server';
import { startSandbox, type RunningSandbox } from '../../sandbox/start';

export const FIREFOX_EXTENSION_DIR = process.env.OCTOLENS_FIREFOX_EXTENSION_DIR
  ? resolve(process.env.OCTOLENS_FIREFOX_EXTENSION_DIR)
  : resolve(import.meta.dirname, '../../.output/firefox-mv2-sandbox');

/** The add-on's id (wxt.config.ts) and the internal UUID its pages get here (fixed by a preference). */
export const GECKO_ID = 'octolens@octogen.example';
export const EXTENSION_UUID = '0c7a1e5d-9b3f-4a2c-8e6d-1b0a9f8e7d6c';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** `aria` selector: an element by its role and accessible name (puppeteer's `::-p-aria`). */
export const aria = (role: string, name: string) => `::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`;
/**
 * A form field by its accessible name. By name alone, since Firefox gives a password field no ARIA role (`textbox`
 * finds none) and gives its `<label>` the same name: hence the element type.
 */
export const field = (name: string) => `:is(input, textarea, select)::-p-aria([name=${JSON.stringify(name)}])`;

export interface Firefox {
  browser: Browser;
  sandbox: RunningSandbox;
  /** An options page kept open: where extension APIs are called from (the driver cannot reach the background). */
  control: Page;
  /** Open one of the extension's pages (`options.html`, `popup.html?tab=3`) in a new tab, through the test hook. */
  openExtensionPage(path: string): Promise<Page>;
  /** Open a web page in a new tab; with its tab id. */
  openPage(url: string): Promise<{ page: Page; tabId: number }>;
  /** The popup bound to a tab, as the toolbar click shows it (`popup.html?tab=<id>`). */
  openPopup(tabId: number): Promise<Page>;
  /** Save the key and base URL as the options page does (for tests that are not about the options page). */
  configure(settings?: { apiKey?: string | null; agent?: boolean }): Promise<void>;
  /** The toolbar button's badge text for a tab. */
  badge(tabId: number): Promise<string>;
  /** Before each test: only the control page open, the sandbox's journal and faults cleared. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export async function launchFirefox(): Promise<Firefox> {
  if (!existsSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox sandbox build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:sandbox -- -b firefox\`.`);
  }
  const sandbox = await startSandbox({ port: 0 });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: ensureFirefox(),
    headless: true,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // permissions.request() (automatic detection's sites) is granted without a prompt, as the user's "Allow" would.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  await browser.installExtension(FIREFOX_EXTENSION_DIR);

  /** A page not in `before` whose document is at `href` (puppeteer may still call it about:blank). */
  const findPage = (href: string, before: Set<Page>) =>
    until(`a tab at ${href}`, async () => {
      for (const page of await browser.pages()) {
        if (before.has(page)) continue;
        const at = await page.evaluate(() => (document.readyState === 'complete' ? location.href : '')).catch(() => '');
        if (at === href) return page;
      }
      return undefined;
    });

  const openExtensionPage = async (path: string) => {
    const trigger = await browser.newPage();
    // (the same page may be open already, e.g. the control page: the new tab is the one asked for)
    const before = new Set([...(await browser.pages()), trigger]);
    await trigger.goto(`${sandbox.origin}/__octolens/open?page=${encodeURIComponent(path)}`).catch(() => undefined);
    const page = await findPage(`${EXTENSION_ORIGIN}/${path}`, before);
    await trigger.close();
    return page;
  };

  const control = await openExtensionPage('options.html');
  const inExtension = <A, R>(fn: (arg: A) => Promise<R>, arg: A) => control.evaluate(fn as never, arg) as Promise<R>;

  const firefox: Firefox = {
    browser,
    sandbox,
    control,
    openExtensionPage,
    async openPage(url) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const href = page.url();
      const tabId = await until(`the tab id of ${href}`, () =>
        inExtension(async (at: string) => {
          const tabs = await (globalThis as any).browser.tabs.query({});
          return tabs.find((t: { url?: string }) => t.url === at)?.id as number | undefined;
        }, href),
      );
      return { page, tabId };
    },
    async openPopup(tabId) {
      const popup = await openExtensionPage(`popup.html?tab=${tabId}`);
      await popup.setViewport({ width: 420, height: 760 });
      return popup;
    },
    async configure(settings = {}) {
      const setup: ExtensionSetup = {
        apiKey: settings.apiKey === undefined ? DEMO_API_KEY : settings.apiKey,
        baseUrl: sandbox.baseUrl,
        agent: settings.agent ? { baseUrl: sandbox.origin, apiKey: sandbox.agentKey } : undefined,
      };
      const { run, arg } = setupScript(setup);
      throwIfRefused(await inExtension(run, arg));
    },
    badge: (tabId) => inExtension((id: number) => (globalThis as any).browser.browserAction.getBadgeText({ tabId: id }), tabId),
    async reset() {
      for (const page of await browser.pages()) if (page !== control) await page.close().catch(() => undefined);
      sandbox.journal.clear();
      sandbox.faults.clear();
      sandbox.buckets.reset();
    },
    async close() {
      await browser.close().catch(() => undefined);
      await sandbox.close();
    },
  };
  return firefox;
}

/** Wait until `read()` gives a value `accept` takes; return it (for text that streams in, a badge that changes). */
export async function eventually<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  let last: unknown;
  try {
    return await until(what, async () => {
      const value = await read().catch((error: unknown) => void (last = error));
      if (value === undefined) return undefined;
      last = value;
      return accept(value) ? value : undefined;
    }, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message} (last seen: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
  }
}

/** The text of the element matching `selector` in `page`, once there is one. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const handle = await page.waitForSelector(selector, { timeout: 15_000 });
  return (await handle!.evaluate((el) => el.textContent ?? '')).trim();
}

/** A demo product whose store page uses the given markup (as tests/e2e/fixtures.ts picks them). */
export function demoProduct(sandbox: RunningSandbox, kind: 'jsonld' | 'microdata' | 'opengraph' | 'canonical', index = 0) {
  const product = sandbox.demo.products.filter((p) => sandbox.demo.pageKind(p.productUrl) === kind)[index];
  if (!product) throw new Error(`No demo product with ${kind} markup`);
  return product;
}
