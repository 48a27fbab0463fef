/** The lookup history's store (lib/history/store.ts) in an in-memory IndexedDB: order, filters, bounds, switch, clear, older layouts. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_SCHEMA_VERSION } from '../../../lib/history/schema';
import {
  clearHistory,
  closeHistory,
  HISTORY_DB,
  historyHosts,
  historyStatus,
  latestFor,
  listHistory,
  productTimeline,
  recordLookup,
  setHistoryEnabled,
} from '../../../lib/history/store';
import type { SnapshotInput } from '../../../lib/history/types';

const URL_A = 'https://shop.example/products/a';
const URL_B = 'https://www.other.example/p/b';

function snapshot(url: string, at: number, record: SnapshotInput['record'] = {}): SnapshotInput {
  return { at, url, record: { title: `Product at ${at}`, price: 10, currency: 'USD', ...record } };
}

beforeEach(async () => {
  await closeHistory();
  globalThis.indexedDB = new IDBFactory();
});

describe('the history store', () => {
  it('lists entries newest first, and a product timeline oldest first', async () => {
    await recordLookup(snapshot(URL_A, 1000));
    await recordLookup(snapshot(URL_B, 2000));
    await recordLookup(snapshot(URL_A, 3000, { price: 8 }));
    expect((await listHistory()).map((e) => e.at)).toEqual([3000, 2000, 1000]);
    const latest = await latestFor((await listHistory())[0]!.key);
    expect(latest?.record.price).toBe(8);
    expect((await productTimeline(latest!.key)).map((e) => e.record.price)).toEqual([10, 8]);
    expect(await historyHosts()).toEqual(['other.example', 'shop.example']);
  });

  it('answers the product previous entry when recording', async () => {
    expect((await recordLookup(snapshot(URL_A, 1000)))?.previous).toBeUndefined();
    await recordLookup(snapshot(URL_B, 1500));
    const second = await recordLookup(snapshot(URL_A, 2000, { price: 12 }));
    expect(second?.previous?.at).toBe(1000);
    expect(second?.entry.record.price).toBe(12);
    // The URL as the service normalises it names the product (tracking parameters do not make another one).
    const third = await recordLookup(snapshot(`${URL_A}?utm_source=x`, 3000));
    expect(third?.previous?.at).toBe(2000);
  });

  it('filters by text (all words, any field) and by store, and pages with `before`', async () => {
    await recordLookup(snapshot(URL_A, 1000, { title: 'Red Running Shoe', brand: 'Acme' }));
    await recordLookup(snapshot(URL_B, 2000, { title: 'Blue Running Shoe', catalogName: 'Other Catalog' }));
    await recordLookup(snapshot(URL_A, 3000, { title: 'Red Running Shoe v2', brand: 'Acme' }));
    expect((await listHistory({ text: 'running acme' })).map((e) => e.at)).toEqual([3000, 1000]);
    expect((await listHistory({ text: 'other catalog' })).map((e) => e.at)).toEqual([2000]);
    expect((await listHistory({ host: 'other.example' })).map((e) => e.at)).toEqual([2000]);
    const first = await listHistory({ limit: 2 });
    expect(first.map((e) => e.at)).toEqual([3000, 2000]);
    expect((await listHistory({ before: first[1]!.id })).map((e) => e.at)).toEqual([1000]);
  });

  it('evicts the oldest entries first when over the count bound', async () => {
    const limits = { maxEntries: 3, maxBytes: 1e9 };
    for (let at = 1; at <= 5; at++) await recordLookup(snapshot(URL_A, at * 1000), limits);
    expect((await listHistory()).map((e) => e.at)).toEqual([5000, 4000, 3000]);
    expect((await historyStatus(limits)).count).toBe(3);
  });

  it('evicts the oldest entries first when over the size bound, and never the one just written', async () => {
    const one = JSON.stringify((await recordLookup(snapshot(URL_A, 1)))!.entry).length;
    await clearHistory();
    const limits = { maxEntries: 100, maxBytes: one * 2.5 };
    for (let at = 1; at <= 4; at++) await recordLookup(snapshot(URL_A, at), limits);
    expect((await listHistory()).map((e) => e.at)).toEqual([4, 3]);
    const status = await historyStatus(limits);
    expect(status.bytes).toBeLessThanOrEqual(limits.maxBytes);
    // An entry bigger than the bound on its own is kept (alone) rather than lost.
    await recordLookup(snapshot(URL_A, 5, { title: 'x'.repeat(400) }), { maxEntries: 100, maxBytes: 10 });
    expect((await listHistory()).map((e) => e.at)).toEqual([5]);
  });

  it('records nothing while off, keeps what it had, and clears on request', async () => {
    await recordLookup(snapshot(URL_A, 1000));
    expect((await historyStatus()).enabled).toBe(true);
    await setHistoryEnabled(false);
    expect(await recordLookup(snapshot(URL_A, 2000))).toBeNull();
    expect((await listHistory()).length).toBe(1);
    await setHistoryEnabled(true);
    await recordLookup(snapshot(URL_A, 3000));
    await clearHistory();
    expect(await listHistory()).toEqual([]);
    expect(await historyStatus()).toMatchObject({ enabled: true, count: 0, bytes: 0 });
  });

  it('stores a partial or bad record as far as it is valid', async () => {
    const result = await recordLookup({
      at: 1000,
      url: URL_A,
      record: { title: '  Lamp  ', price: -3, currency: 'dollars', originalPrice: Number.NaN, availability: 'maybe' as never, brand: 42 as never },
      page: { price: 9.5, currency: 'usd' },
    });
    expect(result?.entry.record).toEqual({ title: 'Lamp' });
    expect(result?.entry.page).toEqual({ price: 9.5, currency: 'USD' });
    // No valid URL or time: nothing to keep.
    expect(await recordLookup({ at: 1000, url: 'javascript:alert(1)', record: {} })).toBeNull();
    expect(await recordLookup({ at: Number.NaN, url: URL_A, record: {} })).toBeNull();
  });

  it('reads entries written by an older version of the schema, and skips what cannot be read', async () => {
    // The first draft's database (version 1: no indexes), with version 1's flat layout, an entry without a version at
    // all, a broken one, and one of a newer version than this code knows.
    const raw = await openDB(HISTORY_DB, 1, {
      upgrade(database) {
        database.createObjectStore('entries', { keyPath: 'id', autoIncrement: true });
        database.createObjectStore('meta');
      },
    });
    await raw.add('entries', { version: 1, at: 1000, url: URL_A, title: 'Old lamp', brand: 'Acme', catalog: 'home', price: 20, currency: 'eur', inStock: false, pagePrice: 19 });
    await raw.add('entries', { at: 2000, url: URL_A, title: 'Unversioned lamp', inStock: true });
    await raw.add('entries', { version: 2, at: 'yesterday', url: URL_A, record: {} });
    await raw.add('entries', { version: 9, at: 3000, url: URL_A, record: { title: 'Future lamp', price: 'cheap', colour: 'red' }, page: 'gone' });
    await raw.add('entries', { version: 1, at: 500, url: URL_B, title: 'Other' });
    raw.close();
    expect((await historyStatus()).count).toBe(4);
    expect(await historyHosts()).toEqual(['other.example', 'shop.example']);
    const entries = await listHistory({ host: 'shop.example' });
    expect((await listHistory({ key: entries[0]!.key })).length).toBe(3);
    expect(entries.map((e) => e.at)).toEqual([3000, 2000, 1000]);
    expect(entries.every((e) => e.version === HISTORY_SCHEMA_VERSION)).toBe(true);
    expect(entries[2]).toMatchObject({
      host: 'shop.example',
      record: { title: 'Old lamp', brand: 'Acme', catalogKey: 'home', price: 20, currency: 'EUR', availability: 'out_of_stock' },
      page: { price: 19, currency: 'EUR' },
    });
    expect(entries[1]!.record).toEqual({ title: 'Unversioned lamp', availability: 'in_stock' });
    expect(entries[0]!.record).toEqual({ title: 'Future lamp' });
    expect(entries[0]!.page).toBeUndefined();
    // A new lookup of the product is compared with the newest readable entry.
    expect((await recordLookup(snapshot(URL_A, 4000)))?.previous?.at).toBe(3000);
  });
});
