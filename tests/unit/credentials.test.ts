/**
 * The credentials store (lib/credentials.ts) on an in-memory IndexedDB: each key with its base URL, written in one
 * transaction; the move of an earlier version's keys out of storage.local, which loses nothing wherever it is cut
 * short and never takes keys planted there afterwards.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeCredentials, migrateCredentials, readCredentials, restrictStorageToExtension, updateCredentials } from '../../lib/credentials';
import { DEFAULT_API_BASE_URL } from '../../lib/octogen/urls';
import { FIXTURE } from './helpers/background';
import { resetCredentials, saveKey } from './helpers/credentials';

const { KEY, BASE } = FIXTURE;
const AGENT_KEY = 'octo_agent_demo_5f2b9c7e1a4d8e3b';
const AGENT_URL = 'https://agent.example.com';
const CUSTOM = 'https://eu.api.octogen.ai/v1';

/** An install of the version before: keys in storage.local, base URLs in its settings (v3). */
async function legacyInstall(settings: Record<string, unknown> = { baseUrl: CUSTOM, autoDetect: { mode: 'off', sites: [] }, agent: { baseUrl: AGENT_URL }, timeoutsMs: { lookupProduct: 2500 } }, version = 3) {
  await fakeBrowser.storage.local.set({ apiKey: KEY, agentApiKey: AGENT_KEY, settings, settings$: { v: version } });
}

const local = () => fakeBrowser.storage.local.get(null) as Promise<Record<string, any>>;

/** IDBObjectStore.put failing as on a full disk: `times` puts, after `after` that went through. */
function failPuts(times = Infinity, after = 0) {
  const put = IDBObjectStore.prototype.put;
  let n = 0;
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    n += 1;
    if (n > after && n <= after + times) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  });
}

beforeEach(() => {
  fakeBrowser.reset();
  resetCredentials();
});

describe('credentials', () => {
  it('keeps each key with its base URL, and reads them back', async () => {
    await saveKey(KEY, BASE);
    await saveKey(AGENT_KEY, AGENT_URL, 'agent');
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE }, agent: { apiKey: AGENT_KEY, baseUrl: AGENT_URL } });
    // Nothing of it in storage.local (where content scripts may read on some browsers).
    expect(JSON.stringify(await local())).not.toContain('octo_');
  });

  it('writes both in one transaction: a write that fails part-way leaves both as they were', async () => {
    await saveKey(KEY, BASE);
    // The first put (the platform credential) goes through; the second (the agent's) fails.
    const spy = failPuts(1, 1);
    const failed = updateCredentials('test', () => ({ platform: { apiKey: KEY, baseUrl: CUSTOM }, agent: { apiKey: AGENT_KEY, baseUrl: AGENT_URL } }));
    await expect(failed).rejects.toMatchObject({ data: { kind: 'config', detail: 'storage_failed', message: expect.stringContaining('QuotaExceededError') } });
    spy.mockRestore();
    closeCredentials();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
    // A change that refuses writes nothing either.
    await expect(
      updateCredentials('test', () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    closeCredentials();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
  });

  it('closes storage.local to content scripts where the browser can, and carries on where it cannot', async () => {
    const area = fakeBrowser.storage.local as unknown as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
    expect(await restrictStorageToExtension()).toBe(false);
    area.setAccessLevel = vi.fn(async () => undefined);
    expect(await restrictStorageToExtension()).toBe(true);
    expect(area.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    area.setAccessLevel = vi.fn(async () => {
      throw new Error('Only session is supported');
    });
    expect(await restrictStorageToExtension()).toBe(false);
    delete area.setAccessLevel;
  });
});

describe('moving the keys out of storage.local', () => {
  it('moves each key with the base URL it was used with, and deletes both there; the rest of the settings stays; idempotent', async () => {
    await legacyInstall();
    await migrateCredentials();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: CUSTOM }, agent: { apiKey: AGENT_KEY, baseUrl: AGENT_URL } });
    const left = await local();
    expect(left.apiKey).toBeUndefined();
    expect(left.agentApiKey).toBeUndefined();
    expect(left.settings).toEqual({ autoDetect: { mode: 'off', sites: [] }, timeoutsMs: { lookupProduct: 2500 } });
    expect(JSON.stringify(left)).not.toContain('octo_');
    // Idempotent: a second run (the next start) changes nothing.
    const once = { credentials: await readCredentials(), local: await local() };
    closeCredentials();
    await migrateCredentials();
    expect({ credentials: await readCredentials(), local: await local() }).toEqual(once);
  });

  it('from the oldest settings (v1, a base URL only), and with no settings at all (the default base URL)', async () => {
    await legacyInstall({ baseUrl: CUSTOM }, 1);
    await migrateCredentials();
    expect((await readCredentials()).platform).toEqual({ apiKey: KEY, baseUrl: CUSTOM });
    expect(JSON.stringify(await local())).not.toMatch(/octo_|eu\.api/);

    fakeBrowser.reset();
    resetCredentials();
    await fakeBrowser.storage.local.set({ apiKey: KEY });
    await migrateCredentials();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: DEFAULT_API_BASE_URL } });
    expect((await local()).apiKey).toBeUndefined();
  });

  it('cut short after the new write, loses nothing, and the next start finishes it', async () => {
    await legacyInstall();
    const remove = vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValueOnce(new Error('the worker stopped'));
    await expect(migrateCredentials()).rejects.toThrow('the worker stopped');
    // Both copies exist: nothing lost.
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: CUSTOM }, agent: { apiKey: AGENT_KEY, baseUrl: AGENT_URL } });
    expect((await local()).apiKey).toBe(KEY);
    remove.mockRestore();
    closeCredentials();
    await migrateCredentials();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: CUSTOM }, agent: { apiKey: AGENT_KEY, baseUrl: AGENT_URL } });
    expect((await local()).apiKey).toBeUndefined();
  });

  it('when the new write fails, the old keys stay where they were, and the next start moves them', async () => {
    await legacyInstall();
    const puts = failPuts();
    await expect(migrateCredentials()).rejects.toMatchObject({ data: { detail: 'storage_failed' } });
    puts.mockRestore();
    expect(await local()).toMatchObject({ apiKey: KEY, agentApiKey: AGENT_KEY, settings: { baseUrl: CUSTOM } });
    closeCredentials();
    expect(await readCredentials()).toEqual({});
    await migrateCredentials();
    expect((await readCredentials()).platform).toEqual({ apiKey: KEY, baseUrl: CUSTOM });
  });

  it('once done, keys and base URLs that turn up in storage.local again are deleted, never taken', async () => {
    await saveKey(KEY, BASE);
    await migrateCredentials();
    // On Firefox a content script can write storage.local: a key of its own, and its own address.
    await fakeBrowser.storage.local.set({ apiKey: 'octo_live_ffffffffffffffffffffffffffffffff_YXR0YWNrZXI', settings: { baseUrl: 'https://evil.example/v1', agent: { baseUrl: 'https://evil.example' } } });
    closeCredentials();
    await migrateCredentials();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
    expect(JSON.stringify(await local())).not.toMatch(/octo_live|evil/);
  });

  it('on a new install (nothing to move) it only marks the move done', async () => {
    await migrateCredentials();
    expect(await readCredentials()).toEqual({});
    await fakeBrowser.storage.local.set({ apiKey: KEY });
    await migrateCredentials();
    expect(await readCredentials()).toEqual({});
  });
});
