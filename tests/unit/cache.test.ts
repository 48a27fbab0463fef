/**
 * The one bounded, expiring cache (lib/cache.ts): caps by entries and by size, expired entries evicted on write,
 * oldest first; a failed write never fails the caller; a read touches one entry, never the whole area.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCache, type CachePolicy } from '../../lib/cache';

const POLICY: CachePolicy = { area: 'session', name: 'test', freshMs: 1000, keepMs: 5000, maxEntries: 3, maxBytes: 10_000 };

async function sessionKeys(): Promise<string[]> {
  return Object.keys(await fakeBrowser.storage.session.get(null)).sort();
}

describe('createCache', () => {
  let t: number;
  const now = () => t;

  beforeEach(() => {
    fakeBrowser.reset();
    t = 1_000_000;
  });

  it('answers fresh, then stale until it is dropped', async () => {
    const cache = createCache<string>(POLICY, now);
    await cache.set('a', 'alpha');
    expect(await cache.get('a')).toEqual({ value: 'alpha', storedAt: 1_000_000, fresh: true });
    t += 1000;
    expect(await cache.get('a')).toMatchObject({ value: 'alpha', fresh: false });
    t += 4001;
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('never')).toBeUndefined();
  });

  it('an entry may say how long it is fresh (a response max-age)', async () => {
    const cache = createCache<string>(POLICY, now);
    await cache.set('a', 'alpha', { freshMs: 3000 });
    t += 2000;
    expect((await cache.get('a'))?.fresh).toBe(true);
  });

  it('keeps at most maxEntries, evicting the oldest first', async () => {
    const cache = createCache<string>(POLICY, now);
    for (const key of ['a', 'b', 'c', 'd']) {
      await cache.set(key, key);
      t += 1;
    }
    expect(await cache.get('a')).toBeUndefined();
    expect((await Promise.all(['b', 'c', 'd'].map((k) => cache.get(k)))).map((c) => c?.value)).toEqual(['b', 'c', 'd']);
    // Writing a key again makes it the newest.
    await cache.set('b', 'b2');
    await cache.set('e', 'e');
    expect(await cache.get('c')).toBeUndefined();
    expect((await cache.get('b'))?.value).toBe('b2');
    expect(await sessionKeys()).toEqual(['cache:test', 'cache:test:b', 'cache:test:d', 'cache:test:e']);
  });

  it('keeps the entries within maxBytes, and never stores one larger than that', async () => {
    const cache = createCache<string>({ ...POLICY, maxEntries: 100, maxBytes: 300 }, now);
    await cache.set('a', 'x'.repeat(100));
    await cache.set('b', 'y'.repeat(100));
    // a + b no longer fit with c: a goes.
    expect(await cache.get('a')).toBeDefined();
    await cache.set('c', 'z'.repeat(100));
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBeDefined();
    await cache.set('huge', 'h'.repeat(1000));
    expect(await cache.get('huge')).toBeUndefined();
    expect(await cache.get('c')).toBeDefined();
  });

  it('evicts expired entries on the next write, whatever their number', async () => {
    const cache = createCache<string>({ ...POLICY, maxEntries: 100 }, now);
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, 'v');
    t += 5001;
    await cache.set('new', 'v');
    expect(await sessionKeys()).toEqual(['cache:test', 'cache:test:new']);
  });

  it('a write that fails (a full quota) is dropped, never thrown, and the cache empties itself', async () => {
    const cache = createCache<string>(POLICY, now);
    await cache.set('a', 'alpha');
    const set = vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValueOnce(new Error('Session storage quota bytes exceeded'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(cache.set('b', 'beta')).resolves.toBeUndefined();
    expect(set).toHaveBeenCalled();
    expect(warn.mock.calls[0]?.[0]).toMatch(/test cache could not be written/);
    // Nothing of the cache is left to add to a full area; later writes work again.
    expect(await sessionKeys()).toEqual([]);
    await cache.set('c', 'gamma');
    expect((await cache.get('c'))?.value).toBe('gamma');
  });

  it('reads one entry at a time, never the whole area', async () => {
    const cache = createCache<string>(POLICY, now);
    await cache.set('a', 'alpha');
    const get = vi.spyOn(fakeBrowser.storage.session, 'get');
    const fresh = createCache<string>(POLICY, now);
    await fresh.get('a');
    await fresh.set('b', 'beta');
    for (const [keys] of get.mock.calls) expect(keys).not.toBeNull();
  });

  it('two caches of one area never touch each other', async () => {
    const one = createCache<string>(POLICY, now);
    const two = createCache<string>({ ...POLICY, name: 'other', maxEntries: 1 }, now);
    await one.set('a', 'one');
    await two.set('a', 'two');
    await two.set('b', 'two');
    expect((await one.get('a'))?.value).toBe('one');
    await one.clear();
    expect((await two.get('b'))?.value).toBe('two');
  });
});
