import { useCallback, useEffect, useState } from 'react';
import { BACKGROUND_UNAVAILABLE, send } from '../../../lib/messaging';
import { OctogenError, type OctogenErrorData } from '../../../lib/octogen/errors';
import type { TabState } from '../../../lib/state';
import { tabStateItem } from '../../../lib/storage';
import type { Kickoff } from './early';

/**
 * The newer of two states of a tab. The background stamps each state it produces with a strictly increasing
 * `updatedAt`, so an equal stamp is the same state heard again (the storage watch, then the answer to a request):
 * the current object is kept and React does not render the panel again for nothing.
 */
export function newest(current: TabState | null, value: TabState): TabState {
  return !current || value.updatedAt > current.updatedAt ? value : current;
}

/**
 * The lookup state of one tab (step 5 in early.ts): painted at once from what the background already had, kept
 * current by watching its storage item (the background is its only writer), and (re)started with `lookup()`.
 * `lookUp: false` (the side panel, which follows tabs the user did not click on): only watch, never ask on its own;
 * `read` then tells whether the stored state has been read yet.
 */
export function useTabState(tabId: number | undefined, early?: Kickoff, initial: TabState | null = null, { lookUp = true }: { lookUp?: boolean } = {}) {
  // The first frame already shows what the background had (read before React loaded).
  const [state, setState] = useState<TabState | null>(initial);
  const [read, setRead] = useState(initial !== null || lookUp);
  const [error, setError] = useState<OctogenErrorData | null>(null);

  const lookup = useCallback(
    (force = false) => {
      if (tabId === undefined) return;
      setError(null);
      // A service worker stopped mid-request drops the answer: ask again (a new one starts), twice at most.
      const attempt = (left: number): void => {
        send('lookupTab', { tabId, force }).then((value) => setState((current) => newest(current, value)), (e: unknown) => {
          const data = e instanceof OctogenError ? e.data : { kind: 'network' as const, operation: 'lookupTab', message: String(e) };
          if (data.detail === BACKGROUND_UNAVAILABLE && left > 0) setTimeout(() => attempt(left - 1), 300);
          else setError(data);
        });
      };
      attempt(2);
    },
    [tabId],
  );

  useEffect(() => {
    if (tabId === undefined) return;
    let alive = true;
    const item = tabStateItem(tabId);
    // States come from the watch and from answers; the newest one wins.
    let recordSeen = false;
    const offer = (value: TabState | null) => {
      if (!alive || !value) return;
      // A User Timing mark (read by `npm run bench`): when the record first reached this page.
      if (!recordSeen && value.lookup.phase === 'done') {
        recordSeen = true;
        performance.mark('octolens:record-arrived');
      }
      setState((current) => newest(current, value));
    };
    const unwatch = item.watch(offer);
    // Read again now that the watch is on: a write between the early read and the watch is not missed.
    void item.getValue().then((value) => {
      offer(value);
      if (alive && !lookUp) setRead(true);
    });
    // The kickoff already asked the background before React loaded; otherwise ask now.
    if (lookUp && early) early.lookup.then(offer, () => lookup(false));
    else if (lookUp) lookup(false);
    return () => {
      alive = false;
      unwatch();
    };
  }, [tabId, lookup, early, lookUp]);

  return { state, error, lookup, read };
}
