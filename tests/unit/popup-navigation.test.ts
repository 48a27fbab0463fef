/**
 * The popup's page request, as the service worker sees it (lib/background/popup-navigation.ts): it starts the lookup
 * for the popup's tab, and serves a tab's own popup with its record painted in. Anything else passes through.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  listenForPopupNavigations,
  onPopupRequest,
  POPUP_ROUTES,
  type FetchEventLike,
  type InstallEventLike,
  type PopupNavigationDeps,
  type WorkerScope,
} from '../../lib/background/popup-navigation';

const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const PACKAGED = '<!doctype html><body><p>packaged</p></body>';

function deps(overrides: Partial<PopupNavigationDeps> = {}) {
  return {
    opening: vi.fn(),
    prepainted: vi.fn(async (tabId: number) => `<!doctype html><body><h2>record of ${tabId}</h2></body>`),
    activeTab: vi.fn(async () => 41),
    ...overrides,
  } satisfies PopupNavigationDeps;
}

const navigate = (path: string) => ({ url: `${ORIGIN}${path}`, mode: 'navigate' as RequestMode });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the popup's page request", () => {
  it("starts the lookup for the tab in the address, and leaves the default popup's page as packaged", async () => {
    const d = deps();
    const packaged = vi.fn(async () => PACKAGED);
    expect(onPopupRequest(navigate('/popup.html?tab=12'), ORIGIN, d, packaged)).toBeUndefined();
    await settle();
    expect(d.opening).toHaveBeenCalledWith(12);
    expect(d.activeTab).not.toHaveBeenCalled();
    expect(packaged).not.toHaveBeenCalled();
  });

  it('with no tab in the address (the default popup), looks up the active tab where the click was', async () => {
    const d = deps();
    expect(onPopupRequest(navigate('/popup.html'), ORIGIN, d, async () => PACKAGED)).toBeUndefined();
    await settle();
    expect(d.activeTab).toHaveBeenCalledTimes(1);
    expect(d.opening).toHaveBeenCalledWith(41);
    // Not a plain tab number: the same.
    onPopupRequest(navigate('/popup.html?for=12abc'), ORIGIN, d, async () => PACKAGED);
    await settle();
    expect(d.opening).toHaveBeenLastCalledWith(41);
  });

  it("serves a tab's own popup with its record, and starts its lookup", async () => {
    const d = deps();
    const response = await onPopupRequest(navigate('/popup.html?for=9'), ORIGIN, d, async () => PACKAGED)!;
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('record of 9');
    expect(d.prepainted).toHaveBeenCalledWith(9, PACKAGED);
    expect(d.opening).toHaveBeenCalledWith(9);
  });

  it('serves the packaged page when there is no record to paint or painting fails', async () => {
    for (const prepainted of [vi.fn(async () => null), vi.fn(async () => Promise.reject(new Error('storage gone')))]) {
      const response = await onPopupRequest(navigate('/popup.html?for=9'), ORIGIN, deps({ prepainted }), async () => PACKAGED)!;
      expect(await response.text()).toBe(PACKAGED);
    }
  });

  it('passes everything else through untouched: other pages, scripts and styles, other origins', async () => {
    const d = deps();
    const packaged = vi.fn(async () => PACKAGED);
    expect(onPopupRequest(navigate('/options.html'), ORIGIN, d, packaged)).toBeUndefined();
    expect(onPopupRequest(navigate('/sidepanel.html?for=3'), ORIGIN, d, packaged)).toBeUndefined();
    expect(onPopupRequest({ url: `${ORIGIN}/popup.html?for=3`, mode: 'no-cors' }, ORIGIN, d, packaged)).toBeUndefined();
    expect(onPopupRequest({ url: 'https://evil.example/popup.html?for=3', mode: 'navigate' }, ORIGIN, d, packaged)).toBeUndefined();
    await settle();
    expect(d.opening).not.toHaveBeenCalled();
    expect(packaged).not.toHaveBeenCalled();
  });

  it('routes only navigations to the worker, and only while it runs; outside a service worker it does nothing', () => {
    expect(POPUP_ROUTES).toEqual([
      { condition: { runningStatus: 'not-running' }, source: 'network' },
      { condition: { not: { requestMode: 'navigate' } }, source: 'network' },
    ]);
    // Here (Node, as in Firefox's event page) there is no service worker scope: nothing is registered.
    expect('ServiceWorkerGlobalScope' in globalThis).toBe(false);
    const stop = listenForPopupNavigations(deps());
    expect(() => stop()).not.toThrow();
  });

  it('in the service worker: sets the routes at install (keeping the first where the second is refused), and answers the fetch', async () => {
    const listeners: Record<string, (event: never) => void> = {};
    const scope = {
      location: { origin: ORIGIN } as Location,
      addEventListener: (type: string, listener: (event: never) => void) => (listeners[type] = listener),
      removeEventListener: vi.fn(),
    } as unknown as WorkerScope;
    const fetchPackaged = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(PACKAGED));
    const d = deps();
    const stop = listenForPopupNavigations(d, scope);

    const waited: Promise<unknown>[] = [];
    const addRoutes = vi.fn(async (rules: unknown[]) => {
      if (rules.length > 1) throw new TypeError('Unknown condition: not');
    });
    listeners.install!({ addRoutes, waitUntil: (p: Promise<unknown>) => waited.push(p) } as InstallEventLike as never);
    await Promise.all(waited);
    expect(addRoutes.mock.calls.map(([rules]) => rules)).toEqual([POPUP_ROUTES, POPUP_ROUTES.slice(0, 1)]);

    let responded: Promise<Response> | undefined;
    const event = (url: string, mode: RequestMode = 'navigate') =>
      ({ request: { url, mode } as Request, respondWith: (r: Promise<Response>) => (responded = r) }) as FetchEventLike as never;
    listeners.fetch!(event(`${ORIGIN}/assets/popup.js`, 'no-cors'));
    expect(responded).toBeUndefined();
    listeners.fetch!(event(`${ORIGIN}/popup.html?for=5`));
    expect(await (await responded!).text()).toContain('record of 5');
    expect(d.prepainted).toHaveBeenCalledWith(5, PACKAGED);
    expect(fetchPackaged).toHaveBeenCalledTimes(1);
    // The packaged page is fetched once per worker life.
    listeners.fetch!(event(`${ORIGIN}/popup.html?for=6`));
    await responded;
    expect(fetchPackaged).toHaveBeenCalledTimes(1);
    stop();
    expect(scope.removeEventListener).toHaveBeenCalledTimes(2);
  });
});
