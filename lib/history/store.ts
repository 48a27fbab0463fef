/**
 * The lookup history's store: the extension's own IndexedDB (`octolens-history`), never synced, out of web pages' and
 * content scripts' reach. How to read it, and who may write it: see lib/history/types.ts.
 *
 * Bounded by count and by size (characters of each entry's JSON, about what it takes): a write that goes over either
 * bound evicts the oldest entries first, in the same transaction. The off switch and the totals live beside the
 * entries, in `meta`.
 *
 * Readers (any extension page): listHistory, productTimeline, historyHosts, latestFor, historyStatus, watchHistory.
 * Writers (lib/background/history.ts only): recordLookup, clearHistory, setHistoryEnabled.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { readEntry, storedEntry } from './schema';
import type { HistoryEntry, HistoryStatus, SnapshotInput } from './types';

export const HISTORY_DB = 'octolens-history';
/**
 * The database's version (its stores and indexes; each entry carries its own layout version, lib/history/schema.ts).
 * 1: `entries` and `meta`, no indexes (the first draft). 2: the `key` and `host` indexes; entries of version 1 get
 * their `key`, `host` and `bytes` in the upgrade, and the totals are counted again.
 */
const DB_VERSION = 2;

export interface HistoryLimits {
  maxEntries: number;
  /** Characters of the entries' JSON. */
  maxBytes: number;
}

/** At most 5,000 lookups and about 4 MB: a year of a busy partner's lookups in a few MB of the extension's own disk. */
export const HISTORY_LIMITS: HistoryLimits = { maxEntries: 5000, maxBytes: 4 * 1024 * 1024 };

/** The off switch's default: on (kept locally only, bounded, cleared in options; see lib/background/history.ts). */
export const HISTORY_ENABLED_DEFAULT = true;

type Stored = Omit<HistoryEntry, 'id'> & { id?: number; bytes: number };
interface Totals {
  count: number;
  bytes: number;
}

interface HistoryDB extends DBSchema {
  entries: { key: number; value: Stored; indexes: { key: string; host: string } };
  meta: { key: 'totals' | 'settings'; value: Totals | { enabled: boolean } };
}

let connection: Promise<IDBPDatabase<HistoryDB>> | undefined;

function db(): Promise<IDBPDatabase<HistoryDB>> {
  connection ??= openDB<HistoryDB>(HISTORY_DB, DB_VERSION, {
    async upgrade(database, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        database.createObjectStore('entries', { keyPath: 'id', autoIncrement: true });
        database.createObjectStore('meta');
      }
      if (oldVersion < 2) {
        const entries = tx.objectStore('entries');
        entries.createIndex('key', 'key');
        entries.createIndex('host', 'host');
        const totals: Totals = { count: 0, bytes: 0 };
        for (let cursor = await entries.openCursor(); cursor; cursor = await cursor.continue()) {
          const entry = readEntry(cursor.value);
          if (!entry) {
            await cursor.delete();
            continue;
          }
          const bytes = JSON.stringify(cursor.value).length;
          totals.count += 1;
          totals.bytes += bytes;
          await cursor.update({ ...cursor.value, key: entry.key, host: entry.host, bytes });
        }
        await tx.objectStore('meta').put(totals, 'totals');
      }
    },
    // Another context deleted or upgraded it: open it again next time.
    blocking: () => void connection?.then((d) => d.close()).finally(() => (connection = undefined)),
    terminated: () => void (connection = undefined),
  }).catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

/** Close the connection (tests, and the database's deletion). */
export async function closeHistory(): Promise<void> {
  const open = connection;
  connection = undefined;
  if (open) (await open.catch(() => undefined))?.close();
}

// --- Change notices ------------------------------------------------------------------------------------------------

const CHANNEL = 'octolens-history';

function notify(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** Be told when the history changes (a lookup recorded, the history cleared). Returns the unsubscribe. */
export function watchHistory(callback: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => callback();
  return () => channel.close();
}

// --- Readers -------------------------------------------------------------------------------------------------------

export interface HistoryQuery {
  /** Words that must all appear in the title, brand, URL or catalog (case-insensitive). */
  text?: string;
  /** A store, as `historyHosts()` lists them. */
  host?: string;
  /** A product (`entry.key`). */
  key?: string;
  /** At most this many entries (default: all that match). */
  limit?: number;
  /** Only entries older than the one with this id (paging on from the last one shown). */
  before?: number;
}

function matches(entry: HistoryEntry, words: string[]): boolean {
  if (!words.length) return true;
  const r = entry.record;
  const haystack = [r.title, r.brand, r.catalogName, r.catalogKey, entry.url, r.productUrl].filter(Boolean).join(' ').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** Entries, newest first, that match the query. Entries that cannot be read are skipped, never thrown. */
export async function listHistory(query: HistoryQuery = {}): Promise<HistoryEntry[]> {
  const database = await db();
  const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const range = query.before !== undefined ? IDBKeyRange.upperBound(query.before, true) : undefined;
  const tx = database.transaction('entries');
  const found: HistoryEntry[] = [];
  // The indexes keep equal keys in primary-key order, so `prev` walks them newest first too.
  let cursor = await (query.key !== undefined
    ? tx.store.index('key').openCursor(query.key, 'prev')
    : query.host !== undefined
      ? tx.store.index('host').openCursor(query.host, 'prev')
      : tx.store.openCursor(range, 'prev'));
  while (cursor && (query.limit === undefined || found.length < query.limit)) {
    const entry = readEntry(cursor.value);
    const inRange = query.before === undefined || cursor.primaryKey < query.before;
    if (entry && inRange && (query.host === undefined || entry.host === query.host) && (query.key === undefined || entry.key === query.key) && matches(entry, words)) {
      found.push(entry);
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return found;
}

/** One product's entries, oldest first. */
export async function productTimeline(key: string): Promise<HistoryEntry[]> {
  return (await listHistory({ key })).reverse();
}

/** The latest entry of a product, if any. */
export async function latestFor(key: string): Promise<HistoryEntry | undefined> {
  return (await listHistory({ key, limit: 1 }))[0];
}

/** The stores in the history, sorted. */
export async function historyHosts(): Promise<string[]> {
  const database = await db();
  const hosts = new Set<string>();
  let cursor = await database.transaction('entries').store.index('host').openKeyCursor(null, 'nextunique');
  while (cursor) {
    if (cursor.key) hosts.add(cursor.key);
    cursor = await cursor.continue();
  }
  return [...hosts].sort();
}

async function isEnabled(database: IDBPDatabase<HistoryDB>): Promise<boolean> {
  const settings = (await database.get('meta', 'settings')) as { enabled?: unknown } | undefined;
  return typeof settings?.enabled === 'boolean' ? settings.enabled : HISTORY_ENABLED_DEFAULT;
}

export async function historyStatus(limits: HistoryLimits = HISTORY_LIMITS): Promise<HistoryStatus> {
  const database = await db();
  const totals = ((await database.get('meta', 'totals')) as Totals | undefined) ?? { count: 0, bytes: 0 };
  return { enabled: await isEnabled(database), count: totals.count, bytes: totals.bytes, ...limits };
}

// --- Writers (lib/background/history.ts only) ----------------------------------------------------------------------

/**
 * Record a lookup, unless the history is off or the input is not valid (then null). Answers the entry as stored and
 * the product's previous entry (what the changes are computed against), both read in the same transaction. Over a
 * bound, the oldest entries go first.
 */
export async function recordLookup(input: SnapshotInput, limits: HistoryLimits = HISTORY_LIMITS): Promise<{ entry: HistoryEntry; previous?: HistoryEntry } | null> {
  const database = await db();
  if (!(await isEnabled(database))) return null;
  const stored = storedEntry(input);
  if (!stored) return null;
  const bytes = JSON.stringify(stored).length;
  const tx = database.transaction(['entries', 'meta'], 'readwrite');
  const entries = tx.objectStore('entries');
  const meta = tx.objectStore('meta');
  const latest = await entries.index('key').openCursor(stored.key, 'prev');
  const previous = latest ? (readEntry(latest.value) ?? undefined) : undefined;
  const id = await entries.add({ ...stored, bytes });
  const totals = ((await meta.get('totals')) as Totals | undefined) ?? { count: 0, bytes: 0 };
  totals.count += 1;
  totals.bytes += bytes;
  let oldest = await entries.openCursor();
  while (oldest && oldest.primaryKey !== id && (totals.count > limits.maxEntries || totals.bytes > limits.maxBytes)) {
    totals.count -= 1;
    totals.bytes -= oldest.value.bytes ?? JSON.stringify(oldest.value).length;
    await oldest.delete();
    oldest = await oldest.continue();
  }
  await meta.put(totals, 'totals');
  await tx.done;
  notify();
  return { entry: { ...stored, id }, ...(previous && previous.id !== id ? { previous } : {}) };
}

/** Delete every entry (the switch stays as it is). */
export async function clearHistory(): Promise<void> {
  const database = await db();
  const tx = database.transaction(['entries', 'meta'], 'readwrite');
  await tx.objectStore('entries').clear();
  await tx.objectStore('meta').put({ count: 0, bytes: 0 }, 'totals');
  await tx.done;
  notify();
}

/** Turn the history on or off. Turning it off keeps what is recorded (Clear history deletes it). */
export async function setHistoryEnabled(enabled: boolean): Promise<void> {
  await (await db()).put('meta', { enabled }, 'settings');
  notify();
}
