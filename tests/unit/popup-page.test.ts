/**
 * The page a tab's toolbar button opens: `popup.html?for=<tab>#<first frame>`, written by the background from the
 * tab's state and read back by popup-early.js. What goes in is capped; what comes back is checked field by field.
 */
import { describe, expect, it } from 'vitest';
import { emptyTabState } from '../../lib/lookup/tab-state';
import { firstFrameFromHash, firstFrameOf, popupPageFor, tabIdFromSearch } from '../../lib/wire';
import type { TabState } from '../../lib/state';

const known = (title: string, similar: string[] = ['Other bottle', 'Flask']): TabState =>
  ({
    ...emptyTabState(9, 1),
    detect: { phase: 'done' },
    lookup: {
      phase: 'done',
      fetchedAt: 1,
      data: { product: { uuid: 'u', productUrl: 'https://shop.example/p', title, currentPrice: 24.5, currency: 'EUR', brand: { name: 'Acme' }, images: [] } },
    },
    similar: { phase: 'done', fetchedAt: 1, data: { query: title, items: similar.map((t, i) => ({ uuid: `s${i}`, productUrl: `https://shop.example/s${i}`, title: t, images: [] })) } },
  }) as unknown as TabState;

const hashOf = (page: string) => page.slice(page.indexOf('#'));

describe('popup page for a tab', () => {
  it('carries the tab and the record’s first frame, which reads back identically', () => {
    const page = popupPageFor(9, known('Trail Bottle "750 ml" #2 & co?'));
    expect(page.startsWith('popup.html?for=9#')).toBe(true);
    expect(tabIdFromSearch(new URL(page, 'chrome-extension://x/').search)).toBe(9);
    const frame = firstFrameFromHash(hashOf(page));
    expect(frame).toEqual({ title: 'Trail Bottle "750 ml" #2 & co?', brand: 'Acme', price: 24.5, currency: 'EUR', similar: ['Other bottle', 'Flask'] });
    // The popup compares the two to decide whether storage tells another story: same state, same frame.
    expect(JSON.stringify(frame)).toBe(JSON.stringify(firstFrameOf(known('Trail Bottle "750 ml" #2 & co?'))));
  });

  it('has no record while the page is read, looked up, or failed', () => {
    expect(popupPageFor(4, emptyTabState(4, 1))).toBe('popup.html?for=4');
    const failed = { ...known('X'), lookup: { phase: 'error', error: { kind: 'http', status: 404, operation: 'lookupProduct', message: 'Not found' } } } as TabState;
    expect(popupPageFor(4, failed)).toBe('popup.html?for=4');
    expect(popupPageFor(4, null)).toBe('popup.html?for=4');
  });

  it('caps what goes into the address: long titles are clipped, at most 20 similar titles', () => {
    const long = 'x'.repeat(5000);
    const page = popupPageFor(1, known(long, Array.from({ length: 50 }, (_, i) => `Item ${i} ${long}`)));
    expect(page.length).toBeLessThan(40_000);
    const frame = firstFrameFromHash(hashOf(page))!;
    expect(frame.title).toHaveLength(300);
    expect(frame.title.endsWith('…')).toBe(true);
    expect(frame.similar).toHaveLength(20);
  });

  it('reads nothing from a malformed or hand-made address', () => {
    const ok = { title: 'A', similar: [] };
    const enc = (v: unknown) => `#${encodeURIComponent(JSON.stringify(v))}`;
    expect(firstFrameFromHash(enc(ok))).toEqual(ok);
    for (const hash of [
      '',
      '#',
      '#%E0%A4%A', // broken percent-encoding
      '#{not json',
      enc(null),
      enc('title'),
      enc({ similar: [] }),
      enc({ title: '', similar: [] }),
      enc({ title: 'x'.repeat(301), similar: [] }),
      enc({ title: 'A', similar: 'B' }),
      enc({ title: 'A', similar: [1] }),
      enc({ title: 'A', similar: Array(21).fill('B') }),
      enc({ title: 'A', similar: [], price: '12' }),
      enc({ title: 'A', similar: [], brand: 7 }),
      enc({ title: 'A', similar: [], currency: 'DOLLARS-US' }),
    ]) {
      expect(firstFrameFromHash(hash), hash).toBeNull();
    }
  });

  it('takes only a plain tab number from ?for=', () => {
    expect(tabIdFromSearch('?for=12')).toBe(12);
    expect(tabIdFromSearch('?tab=12')).toBeUndefined();
    expect(tabIdFromSearch('?tab=12', 'tab')).toBe(12);
    expect(tabIdFromSearch('?for=-1')).toBeUndefined();
    expect(tabIdFromSearch('?for=1e3')).toBeUndefined();
    expect(tabIdFromSearch('?for=')).toBeUndefined();
  });
});
