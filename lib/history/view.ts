/**
 * The History page's logic, pure: lookups as rows, the filter, products grouped with their timelines, the price
 * chart's geometry and its text alternative, and the exports (CSV per RFC 4180, JSON). No DOM, no browser API.
 */
import type { HistoryEntry, Stock } from './types';
import { t } from '../i18n';

/** One lookup as the History page shows and exports it: flat, every field present (null: not known). */
export interface HistoryRow {
  /** The entry's id in the store (increasing in the order recorded). */
  id: number;
  /** When it was looked up (epoch ms). */
  at: number;
  /** The identity URL that was looked up. */
  productUrl: string;
  /** The product (entries of one product share it): what the timeline and the chart group by. */
  key: string;
  /** The store: the identity URL's host, without `www.`. */
  store: string;
  /** The record's own product URL. */
  recordUrl: string | null;
  uuid: string | null;
  title: string | null;
  brand: string | null;
  catalog: string | null;
  price: number | null;
  originalPrice: number | null;
  currency: string | null;
  /** true: in stock; false: out of stock; null: not said. */
  inStock: boolean | null;
  /** The record's own updated time (ISO 8601, as the API said it). */
  recordUpdatedAt: string | null;
  /** Where the record came from (`catalog`, `client_html`...). */
  source: string | null;
  pagePrice: number | null;
  pageCurrency: string | null;
  pageInStock: boolean | null;
}

const stock = (value: Stock | undefined): boolean | null => (value === 'in_stock' ? true : value === 'out_of_stock' ? false : null);

/** An entry of the store as a row (what it does not say is null). */
export function rowOf(entry: HistoryEntry): HistoryRow {
  const r = entry.record;
  const page = entry.page ?? {};
  return {
    id: entry.id,
    at: entry.at,
    productUrl: entry.url,
    key: entry.key,
    store: entry.host,
    recordUrl: r.productUrl ?? null,
    uuid: r.uuid ?? null,
    title: r.title ?? null,
    brand: r.brand ?? null,
    catalog: r.catalogName ?? r.catalogKey ?? null,
    price: r.price ?? null,
    originalPrice: r.originalPrice ?? null,
    currency: r.currency ?? null,
    inStock: stock(r.availability),
    recordUpdatedAt: r.updatedAt ?? null,
    source: r.source ?? null,
    pagePrice: page.price ?? null,
    pageCurrency: page.currency ?? null,
    pageInStock: stock(page.availability),
  };
}

// --- Filter --------------------------------------------------------------------------------------------------------

export interface HistoryFilter {
  /** Words that must all appear (any case) in the title, brand, catalog, store or product URL. */
  text: string;
  /** A store (`HistoryRow.store`), or '' for all. */
  store: string;
}

export const NO_FILTER: HistoryFilter = { text: '', store: '' };

/** The rows the filter lets through, newest first (ties: the later recorded first). */
export function filterRows(rows: readonly HistoryRow[], filter: HistoryFilter): HistoryRow[] {
  const words = filter.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return rows
    .filter((row) => {
      if (filter.store && row.store !== filter.store) return false;
      if (!words.length) return true;
      const haystack = [row.title, row.brand, row.catalog, row.store, row.productUrl].filter(Boolean).join('\n').toLocaleLowerCase();
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => b.at - a.at || b.id - a.id);
}

/** The stores in the history, each once, sorted. */
export function storesOf(rows: readonly HistoryRow[]): string[] {
  return [...new Set(rows.map((row) => row.store).filter(Boolean))].sort();
}

export const isFiltered = (filter: HistoryFilter) => filter.text.trim() !== '' || filter.store !== '';

// --- Products ------------------------------------------------------------------------------------------------------

export interface ProductHistory {
  key: string;
  /** The identity URL it was last looked up with. */
  productUrl: string;
  /** The latest title known (else the URL). */
  title: string;
  store: string;
  /** Its lookups, oldest first (the order of a timeline and a chart). */
  lookups: HistoryRow[];
}

/** Rows grouped per product (`key`), the product looked up most recently first. */
export function groupByProduct(rows: readonly HistoryRow[]): ProductHistory[] {
  const groups = new Map<string, HistoryRow[]>();
  for (const row of rows) {
    const group = groups.get(row.key);
    if (group) group.push(row);
    else groups.set(row.key, [row]);
  }
  return [...groups.entries()]
    .map(([key, lookups]) => {
      const sorted = [...lookups].sort((a, b) => a.at - b.at || a.id - b.id);
      const last = sorted.at(-1)!;
      const titled = [...sorted].reverse().find((row) => row.title);
      return { key, productUrl: last.productUrl, title: titled?.title ?? last.productUrl, store: last.store, lookups: sorted };
    })
    .sort((a, b) => b.lookups.at(-1)!.at - a.lookups.at(-1)!.at);
}

// --- Chart ---------------------------------------------------------------------------------------------------------

export type SeriesName = 'catalog' | 'page';

export interface ChartPoint {
  x: number;
  y: number;
  value: number;
  at: number;
  currency: string | null;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Catalog price and page price, each only where known, oldest first. */
  series: Record<SeriesName, ChartPoint[]>;
  /** The price axis: the lowest and highest price shown, with their y. */
  axis: { min: number; max: number; yMin: number; yMax: number };
  /** True when no price at all is known (nothing to draw). */
  empty: boolean;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Room kept around the plot (for the axis labels and markers). */
  pad: { top: number; right: number; bottom: number; left: number };
}

export const CHART_BOX: ChartBox = { width: 320, height: 120, pad: { top: 10, right: 12, bottom: 14, left: 56 } };

const known = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Where each price goes in the box: time left to right (one lookup, or several at the same time: centred), price
 * bottom to top over the range of every price shown (one price, or all equal: centred, the axis a little around it).
 * Missing prices are left out of their series; they do not break the line of the others.
 */
export function chartGeometry(lookups: readonly HistoryRow[], box: ChartBox = CHART_BOX): ChartGeometry {
  const { width, height, pad } = box;
  const rows = [...lookups].sort((a, b) => a.at - b.at || a.id - b.id);
  const prices = rows.flatMap((r) => [r.price, r.pagePrice]).filter(known);
  const left = pad.left;
  const right = width - pad.right;
  const top = pad.top;
  const bottom = height - pad.bottom;
  if (!prices.length) return { width, height, series: { catalog: [], page: [] }, axis: { min: 0, max: 0, yMin: bottom, yMax: top }, empty: true };
  let min = Math.min(...prices);
  let max = Math.max(...prices);
  if (min === max) {
    const spread = Math.abs(min) * 0.1 || 1;
    min -= spread;
    max += spread;
  }
  const t0 = rows[0]!.at;
  const t1 = rows.at(-1)!.at;
  const x = (at: number) => (t1 === t0 ? (left + right) / 2 : left + ((at - t0) / (t1 - t0)) * (right - left));
  const y = (value: number) => bottom - ((value - min) / (max - min)) * (bottom - top);
  const round = (n: number) => Math.round(n * 10) / 10;
  const series = (pick: (r: HistoryRow) => number | null, currency: (r: HistoryRow) => string | null): ChartPoint[] =>
    rows.flatMap((r) => {
      const value = pick(r);
      return known(value) ? [{ x: round(x(r.at)), y: round(y(value)), value, at: r.at, currency: currency(r) }] : [];
    });
  return {
    width,
    height,
    series: { catalog: series((r) => r.price, (r) => r.currency), page: series((r) => r.pagePrice, (r) => r.pageCurrency ?? r.currency) },
    axis: { min, max, yMin: bottom, yMax: top },
    empty: false,
  };
}

/** An SVG path through the points (`M x y L x y …`); '' for none. */
export function linePath(points: readonly Pick<ChartPoint, 'x' | 'y'>[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ');
}

/**
 * The chart in words, for its accessible description: each series' prices in time order, with their dates, e.g.
 * "Catalog price: $24.00 on 7 Dec 2026, 10:00, then $19.00 on 8 Dec 2026, 09:30. Page price: $24.00 on …".
 * `price` and `date` format a value and a time (the page passes the user's locale; tests a fixed one).
 */
export function describeChart(geometry: ChartGeometry, price: (value: number, currency: string | null) => string, date: (at: number) => string): string {
  if (geometry.empty) return t('chart.noPrices');
  const part = (label: string, points: ChartPoint[]) => {
    if (!points.length) return t('chart.seriesUnknown', { label });
    const [first, ...rest] = points.map((p) => t('chart.priceOn', { price: price(p.value, p.currency), date: date(p.at) }));
    return t('chart.series', { label, prices: rest.reduce((text, next) => t('chart.then', { before: text, next }), first!) });
  };
  return [part(t('chart.catalogPrice'), geometry.series.catalog), part(t('chart.pagePrice'), geometry.series.page)].join(' ');
}

// --- Export --------------------------------------------------------------------------------------------------------

/** The exports' columns, in order (CSV header row; JSON keys of each lookup). */
export const EXPORT_COLUMNS = [
  'looked_up_at',
  'store',
  'product_url',
  'record_url',
  'uuid',
  'title',
  'brand',
  'catalog',
  'catalog_price',
  'original_price',
  'currency',
  'availability',
  'record_updated_at',
  'source',
  'page_price',
  'page_currency',
  'page_availability',
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRecord = Record<ExportColumn, string | number | null>;

const availability = (inStock: boolean | null) => (inStock === true ? 'in_stock' : inStock === false ? 'out_of_stock' : null);

/** A row as exported: the columns above, times in ISO 8601 (UTC), availability as `in_stock` / `out_of_stock`. */
export function exportRecord(row: HistoryRow): ExportRecord {
  return {
    looked_up_at: new Date(row.at).toISOString(),
    store: row.store,
    product_url: row.productUrl,
    record_url: row.recordUrl,
    uuid: row.uuid,
    title: row.title,
    brand: row.brand,
    catalog: row.catalog,
    catalog_price: row.price,
    original_price: row.originalPrice,
    currency: row.currency,
    availability: availability(row.inStock),
    record_updated_at: row.recordUpdatedAt,
    source: row.source,
    page_price: row.pagePrice,
    page_currency: row.pageCurrency,
    page_availability: availability(row.pageInStock),
  };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF (quotes doubled). Text that a spreadsheet
 * would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or CR) gets a leading `'` first, so it is shown as
 * text (OWASP's CSV injection advice). Numbers are written as numbers, never guarded: a negative price stays `-5`.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV: a header row, then one line per lookup, lines ended by CRLF (RFC 4180). */
export function toCsv(rows: readonly HistoryRow[]): string {
  const lines = [EXPORT_COLUMNS.join(','), ...rows.map((row) => EXPORT_COLUMNS.map((c) => csvField(exportRecord(row)[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The rows as JSON: what was exported, when, under which filter, and the lookups (the CSV's columns as keys). */
export function toJson(rows: readonly HistoryRow[], filter: HistoryFilter, now: number): string {
  return `${JSON.stringify({ format: 'octolens-history/1', exportedAt: new Date(now).toISOString(), filter, lookups: rows.map(exportRecord) }, null, 2)}\n`;
}

/** The file name of an export made at `now`: `octolens-history-2026-12-07.csv`. */
export function exportFileName(kind: 'csv' | 'json', now: number): string {
  return `octolens-history-${new Date(now).toISOString().slice(0, 10)}.${kind}`;
}
