/**
 * Reading a tab's own HTML and address, for "Look up from this page" (lib/background/page-actions.ts): only when the
 * user presses that button, never otherwise. A tiny function is injected into the page's isolated world (not the
 * detector: the content script stays small), reads `document.documentElement.outerHTML` and `location.href` at the
 * same instant, and hands back nothing but its size when the HTML is over the cap, so a huge page is never copied
 * out of the tab. What comes back is hostile data: checked here again, and it only ever goes to the API.
 */
import { browser } from 'wxt/browser';

/** The most of a page's HTML that is sent, in UTF-8 bytes (the service's `html` field takes 5 MiB). */
export const PAGE_HTML_MAX_BYTES = 5 * 1024 * 1024;

export interface CapturedPage {
  /** The page's address when its HTML was read (http or https). */
  url: string;
  /** The HTML's size in UTF-8 bytes (over the cap, at least this much). */
  bytes: number;
  /** The HTML; absent when it is over PAGE_HTML_MAX_BYTES (nothing is sent then). */
  html?: string;
  /** The document it was read from (Chrome), to tell whether it is still the one that was looked up. */
  documentId?: string;
}

/**
 * Runs in the page (serialised by the browser: self-contained, no imports, no closures). Over the cap, only the size
 * leaves the page. A string's length in UTF-16 units is never more than its UTF-8 size, so a page longer than the cap
 * is over it without encoding it.
 */
export function readPageSource(maxBytes: number): { url: string; bytes: number; html?: string } {
  const html = document.documentElement.outerHTML;
  const url = location.href;
  const bytes = html.length > maxBytes ? html.length : new TextEncoder().encode(html).byteLength;
  return bytes > maxBytes ? { url, bytes } : { url, bytes, html };
}

/** What the injected function answered, checked (a page can tamper with its own document, not with this check). */
export function checkCaptured(raw: unknown, documentId?: string): CapturedPage {
  const r = raw as { url?: unknown; bytes?: unknown; html?: unknown } | null | undefined;
  if (!r || typeof r !== 'object' || typeof r.url !== 'string' || !/^https?:\/\//i.test(r.url)) {
    throw new Error('the page gave no web address');
  }
  const doc = typeof documentId === 'string' ? { documentId } : {};
  if (typeof r.html !== 'string') {
    const bytes = typeof r.bytes === 'number' && Number.isFinite(r.bytes) ? r.bytes : PAGE_HTML_MAX_BYTES + 1;
    return { url: r.url, bytes: Math.max(bytes, PAGE_HTML_MAX_BYTES + 1), ...doc };
  }
  // Counted again here: the size the page reported is not trusted.
  const bytes = r.html.length > PAGE_HTML_MAX_BYTES ? r.html.length : new TextEncoder().encode(r.html).byteLength;
  return bytes > PAGE_HTML_MAX_BYTES ? { url: r.url, bytes, ...doc } : { url: r.url, bytes, html: r.html, ...doc };
}

/** Read the tab's HTML and address now (the popup's tab: activeTab was granted by the click that opened it). */
export async function capturePage(tabId: number): Promise<CapturedPage> {
  const results = await browser.scripting.executeScript({ target: { tabId }, func: readPageSource, args: [PAGE_HTML_MAX_BYTES] });
  const first = results[0] as { result?: unknown; documentId?: string } | undefined;
  return checkCaptured(first?.result, first?.documentId);
}
