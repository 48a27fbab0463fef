/** Shapes of what the background keeps and the UI shows. Plain data: they live in storage and cross messaging. */
import type { AutoDetectSettings } from './autodetect';
import type { Detection } from './detect/types';
import type { ChangeSummary } from './history/types';
import type { OctogenErrorData } from './octogen/errors';
import type { RateLimitPosture } from './octogen/ratelimit';
import type { CatalogSummary, LookupResponse, MeResponse, ProductListItem } from './octogen/schemas';

export type Phase = 'idle' | 'loading' | 'done' | 'error';

export interface Slot<T> {
  phase: Phase;
  data?: T;
  error?: OctogenErrorData;
  /** Epoch ms when `error` was set (for Retry-After countdowns). */
  errorAt?: number;
  /** Epoch ms when `data` was fetched. */
  fetchedAt?: number;
  /** While waiting to retry (e.g. after a 429): epoch ms of the next attempt. */
  retryAt?: number;
}

export interface SimilarItems {
  query: string;
  items: ProductListItem[];
}

export interface TabState {
  tabId: number;
  /** The document the detector ran in: only its own later reports (SPA navigation) are followed. */
  documentId?: string;
  /** The page URL the state is about (identity URL once detected). */
  pageUrl?: string;
  /** The identity URL the lookup and similar items are for (set when a lookup starts). */
  identity?: string;
  /** `unsupported`: a page the extension may not read (browser pages, web store, PDF viewer...). */
  detect: { phase: 'pending' | 'done' | 'error' | 'unsupported'; detection?: Detection; message?: string };
  /** False when no API key is stored: the popup offers the options page. */
  configured: boolean;
  lookup: Slot<LookupResponse>;
  similar: Slot<SimilarItems>;
  /** What changed since the previous lookup of the product (lookup history, issue #26), for the record shown. */
  changes?: ChangeSummary;
  updatedAt: number;
}

export interface Settings {
  baseUrl: string;
  /** Opt-in automatic detection (off by default). */
  autoDetect: AutoDetectSettings;
  /** The catalog agent API (Ask): its base URL; empty until the user sets it. Its key is stored apart. */
  agent: { baseUrl: string };
  /** Sign in with Octogen (#24): the Catalog Partner MCP server (absent: https://mcp.octogen.ai/mcp). */
  mcpUrl?: string;
  /**
   * Advanced: per-operation request timeouts in ms (defaults in lib/octogen/client.ts: lookup 15 s, others 10 s), and
   * how long reading a page may take (`readPage`, default 15 s: lib/background/tabs.ts).
   * Not shown in the options page; for very slow networks, and for tests.
   */
  timeoutsMs?: Partial<Record<'lookupProduct' | 'searchProducts' | 'listCatalogs' | 'getMe' | 'listDomains' | 'readPage', number>>;
}

export interface SettingsView extends Omit<Settings, 'timeoutsMs'> {
  hasKey: boolean;
  /** Whether a catalog agent API key is stored. */
  agentHasKey: boolean;
  /** The key's non-secret prefix, e.g. `octo_live_0c7a1e5d9b`. */
  keyPrefix?: string;
  rateLimit?: RateLimitPosture | null;
}

export interface ConnectionReport {
  baseUrl: string;
  keyPrefix?: string;
  me?: MeResponse | null;
  catalogs?: CatalogSummary[] | null;
  rateLimit?: RateLimitPosture;
}

export interface AgentSettingsView {
  baseUrl: string;
  hasKey: boolean;
}
