/**
 * `npm start`: build the extension (sandbox build), start the sandbox, and open Chromium with the extension loaded and
 * preconfigured for the sandbox (demo key, sandbox base URL) on a demo store product page, ready for the click.
 *
 * Without a display (or with --headless) it shows the flow itself: it opens a demo product page, shows the popup for
 * it, writes screenshots of the popup at its real size (record, then similar items), the search tab and the options page to demo-output/,
 * prints their paths and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { chromiumVersion, ensureChromium } from './lib/chromium';
import { configureExtension } from './lib/configure';
import { RTL_DEMO } from '../sandbox/demo/catalog';
import { EXTENSION_DIR, launchWithExtension } from './lib/extension';
import { DEMO_API_KEY } from '../sandbox/server';
import { startSandbox, type RunningSandbox } from '../sandbox/start';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean' },
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    'skip-build': { type: 'boolean' },
  },
});

const OUT = resolve('demo-output');

function step(message: string) {
  console.log(`› ${message}`);
}

/**
 * The popup's images below the fold load lazily, as the user scrolls; a full-page screenshot does not scroll, so it
 * would show them unloaded. Load them all (and wait, at most 3 s) so the shot shows what a user who scrolls sees.
 */
async function loadLazyImages(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      [...document.images].map((img) => {
        img.loading = 'eager';
        return img.complete
          ? undefined
          : new Promise((done) => {
              img.addEventListener('load', done, { once: true });
              img.addEventListener('error', done, { once: true });
              setTimeout(done, 3000);
            });
      }),
    ),
  );
}

async function listen(port: number): Promise<RunningSandbox> {
  try {
    return await startSandbox({ port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    step(`Port ${port} is busy; using a free port instead.`);
    return startSandbox({ port: 0 });
  }
}

async function main() {
  const browserPath = ensureChromium();
  step(`Browser: ${browserPath} (${chromiumVersion(browserPath)})`);
  if (!values['skip-build']) {
    step('Building the extension (sandbox build)…');
    const build = spawnSync('npx', ['wxt', 'build'], { encoding: 'utf8', env: { ...process.env, OCTOLENS_SANDBOX: '1' } });
    if (build.status !== 0) {
      process.stderr.write(`${build.stdout}\n${build.stderr}`);
      throw new Error('The extension build failed (npm run build:sandbox).');
    }
  }
  const sandbox = await listen(Number(values.port));
  step(`Sandbox: ${sandbox.baseUrl} (demo key ${DEMO_API_KEY.slice(0, 20)}…), demo stores at ${sandbox.origin}/demo/`);

  const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const headless = values.headless || !display || process.env.CI === 'true';
  const ext = await launchWithExtension({ headless });
  const worker = await ext.worker();
  await configureExtension(ext.context, ext.extensionId, {
    apiKey: DEMO_API_KEY,
    baseUrl: sandbox.baseUrl,
    agent: { baseUrl: sandbox.origin, apiKey: sandbox.agentKey },
    // Sign in with Octogen goes to the sandbox's Catalog Partner MCP server (options: Sign in with Octogen).
    mcpUrl: sandbox.oauth.resource,
  });
  step(`Extension loaded from ${EXTENSION_DIR} and set up for the sandbox (sign in with Octogen: ${sandbox.oauth.resource}).`);

  const product = sandbox.demo.products.find((p) => sandbox.demo.pageKind(p.productUrl) === 'jsonld' && p.originalPrice) ?? sandbox.demo.products[0]!;
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(product.productUrl);

  if (!headless) {
    step(`Opened ${product.productUrl}`);
    console.log('\nClick the Octolens button in the toolbar (under the puzzle-piece menu; pin it) or press Alt+Shift+O.');
    console.log('Close the browser or press Ctrl+C to stop.');
    const stop = async () => {
      await ext.close();
      await sandbox.close();
      process.exit(0);
    };
    ext.context.on('close', () => void stop());
    process.on('SIGINT', () => void stop());
    return;
  }

  mkdirSync(OUT, { recursive: true });
  const shots: string[] = [];
  const tabId = await worker.evaluate(async (href: string) => {
    const tabs = await (globalThis as any).chrome.tabs.query({});
    return tabs.find((t: any) => t.url === href)?.id as number;
  }, page.url());
  await page.screenshot({ path: `${OUT}/store-page.png` });
  shots.push(`${OUT}/store-page.png`);

  const popup = await ext.context.newPage();
  // The toolbar popup's own size (400 × 600, its panel scrolls), so the shots show what the user sees.
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
  await popup.getByRole('heading', { name: product.title!, exact: true }).waitFor({ timeout: 15_000 });
  await popup.getByRole('list', { name: 'Similar items' }).getByRole('listitem').first().waitFor({ timeout: 15_000 });
  await loadLazyImages(popup);
  await popup.screenshot({ path: `${OUT}/popup-product.png` });
  shots.push(`${OUT}/popup-product.png`);
  // The panel scrolled down to the similar items, as the user would (the header and the tabs stay).
  await popup.getByRole('heading', { name: 'Similar items' }).evaluate((heading) => {
    const panel = heading.closest('.panel');
    if (panel) panel.scrollTop += heading.getBoundingClientRect().top - panel.getBoundingClientRect().top;
  });
  await popup.screenshot({ path: `${OUT}/popup-similar.png` });
  shots.push(`${OUT}/popup-similar.png`);

  await popup.getByRole('tab', { name: 'Search' }).click();
  await popup.getByLabel('Search products').fill('water bottle');
  await popup.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor({ timeout: 15_000 });
  await loadLazyImages(popup);
  await popup.screenshot({ path: `${OUT}/popup-search.png` });
  shots.push(`${OUT}/popup-search.png`);

  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Test connection' }).click();
  await options.getByText(/Connected to/).waitFor({ timeout: 15_000 });
  // A window as tall as the page, so the sticky save bar sits at its end (a full-page shot would leave it where the
  // window's end was, over the page).
  const height = await options.evaluate(() => document.documentElement.scrollHeight);
  await options.setViewportSize({ width: 1100, height });
  await options.screenshot({ path: `${OUT}/options.png` });
  shots.push(`${OUT}/options.png`);

  // #27: an Arabic record (a right-to-left title and description among the English UI), then the popup in German and
  // in Japanese (Chromium started with --lang: the browser picks the extension's catalogue from it).
  const rtl = sandbox.demo.products.find((p) => p.title === RTL_DEMO.title);
  if (rtl) {
    const rtlPage = await ext.context.newPage();
    await rtlPage.goto(rtl.productUrl);
    const rtlTab = await worker.evaluate(async (href: string) => {
      const tabs = await (globalThis as any).chrome.tabs.query({});
      return tabs.find((t: any) => t.url === href)?.id as number;
    }, rtlPage.url());
    const rtlPopup = await ext.context.newPage();
    await rtlPopup.setViewportSize({ width: 400, height: 600 });
    await rtlPopup.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${rtlTab}`);
    await rtlPopup.getByRole('heading', { name: rtl.title!, exact: true }).waitFor({ timeout: 15_000 });
    await loadLazyImages(rtlPopup);
    await rtlPopup.screenshot({ path: `${OUT}/popup-arabic-record.png` });
    shots.push(`${OUT}/popup-arabic-record.png`);
  }
  await ext.close();
  for (const lang of ['de', 'ja']) {
    const localized = await launchWithExtension({ headless, args: [`--lang=${lang}`] });
    await localized.worker();
    await configureExtension(localized.context, localized.extensionId, { apiKey: DEMO_API_KEY, baseUrl: sandbox.baseUrl });
    const store = await localized.context.newPage();
    await store.goto(product.productUrl);
    const worker2 = await localized.worker();
    const tab = await worker2.evaluate(async (href: string) => {
      const tabs = await (globalThis as any).chrome.tabs.query({});
      return tabs.find((t: any) => t.url === href)?.id as number;
    }, store.url());
    const shot = await localized.context.newPage();
    await shot.setViewportSize({ width: 400, height: 600 });
    await shot.goto(`chrome-extension://${localized.extensionId}/popup.html?tab=${tab}`);
    await shot.getByRole('heading', { name: product.title!, exact: true }).waitFor({ timeout: 15_000 });
    await shot.locator('ul.cards li').first().waitFor({ timeout: 15_000 });
    await loadLazyImages(shot);
    await shot.screenshot({ path: `${OUT}/popup-${lang}.png` });
    shots.push(`${OUT}/popup-${lang}.png`);
    await localized.close();
  }

  console.log(`\nNo display here, so Octolens ran headless against the sandbox and took screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}`);
  await sandbox.close();
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
