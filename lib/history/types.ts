/**
 * Lookup history (issue #26): the shapes every part shares. Types only, no runtime imports: the popup (which must not
 * carry zod) and the History page import them freely.
 *
 * How to read the history (an extension page, e.g. the History page): import the readers of lib/history/store.ts and
 * call them directly: they open the extension's own IndexedDB (`octolens-history`), which only extension pages and
 * the background can reach.
 * - `listHistory({ text?, host?, key?, limit?, before? })`: entries **newest first**; `text` matches title, brand,
 *   URL, catalog (case-insensitive), `host` is a store as `historyHosts()` lists them, `key` a product (its timeline),
 *   `before` an entry `id` to page on from (the last one shown).
 * - `productTimeline(key)`: one product's entries, **oldest first** (a chart's order); `entry.key` names the product.
 * - `historyHosts()`: the stores in the history (for the store filter), sorted.
 * - `watchHistory(callback)`: told when the history changed (a lookup recorded, cleared); returns an unsubscribe.
 * - `diffSnapshots(previous, next)` (lib/history/diff.ts): what changed between two entries' `record`s.
 * Writes come from the background only (one writer): `recordLookup` and `clearHistory` of lib/history/store.ts are
 * called by lib/background/history.ts alone, and pages ask it with messages (`historyStatus`, `setHistoryEnabled`,
 * `clearHistory` in lib/wire.ts). A test pins that no other module imports them.
 */

/** Whether a product was in stock, as the record or the page said. */
export type Stock = 'in_stock' | 'out_of_stock';

/** The record as the catalog gave it, as far as it was valid: a missing field is unknown. */
export interface RecordSnapshot {
  /** The record's own product URL. */
  productUrl?: string;
  uuid?: string;
  title?: string;
  brand?: string;
  catalogKey?: string;
  catalogName?: string;
  price?: number;
  originalPrice?: number;
  /** ISO 4217, upper-case. */
  currency?: string;
  availability?: Stock;
  /** The record's own updated time, as the service gave it (ISO 8601). */
  updatedAt?: string;
  /** Where the record came from (`source` of the lookup: index, on-demand...). */
  source?: string;
}

/** What the page showed when it was looked up. */
export interface PageSnapshot {
  price?: number;
  currency?: string;
  availability?: Stock;
}

/** One successful lookup, as kept. */
export interface HistoryEntry {
  /** The store's key: increasing in the order entries were recorded. */
  id: number;
  /** The schema version the entry is read as (entries of older versions are upgraded when read). */
  version: number;
  /** When it was looked up (epoch ms). */
  at: number;
  /** The identity URL that was looked up. */
  url: string;
  /** The product: its URL as the service normalises it. Entries of one product share it (its timeline). */
  key: string;
  /** The store: the identity URL's host, without `www.`. */
  host: string;
  record: RecordSnapshot;
  page?: PageSnapshot;
}

/** What the background records for a lookup (the store gives it `id`, `version`, `key` and `host`). */
export interface SnapshotInput {
  at: number;
  url: string;
  record: RecordSnapshot;
  page?: PageSnapshot;
}

/**
 * One difference between two snapshots of a product. Prices are compared only in one currency: a change of currency
 * is a `currency` change carrying both prices, never a price drop or rise.
 */
export type Change =
  | { field: 'price' | 'originalPrice'; from: number; to: number; currency?: string }
  | { field: 'currency'; from: string; to: string; priceFrom?: number; priceTo?: number }
  | { field: 'availability'; from: Stock; to: Stock }
  | { field: 'title' | 'catalog'; from: string; to: string };

/** What changed since the previous lookup of a product: carried in its tab's state, so a reopened popup paints it. */
export interface ChangeSummary {
  /** The identity URL the changes are about. */
  identity: string;
  /** When the previous lookup was (epoch ms). */
  previousAt: number;
  changes: Change[];
}

/** The history as the options page sees it. */
export interface HistoryStatus {
  enabled: boolean;
  count: number;
  /** About how much it takes (characters of the entries' JSON). */
  bytes: number;
  maxEntries: number;
  maxBytes: number;
}

/** The History page (entrypoints/history), as every link to it spells it. */
export const HISTORY_PAGE = '/history.html' as const;
