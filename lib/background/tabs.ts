/**
 * Tabs: reading a tab's page (the detector, injected with a deadline), following what tabs do (navigations, closing)
 * and the detections pages report by themselves (a single-page store after a click, automatic detection).
 */
import { browser } from 'wxt/browser';
import { sameSite } from '../detect/url';
import type { Detection } from '../detect/types';
import type { DetectOutcome, LookupService } from '../lookup/service';
import { documentOf, sanitizeDetection } from '../lookup/sanitize';
import type { Injected } from '../platform';
import type { SenderLike } from '../wire';

/** How long reading a page may take (a page still loading is read once it has). */
export const READ_DEADLINE_MS = 15_000;
/** How long a tab on its way to a page is waited for. */
const ARRIVAL_MS = 20_000;

const isWeb = (url: string | undefined) => /^https?:/i.test(url ?? '');

export interface TabReaderDeps {
  inject(tabId: number): Promise<Injected>;
  now(): number;
  /** How long reading a page may take, in ms (asked at each reading: it is a setting). */
  readDeadlineMs(): Promise<number>;
}

/** A detection whose identity is on another site than the page it came from is not taken for that page's product. */
export function foreignIdentity(detection: Detection, pageUrl: string | undefined): string | undefined {
  if (!pageUrl || sameSite(detection.url, pageUrl)) return undefined;
  const host = (url: string) => new URL(url).hostname;
  return `This page says it is a product of ${host(detection.url)}, another site than ${host(pageUrl)}. Octolens looks up only what the page's own site sells.`;
}

class TooLong extends Error {}

/** The promise, or a `TooLong` rejection after `ms`. */
function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TooLong()), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export function createTabReader({ inject, now, readDeadlineMs }: TabReaderDeps) {
  /** A tab still on its way to a page (about:blank with a pending URL) is waited for. `waited`: it was not there at first. */
  async function settledTab(tabId: number) {
    const started = now();
    for (let waited = false; ; waited = true) {
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      if (!tab) return undefined;
      const arriving = !isWeb(tab.url) && (isWeb(tab.pendingUrl) || tab.status === 'loading');
      if (!arriving || now() - started > ARRIVAL_MS) return { tab, waited };
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  function unreadable(error: unknown): DetectOutcome {
    const message = error instanceof Error ? error.message : String(error);
    if (/cannot access|cannot be scripted|permission|extensions gallery|missing host/i.test(message)) {
      return { unsupported: 'Octolens cannot read this page. Click the Octolens button on the page to allow it.' };
    }
    return { error: `Could not read the page: ${message}` };
  }

  /** Read the tab's page. `onAddress` hears the tab's http(s) address as soon as it is known. */
  async function detectInTab(tabId: number, onAddress?: (address: string) => void): Promise<DetectOutcome> {
    // The page is read while the tab's address is checked (one browser round trip less on the click's critical path);
    // the result counts only if the tab was already on its page, and is only used for an http(s) page.
    const early = inject(tabId);
    early.catch(() => undefined);
    const limit = readDeadlineMs().catch(() => READ_DEADLINE_MS);
    const settled = await settledTab(tabId);
    if (!settled) return { error: 'That tab is gone.' };
    const { tab, waited } = settled;
    if (tab.url !== undefined && !isWeb(tab.url)) {
      return { unsupported: 'Octolens works on web pages (http and https), not on browser or extension pages.' };
    }
    if (tab.url) onAddress?.(tab.url);
    let injected: Injected;
    try {
      injected = await deadline(waited ? inject(tabId) : early, await limit);
    } catch (error) {
      if (error instanceof TooLong) return { error: `Reading this page took more than ${Math.max(1, Math.round((await limit) / 1000))} s; it may still be loading.` };
      return unreadable(error);
    }
    const detection = sanitizeDetection(injected.result);
    if (!detection) return { error: 'Could not read the page: the detector gave no usable address.' };
    const foreign = foreignIdentity(detection, tab.url);
    return foreign ? { unsupported: foreign } : { detection, documentId: documentOf(injected.documentId, injected.result) };
  }

  return { detectInTab };
}

/** A tab that navigates or closes forgets its lookup, so the popup never shows the previous page's product. */
export function watchTabs(service: LookupService, onNavigated: (tabId: number) => void): () => void {
  const onUpdated = (tabId: number, change: { url?: string }) => {
    if (change.url === undefined) return;
    onNavigated(tabId);
    void service.navigated(tabId, change.url);
  };
  const onRemoved = (tabId: number) => void service.closed(tabId);
  browser.tabs.onUpdated.addListener(onUpdated);
  browser.tabs.onRemoved.addListener(onRemoved);
  return () => {
    browser.tabs.onUpdated.removeListener(onUpdated);
    browser.tabs.onRemoved.removeListener(onRemoved);
  };
}

export interface ReportDeps {
  service: LookupService;
  /** Opt-in automatic detection, for a report from a document the user did not click. */
  autoDetected(tabId: number, detection: Detection, documentId: string | undefined, incognito: boolean): Promise<void>;
}

/**
 * A detection a page reported by itself. From the document the user looked up by a click (activeTab granted): a
 * single-page store's product change, followed. From another document (a full navigation), only automatic detection
 * may act. A Firefox document is told by the detector's token for it, where the browser gives no document id.
 */
export function onReport({ service, autoDetected }: ReportDeps) {
  return async (data: unknown, sender: SenderLike & { documentId?: string; tab?: { id?: number; incognito?: boolean; url?: string } }) => {
    const tabId = sender.tab?.id;
    const detection = sanitizeDetection(data);
    if (tabId === undefined || !detection || foreignIdentity(detection, sender.url ?? sender.tab?.url)) return;
    const state = await service.state(tabId);
    const documentId = documentOf(sender.documentId, data);
    if (state?.documentId !== undefined && documentId === state.documentId) {
      void service.onDetected(tabId, detection, documentId);
      return;
    }
    void autoDetected(tabId, detection, documentId, sender.tab?.incognito === true);
  };
}
