import { useCallback, useEffect, useState } from 'react';
import { BACKGROUND_UNAVAILABLE, send } from '../../lib/messaging';
import { OctogenError, type OctogenErrorData } from '../../lib/octogen/errors';
import type { TabState } from '../../lib/state';
import { tabStateItem } from '../../lib/storage';

/**
 * The lookup state of one tab: painted at once from what the background already has, kept current by watching
 * its storage item, and (re)started with `lookup()`.
 */
export function useTabState(tabId: number | undefined) {
  const [state, setState] = useState<TabState | null>(null);
  const [error, setError] = useState<OctogenErrorData | null>(null);

  const lookup = useCallback(
    (force = false) => {
      if (tabId === undefined) return;
      setError(null);
      // A service worker stopped mid-request drops the answer: ask again (a new one starts), twice at most.
      const attempt = (left: number): void => {
        send('lookupTab', { tabId, force }).then(setState, (e: unknown) => {
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
    void item.getValue().then((value) => {
      if (alive && value) setState((current) => current ?? value);
    });
    const unwatch = item.watch((value) => {
      if (alive && value) setState(value);
    });
    lookup(false);
    return () => {
      alive = false;
      unwatch();
    };
  }, [tabId, lookup]);

  return { state, error, lookup };
}
