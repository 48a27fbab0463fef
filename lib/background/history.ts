/**
 * The lookup history's one writer (lib/history/store.ts): it records each lookup that came from the network and
 * answers what changed since the product's previous lookup (LookupService puts that in the tab's state, so the popup
 * paints it with the record); and it answers the options page (the switch, Clear history).
 *
 * Lookups in private windows are never recorded. A failure to record (a full disk, a closed database) loses the
 * history entry only: the lookup itself is shown as usual.
 */
import { diffSnapshots } from '../history/diff';
import { snapshotOf } from '../history/snapshot';
import { clearHistory, historyStatus, recordLookup, setHistoryEnabled, type HistoryLimits } from '../history/store';
import type { ChangeSummary } from '../history/types';
import type { Handlers } from '../messaging';
import type { FetchedRecord } from '../lookup/service';

export interface HistoryDeps {
  now(): number;
  /** Whether the tab is in a private window (its lookups are not recorded). */
  isPrivate(tabId: number): Promise<boolean>;
  limits?: HistoryLimits;
}

export function createHistory(deps: HistoryDeps) {
  /** Record a fetched lookup; answers the changes since the product's previous lookup (null: none, or not recorded). */
  async function recorded(fetched: FetchedRecord): Promise<ChangeSummary | null> {
    try {
      if (await deps.isPrivate(fetched.tabId).catch(() => true)) return null;
      const result = await recordLookup(snapshotOf(fetched.identity, fetched.lookup, fetched.detection, deps.now()), deps.limits);
      if (!result?.previous) return null;
      const changes = diffSnapshots(result.previous.record, result.entry.record);
      return changes.length ? { identity: fetched.identity, previousAt: result.previous.at, changes } : null;
    } catch {
      return null;
    }
  }

  const handlers: Pick<Handlers, 'historyStatus' | 'setHistoryEnabled' | 'clearHistory'> = {
    historyStatus: () => historyStatus(deps.limits),
    setHistoryEnabled: async ({ enabled }) => {
      await setHistoryEnabled(enabled === true);
      return historyStatus(deps.limits);
    },
    clearHistory: async () => {
      await clearHistory();
      return historyStatus(deps.limits);
    },
  };

  return { recorded, handlers };
}
