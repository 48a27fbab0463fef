import { useCallback, useEffect, useState } from 'react';
import { send } from '../../lib/messaging';
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
      send('lookupTab', { tabId, force }).then(setState, (e: unknown) => {
        setError(e instanceof OctogenError ? e.data : { kind: 'network', operation: 'lookupTab', message: String(e) });
      });
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
