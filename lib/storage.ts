/**
 * Typed, versioned storage items (the caches are declared in lib/caches.ts). No key is kept here: the keys, each with the base URL it
 * is for, live in the extension origin's IndexedDB (lib/credentials.ts), out of content scripts' reach. Settings and
 * preferences live in `storage.local` (never sync); per-tab state and the caches in `storage.session`, so a restarted
 * service worker still has them and the popup paints at once.
 */
import { storage } from 'wxt/utils/storage';
import type { RateLimitPosture } from './octogen/ratelimit';
import type { Settings, TabState } from './state';
import { tabKey } from './wire';
import { AUTO_DETECT_OFF } from './autodetect';
import { DEFAULT_ASK_PREFS, type AskPrefs } from './agent/service';
import { emptySessionState, type AgentSessionState, type AttributionRecord } from './agent/session';

/**
 * What `local:settings` holds: everything but the base URLs, which are kept with their keys (lib/credentials.ts), so
 * that no write here can send a key elsewhere. Earlier versions kept `baseUrl` and `agent.baseUrl` here, and the keys
 * in `local:apiKey` and `local:agentApiKey`; `migrateCredentials` moves them all, then deletes them here.
 */
export type StoredSettings = Omit<Settings, 'baseUrl' | 'agent'>;

export const DEFAULT_SETTINGS: StoredSettings = { autoDetect: AUTO_DETECT_OFF };

/** Settings, versioned: each migration takes the previous version's value to the next, in order. */
export const settingsItem = storage.defineItem<StoredSettings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 3,
  migrations: {
    // v2 added opt-in automatic detection, off for everyone who had v1.
    2: (v1: Pick<Settings, 'baseUrl' | 'timeoutsMs'>) => ({ ...v1, autoDetect: AUTO_DETECT_OFF }),
    // v3 added the catalog agent API (Ask), not configured yet. (The base URLs stay for migrateCredentials to move.)
    3: (v2: Omit<Settings, 'agent'>): Settings => ({ ...v2, autoDetect: v2.autoDetect ?? AUTO_DETECT_OFF, agent: { baseUrl: '' } }),
  },
});

export const rateLimitItem = storage.defineItem<RateLimitPosture | null>('local:rateLimit', { fallback: null });

/**
 * A tab's lookup state, for the UI to read and watch. lib/lookup is its only writer (lib/lookup/store.ts), so this
 * view has no setter.
 */
export function tabStateItem(tabId: number) {
  const item = storage.defineItem<TabState | null>(`session:${tabKey(tabId)}`, { fallback: null });
  return { getValue: () => item.getValue(), watch: (cb: (state: TabState | null) => void) => item.watch(cb) };
}

export const recentSearchesItem = storage.defineItem<string[]>('local:recentSearches', { fallback: [] });
export const lastSearchItem = storage.defineItem<{ q: string; catalog: string; priceMin: string; priceMax: string; brand: string } | null>(
  'local:lastSearch',
  { fallback: null },
);

/** Ask preferences (the popup's settings disclosure). */
export const askPrefsItem = storage.defineItem<AskPrefs>('local:askPrefs', { fallback: DEFAULT_ASK_PREFS });

/** Ask conversations: kept when the popup closes, cleared on request. */
export const conversationsItem = storage.defineItem<AgentSessionState>('local:conversations', { fallback: emptySessionState() });

/** Impressions and clicks of sponsored items, with their bid ids, for attribution. */
export const attributionItem = storage.defineItem<AttributionRecord[]>('local:attribution', { fallback: [] });

/** Settings with every field present, whatever version a writer left (a tolerant reader of our own storage too). */
export async function loadSettings(): Promise<StoredSettings> {
  const { baseUrl: _baseUrl, agent: _agent, ...stored } = ((await settingsItem.getValue()) ?? {}) as Partial<Settings>;
  return { ...DEFAULT_SETTINGS, ...stored, autoDetect: { ...DEFAULT_SETTINGS.autoDetect, ...stored.autoDetect } };
}
