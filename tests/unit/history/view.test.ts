/** The History page's pure logic (lib/history/view.ts): rows, filter, grouping, chart geometry and text, exports. */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../lib/history/types';
import {
  chartGeometry,
  csvField,
  describeChart,
  EXPORT_COLUMNS,
  exportFileName,
  filterRows,
  groupByProduct,
  linePath,
  rowOf,
  storesOf,
  toCsv,
  toJson,
  type ChartBox,
  type HistoryRow,
} from '../../../lib/history/view';
import { csvRecords, parseCsv } from '../helpers/csv';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1, 10, 0);

function entry(id: number, over: Partial<HistoryEntry> & { record?: HistoryEntry['record'] } = {}): HistoryEntry {
  return {
    id,
    version: 2,
    at: T0 + id * DAY,
    url: 'https://shop.example/p/kettle',
    key: 'https://shop.example/p/kettle',
    host: 'shop.example',
    record: { title: 'Kettle', brand: 'Acme', catalogKey: 'home', catalogName: 'Home goods', price: 30, currency: 'USD', availability: 'in_stock' },
    page: { price: 29, currency: 'USD', availability: 'in_stock' },
    ...over,
  };
}

const row = (id: number, over: Partial<HistoryRow> = {}): HistoryRow => ({ ...rowOf(entry(id)), ...over });

describe('rowOf', () => {
  it('flattens an entry; what it does not say is null, never a crash', () => {
    expect(rowOf(entry(1))).toMatchObject({ id: 1, store: 'shop.example', title: 'Kettle', catalog: 'Home goods', price: 30, inStock: true, pagePrice: 29, pageInStock: true });
    const bare = rowOf({ id: 2, version: 1, at: T0, url: 'https://x.example/a', key: 'k', host: 'x.example', record: {} });
    expect(bare).toMatchObject({ title: null, price: null, catalog: null, inStock: null, pagePrice: null, pageCurrency: null, pageInStock: null, recordUrl: null });
    expect(rowOf(entry(3, { record: { catalogKey: 'only-key', availability: 'out_of_stock' } }))).toMatchObject({ catalog: 'only-key', inStock: false });
  });
});

describe('filterRows', () => {
  const rows = [
    row(1),
    row(3, { title: 'Red kettle, large', key: 'red', productUrl: 'https://shop.example/p/red' }),
    row(2, { store: 'other.example', title: 'Toaster', brand: 'Brava', catalog: 'Kitchen', key: 't', productUrl: 'https://other.example/t' }),
  ];
  it('newest first; every word must match (any case) the title, brand, catalog, store or URL', () => {
    expect(filterRows(rows, { text: '', store: '' }).map((r) => r.id)).toEqual([3, 2, 1]);
    expect(filterRows(rows, { text: 'KETTLE', store: '' }).map((r) => r.id)).toEqual([3, 1]);
    expect(filterRows(rows, { text: 'red large', store: '' }).map((r) => r.id)).toEqual([3]);
    expect(filterRows(rows, { text: 'red toaster', store: '' })).toEqual([]);
    expect(filterRows(rows, { text: 'brava', store: '' }).map((r) => r.id)).toEqual([2]);
    expect(filterRows(rows, { text: 'home goods', store: '' }).map((r) => r.id)).toEqual([3, 1]);
    expect(filterRows(rows, { text: '/p/red', store: '' }).map((r) => r.id)).toEqual([3]);
  });
  it('by store, and both at once', () => {
    expect(filterRows(rows, { text: '', store: 'other.example' }).map((r) => r.id)).toEqual([2]);
    expect(filterRows(rows, { text: 'kettle', store: 'other.example' })).toEqual([]);
    expect(storesOf(rows)).toEqual(['other.example', 'shop.example']);
  });
  it('equal times: the later recorded first', () => {
    expect(filterRows([row(1, { at: T0 }), row(2, { at: T0 })], { text: '', store: '' }).map((r) => r.id)).toEqual([2, 1]);
  });
});

describe('groupByProduct', () => {
  it('per product, oldest first within, the most recently looked up product first, with its latest title', () => {
    const groups = groupByProduct([row(4, { title: 'Kettle v2' }), row(2, { key: 'b', title: 'Bowl' }), row(1), row(3, { key: 'b', title: null })]);
    expect(groups.map((g) => [g.key, g.title, g.lookups.map((r) => r.id)])).toEqual([
      ['https://shop.example/p/kettle', 'Kettle v2', [1, 4]],
      ['b', 'Bowl', [2, 3]],
    ]);
  });
  it('a product with no title at all is named by its URL', () => {
    expect(groupByProduct([row(1, { title: null })])[0]!.title).toBe('https://shop.example/p/kettle');
  });
});

describe('chartGeometry', () => {
  const box: ChartBox = { width: 200, height: 100, pad: { top: 10, right: 10, bottom: 10, left: 10 } };
  it('time left to right, price bottom to top, over the range of both series', () => {
    const g = chartGeometry([row(1, { price: 30, pagePrice: 20 }), row(3, { price: 10, pagePrice: 20 })], box);
    expect(g.axis).toMatchObject({ min: 10, max: 30 });
    expect(g.series.catalog.map((p) => [p.x, p.y])).toEqual([
      [10, 10],
      [190, 90],
    ]);
    expect(g.series.page.map((p) => [p.x, p.y])).toEqual([
      [10, 50],
      [190, 50],
    ]);
    expect(linePath(g.series.catalog)).toBe('M10 10 L190 90');
  });
  it('one lookup: its prices centred, the axis spread around a single price', () => {
    const g = chartGeometry([row(1, { price: 50, pagePrice: null })], box);
    expect(g.series.catalog).toEqual([expect.objectContaining({ x: 100, y: 50, value: 50 })]);
    expect(g.series.page).toEqual([]);
    expect(g.axis).toMatchObject({ min: 45, max: 55 });
    expect(chartGeometry([row(1, { price: 0, pagePrice: 0 })], box).axis).toMatchObject({ min: -1, max: 1 });
  });
  it('missing prices are left out of their series only; no price at all is an empty chart', () => {
    const g = chartGeometry([row(1, { price: 10 }), row(2, { price: null, pagePrice: Number.NaN }), row(3, { price: 20 })], box);
    expect(g.series.catalog.map((p) => p.value)).toEqual([10, 20]);
    expect(g.series.page.map((p) => p.value)).toEqual([29, 29]);
    const none = chartGeometry([row(1, { price: null, pagePrice: null })], box);
    expect(none.empty).toBe(true);
    expect(linePath(none.series.catalog)).toBe('');
    expect(describeChart(none, String, String)).toBe('No prices known yet.');
  });
  it('describes both series in words, with their dates', () => {
    const g = chartGeometry([row(1, { price: 30, pagePrice: null }), row(2, { price: 24.5, pagePrice: 25 })]);
    const text = describeChart(g, (v, c) => `${c} ${v.toFixed(2)}`, (at) => new Date(at).toISOString().slice(0, 10));
    expect(text).toBe('Catalog price: USD 30.00 on 2026-12-02, then USD 24.50 on 2026-12-03. Page price: USD 25.00 on 2026-12-03.');
  });
});

describe('CSV export (RFC 4180)', () => {
  it('quotes fields with commas, quotes, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });
  it('guards text a spreadsheet would run as a formula with a leading apostrophe; numbers stay numbers', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(19.99)).toBe('19.99');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
  });
  it('a header row, then one CRLF-ended line per row, that a strict reader gives back field for field', () => {
    const hostile = row(2, { title: 'Kettle, "steel"\nedition', brand: '=cmd|calc', price: null, pageInStock: false });
    const csv = toCsv([hostile, row(1)]);
    expect(csv.startsWith(`${EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = csvRecords(csv);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      looked_up_at: new Date(T0 + 2 * DAY).toISOString(),
      title: 'Kettle, "steel"\nedition',
      brand: "'=cmd|calc",
      catalog_price: '',
      page_price: '29',
      availability: 'in_stock',
      page_availability: 'out_of_stock',
      product_url: 'https://shop.example/p/kettle',
      store: 'shop.example',
    });
    expect(parseCsv(toCsv([]))).toEqual([[...EXPORT_COLUMNS]]);
  });
});

describe('JSON export', () => {
  it('the same columns as keys, with the filter and the time of the export', () => {
    const json = JSON.parse(toJson([row(1)], { text: 'kettle', store: '' }, T0));
    expect(json).toMatchObject({ format: 'octolens-history/1', exportedAt: new Date(T0).toISOString(), filter: { text: 'kettle', store: '' } });
    expect(Object.keys(json.lookups[0])).toEqual([...EXPORT_COLUMNS]);
    expect(json.lookups[0]).toMatchObject({ title: 'Kettle', catalog_price: 30, brand: 'Acme', page_availability: 'in_stock' });
    expect(exportFileName('csv', T0)).toBe('octolens-history-2026-12-01.csv');
  });
});
