/**
 * The popup page a tab's toolbar button opens. Once the background knows something about a tab, it sets that tab's
 * popup (`action.setPopup({ tabId })`) to `popup.html?for=<tabId>`, followed by the known record's first frame
 * (title, brand, price, similar titles) in the fragment. A reopened popup then knows its tab and paints the record
 * in its very first frame, synchronously, with no browser round trip (neither `tabs.query` nor a storage read).
 *
 * The browser resets a tab's own popup when the tab goes to another document, so a new page never opens with the
 * previous page's record; the background sets it again from each new state of the tab (an SPA navigation first
 * writes an empty state, which sets a popup with no record). Storage stays the source of truth: the popup still
 * reads it, and React renders from it.
 *
 * Pure: shared by the background (which writes it) and popup-early.js (which reads it), so it imports nothing heavy.
 */
import type { TabState } from './state';

/** What the first frame of a reopened popup shows: the record's headline and the similar items' titles. */
export interface FirstFrame {
  title: string;
  brand?: string;
  price?: number;
  currency?: string;
  similar: string[];
}

export const POPUP_PAGE = 'popup.html';

/**
 * Element Timing (`elementtiming` attributes): the browser records when the record's title and the similar items'
 * titles are first painted, in the page's own performance timeline. `npm run bench` reads them from the real toolbar
 * popup, which no test driver can instrument from outside.
 */
export const TIMING = { record: 'octolens-record-title', card: 'octolens-card-title' } as const;
/** Caps on what goes into the address (titles can be long; the frame only needs what fits in the popup). */
const MAX_TEXT = 300;
const MAX_SIMILAR = 20;

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** The first frame of a tab's known state (null: no record to show yet). */
export function firstFrameOf(state: TabState | null | undefined): FirstFrame | null {
  const product = state?.lookup.phase === 'done' ? state.lookup.data?.product : undefined;
  if (!product?.title) return null;
  const items = state?.similar.phase === 'done' ? (state.similar.data?.items ?? []) : [];
  return {
    title: clip(product.title),
    ...(product.brand?.name ? { brand: clip(product.brand.name) } : {}),
    ...(product.currentPrice != null && Number.isFinite(product.currentPrice) ? { price: product.currentPrice } : {}),
    ...(product.currency ? { currency: product.currency.slice(0, 8) } : {}),
    similar: items.slice(0, MAX_SIMILAR).map((item) => clip(item.title ?? 'Untitled product')),
  };
}

/** The popup page for a tab, given what is known about it (a path inside the extension). */
export function popupPageFor(tabId: number, state: TabState | null | undefined): string {
  const frame = firstFrameOf(state);
  return `${POPUP_PAGE}?for=${tabId}${frame ? `#${encodeURIComponent(JSON.stringify(frame))}` : ''}`;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

/**
 * Read the first frame back from the popup's own address. Anything malformed (a hand-edited address, an older
 * version's format) gives null: the popup then paints from storage as it would without it.
 */
export function firstFrameFromHash(hash: string): FirstFrame | null {
  if (hash.length < 2) return null;
  let value: unknown;
  try {
    value = JSON.parse(decodeURIComponent(hash.slice(1)));
  } catch {
    return null;
  }
  const v = value as Partial<Record<keyof FirstFrame, unknown>> | null;
  if (!v || typeof v !== 'object' || !text(v.title)) return null;
  if (v.brand !== undefined && !text(v.brand)) return null;
  if (v.price !== undefined && (typeof v.price !== 'number' || !Number.isFinite(v.price))) return null;
  if (v.currency !== undefined && (typeof v.currency !== 'string' || v.currency.length > 8)) return null;
  if (!Array.isArray(v.similar) || v.similar.length > MAX_SIMILAR || !v.similar.every(text)) return null;
  return {
    title: v.title,
    ...(v.brand !== undefined ? { brand: v.brand as string } : {}),
    ...(v.price !== undefined ? { price: v.price as number } : {}),
    ...(v.currency !== undefined ? { currency: v.currency as string } : {}),
    similar: v.similar as string[],
  };
}

/**
 * The tab a popup page is for: `?for=<id>` (the tab's own popup, set by the background) or, with `name` 'tab',
 * `?tab=<id>` (popped out into a tab of its own). Only a plain tab number counts.
 */
export function tabIdFromSearch(search: string, name: 'for' | 'tab' = 'for'): number | undefined {
  const param = new URLSearchParams(search).get(name);
  return param && /^\d{1,10}$/.test(param) ? Number(param) : undefined;
}
