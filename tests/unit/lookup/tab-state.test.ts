/**
 * A tab's lookup state as pure transitions (lib/lookup/tab-state.ts): each returns a new state and never changes the
 * one it was given; a product's slots survive only for that same product.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyTabState,
  failed,
  fromCache,
  inFlight,
  interrupted,
  lookingUp,
  navigated,
  pageRead,
  recordFound,
  requested,
  retrying,
  similarFound,
  stoppedFollowing,
  unreadable,
} from '../../../lib/lookup/tab-state';
import { SIMILAR_LIMIT } from '../../../lib/lookup/similar';
import type { LookupResponse, ProductListItem } from '../../../lib/octogen/schemas';
import type { TabState } from '../../../lib/state';

const URL_A = 'https://shop.example/p/a';
const URL_B = 'https://shop.example/p/b';
const item = (n: number, url = `https://shop.example/p/${n}`): ProductListItem => ({ uuid: `u${n}`, productUrl: url, title: `Item ${n}`, images: [] }) as unknown as ProductListItem;
const record = (url: string): LookupResponse => ({ source: 'indexed', product: { uuid: 'rec', productUrl: url, title: 'Record', images: [] } }) as unknown as LookupResponse;
const detection = (url: string, isProduct = true) => ({ isProduct, signals: [], url, fields: {}, variants: [] });
const error = { kind: 'http' as const, operation: 'lookupProduct', status: 503, message: 'unavailable' };

/** A state that is deeply frozen: any transition that changed it in place would throw. */
function frozen(state: TabState): TabState {
  const freeze = (v: unknown): unknown => {
    if (v && typeof v === 'object') {
      Object.values(v).forEach(freeze);
      Object.freeze(v);
    }
    return v;
  };
  return freeze(structuredClone(state)) as TabState;
}

describe('tab state transitions', () => {
  const start = frozen(emptyTabState(7, 1));

  it('a product looked up: loading, then the record, then the similar items without the record itself', () => {
    let s = lookingUp(start, URL_A, true);
    expect(s).toMatchObject({ identity: URL_A, pageUrl: URL_A, configured: true, lookup: { phase: 'idle' } });
    s = requested(frozen(s), 'lookup');
    expect(s.lookup.phase).toBe('loading');
    s = recordFound(frozen(s), record(URL_A), 5);
    expect(s.lookup).toMatchObject({ phase: 'done', fetchedAt: 5 });
    s = similarFound(frozen(s), { query: 'Record', items: [item(1), item(2, URL_A), item(1)] }, 6);
    expect(s.similar.data).toEqual({ query: 'Record', items: [item(1)] });
  });

  it('similar items that answered first lose the record once it comes; they are capped', () => {
    const many = Array.from({ length: SIMILAR_LIMIT + 3 }, (_, i) => item(i + 10));
    let s = similarFound(lookingUp(start, URL_A, true), { query: 'q', items: [item(1, URL_A), ...many] }, 2);
    expect(s.similar.data!.items).toHaveLength(SIMILAR_LIMIT);
    s = recordFound(frozen(s), record(URL_A), 3);
    expect(s.similar.data!.items.some((i) => i.productUrl === URL_A)).toBe(false);
  });

  it('the same product keeps what it shows when it is read or looked up again; another product starts empty', () => {
    const shown = frozen(recordFound(lookingUp(start, URL_A, true), record(URL_A), 2));
    expect(pageRead(shown, detection(URL_A), 'DOC', true).lookup.phase).toBe('done');
    expect(lookingUp(shown, URL_A, true).lookup.phase).toBe('done');
    const other = pageRead(shown, detection(URL_B), 'DOC', true);
    expect(other).toMatchObject({ identity: undefined, pageUrl: URL_B, lookup: { phase: 'idle' }, similar: { phase: 'idle' } });
    expect(lookingUp(shown, URL_B, true)).toMatchObject({ identity: URL_B, lookup: { phase: 'idle' } });
    // A page that is not a product never keeps a record.
    expect(pageRead(shown, detection(URL_A, false), 'DOC', true).lookup.phase).toBe('idle');
  });

  it('a fresh cache entry answers; a stale one paints while the fresh answer comes', () => {
    const value = { lookup: record(URL_A), similar: { query: 'q', items: [item(1)] } };
    const fresh = fromCache(lookingUp(start, URL_A, true), { value, storedAt: 3, fresh: true });
    expect(fresh).toMatchObject({ lookup: { phase: 'done', fetchedAt: 3 }, similar: { phase: 'done', fetchedAt: 3 } });
    const stale = fromCache(lookingUp(start, URL_A, true), { value, storedAt: 3, fresh: false });
    expect(stale).toMatchObject({ lookup: { phase: 'loading', data: value.lookup }, similar: { phase: 'loading' } });
    expect(requested(frozen(stale), 'lookup').lookup.data).toEqual(value.lookup);
    // A cached "not in your catalogs".
    const miss = fromCache(start, { value: { lookupError: { ...error, status: 404 } }, storedAt: 3, fresh: true });
    expect(miss).toMatchObject({ lookup: { phase: 'error', error: { status: 404 } }, similar: { phase: 'idle' } });
  });

  it('a retry says when it comes; a failure says what failed', () => {
    const r = retrying(requested(start, 'lookup'), 'lookup', error, 400, 10);
    expect(r.lookup).toMatchObject({ phase: 'loading', error, errorAt: 10, retryAt: 410 });
    expect(requested(frozen(r), 'lookup').lookup).toMatchObject({ phase: 'loading', error: undefined, retryAt: undefined });
    expect(failed(r, 'similar', error, 11).similar).toEqual({ phase: 'error', error, errorAt: 11 });
  });

  it('a navigation empties the state but remembers the clicked document', () => {
    const shown = frozen({ ...recordFound(lookingUp(start, URL_A, true), record(URL_A), 2), documentId: 'DOC' });
    expect(navigated(shown, URL_B, 9)).toEqual({ ...emptyTabState(7, 9), documentId: 'DOC', pageUrl: URL_B });
  });

  it('a page that cannot be read: a record known from the address stays under a reading error, not on an unsupported page', () => {
    const shown = frozen(recordFound(lookingUp(start, URL_A, true), record(URL_A), 2));
    expect(unreadable(shown, 'error', 'too slow', 3)).toMatchObject({ detect: { phase: 'error', message: 'too slow' }, lookup: { phase: 'done' } });
    expect(unreadable(shown, 'unsupported', 'browser page', 3)).toMatchObject({ detect: { phase: 'unsupported' }, lookup: { phase: 'idle' } });
  });

  it('after a restart nothing is left spinning, and what was shown stays', () => {
    const busy = frozen({ ...requested(recordFound(lookingUp(start, URL_A, true), record(URL_A), 2), 'similar'), detect: { phase: 'pending' } });
    expect(inFlight(busy)).toBe(true);
    const after = interrupted(busy, 20);
    expect(after.detect).toEqual({ phase: 'error', message: 'Octolens restarted while reading this page. Retry.' });
    expect(after.lookup.phase).toBe('done');
    expect(after.similar).toMatchObject({ phase: 'error', error: { detail: 'background_unavailable' } });
    expect(inFlight(after)).toBe(false);
  });

  it('a page no longer followed says so where the product would be, once', () => {
    const s = stoppedFollowing(start, 'stopped following it');
    expect(s.detect).toEqual({ phase: 'error', message: 'stopped following it' });
    const again = frozen(s);
    expect(stoppedFollowing(again, 'stopped following it')).toBe(again);
  });
});
