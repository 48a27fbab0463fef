/**
 * Every cache of the extension, declared in one place: what each keeps, how long, and how much at most. The caches
 * themselves are lib/cache.ts. No imports: the benchmark and tests read these in Node too.
 */
export interface CachePolicy {
  area: 'session' | 'local';
  /** The cache's name: its entries' keys start with `cache:<name>:`. */
  name: string;
  /** How long an entry is fresh (a write may give its own, e.g. a response's max-age). */
  freshMs: number;
  /** How long an entry is kept at most (served as stale after `freshMs`), from when it was written. */
  keepMs: number;
  maxEntries: number;
  /** The most the entries may take, in characters of their JSON (what storage quotas count). */
  maxBytes: number;
}

/** The storage key of a cache's index, in its area (what a test or the benchmark may look for). */
export const cacheIndexKey = (policy: Pick<CachePolicy, 'name'>) => `cache:${policy.name}`;

const MINUTE = 60_000;
const MB = 1024 * 1024;

/**
 * Every cache of the extension (lib/cache.ts), bounded so that together they stay well inside `storage.session`'s
 * 10 MB, whatever the user does: tab states need the rest. The caps count JSON characters; Chrome counts the session
 * area's memory, about 2.4 times that (measured: 2.27 MB of JSON took 5.5 MB), so these three take 4 MB at most.
 */
export const CACHE_POLICIES = {
  /** Lookups per identity URL: fresh 5 min; an older one still paints at once while the fresh answer comes. */
  lookup: { area: 'session', name: 'lookup', freshMs: 5 * MINUTE, keepMs: 60 * MINUTE, maxEntries: 200, maxBytes: 0.75 * MB },
  /** Search pages per (base URL, request): reopening the popup or paging back costs nothing. */
  search: { area: 'session', name: 'search', freshMs: 2 * MINUTE, keepMs: 2 * MINUTE, maxEntries: 60, maxBytes: 0.75 * MB },
  /** The granted catalogs per base URL. */
  catalogs: { area: 'session', name: 'catalogs', freshMs: 10 * MINUTE, keepMs: 10 * MINUTE, maxEntries: 4, maxBytes: MB / 8 },
  /** `GET /domains` per base URL, fresh for its max-age, then revalidated with its ETag. */
  domains: { area: 'local', name: 'domains', freshMs: 5 * MINUTE, keepMs: 7 * 24 * 60 * MINUTE, maxEntries: 4, maxBytes: MB },
} as const satisfies Record<string, CachePolicy>;
