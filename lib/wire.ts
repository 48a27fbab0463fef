/**
 * The wire: every channel between the extension's parts, spelled once.
 *
 * - **Messages** to the background (`Protocol`, in an `Envelope`; every answer an `Answer`, so typed errors survive).
 * - **The Ask port**: the Ask UI holds it open while a conversation runs (`AskPortMessage`).
 * - **Storage keys** the UI reads directly (a tab's state in `storage.session`).
 * - **The popup's address**: `popup.html?for=<tab>#<first frame>` (`popupPageFor`, `firstFrameFromHash`).
 *
 * Types and tiny pure helpers only, with no runtime imports, so the content script and the popup's early script can
 * use it at no size cost. Who may send what is checked here too (`fromExtensionPage`).
 */
import type { AgentHealth } from './agent/schemas';
import type { SignInView } from './auth/session';
import type { AutoDetectSettings } from './autodetect';
import type { CoverageRequest } from './coverage/store';
import type { CredentialName, KeyInput } from './credentials';
import type { Detection } from './detect/types';
import type { HistoryStatus } from './history/types';
import type { OctogenErrorData } from './octogen/errors';
import type {
  CatalogSummary,
  MoreLikeThisResponse,
  PricePreference,
  SearchPage,
  SearchRequest,
  UrlList,
  UrlListPage,
  UrlListUrlsPage,
  UrlMutationResponse,
  VoyageListResponse,
} from './octogen/schemas';
import type { ConnectionReport, SettingsView, TabState } from './state';
import type { PageLists } from './url-lists/types';

// --- Messages ------------------------------------------------------------------------------------------------------

/** The tag every Octolens message carries. */
export const MESSAGE_TAG = 'octolens/1';

/** The messages the background answers. */
export interface Protocol {
  /** From the content script: a (re-)detection of its page, e.g. after SPA navigation. */
  detected(data: Detection): void;
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
  /**
   * Check a key and base URL against the service (the given ones, or the saved ones). The saved key goes to another
   * origin than its own only when `keyConfirmedFor` names that origin (the user confirmed it).
   */
  testConnection(data: { apiKey?: string; baseUrl?: string; keyConfirmedFor?: string }): ConnectionReport;
  /**
   * Save the options page's settings: each API's base URL with the key entered for it (or the saved key, where it may
   * go there), in one write, then automatic detection. Answers the settings as now saved.
   */
  saveSettings(data: { platform: KeyInput; agent: KeyInput; autoDetect: AutoDetectSettings }): SettingsView;
  /** Delete a saved key (its base URL stays). Answers the settings as now saved. */
  removeKey(data: { which: CredentialName }): SettingsView;
  /** `GET /catalog/health` of the agent API (the given URL, or the stored one). */
  agentHealth(data: { baseUrl?: string }): AgentHealth;
  /** A click on a sponsored Ask item, for attribution. */
  recordSponsoredClick(data: { bidId: string; productId: string; sessionId: string; turnId?: string }): void;

  // --- Past the 404: resolving this page's HTML, more like this ---
  /**
   * On the user's click only: read the tab's HTML and address (the document that was looked up; at most
   * PAGE_HTML_MAX_BYTES of lib/page-capture.ts, else nothing is sent), resolve its product from them, and make it the
   * tab's record. Answers the tab's state after it.
   */
  resolveFromPage(data: { tabId: number }): TabState;
  /** Products like the tab's record (by its uuid when indexed, else its URL), cheaper or dearer if asked. */
  moreLikeThis(data: { tabId: number; pricePreference: PricePreference }): MoreLikeThisResponse;

  // --- Past the 404: coverage requests (voyages) ---
  /** Whether the page's store is covered by the granted catalogs (`GET /domains`, kept; null: could not tell). */
  storeCoverage(data: { url: string }): { host: string; covered: boolean | null };
  /** Request coverage of the page's store (start or join a voyage), kept and followed; `notKept` says a failed save. */
  requestCoverage(data: { url: string }): { request: CoverageRequest; notKept?: string };
  /** Read the progress of the coverage requests under way now (the host's only, when given). Answers all kept. */
  checkCoverage(data: { host?: string }): CoverageRequest[];
  /** The organisation's voyages, newest first, with its voyage quota (the options page). */
  listVoyages(): VoyageListResponse;

  // --- Past the 404: coverage URL lists ---
  /** The lists the picker offers for a page (not those being deleted), each checked against `url` (contains). */
  urlListsForPage(data: { url: string }): PageLists;
  /** One page of the organisation's URL lists (the options page). */
  listUrlLists(data: { cursor?: string }): UrlListPage;
  createUrlList(data: { name: string }): UrlList;
  /** Delete a list: it answers as `delete_pending`, then disappears. */
  deleteUrlList(data: { urlListId: string }): UrlList;
  /** One page of a list's URLs, in the order they were added. */
  listUrlListUrls(data: { urlListId: string; cursor?: string }): UrlListUrlsPage;
  /** Add a page to a list (`name`: the list's, for the membership the popup shows). */
  addUrlToList(data: { urlListId: string; name: string; url: string }): UrlMutationResponse;
  removeUrlsFromList(data: { urlListId: string; urls: string[] }): UrlMutationResponse;

  // --- #24 seam: Sign in with Octogen (OAuth + the Catalog Partner MCP server) ---
  /** The sign-in as the options page may see it (who, the token's state; never a token). */
  getSignIn(): SignInView;
  /**
   * Start signing in to the configured MCP server: discovery, registration, a PKCE verifier and state (kept in the
   * background). Answers the URL for the browser's web-auth window, or the origin the user must allow first.
   */
  beginSignIn(): { authorizeUrl: string } | { needsOrigin: string };
  /** Finish with the address the web-auth window came back to (its code is useless without the kept verifier). */
  finishSignIn(data: { redirectUrl: string }): SignInView;
  /** The web-auth window was closed or failed: forget the sign-in under way. */
  cancelSignIn(): void;
  /** Sign out: forget every token, and revoke them at the server (`revoked`: whether the server was told). */
  signOut(): SignInView & { revoked: boolean };
  /** Save the MCP server URL; another server than the signed-in one signs out first. */
  saveMcpUrl(data: { mcpUrl: string }): SignInView;

  // --- #26 seam: lookup history ---
  /** The history's switch and size (the options page). Pages read the entries themselves: lib/history/store.ts. */
  historyStatus(): HistoryStatus;
  /** Turn the lookup history on or off (what is kept stays). Answers the status after it. */
  setHistoryEnabled(data: { enabled: boolean }): HistoryStatus;
  /** Delete the whole lookup history. Answers the status after it. */
  clearHistory(): HistoryStatus;
}

export type MessageType = keyof Protocol;
export type MessageData<K extends MessageType> = Parameters<Protocol[K]>[0];
export type MessageValue<K extends MessageType> = ReturnType<Protocol[K]>;

export interface Envelope<K extends MessageType = MessageType> {
  tag: typeof MESSAGE_TAG;
  type: K;
  data: MessageData<K>;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; error: OctogenErrorData };

/** Messages a content script may send; every other message is refused from web pages' tabs. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>(['detected']);

/** `detail` of errors where the background itself was gone (its service worker stopped mid-request). */
export const BACKGROUND_UNAVAILABLE = 'background_unavailable';

export function envelope<K extends MessageType>(type: K, data: MessageData<K>): Envelope<K> {
  return { tag: MESSAGE_TAG, type, data };
}

export function isEnvelope(message: unknown): message is Envelope {
  const m = message as Envelope | null;
  return typeof m === 'object' && m !== null && m.tag === MESSAGE_TAG && typeof m.type === 'string';
}

/** An answer as received: a well-formed `Answer`, or the failure of a background that did not answer. */
export function readAnswer<T>(type: MessageType, answer: unknown, reason?: string): Answer<T> {
  const a = answer as Answer<T> | null | undefined;
  if (a && typeof a === 'object' && (a.ok === true || (a.ok === false && typeof a.error === 'object' && a.error !== null))) return a;
  const message = `The extension's background did not answer${reason ? ` (${reason})` : ''}.`;
  return { ok: false, error: { kind: 'network', operation: type, detail: BACKGROUND_UNAVAILABLE, message } };
}

// --- Who sent it ---------------------------------------------------------------------------------------------------

/** The parts of a message or port sender that tell where it came from. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/**
 * Whether a sender is one of this extension's own pages (popup, options, side panel, also when open in a tab) or its
 * background, never a content script: a content script's sender has the URL of the web page it runs in.
 */
export function fromExtensionPage(sender: SenderLike | undefined, runtimeId: string, extensionBase: string): boolean {
  if (!sender || sender.id !== runtimeId) return false;
  const origin = extensionBase.replace(/\/$/, '');
  return sender.url ? sender.url === origin || sender.url.startsWith(`${origin}/`) : sender.tab === undefined;
}

// --- The Ask port --------------------------------------------------------------------------------------------------

/** The name of the port the Ask UI holds open to the background while a conversation runs. */
export const ASK_PORT = 'octolens/ask';
/** The longest question sent to the agent. */
export const MAX_QUESTION = 2000;

export type AskPortMessage = { type: 'ask'; query: string } | { type: 'stop' };

/** What the Ask UI sends on its port: a question, or stop the answer in flight. */
export const askMessage = (query: string): AskPortMessage => ({ type: 'ask', query });
export const STOP_MESSAGE: AskPortMessage = { type: 'stop' };

/** A message on the Ask port, checked: a question (trimmed, capped), a stop, or nothing usable. */
export function readAskMessage(message: unknown): AskPortMessage | undefined {
  const m = message as { type?: unknown; query?: unknown } | null;
  if (m?.type === 'stop') return { type: 'stop' };
  if (m?.type !== 'ask' || typeof m.query !== 'string' || !m.query.trim()) return undefined;
  return { type: 'ask', query: m.query.trim().slice(0, MAX_QUESTION) };
}

// --- Storage keys the UI reads -------------------------------------------------------------------------------------

/** A tab's lookup state, in `storage.session`. Written by lib/lookup only. */
export const tabKey = (tabId: number) => `tab:${tabId}`;

// --- The popup's address -------------------------------------------------------------------------------------------

/**
 * What a reopened popup paints in its first frame, carried in its own address: once the background knows a tab's
 * record, it sets that tab's toolbar popup (`action.setPopup({ tabId })`) to `popup.html?for=<tabId>#<first frame>`.
 * The popup then knows its tab and paints the record synchronously, with no browser round trip. The browser resets a
 * tab's own popup when the tab goes to another document, so a new page never opens with the previous page's record.
 */
export interface FirstFrame {
  title: string;
  brand?: string;
  price?: number;
  currency?: string;
  similar: string[];
}

export const POPUP_PAGE = 'popup.html';

/**
 * Element Timing (`elementtiming` attributes): the browser records when the record's title and the similar items'
 * titles are first painted. `npm run bench` reads them from the real toolbar popup, which no driver can instrument.
 */
export const TIMING = { record: 'octolens-record-title', card: 'octolens-card-title' } as const;
/** Caps on what goes into the address (titles can be long; the frame only needs what fits in the popup). */
const MAX_TEXT = 300;
const MAX_SIMILAR = 20;

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** The first frame of a tab's known state (null: no record to show yet). */
export function firstFrameOf(state: TabState | null | undefined): FirstFrame | null {
  const product = state?.lookup.phase === 'done' ? state.lookup.data?.product : undefined;
  if (!product?.title) return null;
  const items = state?.similar.phase === 'done' ? (state.similar.data?.items ?? []) : [];
  return {
    title: clip(product.title),
    ...(product.brand?.name ? { brand: clip(product.brand.name) } : {}),
    ...(product.currentPrice != null && Number.isFinite(product.currentPrice) ? { price: product.currentPrice } : {}),
    ...(product.currency ? { currency: product.currency.slice(0, 8) } : {}),
    similar: items.slice(0, MAX_SIMILAR).map((item) => clip(item.title ?? 'Untitled product')),
  };
}

/** The popup page for a tab, given what is known about it (a path inside the extension). */
export function popupPageFor(tabId: number, state: TabState | null | undefined): string {
  const frame = firstFrameOf(state);
  return `${POPUP_PAGE}?for=${tabId}${frame ? `#${encodeURIComponent(JSON.stringify(frame))}` : ''}`;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

/**
 * Read the first frame back from the popup's own address. Anything malformed (a hand-edited address, an older
 * version's format) gives null: the popup then paints from storage as it would without it.
 */
export function firstFrameFromHash(hash: string): FirstFrame | null {
  if (hash.length < 2) return null;
  let value: unknown;
  try {
    value = JSON.parse(decodeURIComponent(hash.slice(1)));
  } catch {
    return null;
  }
  const v = value as Partial<Record<keyof FirstFrame, unknown>> | null;
  if (!v || typeof v !== 'object' || !text(v.title)) return null;
  if (v.brand !== undefined && !text(v.brand)) return null;
  if (v.price !== undefined && (typeof v.price !== 'number' || !Number.isFinite(v.price))) return null;
  if (v.currency !== undefined && (typeof v.currency !== 'string' || v.currency.length > 8)) return null;
  if (!Array.isArray(v.similar) || v.similar.length > MAX_SIMILAR || !v.similar.every(text)) return null;
  return {
    title: v.title,
    ...(v.brand !== undefined ? { brand: v.brand as string } : {}),
    ...(v.price !== undefined ? { price: v.price as number } : {}),
    ...(v.currency !== undefined ? { currency: v.currency as string } : {}),
    similar: v.similar as string[],
  };
}

/**
 * The tab a popup page is for: `?for=<id>` (the tab's own popup, set by the background) or, with `name` 'tab',
 * `?tab=<id>` (popped out into a tab of its own). Only a plain tab number counts.
 */
export function tabIdFromSearch(search: string, name: 'for' | 'tab' = 'for'): number | undefined {
  const param = new URLSearchParams(search).get(name);
  return param && /^\d{1,10}$/.test(param) ? Number(param) : undefined;
}
