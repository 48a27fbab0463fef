/**
 * The popup's page request, as the service worker sees it (lib/background/popup-navigation.ts): it starts the lookup
 * for the popup's tab and never answers the request. Anything else passes through untouched.
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

const deps = () => ({ opening: vi.fn(), activeTab: vi.fn(async () => 41) }) satisfies PopupNavigationDeps;
const navigate = (path: string) => ({ url: `${ORIGIN}${path}`, mode: 'navigate' as RequestMode });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the popup's page request", () => {
  it('starts the lookup for the tab in the address: a tab’s own popup (?for=) or a popped-out one (?tab=)', async () => {
    const d = deps();
    expect(onPopupRequest(navigate('/popup.html?tab=12'), ORIGIN, d)).toBe(true);
    expect(onPopupRequest(navigate('/popup.html?for=9'), ORIGIN, d)).toBe(true);
    await settle();
    expect(d.opening.mock.calls).toEqual([[12], [9]]);
    expect(d.activeTab).not.toHaveBeenCalled();
  });

  it('with no tab in the address (the default popup), looks up the active tab where the click was', async () => {
    const d = deps();
    onPopupRequest(navigate('/popup.html'), ORIGIN, d);
    // Not a plain tab number: the same.
    onPopupRequest(navigate('/popup.html?for=12abc'), ORIGIN, d);
    await settle();
    expect(d.activeTab).toHaveBeenCalledTimes(2);
    expect(d.opening.mock.calls).toEqual([[41], [41]]);
    // No active tab: nothing starts.
    const none = { ...deps(), activeTab: vi.fn(async () => undefined) };
    onPopupRequest(navigate('/popup.html'), ORIGIN, none);
    await settle();
    expect(none.opening).not.toHaveBeenCalled();
  });

  it('passes everything else by: other pages, scripts and styles, other origins', async () => {
    const d = deps();
    expect(onPopupRequest(navigate('/options.html'), ORIGIN, d)).toBe(false);
    expect(onPopupRequest(navigate('/sidepanel.html?for=3'), ORIGIN, d)).toBe(false);
    expect(onPopupRequest({ url: `${ORIGIN}/popup.html?for=3`, mode: 'no-cors' }, ORIGIN, d)).toBe(false);
    expect(onPopupRequest({ url: 'https://evil.example/popup.html?for=3', mode: 'navigate' }, ORIGIN, d)).toBe(false);
    await settle();
    expect(d.opening).not.toHaveBeenCalled();
  });

  it('outside a service worker (Node here, as Firefox’s event page) registers nothing', () => {
    expect('ServiceWorkerGlobalScope' in globalThis).toBe(false);
    const stop = listenForPopupNavigations(deps());
    expect(() => stop()).not.toThrow();
  });

  it('in the service worker: sets the routes at install (keeping the first where the second is refused), and watches the fetch without answering it', async () => {
    const listeners: Record<string, (event: never) => void> = {};
    const scope: WorkerScope = {
      location: { origin: ORIGIN },
      addEventListener: (type: string, listener: (event: never) => void) => (listeners[type] = listener),
      removeEventListener: vi.fn(),
    } as unknown as WorkerScope;
    const d = deps();
    const stop = listenForPopupNavigations(d, scope);

    const waited: Promise<unknown>[] = [];
    const addRoutes = vi.fn(async (rules: unknown[]) => {
      if (rules.length > 1) throw new TypeError('Unknown condition: not');
    });
    listeners.install!({ addRoutes, waitUntil: (p: Promise<unknown>) => waited.push(p) } as InstallEventLike as never);
    await Promise.all(waited);
    expect(addRoutes.mock.calls.map(([rules]) => rules)).toEqual([POPUP_ROUTES, POPUP_ROUTES.slice(0, 1)]);
    expect(POPUP_ROUTES[0]).toEqual({ condition: { runningStatus: 'not-running' }, source: 'network' });

    const respondWith = vi.fn();
    const event = (url: string, mode: RequestMode = 'navigate') => ({ request: { url, mode }, respondWith }) as FetchEventLike as never;
    listeners.fetch!(event(`${ORIGIN}/assets/popup.js`, 'no-cors'));
    listeners.fetch!(event(`${ORIGIN}/popup.html?for=5`));
    await settle();
    expect(d.opening.mock.calls).toEqual([[5]]);
    expect(respondWith).not.toHaveBeenCalled();
    stop();
    expect(scope.removeEventListener).toHaveBeenCalledTimes(2);
  });
});
