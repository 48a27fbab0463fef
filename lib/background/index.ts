/**
 * The background: it alone holds the keys and makes every network call. This file only wires its modules:
 * - clients.ts: the API clients, from what is stored;
 * - tabs.ts: reading a tab's page, tab events, the detections pages report;
 * - lib/lookup: the one-click lookup, and the only writer of tab state;
 * - search.ts: popup search and the catalog list; settings.ts: the options page's questions;
 * - ask.ts: the catalog agent (Ask); auto-detect.ts: opt-in automatic detection; domains.ts: the covered stores;
 * - coverage.ts: coverage requests (voyages), followed by an alarm;
 * - popup-navigation.ts: the lookup started on the popup's page request.
 * entrypoints/background.ts calls `startBackground`; tests call it with the fake browser and a stub `inject`.
 */
import { browser } from 'wxt/browser';
import { BADGES } from '../autodetect';
import { createCache } from '../cache';
import type { FollowPolicy } from '../lookup/follow-gate';
import { LookupService } from '../lookup/service';
import { sessionTabStore } from '../lookup/store';
import type { CachedLookup } from '../lookup/tab-state';
import { handleMessages } from '../messaging';
import { injectDetector, setBadge, setTabPopup, type Injected } from '../platform';
import type { TabState } from '../state';
import { CACHE_POLICIES } from '../caches';
import { normalizeHost } from '../octogen/urls';
import { loadSettings } from '../storage';
import { popupPageFor } from '../wire';
import { startAsk } from './ask';
import { startAutoDetect } from './auto-detect';
import { startCoverage } from './coverage';
import { createDomains } from './domains';
import { createClients } from './clients';
import { createHistory } from './history';
import { createPageActions } from './page-actions';
import { listenForPopupNavigations } from './popup-navigation';
import { createSearch } from './search';
import { createSettings } from './settings';
import { createSignIn } from './sign-in';
import { createUrlLists } from './url-lists';
import { createTabReader, onReport, READ_DEADLINE_MS, watchTabs } from './tabs';

export interface BackgroundDeps {
  inject?: (tabId: number) => Promise<Injected>;
  fetch?: typeof fetch;
  now?: () => number;
  /** How often a page may make the lookup follow it (default: lib/lookup/follow-gate.ts FOLLOW_POLICY). */
  follow?: FollowPolicy;
}

/** Each new state of a tab sets the page its toolbar button opens (a reopened popup paints the record from it). */
function publish(state: TabState): void {
  void setTabPopup(state.tabId, popupPageFor(state.tabId, state));
}

export function startBackground(deps: BackgroundDeps = {}) {
  const now = deps.now ?? Date.now;
  const bootedAt = now();
  const clients = createClients({ fetch: deps.fetch, now });
  const readDeadlineMs = async () => (await loadSettings()).timeoutsMs?.readPage ?? READ_DEADLINE_MS;
  const { detectInTab } = createTabReader({ inject: deps.inject ?? injectDetector, now, readDeadlineMs });
  const history = createHistory({ now, isPrivate: async (tabId) => (await browser.tabs.get(tabId)).incognito });
  const lookupCache = createCache<CachedLookup>(CACHE_POLICIES.lookup, now);
  const service = new LookupService({
    getClient: clients.catalog,
    detectInTab,
    store: sessionTabStore,
    cache: lookupCache,
    publish,
    recorded: history.recorded,
    now,
    follow: deps.follow,
  });
  const ask = startAsk(clients, now);
  const domains = createDomains(now);
  const auto = startAutoDetect(clients, service, now, domains);
  const coverage = startCoverage({ clients, domains, now, forgetHost: (host) => lookupCache.forget((key) => normalizeHost(key) === host) });

  const stopMessages = handleMessages({
    detected: onReport({ service, autoDetected: auto.autoDetected }),
    lookupTab: ({ tabId, force }) => service.lookupTab(tabId, { force }),
    ...createSearch(clients, now),
    ...createSettings(clients, deps.fetch),
    ...ask.handlers,
    ...createPageActions(clients, service),
    ...coverage.handlers,
    ...createUrlLists(clients, now),
    // #24 seam: sign-in handlers
    ...createSignIn(clients, now),
    // #26 seam: history handlers
    ...history.handlers,
  });
  const stopTabs = watchTabs(service, (tabId) => void setBadge(tabId, BADGES.none));
  // The popup's page request starts its lookup.
  const stopPopupNavigations = listenForPopupNavigations({
    opening: (tabId) => void service.lookupTab(tabId).catch(() => undefined),
    activeTab: async () => (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
  });
  // A lookup that was in flight when the previous service worker stopped is never left spinning: say so.
  void browser.tabs.query({}).then((tabs) => service.recover(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id])), bootedAt));

  return {
    service,
    coverage,
    stop: () => {
      for (const stop of [stopMessages, stopTabs, stopPopupNavigations, ask.stop, auto.stop, coverage.stop]) stop();
    },
  };
}
