/** The History page's state (lib/history/page.ts): loading, ready, an error with Try again, changes read quietly. */
import { describe, expect, it } from 'vitest';
import { historySource, type HistoryLoad } from '../../../lib/history/page';
import type { HistoryEntry } from '../../../lib/history/types';

const entry = (id: number): HistoryEntry => ({ id, version: 2, at: id * 1000, url: `https://s.example/${id}`, key: `k${id}`, host: 's.example', record: { title: `P${id}`, price: id } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeStore() {
  let changed: (() => void) | undefined;
  const store = {
    entries: [entry(1)] as HistoryEntry[],
    fail: false,
    unwatched: false,
    deps: {
      list: async () => {
        if (store.fail) throw new Error('The database connection is closing.');
        return [...store.entries];
      },
      enabled: async () => true,
      watch: (cb: () => void) => {
        changed = cb;
        return () => void (store.unwatched = true);
      },
    },
    change: () => changed?.(),
  };
  return store;
}

const phases = (seen: HistoryLoad[]) => seen.map((s) => (s.phase === 'ready' ? `ready:${s.rows.map((r) => r.id).join(',')}` : s.phase));

describe('historySource', () => {
  it('loading, then the rows; a change is read again without a loading state in between', async () => {
    const store = fakeStore();
    const seen: HistoryLoad[] = [];
    const source = historySource(store.deps, (s) => seen.push(s));
    await settle();
    expect(phases(seen)).toEqual(['loading', 'ready:1']);
    store.entries = [entry(2), entry(1)];
    store.change();
    await settle();
    expect(phases(seen)).toEqual(['loading', 'ready:1', 'ready:2,1']);
    const last = seen.at(-1)!;
    expect(last.phase === 'ready' && last.entries.get(2)?.record.title).toBe('P2');
    source.stop();
    expect(store.unwatched).toBe(true);
    store.change();
    await settle();
    expect(seen).toHaveLength(3);
  });

  it('a failed read is an error that says so; Try again reads again', async () => {
    const store = fakeStore();
    store.fail = true;
    const seen: HistoryLoad[] = [];
    const source = historySource(store.deps, (s) => seen.push(s));
    await settle();
    expect(seen.at(-1)).toEqual({ phase: 'error', message: 'Octolens could not read your lookup history: The database connection is closing.' });
    store.fail = false;
    source.reload();
    await settle();
    expect(phases(seen)).toEqual(['loading', 'error', 'loading', 'ready:1']);
  });
});
