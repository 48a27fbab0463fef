import { useCallback, useEffect, useState } from 'react';
import { BACKGROUND_UNAVAILABLE, send } from '../../../lib/messaging';
import { OctogenError, type OctogenErrorData } from '../../../lib/octogen/errors';
import type { TabState } from '../../../lib/state';
import { tabStateItem } from '../../../lib/storage';
import type { Kickoff } from './early';

/**
 * The newer of two states of a tab. The background stamps each state it produces with a strictly increasing
 * `updatedAt`, so an equal stamp is the same state heard again (the broadcast, then the storage watch, then the
 * answer): the current object is kept and React does not render the panel again for nothing.
 */
export function newest(current: TabState | null, value: TabState): TabState {
  return !current || value.updatedAt > current.updatedAt ? value : current;
}

/**
 * The lookup state of one tab: painted at once from what the background already has, kept current by watching
 * its storage item, and (re)started with `lookup()`.
 */
export function useTabState(tabId: number | undefined, early?: Kickoff, initial: TabState | null = null) {
  // The first frame already shows what the background had (read before React loaded).
  const [state, setState] = useState<TabState | null>(initial);
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
    // States come from several sources (the early read, the broadcast, the watch, answers); the newest one wins.
    const offer = (value: TabState | null) => {
      if (alive && value) setState((current) => newest(current, value));
    };
    void early?.cached.then(offer);
    const unwatch = item.watch(offer);
    // The background's broadcast brings each state before its storage write lands.
    const unpush = early?.onPush(offer);
    // Read again now that the watch is on: a write between the early read and the watch is not missed.
    void item.getValue().then(offer);
    // The kickoff already asked the background before React loaded; otherwise ask now.
    if (early) early.lookup.then(offer, () => lookup(false));
    else lookup(false);
    return () => {
      alive = false;
      unwatch();
      unpush?.();
    };
  }, [tabId, lookup, early]);

  return { state, error, lookup };
}
