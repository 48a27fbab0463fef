/**
 * The background's wiring: it alone holds the key and makes every network call. Entry file stays thin
 * (entrypoints/background.ts calls `startBackground`). Tests call it with the fake browser and a stub `inject`.
 */
import { browser, type Browser } from 'wxt/browser';
import { AgentClient } from '../agent/client';
import { AgentService } from '../agent/service';
import { settleInterrupted } from '../agent/session';
import { ASK_PORT, TAB_STATE_PUSH } from '../message-tag';
import { handleMessages } from '../messaging';
import { OctogenClient } from '../octogen/client';
import { OctogenError } from '../octogen/errors';
import { keyFormatProblem, keyPrefix } from '../octogen/key';
import { withRetry } from '../octogen/retry';
import { checkBaseUrl } from '../octogen/urls';
import { emptyTabState, LookupService, type DetectOutcome } from '../lookup/service';
import { documentOf, sanitizeDetection } from '../lookup/sanitize';
import { injectDetector, type Injected, listenForPorts, onPermissionsChanged, setBadge, setTabPopup, syncDetectorRegistration } from '../platform';
import { popupPageFor } from '../popup-page';
import { listenForPopupNavigations } from './popup-navigation';
import { BADGES, coveredHosts, isCovered, matchPatterns } from '../autodetect';
import type { Detection } from '../detect/types';
import {
  agentApiKeyItem,
  askPrefsItem,
  attributionItem,
  conversationsItem,
  apiKeyItem,
  catalogsCacheItem,
  domainsItem,
  loadSettings,
  lookupCacheItem,
  rateLimitItem,
  searchCacheItem,
  settingsItem,
  tabStateItem,
} from '../storage';
import type { ConnectionReport, Settings, SettingsView, TabState } from '../state';
import type { RateLimitPosture } from '../octogen/ratelimit';

export interface BackgroundDeps {
  inject?: (tabId: number) => Promise<Injected>;
  fetch?: typeof fetch;
  now?: () => number;
}

const CATALOGS_TTL_MS = 10 * 60_000;
const SEARCH_TTL_MS = 2 * 60_000;

export function startBackground(deps: BackgroundDeps = {}) {
  const now = deps.now ?? Date.now;
  const inject = deps.inject ?? injectDetector;
  let cached: { key: string; baseUrl: string; client: OctogenClient } | undefined;
  const inflight = new Map<string, AbortController>();

  const makeClient = (apiKey: string, baseUrl: string, options: { rateLimit?: RateLimitPosture; timeouts?: Settings['timeoutsMs'] } = {}) =>
    new OctogenClient({
      baseUrl,
      apiKey,
      fetch: deps.fetch,
      rateLimit: options.rateLimit,
      timeouts: options.timeouts,
      now,
      onRateLimit: (posture) => void rateLimitItem.setValue(posture),
      onDrift: (operation, paths) => console.warn(`Octolens: ${operation} response drifted from the contract at ${paths.join(', ')}`),
    });

  async function getClient(): Promise<OctogenClient | null> {
    const [key, settings] = await Promise.all([apiKeyItem.getValue(), loadSettings()]);
    if (!key) return null;
    const fingerprint = `${settings.baseUrl} ${JSON.stringify(settings.timeoutsMs ?? {})}`;
    if (cached && cached.key === key && cached.baseUrl === fingerprint) return cached.client;
    // A restarted service worker still knows the rate-limit posture: it lives in storage.
    const rateLimit = (await rateLimitItem.getValue()) ?? undefined;
    cached = { key, baseUrl: fingerprint, client: makeClient(key, settings.baseUrl, { rateLimit, timeouts: settings.timeoutsMs }) };
    return cached.client;
  }

  async function requireClient(operation: string): Promise<OctogenClient> {
    const client = await getClient();
    if (!client) throw new OctogenError({ kind: 'config', operation, message: 'Add your Platform API key in Octolens options.' });
    return client;
  }

  /**
   * A tab still on its way to a page (about:blank with a pending URL) is waited for, up to 20 s. `waited`: the tab
   * was not on its page at the first look.
   */
  async function settledTab(tabId: number) {
    const started = now();
    for (let waited = false; ; waited = true) {
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      if (!tab) return undefined;
      const arriving = (!tab.url || !/^https?:/i.test(tab.url)) && (/^https?:/i.test(tab.pendingUrl ?? '') || tab.status === 'loading');
      if (!arriving || now() - started > 20_000) return { tab, waited };
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  async function detectInTab(tabId: number, onAddress?: (address: string) => void): Promise<DetectOutcome> {
    // The page is read while the tab's address is checked (one browser round trip less on the click's critical path);
    // the result counts only if the tab was already on its page, and is only used for an http(s) page.
    const early = inject(tabId);
    early.catch(() => undefined);
    const settled = await settledTab(tabId);
    if (!settled) return { error: 'That tab is gone.' };
    const { tab, waited } = settled;
    if (tab.url !== undefined && !/^https?:/i.test(tab.url)) {
      return { unsupported: 'Octolens works on web pages (http and https), not on browser or extension pages.' };
    }
    if (tab.url) onAddress?.(tab.url);
    let injected: Injected;
    try {
      injected = await (waited ? inject(tabId) : early);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/cannot access|cannot be scripted|permission|extensions gallery|missing host/i.test(message)) {
        return { unsupported: 'Octolens cannot read this page. Click the Octolens button on the page to allow it.' };
      }
      return { error: `Could not read the page: ${message}` };
    }
    const detection = sanitizeDetection(injected.result);
    return detection ? { detection, documentId: documentOf(injected.documentId, injected.result) } : { error: 'Could not read the page: the detector gave no usable address.' };
  }

  const service = new LookupService({
    getClient,
    detectInTab,
    readTabState: (tabId) => tabStateItem(tabId).getValue(),
    writeTabState: (state) => tabStateItem(state.tabId).setValue(state),
    publish: (state) => {
      try {
        // Extension pages only (runtime messages never reach content scripts); nobody listening is fine.
        void Promise.resolve(browser.runtime.sendMessage({ tag: TAB_STATE_PUSH, state })).catch(() => undefined);
      } catch {
        // No open view.
      }
    },
    readCache: (url) => lookupCacheItem(url).getValue(),
    writeCache: (url, value) => lookupCacheItem(url).setValue(value),
    now,
  });

  // The popup's page request starts its lookup (lib/background/popup-navigation.ts).
  const stopPopupNavigations = listenForPopupNavigations({
    opening: (tabId) => void service.lookupTab(tabId).catch(() => undefined),
    activeTab: async () => (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
  });

  async function settingsView(): Promise<SettingsView> {
    const [key, settings, rateLimit, agentKey] = await Promise.all([
      apiKeyItem.getValue(),
      loadSettings(),
      rateLimitItem.getValue(),
      agentApiKeyItem.getValue(),
    ]);
    return {
      baseUrl: settings.baseUrl,
      autoDetect: settings.autoDetect,
      agent: settings.agent,
      hasKey: Boolean(key),
      agentHasKey: Boolean(agentKey),
      keyPrefix: key ? keyPrefix(key) : undefined,
      rateLimit,
    };
  }

  // --- Ask: the catalog agent API ------------------------------------------------------------------------------
  async function getAgentClient(baseUrl?: string): Promise<AgentClient | null> {
    const [key, settings] = await Promise.all([agentApiKeyItem.getValue(), loadSettings()]);
    const base = baseUrl ?? settings.agent.baseUrl;
    if (!key || !base) return null;
    return new AgentClient({ baseUrl: base, apiKey: key, fetch: deps.fetch });
  }

  const agent = new AgentService({
    getClient: () => getAgentClient(),
    readState: () => conversationsItem.getValue(),
    writeState: (state) => conversationsItem.setValue(state),
    readAttribution: () => attributionItem.getValue(),
    writeAttribution: (log) => attributionItem.setValue(log),
    now,
  });
  // A turn left streaming by a stopped service worker is settled as stopped, its partial answer kept.
  void agent.update(settleInterrupted);

  /** The Ask UI holds a port while it is open: questions go through it, and closing it aborts the turn. */
  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== ASK_PORT) return;
    const own = browser.runtime.getURL('/').replace(/\/$/, '');
    if (port.sender?.id !== browser.runtime.id || (port.sender.url && !port.sender.url.startsWith(own))) {
      port.disconnect();
      return;
    }
    let controller: AbortController | undefined;
    port.onMessage.addListener((message: unknown) => {
      const m = message as { type?: string; query?: unknown; prefs?: unknown };
      if (m.type === 'ask' && typeof m.query === 'string' && m.query.trim()) {
        controller?.abort();
        const mine = new AbortController();
        controller = mine;
        void askPrefsItem.getValue().then((prefs) => agent.ask((m.query as string).trim().slice(0, 2000), prefs, mine.signal));
      } else if (m.type === 'stop') {
        controller?.abort();
      }
    });
    port.onDisconnect.addListener(() => controller?.abort());
  };
  const stopPorts = listenForPorts(onConnect);

  async function listCatalogs(client: OctogenClient) {
    const cache = await catalogsCacheItem.getValue();
    if (cache && cache.baseUrl === client.baseUrl && now() - cache.fetchedAt < CATALOGS_TTL_MS) return cache.catalogs;
    const catalogs = await withRetry(() => client.listCatalogs());
    await catalogsCacheItem.setValue({ catalogs, fetchedAt: now(), baseUrl: client.baseUrl });
    return catalogs;
  }

  const stop = handleMessages({
    detected: async (data, sender) => {
      const tabId = sender.tab?.id;
      const detection = sanitizeDetection(data);
      if (tabId === undefined || !detection) return;
      // The same document the user looked up by a click (activeTab granted) reports a new product: an SPA
      // navigation, followed. Another document (a full navigation) is not: it needs a new click. (A browser without
      // document ids, Firefox, is told the document by the detector's token for it.)
      const state = await tabStateItem(tabId).getValue();
      const documentId = documentOf(sender.documentId, data);
      if (state?.documentId !== undefined && documentId === state.documentId) {
        void service.onDetected(tabId, detection);
        return;
      }
      // Otherwise only in opt-in automatic detection, never in a private window.
      const settings = await loadSettings();
      if (settings.autoDetect.mode === 'off' || sender.tab?.incognito) return;
      void autoDetected(tabId, detection, documentId);
    },
    getTabState: ({ tabId }) => tabStateItem(tabId).getValue(),
    lookupTab: ({ tabId, force }) => service.lookupTab(tabId, { force }),
    searchProducts: async ({ request, requestId }) => {
      const client = await requireClient('searchProducts');
      const cacheKey = `${client.baseUrl} ${JSON.stringify(request)}`;
      const cached = await searchCacheItem(cacheKey).getValue();
      if (cached && now() - cached.fetchedAt < SEARCH_TTL_MS) return cached.page;
      const controller = new AbortController();
      if (requestId) inflight.set(requestId, controller);
      try {
        const page = await withRetry(() => client.searchProducts(request, { signal: controller.signal }), { signal: controller.signal });
        await searchCacheItem(cacheKey).setValue({ page, fetchedAt: now() });
        return page;
      } finally {
        if (requestId) inflight.delete(requestId);
      }
    },
    cancelRequest: ({ requestId }) => {
      inflight.get(requestId)?.abort();
      inflight.delete(requestId);
    },
    listCatalogs: async () => listCatalogs(await requireClient('listCatalogs')),
    getSettings: settingsView,
    agentHealth: async ({ baseUrl }) => {
      const settings = await loadSettings();
      const base = baseUrl ?? settings.agent.baseUrl;
      if (!base) throw new OctogenError({ kind: 'config', operation: 'agentHealth', message: 'Enter the agent API URL first.' });
      const checked = checkBaseUrl(base);
      if (!checked.ok) throw new OctogenError({ kind: 'config', operation: 'agentHealth', message: checked.problem });
      // Health needs no key, and none is sent.
      return new AgentClient({ baseUrl: checked.url, apiKey: 'unused-for-health', fetch: deps.fetch }).health();
    },
    recordSponsoredClick: (record) => agent.recordClick(record),
    testConnection: async ({ apiKey, baseUrl }): Promise<ConnectionReport> => {
      const key = apiKey ?? (await apiKeyItem.getValue());
      const base = baseUrl ?? (await loadSettings()).baseUrl;
      if (!key) throw new OctogenError({ kind: 'config', operation: 'testConnection', message: 'Enter your Platform API key first.' });
      const problem = keyFormatProblem(key);
      if (problem) throw new OctogenError({ kind: 'config', operation: 'testConnection', message: problem });
      const checked = checkBaseUrl(base);
      if (!checked.ok) throw new OctogenError({ kind: 'config', operation: 'testConnection', message: checked.problem });
      const client = makeClient(key, checked.url);
      // `/me` where the service has it, else `/catalogs`.
      let me = null;
      try {
        me = await client.getMe({ timeoutMs: 10_000 });
      } catch (error) {
        if (!(error instanceof OctogenError) || error.status !== 404) throw error;
      }
      const catalogs = await client.listCatalogs({ timeoutMs: 10_000 });
      return { baseUrl: client.baseUrl, keyPrefix: keyPrefix(key), me, catalogs, rateLimit: client.lastRateLimit };
    },
  });

  /** The covered hosts, from `GET /domains` honouring its ETag and max-age. Fails closed (nothing covered). */
  async function coverage(client: OctogenClient): Promise<Set<string>> {
    const snapshot = await domainsItem.getValue();
    const usable = snapshot && snapshot.baseUrl === client.baseUrl ? snapshot : null;
    if (usable && now() - usable.fetchedAt < usable.maxAgeSec * 1000) return coveredHosts(usable.domains);
    try {
      const result = await client.listDomains({ etag: usable?.etag });
      const domains = result.notModified ? (usable?.domains ?? []) : result.domains;
      await domainsItem.setValue({ baseUrl: client.baseUrl, etag: result.etag, maxAgeSec: result.maxAgeSec ?? 300, fetchedAt: now(), domains });
      return coveredHosts(domains);
    } catch {
      return usable ? coveredHosts(usable.domains) : new Set();
    }
  }

  /** Automatic detection: badge the page; look it up only when its store is covered (the URL stays local otherwise). */
  async function autoDetected(tabId: number, detection: Detection, documentId: string | undefined) {
    if (!detection.isProduct) {
      await setBadge(tabId, BADGES.none);
      return;
    }
    const client = await getClient();
    if (!client || !isCovered(detection.url, await coverage(client))) {
      await setBadge(tabId, BADGES.product);
      return;
    }
    await setBadge(tabId, BADGES.covered);
    const state = await service.onDetected(tabId, detection, documentId);
    await setBadge(tabId, state.lookup.phase === 'done' ? BADGES['in-catalog'] : BADGES.covered);
  }

  const syncAutoDetect = async () => {
    const settings = await loadSettings();
    await syncDetectorRegistration(matchPatterns(settings.autoDetect)).catch((error: unknown) =>
      console.warn('Octolens: could not register automatic detection', error instanceof Error ? error.message : error),
    );
  };
  void syncAutoDetect();
  const unwatchSettings = settingsItem.watch(() => void syncAutoDetect());
  const stopPermissions = onPermissionsChanged(() => void syncAutoDetect());

  // A lookup that was in flight when the previous service worker stopped is never left spinning: say so.
  const bootedAt = now();
  void (async () => {
    const all = (await browser.storage.session.get(null).catch(() => ({}))) as Record<string, unknown>;
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith('tab:')) continue;
      const state = value as TabState | null;
      if (!state || state.updatedAt >= bootedAt) continue;
      const interrupted = <S extends TabState['lookup'] | TabState['similar']>(slot: S, operation: string): S =>
        slot.phase === 'loading'
          ? {
              ...slot,
              phase: 'error',
              retryAt: undefined,
              errorAt: now(),
              error: { kind: 'network', operation, detail: 'background_unavailable', message: `${operation}: interrupted by a restart` },
            }
          : slot;
      if (state.lookup.phase !== 'loading' && state.similar.phase !== 'loading' && state.detect.phase !== 'pending') continue;
      const latest = await tabStateItem(state.tabId).getValue();
      if (!latest || latest.updatedAt >= bootedAt) continue;
      await tabStateItem(state.tabId).setValue({
        ...latest,
        detect: latest.detect.phase === 'pending' ? { phase: 'error', message: 'Octolens restarted while reading this page. Retry.' } : latest.detect,
        lookup: interrupted(latest.lookup, 'lookupProduct'),
        similar: interrupted(latest.similar, 'searchProducts'),
        updatedAt: now(),
      });
    }
  })();

  // A tab that navigates or closes forgets its lookup, so the popup never shows the previous page's product.
  const onUpdated = (tabId: number, change: { url?: string; status?: string }) => {
    if (change.url !== undefined) {
      void setBadge(tabId, BADGES.none);
      void tabStateItem(tabId).getValue().then((state) => {
        if (!state || state.pageUrl === change.url || state.detect.detection?.url === change.url) return;
        // A lookup of the page just left must not land on this one. (A page still being read is not dropped: a
        // tab that was arriving at its page when the popup opened is read once it is there.)
        if (state.detect.phase !== 'pending') service.forget(tabId);
        // Never show the previous page's product; keep which document was clicked, so its SPA reports are followed.
        void tabStateItem(tabId).setValue({ ...emptyTabState(tabId, now()), documentId: state.documentId, pageUrl: change.url });
      });
    }
  };
  const onRemoved = (tabId: number) => {
    service.forget(tabId);
    void tabStateItem(tabId).removeValue();
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  browser.tabs.onRemoved.addListener(onRemoved);

  // Every new state of a tab, whoever wrote it, sets the page its toolbar button opens: a reopened popup knows its
  // tab and paints the known record in its first frame (lib/popup-page.ts).
  const onStorageChanged = (changes: Record<string, Browser.storage.StorageChange>, area: string) => {
    if (area !== 'session') return;
    for (const [key, change] of Object.entries(changes)) {
      const state = change.newValue as TabState | null | undefined;
      if (!key.startsWith('tab:') || !state || typeof state.tabId !== 'number') continue;
      void setTabPopup(state.tabId, popupPageFor(state.tabId, state));
    }
  };
  browser.storage.onChanged.addListener(onStorageChanged);

  return {
    service,
    stop: () => {
      stop();
      stopPorts();
      stopPopupNavigations();
      unwatchSettings();
      stopPermissions();
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onRemoved.removeListener(onRemoved);
      browser.storage.onChanged.removeListener(onStorageChanged);
    },
  };
}
