/**
 * One expiring, bounded cache over a storage area: every cache of the extension is one of these, with its policy
 * declared in lib/caches.ts (`CACHE_POLICIES`).
 *
 * - Entries live under `cache:<name>:<key>`, one storage key each, so a read touches one entry and nothing else (a
 *   worker start reads no whole area).
 * - An index (`cache:<name>`: key, time, size, oldest first) bounds the cache by entries and by size. Each write
 *   evicts what has expired, then the oldest entries until the new one fits, in the same turn.
 * - A write that fails (the area's quota is full, the browser refuses) is dropped, never thrown: a cache never fails
 *   the operation it caches. The cache then empties itself so that it does not add to a full area.
 * - Stale entries are still returned, marked `fresh: false`, until `keepMs`: a lookup paints one while it revalidates.
 */
import { storage } from 'wxt/utils/storage';
import { cacheIndexKey, type CachePolicy } from './caches';

export type { CachePolicy } from './caches';

export interface Cached<T> {
  value: T;
  storedAt: number;
  fresh: boolean;
}

export interface Cache<T> {
  get(key: string): Promise<Cached<T> | undefined>;
  /** Never rejects. `freshMs`: this entry's own freshness (default: the policy's). */
  set(key: string, value: T, options?: { freshMs?: number }): Promise<void>;
  clear(): Promise<void>;
  /** Remove the entries whose key `match`es (e.g. every lookup of a store that just became covered). Never rejects. */
  forget(match: (key: string) => boolean): Promise<void>;
}

interface Entry<T> {
  value: T;
  storedAt: number;
  freshMs?: number;
}

/** An index row: key, time written, size. */
type Row = [key: string, storedAt: number, bytes: number];

type StorageKey = `${'session' | 'local'}:${string}`;

function rows(value: unknown): Row[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is Row => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'number' && typeof r[2] === 'number');
}

/** Which rows stay when `bytes` more must fit: not expired, and the newest that fit within both caps. */
function keptRows(index: Row[], policy: CachePolicy, now: number, bytes: number): Row[] {
  const kept = index.filter(([, storedAt]) => now - storedAt <= policy.keepMs);
  let total = kept.reduce((sum, [, , size]) => sum + size, 0);
  while (kept.length && (kept.length >= policy.maxEntries || total + bytes > policy.maxBytes)) total -= kept.shift()![2];
  return kept;
}

export function createCache<T>(policy: CachePolicy, now: () => number = Date.now): Cache<T> {
  const indexKey: StorageKey = `${policy.area}:${cacheIndexKey(policy)}`;
  const entryKey = (key: string): StorageKey => `${policy.area}:cache:${policy.name}:${key}`;
  let index: Row[] | undefined;
  let queue: Promise<void> = Promise.resolve();
  const loadIndex = async () => (index ??= rows(await storage.getItem(indexKey)));
  const serial = (task: () => Promise<void>) => (queue = queue.then(task).catch(() => undefined));

  async function write(key: string, entry: Entry<T>): Promise<void> {
    const bytes = key.length + JSON.stringify(entry).length;
    if (bytes > policy.maxBytes) return;
    const before = (await loadIndex()).filter(([k]) => k !== key);
    const kept = keptRows(before, policy, entry.storedAt, bytes);
    const evicted = before.filter((row) => !kept.includes(row)).map(([k]) => entryKey(k));
    if (evicted.length) await storage.removeItems(evicted);
    const next: Row[] = [...kept, [key, entry.storedAt, bytes]];
    index = kept;
    await storage.setItems([
      { key: entryKey(key), value: entry },
      { key: indexKey, value: next },
    ]);
    index = next;
  }

  async function clear(): Promise<void> {
    const known = index ?? rows(await storage.getItem(indexKey).catch(() => null));
    index = [];
    await storage.removeItems([indexKey, ...known.map(([k]) => entryKey(k))]);
  }

  return {
    async get(key) {
      const entry = (await storage.getItem<Entry<T>>(entryKey(key)).catch(() => null)) as Entry<T> | null;
      if (!entry || typeof entry.storedAt !== 'number') return undefined;
      const age = now() - entry.storedAt;
      if (age > policy.keepMs) return undefined;
      return { value: entry.value, storedAt: entry.storedAt, fresh: age >= 0 && age < (entry.freshMs ?? policy.freshMs) };
    },
    set(key, value, options = {}) {
      return serial(async () => {
        try {
          await write(key, { value, storedAt: now(), ...(options.freshMs !== undefined ? { freshMs: options.freshMs } : {}) });
        } catch (error) {
          console.warn(`Octolens: the ${policy.name} cache could not be written (${error instanceof Error ? error.message : 'unknown'}); emptied.`);
          await storage.removeItems([entryKey(key)]).catch(() => undefined);
          await clear().catch(() => undefined);
        }
      });
    },
    clear: () => serial(clear),
    forget: (match) =>
      serial(async () => {
        const known = await loadIndex();
        const gone = known.filter(([k]) => match(k));
        if (!gone.length) return;
        index = known.filter((row) => !gone.includes(row));
        await storage.setItem(indexKey, index);
        await storage.removeItems(gone.map(([k]) => entryKey(k)));
      }),
  };
}
