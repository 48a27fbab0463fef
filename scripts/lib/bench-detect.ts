/**
 * Detection benchmark inside Chromium: the built detection script (lib/platform.ts `CONTENT_SCRIPT_FILE`)
 * injected with `chrome.scripting.executeScript` from the service worker, exactly as the background does, into the
 * real retailer pages of ../shared/fixtures/product-pages (read where they are, gunzipped in memory).
 *
 * Each page is served at its real address (the ground truth's `pageUrl`, tracking parameters included) by
 * Playwright's request interception, so the detector sees the same URL, host rules and canonical links as on the
 * live site; the page's own scripts are blocked (`Content-Security-Policy: script-src 'none'`) and every other
 * request (images, CSS, frames, fonts) is aborted, so the page is inert and the only work on its main thread is
 * ours. Because those hosts are not in the build's host permissions (the extension gets them from activeTab on a
 * real click), the build is copied to a temporary folder whose manifest adds `<all_urls>` (bench-target.ts); the
 * content script itself is byte-for-byte the built one.
 *
 * Per page, `fresh` first injections, each into the page loaded in a new tab (so a new renderer process for its site,
 * with nothing compiled yet, as on the user's first click there); the budgeted figure is each page's median of these,
 * so that one scheduler hiccup on a busy machine is not taken for the page's cost (every single sample is reported
 * too). The last tab then gets `rounds - 1` re-injections (re-clicks). One uncounted injection into the first page
 * comes before them all (as the popup benchmark's warm-up run). Each injection is measured three ways:
 * - `elapsedMs`: detect()'s own measurement (returned in the injection's result);
 * - wall time of the `executeScript` call in the service worker (IPC, script load/compile, detect, result transfer);
 * - main-thread cost: the renderer's `TaskDuration` and `ScriptDuration` (CDP `Performance.getMetrics`) before
 *   and after the injection. Unlike a `longtask` observer (which only sees tasks over 50 ms) this counts every
 *   task the injection puts on the page's main thread, compile and result serialisation included; the page does
 *   nothing else meanwhile. Long tasks (> 50 ms) seen by a PerformanceObserver are counted as well.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CDPSession, Page, Worker } from '@playwright/test';
import { detectorFile, extensionCopy } from './bench-target';
import { launchWithExtension } from './extension';

export const PRODUCT_PAGES_DIR = resolve(import.meta.dirname, '../../../shared/fixtures/product-pages');

export interface DetectSample {
  id: string;
  /** Which fresh tab of the page (0 … fresh-1): each take is a new tab, so a new renderer for the page's site. */
  take: number;
  /** 0: the first injection into that tab's document; 1…: re-injections (on the last take only). */
  round: number;
  elapsedMs: number;
  wallMs: number;
  taskMs: number;
  scriptMs: number;
  isProduct: boolean;
}

export interface DetectResult {
  /** The injected file (lib/platform.ts CONTENT_SCRIPT_FILE). */
  script: string;
  pages: number;
  /** Fresh tabs per page, each with its own first injection. */
  fresh: number;
  /** Injections into the last fresh tab (the first, then re-injections). */
  rounds: number;
  samples: DetectSample[];
  longTasks: number;
  longTaskMs: number;
  failures: { id: string; error: string }[];
}

async function metrics(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (name: string) => list.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration') * 1000, script: get('ScriptDuration') * 1000 };
}

export async function benchDetect(options: {
  buildDir: string;
  rounds: number;
  fresh: number;
  limit?: number;
  /** Only the pages whose id starts with one of these (all when empty). */
  pages?: string[];
  /** Extra Chromium switches. */
  browserArgs?: string[];
  log?: (line: string) => void;
}): Promise<DetectResult> {
  const log = options.log ?? (() => undefined);
  const truth = JSON.parse(readFileSync(join(PRODUCT_PAGES_DIR, 'ground-truth.json'), 'utf8')) as Record<string, { url: string; pageUrl?: string }>;
  const ids = Object.keys(truth)
    .filter((id) => existsSync(join(PRODUCT_PAGES_DIR, 'html', `${id}.html.gz`)))
    .filter((id) => !options.pages?.length || options.pages.some((prefix) => id.startsWith(prefix)))
    .sort()
    .slice(0, options.limit ?? Infinity);
  if (!ids.length) throw new Error(`No fixture page matches ${options.pages?.join(', ')}`);
  const script = detectorFile(options.buildDir);
  const copy = extensionCopy(options.buildDir, ['<all_urls>']);
  const launched = await launchWithExtension({ headless: true, extensionDir: copy.dir, args: options.browserArgs });
  const result: DetectResult = { script, pages: ids.length, fresh: options.fresh, rounds: options.rounds, samples: [], longTasks: 0, longTaskMs: 0, failures: [] };
  try {
    const { context } = launched;
    let current: { url: string; html: Buffer } | undefined;
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (current && request.isNavigationRequest() && request.url() === current.url.split('#')[0]) {
        await route.fulfill({
          status: 200,
          headers: { 'content-type': 'text/html', 'content-security-policy': "script-src 'none'" },
          body: current.html,
        });
      } else {
        await route.abort();
      }
    });
    // One page held open throughout, so closing a measured tab never leaves the browser without a window.
    const holder = await context.newPage();
    let worker: Worker = await launched.worker();

    // A first pass over the first page, not counted, as the popup benchmark's warm-up run: the browser's own first
    // injection (reading the script file, setting up the extension's worlds) is not taken for that page's cost.
    for (const [step, id] of [...ids.slice(0, 1), ...ids].entries()) {
      const warmUp = step === 0;
      const index = step - 1;
      const into: Pick<DetectResult, 'samples' | 'longTasks' | 'longTaskMs'> = warmUp ? { samples: [], longTasks: 0, longTaskMs: 0 } : result;
      const t = truth[id]!;
      const url = t.pageUrl ?? t.url;
      current = { url, html: gunzipSync(readFileSync(join(PRODUCT_PAGES_DIR, 'html', `${id}.html.gz`))) };
      for (let take = 0; take < (warmUp ? 1 : options.fresh); take++) {
        // Each take in a new tab: a new renderer process for the page's site, as on a user's first click there.
        const page = await context.newPage();
        try {
          await measureTake(page, !warmUp && take === options.fresh - 1 ? options.rounds : 1, take);
        } catch (error) {
          if (!warmUp) result.failures.push({ id, error: (error as Error).message.split('\n')[0]! });
        } finally {
          await page.close().catch(() => undefined);
        }
      }
      if (!warmUp && ((index + 1) % 10 === 0 || index === ids.length - 1)) log(`  detect: ${index + 1}/${ids.length} pages`);

      async function measureTake(page: Page, rounds: number, take: number): Promise<void> {
        try {
          await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
        } catch (error) {
          throw new Error(`navigation: ${(error as Error).message.split('\n')[0]}`);
        }
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable', { timeDomain: 'threadTicks' } as never).catch(() => cdp.send('Performance.enable'));
        worker = await launched.worker();
        // tsx (esbuild keepNames) wraps the `func:` arrows below in `__name(...)`, which the worker lacks.
        await worker.evaluate('globalThis.__name ??= (f) => f');
        const tabId = await worker.evaluate(async (href: string) => {
          const tabs = await (globalThis as any).chrome.tabs.query({});
          return tabs.find((x: any) => x.url === href)?.id as number | undefined;
        }, page.url());
        if (tabId === undefined) throw new Error(`No tab for ${page.url()}`);
        // Count long tasks on this document from now on (observer lives in the extension's isolated world).
        await worker.evaluate(async (tab: number) => {
          await (globalThis as any).chrome.scripting.executeScript({
            target: { tabId: tab },
            func: () => {
              const g = globalThis as unknown as { __octoLong?: { n: number; ms: number } };
              if (g.__octoLong) return;
              const acc = { n: 0, ms: 0 };
              g.__octoLong = acc;
              new PerformanceObserver((list) => {
                for (const e of list.getEntries()) {
                  acc.n += 1;
                  acc.ms += e.duration;
                }
              }).observe({ type: 'longtask' });
            },
          });
        }, tabId);
        for (let round = 0; round < rounds; round++) {
          const before = await metrics(cdp);
          const run = await worker.evaluate(
            async ({ tab, file }) => {
              const started = performance.now();
              const results = await (globalThis as any).chrome.scripting.executeScript({ target: { tabId: tab }, files: [file] });
              const wallMs = performance.now() - started;
              const r = results?.[0]?.result as { elapsedMs?: number; isProduct?: boolean } | undefined;
              return { wallMs, elapsedMs: r?.elapsedMs, isProduct: r?.isProduct === true };
            },
            { tab: tabId, file: script },
          );
          const after = await metrics(cdp);
          if (typeof run.elapsedMs !== 'number') throw new Error('the content script returned no elapsedMs');
          into.samples.push({
            id,
            take,
            round,
            elapsedMs: run.elapsedMs,
            wallMs: run.wallMs,
            taskMs: after.task - before.task,
            scriptMs: after.script - before.script,
            isProduct: run.isProduct,
          });
        }
        const long = await worker.evaluate(async (tab: number) => {
          const [r] = await (globalThis as any).chrome.scripting.executeScript({
            target: { tabId: tab },
            func: () => (globalThis as unknown as { __octoLong?: { n: number; ms: number } }).__octoLong ?? { n: 0, ms: 0 },
          });
          return r?.result as { n: number; ms: number };
        }, tabId);
        into.longTasks += long?.n ?? 0;
        into.longTaskMs += long?.ms ?? 0;
      }
    }
    await holder.close().catch(() => undefined);
  } finally {
    await launched.close();
    copy.dispose();
  }
  return result;
}
