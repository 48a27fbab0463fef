/**
 * Popup benchmark: the one-click lookup as the user sees it, in headless Chromium, against the sandbox (a process of its own, scripts/lib/sandbox-process.ts)
 * with an injected latency per API call. The build is loaded from a temporary copy whose manifest also allows
 * loopback (bench-target.ts), so the production build can reach the sandbox.
 *
 * Per run: clear `chrome.storage.session` (tab states and the lookup cache), open a demo product page not looked up
 * before, open the popup for its tab = cold; once the lookup is cached, reopen the popup for the same tab = warm.
 * Each time the page opened is the one the toolbar button would open for that tab (`action.getPopup({ tabId })`):
 * the default popup on the first look (given `?tab=<id>`, since a page opened as a tab cannot find the product tab
 * with `tabs.query` as a real popup does), then the tab's own `popup.html?for=<id>#…` that the background set
 * (lib/popup-page.ts). One extra run first warms the service worker and the browser up and is not counted.
 *
 * All times are taken inside the popup page, relative to its navigation start (`performance.now()`): an init script
 * installs a MutationObserver before any of the popup's own code runs, and on each DOM change checks
 * - the record: a heading whose text is the product title, visible (`checkVisibility()`);
 * - the similar items: the list named "Similar items" with a visible item (or the "No similar items found." text);
 * - the first tab (role tab) visible: the first meaningful frame;
 * and stamps the time in the next animation frame (the frame that paints the change). It also records every
 * visible→hidden transition (flicker). First contentful paint comes from `performance.getEntriesByType('paint')`.
 */
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { DEMO_API_KEY } from '../../sandbox/server';
import { startSandboxProcess } from './sandbox-process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionCopy } from './bench-target';
import { launchWithExtension } from './extension';

export interface PopupSample {
  product: string;
  /** ms from the popup's navigation start. */
  recordVisible?: number;
  similarVisible?: number;
  /** When the record/similar became visible for the last time (differs from the first when it flickered). */
  recordStable?: number;
  similarStable?: number;
  recordFlickers: number;
  similarFlickers: number;
  similarEmpty: boolean;
  firstTab?: number;
  /** "Reading this page…" (detection pending) on screen: first and last frame seen. */
  readingFirst?: number;
  readingLast?: number;
  /** When the sandbox received each API call, ms from the popup's navigation start. */
  apiReceivedAt: Record<string, number>;
  fcp?: number;
  domContentLoaded?: number;
  /** The popup's own `performance.mark`s (octolens:start, octolens:cached, octolens:views-loaded), ms. */
  marks: Record<string, number>;
  /** ms from just before `page.goto` in Node to the record seen in the page (cross-check, includes CDP overhead). */
  nodeRecordVisible?: number;
  /** API calls the sandbox received for this open. */
  apiCalls: string[];
  timedOut: boolean;
}

export interface PopupResult {
  latencyMs: number;
  runs: number;
  cold: PopupSample[];
  warm: PopupSample[];
  warmup: PopupSample[];
  /**
   * The browser's own floor, measured in the same conditions: a static extension page with no script (one per run,
   * after the warm reopen). What no popup code can go below: navigation, renderer commit, extension bindings, paint.
   */
  floor: { fcp?: number; domContentLoaded?: number }[];
}

interface BenchState {
  title: string;
  record: { t: number; visible: boolean }[];
  similar: { t: number; visible: boolean }[];
  similarEmpty: boolean;
  firstTab?: number;
  /** "Reading this page…" (detection pending) shown: first and last time seen. */
  readingFirst?: number;
  readingLast?: number;
  done: boolean;
  lastChange: number;
}

/** Runs in the popup before its scripts (Playwright init script). */
function installObserver(args: { title: string; settleMs: number }) {
  const state: BenchState = { title: args.title, record: [], similar: [], similarEmpty: false, done: false, lastChange: 0 };
  (window as unknown as { __octoBench: BenchState }).__octoBench = state;
  // The bench awaits these promises (one CDP call each) instead of polling the page every frame, which would add
  // work to the very page being measured.
  let seen: () => void = () => undefined;
  let settled: () => void = () => undefined;
  const w = window as unknown as { __octoBenchRecord: Promise<void>; __octoBenchDone: Promise<void> };
  w.__octoBenchRecord = new Promise<void>((resolve) => (seen = resolve));
  w.__octoBenchDone = new Promise<void>((resolve) => (settled = resolve));
  let recordShown = false;
  let similarShown = false;
  let frameQueued = false;
  const visible = (el: Element | null | undefined) =>
    !!el && (el as HTMLElement).checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) !== false && el.getClientRects().length > 0;
  const look = () => {
    const heading = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role="heading"]')).find(
      (h) => (h.textContent ?? '').trim() === state.title && visible(h),
    );
    const list = document.querySelector('ul[aria-label="Similar items"], [role="list"][aria-label="Similar items"]');
    const items = list ? Array.from(list.querySelectorAll('li,[role="listitem"]')).some(visible) : false;
    const empty = Array.from(document.querySelectorAll('.similar p')).some((p) => /No similar items found/.test(p.textContent ?? '') && visible(p));
    const reading = Array.from(document.querySelectorAll('p[aria-busy="true"]')).some((p) => /Reading this page/.test(p.textContent ?? '') && visible(p));
    return { record: !!heading, similar: items || empty, empty, reading, tab: visible(document.querySelector('[role="tab"]')) };
  };
  const stamp = () => {
    frameQueued = false;
    const t = performance.now();
    const now = look();
    if (now.tab && state.firstTab === undefined) state.firstTab = t;
    if (now.reading) {
      state.readingFirst ??= t;
      state.readingLast = t;
    }
    if (now.record) seen();
    if (now.record !== recordShown) {
      recordShown = now.record;
      state.record.push({ t, visible: now.record });
      state.lastChange = t;
    }
    if (now.similar !== similarShown) {
      similarShown = now.similar;
      state.similar.push({ t, visible: now.similar });
      state.similarEmpty = now.empty;
      state.lastChange = t;
    }
  };
  const onChange = () => {
    if (frameQueued) return;
    frameQueued = true;
    requestAnimationFrame(stamp);
  };
  new MutationObserver(onChange).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const tick = () => {
    if (recordShown && similarShown && performance.now() - state.lastChange >= args.settleMs) {
      state.done = true;
      settled();
    } else setTimeout(tick, 25);
  };
  setTimeout(tick, 25);
}

async function openPopup(
  context: BrowserContext,
  popupUrl: string,
  title: string,
): Promise<{ page: Page; timeOrigin: number; sample: Omit<PopupSample, 'product' | 'apiCalls' | 'apiReceivedAt'> }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 420, height: 760 });
  // As a source string with a `__name` shim: tsx (esbuild keepNames) wraps named inner functions in `__name(...)`,
  // which does not exist in the page.
  await page.addInitScript(`var __name = (f) => f; (${installObserver.toString()})(${JSON.stringify({ title, settleMs: 400 })});`);
  const started = Date.now();
  await page.goto(popupUrl);
  let timedOut = false;
  let nodeRecordVisible: number | undefined;
  try {
    const within = (name: '__octoBenchRecord' | '__octoBenchDone', ms: number) =>
      page.evaluate(
        ({ name, ms }) =>
          Promise.race([
            (window as unknown as Record<string, Promise<void>>)[name]!.then(() => true),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
          ]),
        { name, ms },
      );
    if (!(await within('__octoBenchRecord', 15_000))) throw new Error('record not seen');
    nodeRecordVisible = Date.now() - started;
    if (!(await within('__octoBenchDone', 10_000))) throw new Error('not settled');
  } catch {
    timedOut = true;
  }
  const data = await page.evaluate(() => {
    const s = (window as unknown as { __octoBench?: BenchState }).__octoBench;
    const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const marks = Object.fromEntries(
      performance.getEntriesByType('mark').filter((m) => m.name.startsWith('octolens:')).map((m) => [m.name.slice('octolens:'.length), m.startTime]),
    );
    return { s, fcp, dcl: nav?.domContentLoadedEventEnd, marks, timeOrigin: performance.timeOrigin };
  });
  const s = data.s;
  const first = (events: { t: number; visible: boolean }[] | undefined) => events?.find((e) => e.visible)?.t;
  const last = (events: { t: number; visible: boolean }[] | undefined) => [...(events ?? [])].reverse().find((e) => e.visible)?.t;
  const flickers = (events: { t: number; visible: boolean }[] | undefined) => (events ?? []).filter((e, i) => i > 0 && !e.visible).length;
  if (!s) throw new Error('The benchmark observer did not run in the popup (init scripts not applied to extension pages?)');
  return {
    page,
    timeOrigin: data.timeOrigin,
    sample: {
      recordVisible: first(s.record),
      similarVisible: first(s.similar),
      recordStable: last(s.record),
      similarStable: last(s.similar),
      recordFlickers: flickers(s.record),
      similarFlickers: flickers(s.similar),
      similarEmpty: s.similarEmpty,
      firstTab: s.firstTab,
      readingFirst: s.readingFirst,
      readingLast: s.readingLast,
      fcp: data.fcp,
      domContentLoaded: data.dcl,
      marks: data.marks,
      nodeRecordVisible,
      timedOut,
    },
  };
}

async function tabIdOf(worker: Worker, href: string): Promise<number> {
  const id = await worker.evaluate(async (url: string) => {
    const tabs = await (globalThis as any).chrome.tabs.query({});
    return tabs.find((t: any) => t.url === url || t.pendingUrl === url)?.id as number | undefined;
  }, href);
  if (id === undefined) throw new Error(`No tab for ${href}`);
  return id;
}

/**
 * The page the toolbar button would open for the tab: its own popup once the background has set one
 * (`popup.html?for=<tab>#…`, lib/popup-page.ts), else the default popup, given the tab as `?tab=<id>` (a real popup
 * finds its tab with `tabs.query`, which in a page opened as a tab would find that page itself).
 */
async function popupUrlFor(worker: Worker, tabId: number): Promise<string> {
  const url = await worker.evaluate(async (tabId: number) => (await (globalThis as any).chrome.action.getPopup({ tabId })) as string, tabId);
  return new URL(url).search ? url : `${url}?tab=${tabId}`;
}

/** Wait until the background has cached the lookup (it writes the cache after both calls answered). */
async function waitForCache(worker: Worker, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const cached = await worker.evaluate(async () => {
      const all = await (globalThis as any).chrome.storage.session.get(null);
      return Object.keys(all).some((k) => k.startsWith('lookup:'));
    });
    if (cached) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

export async function benchPopup(options: {
  buildDir: string;
  latencyMs: number;
  runs: number;
  log?: (line: string) => void;
}): Promise<PopupResult> {
  const log = options.log ?? (() => undefined);
  const sandbox = await startSandboxProcess({ latencyMs: options.latencyMs });
  const copy = extensionCopy(options.buildDir, ['http://127.0.0.1/*', 'http://localhost/*']);
  writeFileSync(join(copy.dir, 'bench-floor.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><p>Octolens</p></body></html>');
  const launched = await launchWithExtension({ headless: true, extensionDir: copy.dir });
  const result: PopupResult = { latencyMs: options.latencyMs, runs: options.runs, cold: [], warm: [], warmup: [], floor: [] };
  try {
    const { context, extensionId } = launched;
    const worker = await launched.worker();
    await worker.evaluate(
      async ({ apiKey, baseUrl }) => {
        const c = (globalThis as any).chrome;
        await c.storage.local.set({ apiKey, settings: { baseUrl }, settings$: { v: 1 } });
      },
      { apiKey: DEMO_API_KEY, baseUrl: sandbox.baseUrl },
    );
    // Distinct products, rotating over the four page kinds (JSON-LD, microdata, OpenGraph, canonical-only).
    const byKind = new Map<string, typeof sandbox.demo.products>();
    for (const p of sandbox.demo.products) {
      const kind = sandbox.demo.pageKind(p.productUrl);
      if (!kind || !p.title) continue;
      byKind.set(kind, [...(byKind.get(kind) ?? []), p]);
    }
    const kinds = [...byKind.keys()].sort();
    const products = Array.from({ length: options.runs + 1 }, (_, i) => byKind.get(kinds[i % kinds.length]!)![Math.floor(i / kinds.length)]!);

    for (let i = 0; i < products.length; i++) {
      const product = products[i]!;
      const w = await launched.worker();
      await w.evaluate(() => (globalThis as any).chrome.storage.session.clear());
      const store = await context.newPage();
      await store.goto(product.productUrl, { waitUntil: 'load' });
      const tabId = await tabIdOf(w, store.url());
      await store.waitForTimeout(50);

      await sandbox.journal.clear();
      const coldUrl = await popupUrlFor(w, tabId);
      if (new URL(coldUrl).hash) throw new Error(`The tab's popup already has a record before its first lookup: ${coldUrl}`);
      const cold = await openPopup(context, coldUrl, product.title!);
      await waitForCache(w);
      const coldJournal = (await sandbox.journal.list()).filter((e) => e.path.startsWith('/v1/'));
      const coldCalls = coldJournal.map((e) => e.path);
      await cold.page.close();

      await sandbox.journal.clear();
      const warm = await openPopup(context, await popupUrlFor(w, tabId), product.title!);
      await warm.page.waitForTimeout(100);
      const warmJournal = (await sandbox.journal.list()).filter((e) => e.path.startsWith('/v1/'));
      const warmCalls = warmJournal.map((e) => e.path);
      await warm.page.close();
      const floorPage = await context.newPage();
      await floorPage.setViewportSize({ width: 420, height: 760 });
      await floorPage.goto(`chrome-extension://${extensionId}/bench-floor.html`, { waitUntil: 'load' });
      await floorPage.waitForTimeout(150);
      const floor = await floorPage.evaluate(() => ({
        fcp: performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime,
        domContentLoaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd,
      }));
      if (i > 0) result.floor.push(floor);
      await floorPage.close();
      await store.close();

      const receivedAt = (entries: typeof coldJournal, origin: number) =>
        Object.fromEntries(entries.map((e) => [e.path.replace(/^\/v1\//, ''), Date.parse(e.time) - origin]));
      const coldSample: PopupSample = { product: product.productUrl, ...cold.sample, apiCalls: coldCalls, apiReceivedAt: receivedAt(coldJournal, cold.timeOrigin) };
      const warmSample: PopupSample = { product: product.productUrl, ...warm.sample, apiCalls: warmCalls, apiReceivedAt: receivedAt(warmJournal, warm.timeOrigin) };
      if (i === 0) result.warmup.push(coldSample, warmSample);
      else {
        result.cold.push(coldSample);
        result.warm.push(warmSample);
      }
      const f = (v?: number) => (v === undefined ? '—' : v.toFixed(0));
      log(
        `  popup ${i === 0 ? 'warm-up' : `run ${i}/${options.runs}`}: cold record ${f(coldSample.recordVisible)} ms, similar ${f(coldSample.similarVisible)} ms` +
          ` (${coldCalls.length} API calls); warm record ${f(warmSample.recordVisible)} ms, similar ${f(warmSample.similarVisible)} ms (${warmCalls.length} API calls)` +
          `${coldSample.recordFlickers + warmSample.recordFlickers + coldSample.similarFlickers + warmSample.similarFlickers ? ' FLICKER' : ''}` +
          `${coldSample.timedOut || warmSample.timedOut ? ' TIMED OUT' : ''}`,
      );
    }
  } finally {
    await launched.close();
    await sandbox.close();
    copy.dispose();
  }
  return result;
}
