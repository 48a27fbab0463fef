/**
 * The options page's questions to the background (lib/background/settings.ts), with WXT's fake browser and an
 * in-memory IndexedDB: Save writes each key with its base URL at once; a saved key goes to another origin only when
 * the user confirmed it for that origin (Test connection and Save, platform and agent); a failed write says so and
 * changes nothing; settings in storage.local decide nothing about where a key goes; an existing install keeps its
 * keys across the update.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../lib/background';
import { readCredentials } from '../../lib/credentials';
import type { SettingsView, TabState } from '../../lib/state';
import { FIXTURE, json, message } from './helpers/background';
import { resetCredentials, saveKey } from './helpers/credentials';

vi.mock('../../lib/platform', () => import('./helpers/platform-mock'));

const { KEY, BASE, PAGE, product, detection } = FIXTURE;
const OTHER = 'https://other.example/v1';
const OTHER_ORIGIN = 'https://other.example';
const NEW_KEY = 'octo_live_fedcba9876543210fedcba9876543210_bmV3LXNlY3JldA';
const AGENT_KEY = 'octo_agent_demo_5f2b9c7e1a4d8e3b';
const AGENT_URL = 'https://agent.example.com';
const off = { mode: 'off', sites: [] };

/** Every request the background makes, wherever it goes, with the key it carried. */
function anyApi() {
  const calls: { url: string; auth?: string; apiKey?: string }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ url: String(input), auth: headers.Authorization, apiKey: headers['X-API-Key'] });
    const path = new URL(String(input)).pathname;
    if (path.endsWith('/me')) return json(404, { detail: 'Not Found' });
    if (path.endsWith('/catalogs')) return json(200, []);
    if (path.endsWith('/products/lookup')) return json(200, { source: 'indexed', product });
    if (path.endsWith('/products/search')) return json(200, { items: [] });
    return json(404, { detail: 'Not Found' });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const save = (platform: object, agent: object = { baseUrl: '' }, autoDetect: object = off) => message<SettingsView>('saveSettings', { platform, agent, autoDetect });

describe('the options page asks, the background saves', () => {
  let api: ReturnType<typeof anyApi>;

  beforeEach(async () => {
    fakeBrowser.reset();
    resetCredentials();
    await saveKey(KEY, BASE);
    api = anyApi();
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    // (the start's move of old keys done)
    await message('getSettings', undefined);
  });

  it('Save writes the key with the base URL it was entered for, and answers what the page may see', async () => {
    const answer = await save({ baseUrl: OTHER, apiKey: NEW_KEY }, { baseUrl: AGENT_URL, apiKey: AGENT_KEY });
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ baseUrl: OTHER, hasKey: true, keyPrefix: 'octo_live_fedcba9876', agent: { baseUrl: AGENT_URL }, agentHasKey: true });
    expect(JSON.stringify(answer.value)).not.toMatch(/bmV3LXNlY3JldA|5f2b9c7e/);
    expect(await readCredentials()).toEqual({ platform: { apiKey: NEW_KEY, baseUrl: OTHER }, agent: { apiKey: AGENT_KEY, baseUrl: AGENT_URL } });
    // No key in storage.local, and no base URL either.
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toMatch(/octo_|other\.example|agent\.example/);
    expect((await message<SettingsView>('getSettings', undefined)).value).toEqual(answer.value);
    // Only extension pages may ask: a content script's Save or Remove key is refused.
    const contentScript = { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: 1 } };
    for (const [type, data] of [
      ['saveSettings', { platform: { baseUrl: 'https://evil.example/v1', keyConfirmedFor: 'https://evil.example' }, agent: { baseUrl: '' }, autoDetect: off }],
      ['removeKey', { which: 'platform' }],
    ] as const) {
      expect((await message(type, data, contentScript)).ok, type).toBe(false);
    }
    expect((await readCredentials()).platform).toEqual({ apiKey: NEW_KEY, baseUrl: OTHER });
  });

  it('checks what it is sent: the key format, HTTPS (HTTP on loopback only), an agent key with an agent URL', async () => {
    for (const [platform, agent, says] of [
      [{ baseUrl: BASE, apiKey: 'octo_live_123' }, { baseUrl: '' }, 'After "octo_live_"'],
      [{ baseUrl: 'http://api.example.com/v1' }, { baseUrl: '' }, 'must use HTTPS'],
      [{ baseUrl: BASE }, { baseUrl: 'http://agent.example.com', apiKey: AGENT_KEY }, 'agent API URL must use HTTPS'],
      [{ baseUrl: BASE }, { baseUrl: '', apiKey: AGENT_KEY }, 'enter the agent API URL this key is for'],
    ] as const) {
      const answer = await save(platform, agent);
      expect(answer, says).toMatchObject({ ok: false, error: { kind: 'config', message: expect.stringContaining(says) } });
      expect(answer.error.message).toMatch(/^Nothing was saved: /);
      expect(answer.error.message).not.toContain('octo_live_123');
    }
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
    expect((await save({ baseUrl: 'http://127.0.0.1:8787/v1', apiKey: KEY })).ok).toBe(true);
  });

  describe('a saved key goes to another origin only when the user confirmed it for that origin', () => {
    it('Test connection with a typed URL elsewhere and no key typed is refused and sends nothing; confirmed, it goes', async () => {
      const answer = await message('testConnection', { baseUrl: OTHER });
      expect(answer).toMatchObject({ ok: false, error: { kind: 'config', detail: 'key_not_confirmed', message: expect.stringContaining(OTHER_ORIGIN) } });
      expect(answer.error.message).toContain('octo_live_0123456789…');
      // Confirmed for another origin than this one: still refused.
      expect((await message('testConnection', { baseUrl: OTHER, keyConfirmedFor: 'https://third.example' })).ok).toBe(false);
      expect(api.calls).toEqual([]);

      // Confirmed for that origin, or with a key typed for it, it goes there.
      expect((await message('testConnection', { baseUrl: OTHER, keyConfirmedFor: OTHER_ORIGIN })).ok).toBe(true);
      expect(api.calls.length).toBeGreaterThan(0);
      expect(api.calls.every((c) => c.url.startsWith(`${OTHER}/`) && c.auth === `Bearer ${KEY}`)).toBe(true);
      api.calls.length = 0;
      expect((await message('testConnection', { baseUrl: OTHER, apiKey: NEW_KEY })).ok).toBe(true);
      expect(api.calls.every((c) => c.auth === `Bearer ${NEW_KEY}`)).toBe(true);
      // Its own origin (another path there) needs no confirmation.
      api.calls.length = 0;
      expect((await message('testConnection', { baseUrl: 'https://api.octogen.ai/v2' })).ok).toBe(true);
      expect(api.calls.every((c) => c.url.startsWith('https://api.octogen.ai/v2/'))).toBe(true);
    });

    it('Save with a URL elsewhere and no key typed is refused without the confirmation, and saved with it', async () => {
      const refused = await save({ baseUrl: OTHER });
      expect(refused).toMatchObject({ ok: false, error: { detail: 'key_not_confirmed' } });
      expect(refused.error.message).toMatch(/^Nothing was saved: your saved key \(octo_live_0123456789…\) is for https:\/\/api\.octogen\.ai\. /);
      expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
      const saved = await save({ baseUrl: OTHER, keyConfirmedFor: OTHER_ORIGIN });
      expect(saved.ok).toBe(true);
      expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: OTHER } });
      expect(api.calls).toEqual([]);
    });

    it('the same for the agent key and the agent URL', async () => {
      await saveKey(AGENT_KEY, AGENT_URL, 'agent');
      expect(await save({ baseUrl: BASE }, { baseUrl: 'https://agent2.example.com' })).toMatchObject({ ok: false, error: { detail: 'key_not_confirmed' } });
      expect((await readCredentials()).agent).toEqual({ apiKey: AGENT_KEY, baseUrl: AGENT_URL });
      expect((await save({ baseUrl: BASE }, { baseUrl: 'https://agent2.example.com', keyConfirmedFor: 'https://agent2.example.com' })).ok).toBe(true);
      expect((await readCredentials()).agent).toEqual({ apiKey: AGENT_KEY, baseUrl: 'https://agent2.example.com' });
    });
  });

  it('Save never saves half: a settings write the browser refuses leaves the keys as they were, and says so', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    const answer = await save({ baseUrl: OTHER, apiKey: NEW_KEY }, off, { mode: 'all', sites: [] });
    expect(answer).toMatchObject({ ok: false, error: { kind: 'config', detail: 'storage_failed' } });
    expect(answer.error.message).toMatch(/^Nothing was saved\. .*QUOTA_BYTES quota exceeded/);
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
  });

  it('Save never saves half: a key write the browser refuses changes nothing, and says so', async () => {
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const answer = await save({ baseUrl: OTHER, apiKey: NEW_KEY });
    expect(answer).toMatchObject({ ok: false, error: { detail: 'storage_failed', message: expect.stringMatching(/^Nothing was saved\. .*QuotaExceededError/) } });
    expect(set).not.toHaveBeenCalled();
    vi.mocked(IDBObjectStore.prototype.put).mockRestore();
    expect(await readCredentials()).toEqual({ platform: { apiKey: KEY, baseUrl: BASE } });
  });

  it('Remove key deletes the key and keeps the base URL it was for', async () => {
    const answer = await message<SettingsView>('removeKey', { which: 'platform' });
    expect(answer.value).toMatchObject({ hasKey: false, baseUrl: BASE });
    expect(await readCredentials()).toEqual({ platform: { baseUrl: BASE } });
  });

  it('base URLs written to storage.local (a content script can, on Firefox) do not redirect the key', async () => {
    await fakeBrowser.storage.local.set({ settings: { baseUrl: 'https://evil.example/v1', autoDetect: off, agent: { baseUrl: 'https://evil.example' } } });
    const tabId = (await fakeBrowser.tabs.create({ url: PAGE })).id!;
    const state = (await message<TabState>('lookupTab', { tabId })).value!;
    expect(state.lookup.phase).toBe('done');
    expect(api.calls.length).toBeGreaterThan(0);
    expect(api.calls.every((c) => c.url.startsWith(`${BASE}/`))).toBe(true);
  });
});

describe('an install of the version before keeps its keys', () => {
  it('the first start moves them out of storage.local, and looks up with them at once', async () => {
    fakeBrowser.reset();
    resetCredentials();
    await fakeBrowser.storage.local.set({
      apiKey: KEY,
      agentApiKey: AGENT_KEY,
      settings: { baseUrl: 'https://eu.api.octogen.ai/v1', autoDetect: off, agent: { baseUrl: AGENT_URL } },
      settings$: { v: 3 },
    });
    const api = anyApi();
    startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) });
    const tabId = (await fakeBrowser.tabs.create({ url: PAGE })).id!;
    expect((await message<TabState>('lookupTab', { tabId })).value?.lookup.phase).toBe('done');
    expect(api.calls.every((c) => c.url.startsWith('https://eu.api.octogen.ai/v1/') && c.auth === `Bearer ${KEY}`)).toBe(true);
    expect((await message<SettingsView>('getSettings', undefined)).value).toMatchObject({ baseUrl: 'https://eu.api.octogen.ai/v1', hasKey: true, agentHasKey: true, agent: { baseUrl: AGENT_URL } });
    const local = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(local)).not.toContain('octo_');
  });
});
