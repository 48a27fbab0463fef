/**
 * What the History page shows, as a small React-free state machine: the history read from the store (all of it: it
 * is bounded), read again whenever it changes (a lookup recorded, the history cleared), with whether recording is on.
 * The store's readers come in as dependencies (lib/history/store.ts in the page; fakes in tests).
 */
import type { HistoryEntry } from './types';
import { rowOf, type HistoryRow } from './view';

export type HistoryLoad =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; rows: HistoryRow[]; entries: ReadonlyMap<number, HistoryEntry>; enabled: boolean };

export interface HistorySourceDeps {
  list(): Promise<HistoryEntry[]>;
  enabled(): Promise<boolean>;
  /** Be told when the history changes; returns the unsubscribe. */
  watch(callback: () => void): () => void;
}

/** Start reading; `onChange` hears each state. `reload()` reads again (Try again); `stop()` ends it. */
export function historySource(deps: HistorySourceDeps, onChange: (load: HistoryLoad) => void) {
  let stopped = false;
  let generation = 0;
  let shown: HistoryLoad = { phase: 'loading' };
  const show = (load: HistoryLoad) => {
    shown = load;
    onChange(load);
  };
  const read = async (quiet: boolean) => {
    const asked = ++generation;
    // A change while the page shows the history reads it again without a loading state in between.
    if (!quiet || shown.phase !== 'ready') show({ phase: 'loading' });
    try {
      const [entries, enabled] = await Promise.all([deps.list(), deps.enabled()]);
      if (stopped || asked !== generation) return;
      show({ phase: 'ready', rows: entries.map(rowOf), entries: new Map(entries.map((e) => [e.id, e])), enabled });
    } catch (error) {
      if (stopped || asked !== generation) return;
      const detail = error instanceof Error ? error.message : String(error);
      show({ phase: 'error', message: `Octolens could not read your lookup history: ${detail || 'unknown error'}` });
    }
  };
  const unwatch = deps.watch(() => void read(true));
  void read(false);
  return {
    reload: () => void read(false),
    stop: () => {
      stopped = true;
      unwatch();
    },
  };
}
