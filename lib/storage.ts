/**
 * Typed, versioned storage items. The API key lives in `storage.local` only (never sync) and is read only by the
 * background and the options page. Per-tab state and the lookup cache live in `storage.session`, so a restarted
 * service worker still has them and the popup paints at once.
 */
import { storage } from 'wxt/utils/storage';
import type { RateLimitPosture } from './octogen/ratelimit';
import { DEFAULT_API_BASE_URL } from './octogen/urls';
import type { Settings, SimilarItems, TabState } from './state';
import type { LookupResponse, CatalogSummary, DomainEntry, SearchPage } from './octogen/schemas';
import { AUTO_DETECT_OFF } from './autodetect';
import { DEFAULT_ASK_PREFS, type AskPrefs } from './agent/service';
import { emptySessionState, type AgentSessionState, type AttributionRecord } from './agent/session';
import type { OctogenErrorData } from './octogen/errors';

export const apiKeyItem = storage.defineItem<string | null>('local:apiKey', { fallback: null });

export const DEFAULT_SETTINGS: Settings = { baseUrl: DEFAULT_API_BASE_URL, autoDetect: AUTO_DETECT_OFF, agent: { baseUrl: '' } };

/** Settings, versioned: each migration takes the previous version's value to the next, in order. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 3,
  migrations: {
    // v2 added opt-in automatic detection, off for everyone who had v1.
    2: (v1: Pick<Settings, 'baseUrl' | 'timeoutsMs'>) => ({ ...v1, autoDetect: AUTO_DETECT_OFF }),
    // v3 added the catalog agent API (Ask), not configured yet.
    3: (v2: Omit<Settings, 'agent'>): Settings => ({ ...DEFAULT_SETTINGS, ...v2, agent: { baseUrl: '' } }),
  },
});

/** The covered-domain snapshot of `GET /domains`, kept with its ETag and max-age. */
export const domainsItem = storage.defineItem<{ baseUrl: string; etag?: string; maxAgeSec: number; fetchedAt: number; domains: DomainEntry[] } | null>(
  'local:domains',
  { fallback: null },
);

export const rateLimitItem = storage.defineItem<RateLimitPosture | null>('local:rateLimit', { fallback: null });

export const tabStateItem = (tabId: number) => storage.defineItem<TabState | null>(`session:tab:${tabId}`, { fallback: null });

export interface CachedLookup {
  lookup?: LookupResponse;
  /** A definite "not in your catalogs" is cached too. */
  lookupError?: OctogenErrorData;
  similar?: SimilarItems;
  fetchedAt: number;
}

export const lookupCacheItem = (identityUrl: string) =>
  storage.defineItem<CachedLookup | null>(`session:lookup:${identityUrl}`, { fallback: null });

export const catalogsCacheItem = storage.defineItem<{ catalogs: CatalogSummary[] | null; fetchedAt: number; baseUrl: string } | null>(
  'session:catalogs',
  { fallback: null },
);

export const recentSearchesItem = storage.defineItem<string[]>('local:recentSearches', { fallback: [] });
export const lastSearchItem = storage.defineItem<{ q: string; catalog: string; priceMin: string; priceMax: string; brand: string } | null>(
  'local:lastSearch',
  { fallback: null },
);

/** Search pages per (base URL, request), briefly, so reopening the popup or paging back costs nothing. */
export const searchCacheItem = (key: string) =>
  storage.defineItem<{ page: SearchPage; fetchedAt: number } | null>(`session:search:${key}`, { fallback: null });

/** The catalog agent API key: like the platform key, in storage.local only, read by the background and options. */
export const agentApiKeyItem = storage.defineItem<string | null>('local:agentApiKey', { fallback: null });

/** Ask preferences (the popup's settings disclosure). */
export const askPrefsItem = storage.defineItem<AskPrefs>('local:askPrefs', { fallback: DEFAULT_ASK_PREFS });

/** Ask conversations: kept when the popup closes, cleared on request. */
export const conversationsItem = storage.defineItem<AgentSessionState>('local:conversations', { fallback: emptySessionState() });

/** Impressions and clicks of sponsored items, with their bid ids, for attribution. */
export const attributionItem = storage.defineItem<AttributionRecord[]>('local:attribution', { fallback: [] });

/** Settings with every field present, whatever version a writer left (a tolerant reader of our own storage too). */
export async function loadSettings(): Promise<Settings> {
  const stored = (await settingsItem.getValue()) as Partial<Settings> | null;
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    autoDetect: { ...DEFAULT_SETTINGS.autoDetect, ...stored?.autoDetect },
    agent: { ...DEFAULT_SETTINGS.agent, ...stored?.agent },
  };
}
