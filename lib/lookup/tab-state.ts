/**
 * A tab's lookup state as pure transitions: the only place a `TabState` is built or changed. Each takes a state and
 * returns the next one (a state is never changed in place). LookupService applies them, in order, and is the only
 * writer of tab state (lib/lookup/service.ts).
 */
import type { Detection } from '../detect/types';
import type { OctogenErrorData } from '../octogen/errors';
import type { LookupResponse } from '../octogen/schemas';
import type { SimilarItems, TabState } from '../state';
import type { Cached } from '../cache';
import type { ChangeSummary } from '../history/types';
import { excludeSelf, SIMILAR_LIMIT } from './similar';

/** What the lookup cache keeps per identity: the record, or a definite "not in your catalogs", and similar items. */
export interface CachedLookup {
  lookup?: LookupResponse;
  lookupError?: OctogenErrorData;
  similar?: SimilarItems;
}

export type SlotName = 'lookup' | 'similar';

export function emptyTabState(tabId: number, now: number): TabState {
  return { tabId, detect: { phase: 'pending' }, configured: true, lookup: { phase: 'idle' }, similar: { phase: 'idle' }, updatedAt: now };
}

/** The page cannot be read: a page the extension may not read (`unsupported`), or a failure to read it. */
export function unreadable(state: TabState, phase: 'unsupported' | 'error', message: string, now: number): TabState {
  // A record known from the tab's address stays in view under a reading error (not on a page that can't be read).
  const base = phase === 'error' ? state : emptyTabState(state.tabId, now);
  return { ...base, detect: { phase, message } };
}

/** The page was read. Another product than the one shown starts from empty slots; the same one keeps them. */
export function pageRead(state: TabState, detection: Detection, documentId: string | undefined, configured: boolean): TabState {
  const same = state.identity === detection.url && detection.isProduct;
  return {
    ...state,
    documentId,
    configured,
    pageUrl: detection.url,
    detect: { phase: 'done', detection },
    ...(same ? {} : { identity: undefined, lookup: { phase: 'idle' }, similar: { phase: 'idle' }, changes: undefined }),
  };
}

/** A lookup of `identity` starts (from the tab's address, the page's reading, or a product change the page reported). */
export function lookingUp(state: TabState, identity: string, configured: boolean): TabState {
  if (state.identity === identity) return { ...state, configured };
  return { ...state, identity, pageUrl: identity, configured, lookup: { phase: 'idle' }, similar: { phase: 'idle' }, changes: undefined };
}

/** A cache entry: a fresh one is the answer; a stale one paints at once while the fresh answer comes. */
export function fromCache(state: TabState, cached: Cached<CachedLookup>): TabState {
  const { value, storedAt: at, fresh } = cached;
  if (fresh) {
    return {
      ...state,
      lookup: value.lookup ? { phase: 'done', data: value.lookup, fetchedAt: at } : { phase: 'error', error: value.lookupError, errorAt: at },
      similar: value.similar ? { phase: 'done', data: value.similar, fetchedAt: at } : { phase: 'idle' },
    };
  }
  return {
    ...state,
    lookup: value.lookup && !state.lookup.data ? { phase: 'loading', data: value.lookup, fetchedAt: at } : state.lookup,
    similar: value.similar && !state.similar.data ? { phase: 'loading', data: value.similar, fetchedAt: at } : state.similar,
  };
}

/** A request for the slot went out: loading (whatever it showed stays in view). */
export function requested(state: TabState, slot: SlotName): TabState {
  return { ...state, [slot]: { ...state[slot], phase: 'loading', error: undefined, errorAt: undefined, retryAt: undefined } };
}

/** The slot's request failed and is tried again after `waitMs`. */
export function retrying(state: TabState, slot: SlotName, error: OctogenErrorData, waitMs: number, now: number): TabState {
  return { ...state, [slot]: { ...state[slot], phase: 'loading', error, errorAt: now, retryAt: now + waitMs } };
}

export function failed(state: TabState, slot: SlotName, error: OctogenErrorData, now: number): TabState {
  return { ...state, [slot]: { phase: 'error', error, errorAt: now } };
}

/** The record: shown, and taken out of the similar items if they answered first. */
export function recordFound(state: TabState, lookup: LookupResponse, now: number): TabState {
  const similar = state.similar.data ? { ...state.similar, data: { ...state.similar.data, items: excludeSelf(state.similar.data.items, lookup.product) } } : state.similar;
  return { ...state, lookup: { phase: 'done', data: lookup, fetchedAt: now }, similar };
}

/**
 * A record resolved from the page's own HTML (the user's "Look up from this page"): the tab's record, marked
 * `source: "client_html"` (it is the page's word, not the index's), while the tab still shows `identity`; a tab that
 * moved on meanwhile is left as it is. The similar items stay.
 */
export function resolvedFromPage(state: TabState, identity: string, lookup: LookupResponse, now: number): TabState {
  if (state.identity !== identity) return state;
  return recordFound(state, { ...lookup, source: 'client_html' }, now);
}

/**
 * What changed since the product's previous lookup (null: nothing, or not known), for the record the network just
 * answered; it replaces what the tab showed before. A tab that moved on to another product meanwhile is left as it is.
 */
export function changesKnown(state: TabState, identity: string, changes: ChangeSummary | null): TabState {
  if (state.identity !== identity || (!changes && !state.changes)) return state;
  return { ...state, changes: changes ?? undefined };
}

/** The similar items: never the product itself, nor one item twice. */
export function similarFound(state: TabState, found: SimilarItems, now: number): TabState {
  const items = excludeSelf(found.items, state.lookup.data?.product).slice(0, SIMILAR_LIMIT);
  return { ...state, similar: { phase: 'done', data: { query: found.query, items }, fetchedAt: now } };
}

/** The tab went to another page: nothing of the previous one stays; the clicked document is remembered (SPA reports). */
export function navigated(state: TabState, url: string, now: number): TabState {
  return { ...emptyTabState(state.tabId, now), documentId: state.documentId, pageUrl: url };
}

/** The service worker stopped while this state was being worked on: nothing is left spinning, what was shown stays. */
export function interrupted(state: TabState, now: number): TabState {
  const stop = <S extends TabState['lookup'] | TabState['similar']>(slot: S, operation: string): S =>
    slot.phase === 'loading'
      ? { ...slot, phase: 'error', retryAt: undefined, errorAt: now, error: { kind: 'network', operation, detail: 'background_unavailable', message: `${operation}: interrupted by a restart` } }
      : slot;
  return {
    ...state,
    detect: state.detect.phase === 'pending' ? { phase: 'error', message: 'Octolens restarted while reading this page. Retry.' } : state.detect,
    lookup: stop(state.lookup, 'lookupProduct'),
    similar: stop(state.similar, 'searchProducts'),
  };
}

/** Whether `interrupted` would change anything. */
export const inFlight = (state: TabState) => state.detect.phase === 'pending' || state.lookup.phase === 'loading' || state.similar.phase === 'loading';

/**
 * The page changes its product too often: it is no longer followed until the user clicks again (Retry), and says so
 * where the product would be (the tab's state was reset by its last address change: nothing of an earlier product).
 */
export function stoppedFollowing(state: TabState, notice: string): TabState {
  return state.detect.message === notice ? state : { ...state, detect: { phase: 'error', message: notice } };
}
