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
 * (lib/wire.ts). One extra run first warms the service worker and the browser up and is not counted.
 * A page opened so makes the same request to the service worker as the real popup does (lib/background/
 * popup-navigation.ts: the lookup starts on that request).
 *
 * Then the real toolbar popup, on other products: `action.openPopup()` (what a click on the button does) for the
 * product's tab, cold and then warm. Playwright cannot reach that popup, so nothing is injected into it: its own
 * performance timeline is read afterwards from an extension page of ours (`extension.getViews({ type: 'popup' })`):
 * first-contentful-paint, load, the popup's User Timing marks, and the first paint of the record's title and of a
 * similar item's title, which the popup marks for Element Timing (`elementtiming`, lib/wire.ts TIMING). Its
 * floor: the same static page (bench-floor.html) shown as the tab's popup. The budgets are judged on the real popup
 * when this browser can open it; the tab-opened figures (with the flicker check and the breakdown) are printed beside.
 * Then, per run, one more cold open of the real popup on yet another product, with the service worker stopped first
 * (as the browser stops it after 30 s idle) and the button clicked from the holder page, which does not wake it:
 * printed, not budgeted. And two cold opens of a page whose parsing is held HELD_MS (a slow or heavy page, clicked
 * before it has loaded): at a retailer's product URL (Amazon's, a site the bench's copy is granted; the lookup leaves
 * from the address), and at an address no rule knows (the lookup waits for the page). The catalog knows both
 * addresses (a queued answer, after the same latency). Printed, not budgeted.
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
import { configureExtension } from './configure';
import { clickToolbarButton, launchWithExtension, stopServiceWorkers, type ExtensionScope } from './extension';
import { CACHE_POLICIES, cacheIndexKey } from '../../lib/caches';
import { envelope, TIMING } from '../../lib/wire';

/** The lookup cache's index: present once a lookup has been cached. */
const LOOKUP_CACHE = cacheIndexKey(CACHE_POLICIES.lookup);

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
  /**
   * The real toolbar popup (`action.openPopup()`, what a click on the button does), other products: its own
   * timeline, read afterwards from an extension page of ours. Undefined when this browser cannot open it (the reason
   * in `realError`).
   */
  real?: {
    cold: RealSample[];
    warm: RealSample[];
    /**
     * Cold opens on yet other products, clicked when the service worker had been stopped (as the browser does after
     * 30 s idle: the usual state at a user's first click in a while). Not budgeted: the budgets' cold is the empty cache.
     */
    stoppedWorker?: RealSample[];
    /** Cold opens on a page held mid-parse for `heldMs`: at a retailer's product URL, and at an address no rule knows. */
    heldPage?: { heldMs: number; retailer: RealSample[]; elsewhere: RealSample[] };
    floor: { fcp?: number; loadEnd?: number; titleVisible?: number }[];
  };
  realError?: string;
  /** A message from an extension page answered by the background (ms): with its worker running, and stopped first. */
  workerStart?: { running: number[]; stopped: number[] };
}

/** One open of the real popup, all times ms from its navigation start, from its own performance timeline. */
export interface RealSample {
  product: string;
  /** First paint of the record's title / of a similar item's title (Element Timing, lib/wire.ts TIMING). */
  recordVisible?: number;
  similarVisible?: number;
  fcp?: number;
  /** The page's load event ended (a popup is shown once its page has loaded). */
  loadEnd?: number;
  marks: Record<string, number>;
  apiReceivedAt: Record<string, number>;
  apiCalls: string[];
  timedOut: boolean;
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
 * (`popup.html?for=<tab>#…`, lib/wire.ts), else the default popup, given the tab as `?tab=<id>` (a real popup
 * finds its tab with `tabs.query`, which in a page opened as a tab would find that page itself).
 */
async function popupUrlFor(worker: Worker, tabId: number): Promise<string> {
  const url = await worker.evaluate(async (tabId: number) => (await (globalThis as any).chrome.action.getPopup({ tabId })) as string, tabId);
  return new URL(url).search ? url : `${url}?tab=${tabId}`;
}

/** Wait until the background has cached the lookup (it writes the cache after both calls answered). */
async function waitForCache(worker: ExtensionScope, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const cached = await worker.evaluate(async (key: string) => ((await (globalThis as any).chrome.storage.session.get(key))[key]?.length ?? 0) > 0, LOOKUP_CACHE);
    if (cached) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/**
 * The real popup's timeline: from an extension page of ours (`holder`; extension pages of one extension can reach
 * each other's windows, `extension.getViews`), its paint and User Timing entries, and the first paint of the record's
 * and the similar items' titles (Element Timing). Then it is closed. Null when no popup is open.
 */
async function readRealPopup(holder: Page, timing: typeof TIMING) {
  return holder.evaluate(async (names) => {
    const c = (globalThis as any).chrome;
    const view = c.extension.getViews({ type: 'popup' })[0] as (Window & typeof globalThis) | undefined;
    if (!view) return null;
    const elements = await new Promise<{ identifier: string; renderTime: number }[]>((resolve) => {
      const seen: { identifier: string; renderTime: number }[] = [];
      const observer = new view.PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { identifier: string; renderTime: number; loadTime: number }[])
          seen.push({ identifier: e.identifier, renderTime: e.renderTime || e.loadTime });
      });
      observer.observe({ type: 'element', buffered: true });
      setTimeout(() => {
        observer.disconnect();
        resolve(seen);
      }, 100);
    });
    const first = (id: string) => {
      const times = elements.filter((e) => e.identifier === id).map((e) => e.renderTime);
      return times.length ? Math.min(...times) : undefined;
    };
    const perf = view.performance;
    const result = {
      timeOrigin: perf.timeOrigin,
      recordVisible: first(names.record),
      similarVisible: first(names.card),
      fcp: perf.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime,
      loadEnd: (perf.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd,
      marks: Object.fromEntries(
        perf.getEntriesByType('mark').filter((m) => m.name.startsWith('octolens:')).map((m) => [m.name.slice('octolens:'.length), m.startTime]),
      ) as Record<string, number>,
    };
    view.close();
    return result;
  }, timing);
}

async function popupClosed(worker: ExtensionScope): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const open = await worker.evaluate(async () => ((await (globalThis as any).chrome.runtime.getContexts({ contextTypes: ['POPUP'] })) as unknown[]).length);
    if (!open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A retailer whose product URLs a rule claims (lib/detect/retailers.ts), and how long the held pages are held. */
const RETAILER = 'https://www.amazon.com';
const HELD_MS = 1000;
const HELD_SCRIPT = '/bench-held.js';

export async function benchPopup(options: {
  buildDir: string;
  latencyMs: number;
  runs: number;
  /** Extra Chromium switches. */
  browserArgs?: string[];
  log?: (line: string) => void;
}): Promise<PopupResult> {
  const log = options.log ?? (() => undefined);
  const sandbox = await startSandboxProcess({ latencyMs: options.latencyMs });
  const copy = extensionCopy(options.buildDir, ['http://127.0.0.1/*', 'http://localhost/*', `${RETAILER}/*`]);
  writeFileSync(join(copy.dir, 'bench-floor.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body style="margin:0;width:400px;min-height:300px"><p>Octolens</p><h2 elementtiming="${TIMING.record}" style="margin-top:80px">A product title where the popup's record is</h2></body></html>`);
  const launched = await launchWithExtension({ headless: true, extensionDir: copy.dir, args: options.browserArgs });
  const result: PopupResult = { latencyMs: options.latencyMs, runs: options.runs, cold: [], warm: [], warmup: [], floor: [] };
  try {
    const { context, extensionId } = launched;
    const worker = await launched.worker();
    await configureExtension(context, extensionId, { apiKey: DEMO_API_KEY, baseUrl: sandbox.baseUrl });
    // Distinct products, rotating over the four page kinds (JSON-LD, microdata, OpenGraph, canonical-only).
    const byKind = new Map<string, typeof sandbox.demo.products>();
    for (const p of sandbox.demo.products) {
      const kind = sandbox.demo.pageKind(p.productUrl);
      if (!kind || !p.title) continue;
      byKind.set(kind, [...(byKind.get(kind) ?? []), p]);
    }
    const kinds = [...byKind.keys()].sort();
    const all = Array.from({ length: 3 * options.runs + 1 }, (_, i) => byKind.get(kinds[i % kinds.length]!)![Math.floor(i / kinds.length)]!);
    if (all.some((p) => !p)) throw new Error(`The demo catalog has too few products for ${options.runs} runs`);
    const products = all.slice(0, options.runs + 1);
    /** A product page in a new tab, with nothing known yet (tab states and the lookup cache cleared). */
    const freshStorePage = async (url: string) => {
      const w = await launched.worker();
      await w.evaluate(() => (globalThis as any).chrome.storage.session.clear());
      const store = await context.newPage();
      await store.goto(url, { waitUntil: 'load' });
      const tabId = await tabIdOf(w, store.url());
      await store.waitForTimeout(50);
      return { w, store, tabId };
    };

    for (let i = 0; i < products.length; i++) {
      const product = products[i]!;
      const { w, store, tabId } = await freshStorePage(product.productUrl);

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

    // The real popup, on products not opened yet (the tab-opened runs above are the warm-up).
    writeFileSync(join(copy.dir, 'bench-holder.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Holder</title></head><body></body></html>');
    const holderUrl = `chrome-extension://${extensionId}/bench-holder.html`;
    const [holder] = await Promise.all([
      context.waitForEvent('page', (p) => p.url() === holderUrl),
      worker.evaluate((url: string) => (globalThis as any).chrome.windows.create({ url, focused: false }), holderUrl),
    ]);
    await holder.waitForLoadState('load');
    // (tsx wraps named inner functions in `__name(...)`, which the page does not have)
    await holder.evaluate('var __name = (f) => f');
    const real: NonNullable<PopupResult['real']> = { cold: [], warm: [], stoppedWorker: [], heldPage: { heldMs: HELD_MS, retailer: [], elsewhere: [] }, floor: [] };
    // The held pages: a demo store page whose parsing waits HELD_MS for a script, at any address routed here.
    let heldHtml = '';
    await context.route(
      (url) => url.origin === RETAILER || url.pathname.startsWith('/bench-held'),
      async (route) => {
        if (new URL(route.request().url()).pathname === HELD_SCRIPT) {
          await new Promise((resolve) => setTimeout(resolve, HELD_MS));
          return route.fulfill({ status: 200, contentType: 'text/javascript', body: '' });
        }
        return route.fulfill({ status: 200, contentType: 'text/html', body: heldHtml });
      },
    );
    /** Stop the service worker and wait until it is gone (asked from the holder, which never wakes it); false if it stays. */
    const stopWorker = async (): Promise<boolean> => {
      await stopServiceWorkers(context, holder);
      for (let wait = 0; wait < 40; wait++) {
        const runs = await holder.evaluate(async () => ((await (globalThis as any).chrome.runtime.getContexts({ contextTypes: ['BACKGROUND'] })) as unknown[]).length > 0);
        if (!runs) return true;
        await holder.waitForTimeout(25);
      }
      return false;
    };
    /** One round trip to the background from the holder (a settings read, the options page's first message), in ms. */
    const askBackground = () =>
      holder.evaluate(async (message: unknown) => {
        const started = performance.now();
        const answer = (await (globalThis as any).chrome.runtime.sendMessage(message)) as { ok?: boolean };
        if (answer?.ok !== true) throw new Error('the background did not answer getSettings');
        return performance.now() - started;
      }, envelope('getSettings', undefined));
    try {
      for (let i = 0; i < options.runs; i++) {
        const product = all[options.runs + 1 + i]!;
        const { w, store, tabId } = await freshStorePage(product.productUrl);
        const open = async (cold: boolean, forTab = tabId, via: ExtensionScope = w, url = product.productUrl): Promise<RealSample> => {
          await sandbox.journal.clear();
          await clickToolbarButton(via, forTab);
          if (cold) await waitForCache(via);
          await holder.waitForTimeout(cold ? 400 : 700);
          const read = await readRealPopup(holder, TIMING);
          await popupClosed(via);
          const journal = (await sandbox.journal.list()).filter((e) => e.path.startsWith('/v1/'));
          return {
            product: url,
            recordVisible: read?.recordVisible,
            similarVisible: read?.similarVisible,
            fcp: read?.fcp,
            loadEnd: read?.loadEnd,
            marks: read?.marks ?? {},
            apiCalls: journal.map((e) => e.path),
            apiReceivedAt: read ? Object.fromEntries(journal.map((e) => [e.path.replace(/^\/v1\//, ''), Date.parse(e.time) - read.timeOrigin])) : {},
            timedOut: read?.recordVisible === undefined || read.similarVisible === undefined,
          };
        };
        /** A cold open of `product`'s page at `address` (identity URL `identity`), clicked while its parsing is held. */
        const heldOpen = async (address: string, identity: string): Promise<RealSample> => {
          heldHtml = (await (await fetch(product.productUrl)).text()).replace('<body>', `<body><script src="${HELD_SCRIPT}"></script>`);
          const known = (await (
            await fetch(`${sandbox.baseUrl}/products/lookup`, {
              method: 'POST',
              headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
              body: JSON.stringify({ url: product.productUrl }),
            })
          ).json()) as { product: Record<string, unknown> };
          const answer = { path: '/v1/products/lookup', status: 200, body: { ...known, product: { ...known.product, productUrl: identity } }, delayMs: options.latencyMs };
          await fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify([answer]) });
          const held = await launched.worker();
          await held.evaluate(() => (globalThis as any).chrome.storage.session.clear());
          const page = await context.newPage();
          await page.goto(address, { waitUntil: 'commit' });
          const sample = await open(true, await tabIdOf(held, address), held, address);
          await page.close();
          return sample;
        };
        const cold = await open(true);
        const warm = await open(false);
        real.cold.push(cold);
        real.warm.push(warm);
        // The real popup's floor: the same static page as above (bench-floor.html), shown as this tab's popup.
        await w.evaluate((tabId: number) => (globalThis as any).chrome.action.setPopup({ tabId, popup: 'bench-floor.html' }), tabId);
        await clickToolbarButton(w, tabId);
        await holder.waitForTimeout(700);
        const floorRead = await readRealPopup(holder, TIMING);
        await popupClosed(w);
        real.floor.push({ fcp: floorRead?.fcp, loadEnd: floorRead?.loadEnd, titleVisible: floorRead?.recordVisible });
        await store.close();
        // Cold again, on another product, with the service worker stopped first and the button clicked from the holder.
        const nextUrl = all[2 * options.runs + 1 + i]!.productUrl;
        const next = await freshStorePage(nextUrl);
        const stopped = (await stopWorker()) ? await open(true, next.tabId, holder, nextUrl) : undefined;
        if (stopped) real.stoppedWorker!.push(stopped);
        await next.store.close();
        const asin = `B0BENCH${String(i).padStart(3, '0')}`;
        const retailer = await heldOpen(`${RETAILER}/Bench-Product/dp/${asin}?tag=bench-20&ref=sr_1_1`, `${RETAILER}/dp/${asin}`);
        const elsewhereAddress = `${sandbox.origin}/bench-held/product-${i}`;
        const elsewhere = await heldOpen(elsewhereAddress, elsewhereAddress);
        real.heldPage!.retailer.push(retailer);
        real.heldPage!.elsewhere.push(elsewhere);
        const f = (v?: number) => (v === undefined ? '—' : v.toFixed(0));
        log(
          `  real popup run ${i + 1}/${options.runs}: cold record ${f(cold.recordVisible)} ms, similar ${f(cold.similarVisible)} ms (${cold.apiCalls.length} API calls);` +
            ` warm record ${f(warm.recordVisible)} ms, similar ${f(warm.similarVisible)} ms (${warm.apiCalls.length} API calls)` +
            `; first paint ${f(cold.fcp)}/${f(warm.fcp)} ms (a static page as the popup: ${f(real.floor.at(-1)?.fcp)} ms, its title 80 px down ${f(real.floor.at(-1)?.titleVisible)} ms)${cold.timedOut || warm.timedOut ? ' TIMED OUT' : ''}` +
            `; worker stopped first: ${stopped ? `cold record ${f(stopped.recordVisible)} ms, similar ${f(stopped.similarVisible)} ms${stopped.timedOut ? ' TIMED OUT' : ''}` : 'the worker did not stop'}` +
            `; page held ${HELD_MS} ms: record ${f(retailer.recordVisible)} ms at a retailer's product URL, ${f(elsewhere.recordVisible)} ms elsewhere`,
        );
      }
      // The worker's own start: a message answered with the worker running, then with it stopped first.
      const workerStart: NonNullable<PopupResult['workerStart']> = { running: [], stopped: [] };
      for (let i = 0; i < options.runs; i++) {
        await holder.waitForTimeout(200);
        workerStart.running.push(await askBackground());
        if (await stopWorker()) workerStart.stopped.push(await askBackground());
      }
      result.workerStart = workerStart;
      result.real = real;
    } catch (error) {
      result.realError = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`  real popup: not measured (${result.realError})`);
    }
  } finally {
    await launched.close();
    await sandbox.close();
    copy.dispose();
  }
  return result;
}
