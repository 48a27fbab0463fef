/**
 * The popup's page request, seen by the service worker: the first sign of a click on the toolbar button that the
 * background can get (a popup does not fire `action.onClicked`). It reaches the worker a few ms after the popup's
 * navigation starts, well before the popup's first script could ask, so the lookup starts here: reading the page,
 * then `lookupProduct` + `searchProducts`. The popup's own `lookupTab`, a moment later, joins it (LookupService,
 * JOIN_MS). The tab is the one in the address (`?for=` for a tab's own popup, `?tab=` popped out), else the active
 * tab of the last focused window, where the click was. What this buys is measured in docs/performance.md.
 *
 * The worker only watches: it never answers the request, so the popup's page always comes from the package, as
 * fast as without it.
 *
 * Never at the cost of the popup. Static routes (the Service Worker Static Routing API, Chrome 123+), set at install,
 * send every request straight to the package unless the worker is already running and it is a page navigation: a
 * stopped worker is not started for the popup's sake (the popup then asks by message as before), and the popup's
 * scripts and styles never pass through the worker. A browser without static routes gets no fetch handler at all.
 */
import { POPUP_PAGE, tabIdFromSearch } from '../wire';

export interface PopupNavigationDeps {
  /** A popup is opening for this tab. */
  opening(tabId: number): void;
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
  request: Pick<Request, 'url' | 'mode'>;
}
export interface WorkerScope {
  location: Pick<Location, 'origin'>;
  addEventListener(type: 'install', listener: (event: InstallEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  removeEventListener(type: string, listener: (event: never) => void): void;
}

const POPUP_PATH = `/${POPUP_PAGE}`;

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
 * One request (exported for tests): a navigation to the extension's own popup.html starts the lookup for the
 * popup's tab. Returns whether it was one.
 */
export function onPopupRequest(request: Pick<Request, 'url' | 'mode'>, origin: string, deps: PopupNavigationDeps): boolean {
  if (request.mode !== 'navigate') return false;
  const url = new URL(request.url);
  // protocol + host: the same as `origin` for the extension's own URLs, in every URL parser.
  if (`${url.protocol}//${url.host}` !== origin || url.pathname !== POPUP_PATH) return false;
  const tabId = tabIdFromSearch(url.search) ?? tabIdFromSearch(url.search, 'tab');
  void (tabId !== undefined ? Promise.resolve(tabId) : deps.activeTab())
    .then((id) => id !== undefined && deps.opening(id))
    .catch(() => undefined);
  return true;
}

/**
 * Listen for the popup's page requests (see above). Returns the function that stops listening. `scope`: the service
 * worker's (tests pass their own).
 */
export function listenForPopupNavigations(deps: PopupNavigationDeps, scope: WorkerScope | undefined = routableWorker()): () => void {
  if (!scope) return () => undefined;
  const onInstall = (event: InstallEventLike) => {
    // A browser that knows static routes but not the `not` condition keeps at least the first rule.
    event.waitUntil(
      event
        .addRoutes(POPUP_ROUTES)
        .catch(() => event.addRoutes(POPUP_ROUTES.slice(0, 1)))
        .catch((error: unknown) => console.warn('Octolens: no static routes:', error instanceof Error ? error.message : error)),
    );
  };
  // Never `respondWith`: the page loads from the package.
  const onFetch = (event: FetchEventLike) => void onPopupRequest(event.request, scope.location.origin, deps);
  scope.addEventListener('install', onInstall);
  scope.addEventListener('fetch', onFetch);
  return () => {
    scope.removeEventListener('install', onInstall as (event: never) => void);
    scope.removeEventListener('fetch', onFetch as (event: never) => void);
  };
}
