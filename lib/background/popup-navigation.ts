/**
 * The popup's page request, seen by the service worker: the first sign of a click on the toolbar button that the
 * background can get (a popup does not fire `action.onClicked`), about 100 ms before the popup's first script runs
 * and asks (measured here: the request reaches the worker 2-5 ms after the popup's navigation starts; popup-early.js
 * runs at 106-137 ms). Two uses:
 *
 * - `opening(tabId)`: the lookup starts at once (reading the page, then `lookupProduct` + `searchProducts`); the
 *   popup's own `lookupTab`, a moment later, joins it (LookupService, JOIN_MS). The tab is the one in the address
 *   (`?for=` for a tab's own popup, `?tab=` popped out), else the active tab of the last focused window, where the
 *   click was.
 * - a tab's own popup (`?for=<tab>`) with a known record is served with the record painted into its static shell
 *   (`prepaintedShell`, lib/popup-page.ts): it is in the first frame, before any script of the page runs.
 *
 * Never at the cost of the popup itself. Static routes (the Service Worker Static Routing API, Chrome 123+), set at
 * install, send every request to the packaged files unless the worker is already running and it is a page
 * navigation: a stopped worker is not started for the popup's sake (that would put its start-up before the popup's
 * first frame; the popup then asks by message as before), and the popup's scripts and styles never pass through the
 * worker. A browser without static routes gets no fetch handler at all. Anything that fails serves the packaged page.
 */
import { tabIdFromSearch } from '../popup-page';

export interface PopupNavigationDeps {
  /** A popup is opening for this tab. */
  opening(tabId: number): void;
  /** popup.html for this tab with its known record painted in, or null to serve it as packaged. */
  prepainted(tabId: number, packaged: string): Promise<string | null>;
  /** The tab a popup with no tab in its address is for (the active tab where the click was). */
  activeTab(): Promise<number | undefined>;
}

/** The parts of the service worker's global scope used here (TypeScript's DOM lib does not describe them). */
export interface RouterRule {
  condition: Record<string, unknown>;
  source: 'network' | 'fetch-event';
}
export interface InstallEventLike {
  addRoutes(rules: RouterRule[]): Promise<void>;
  waitUntil(promise: Promise<unknown>): void;
}
export interface FetchEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
export interface WorkerScope {
  location: Location;
  addEventListener(type: 'install', listener: (event: InstallEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  removeEventListener(type: string, listener: (event: never) => void): void;
}

export const POPUP_PATH = '/popup.html';

/** The static routes: only navigations reach the fetch handler, and only while the worker runs. */
export const POPUP_ROUTES: RouterRule[] = [
  { condition: { runningStatus: 'not-running' }, source: 'network' },
  { condition: { not: { requestMode: 'navigate' } }, source: 'network' },
];

/** The service worker's scope when static routes are available, else undefined (a page, Firefox's event page, tests). */
function routableWorker(): WorkerScope | undefined {
  const g = globalThis as unknown as { ServiceWorkerGlobalScope?: unknown; InstallEvent?: { prototype: object } };
  if (typeof g.ServiceWorkerGlobalScope !== 'function' || !(globalThis instanceof (g.ServiceWorkerGlobalScope as never))) return undefined;
  if (!g.InstallEvent || !('addRoutes' in g.InstallEvent.prototype)) return undefined;
  return globalThis as unknown as WorkerScope;
}

/**
 * Handle one navigation request (exported for tests): start the lookup for the popup's tab, and serve a tab's own
 * popup with its record. Returns the response to give, or undefined to let the packaged page load as is.
 */
export function onPopupRequest(
  request: Pick<Request, 'url' | 'mode'>,
  origin: string,
  deps: PopupNavigationDeps,
  packaged: () => Promise<string>,
): Promise<Response> | undefined {
  if (request.mode !== 'navigate') return undefined;
  const url = new URL(request.url);
  // protocol + host: the same as `origin` for the extension's own URLs, in every URL parser.
  if (`${url.protocol}//${url.host}` !== origin || url.pathname !== POPUP_PATH) return undefined;
  const own = tabIdFromSearch(url.search);
  const tabId = own ?? tabIdFromSearch(url.search, 'tab');
  void (tabId !== undefined ? Promise.resolve(tabId) : deps.activeTab())
    .then((id) => id !== undefined && deps.opening(id))
    .catch(() => undefined);
  // Only a tab's own popup may have a record to paint; the default popup loads as packaged, untouched.
  if (own === undefined) return undefined;
  return (async () => {
    const page = await packaged();
    const html = (await deps.prepainted(own, page).catch(() => null)) ?? page;
    return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  })();
}

/**
 * Listen for the popup's page requests (see above). Returns the function that stops listening. `scope`: the service
 * worker's (tests pass their own).
 */
export function listenForPopupNavigations(deps: PopupNavigationDeps, scope: WorkerScope | undefined = routableWorker()): () => void {
  if (!scope) return () => undefined;
  let shell: Promise<string> | undefined;
  const packaged = () => {
    shell ??= fetch(new URL(POPUP_PATH, scope.location.origin)).then((response) => {
      if (!response.ok) throw new Error(`popup.html: ${response.status}`);
      return response.text();
    });
    shell.catch(() => (shell = undefined));
    return shell;
  };
  const onInstall = (event: InstallEventLike) => {
    // A browser that knows static routes but not the `not` condition keeps at least the first rule.
    event.waitUntil(
      event
        .addRoutes(POPUP_ROUTES)
        .catch(() => event.addRoutes(POPUP_ROUTES.slice(0, 1)))
        .catch((error: unknown) => console.warn('Octolens: no static routes:', error instanceof Error ? error.message : error)),
    );
  };
  const onFetch = (event: FetchEventLike) => {
    const response = onPopupRequest(event.request, scope.location.origin, deps, packaged);
    if (!response) return;
    // A failure here must not break the popup: the packaged page, fetched directly.
    event.respondWith(response.catch(() => fetch(new URL(POPUP_PATH, scope.location.origin))));
  };
  scope.addEventListener('install', onInstall);
  scope.addEventListener('fetch', onFetch);
  return () => {
    scope.removeEventListener('install', onInstall as (event: never) => void);
    scope.removeEventListener('fetch', onFetch as (event: never) => void);
  };
}
