/** The messages the background answers (see lib/messaging.ts). */
import type { AgentHealth } from './agent/schemas';
import type { Detection } from './detect/types';
import type { CatalogSummary, SearchPage, SearchRequest } from './octogen/schemas';
import type { ConnectionReport, SettingsView, TabState } from './state';

export interface Protocol {
  /** From the content script: a (re-)detection of its page, e.g. after SPA navigation. */
  detected(data: Detection): void;
  /** The current state of a tab's lookup (paint at once), or null if nothing is known yet. */
  getTabState(data: { tabId: number }): TabState | null;
  /** Detect the tab's page and look it up (from cache when fresh, unless `force`). */
  lookupTab(data: { tabId: number; force?: boolean }): TabState;
  /** Search; `requestId` lets the caller cancel it with `cancelRequest` (a newer query makes it stale). */
  searchProducts(data: { request: SearchRequest; requestId?: string }): SearchPage;
  /** Abort a request still in flight. */
  cancelRequest(data: { requestId: string }): void;
  /** The granted catalogs, or null when the service has no catalog list. */
  listCatalogs(): CatalogSummary[] | null;
  /** Settings as the UI may see them: never the key itself. */
  getSettings(): SettingsView;
  /** Check a key and base URL against the service (the given ones, or the stored ones). */
  testConnection(data: { apiKey?: string; baseUrl?: string }): ConnectionReport;
  /** `GET /catalog/health` of the agent API (the given URL, or the stored one). */
  agentHealth(data: { baseUrl?: string }): AgentHealth;
  /** A click on a sponsored Ask item, for attribution. */
  recordSponsoredClick(data: { bidId: string; productId: string; sessionId: string; turnId?: string }): void;
}
