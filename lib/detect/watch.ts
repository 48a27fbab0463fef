/**
 * SPA navigation watcher for the content script: calls back with the new URL when the location changes without a
 * reload, once the DOM has settled (no mutations for `settleMs`, or `maxWaitMs` after the change at the latest).
 *
 * Changes are noticed through every channel available: wrapped `history.pushState`/`replaceState` (same-world
 * callers), `popstate`/`hashchange`, the Navigation API's `navigate` event where present, a location check on every
 * DOM mutation batch (a content script's isolated world does not see the page's own pushState calls), and a slow
 * poll as last resort. DOM-only; `stop()` undoes everything.
 */

export interface WatchOptions {
  /** Window to watch (default: the global one). */
  window?: Window;
  /** Quiet period without DOM mutations after a change before calling back (default 300 ms). */
  settleMs?: number;
  /** Longest wait after a change before calling back even if the DOM keeps changing (default 3000 ms). */
  maxWaitMs?: number;
  /** Location poll interval; 0 disables polling (default 1000 ms). */
  pollMs?: number;
}

type HistoryFn = (data: unknown, unused: string, url?: string | URL | null) => void;

export function watchUrlChanges(onChange: (url: string) => void, options: WatchOptions = {}): () => void {
  const win = options.window ?? (globalThis as unknown as { window?: Window }).window;
  if (!win) return () => undefined;
  const settleMs = options.settleMs ?? 300;
  const maxWaitMs = options.maxWaitMs ?? 3000;
  const pollMs = options.pollMs ?? 1000;
  let reported = win.location.href;
  let pending: string | undefined;
  let settleTimer: number | undefined;
  let maxTimer: number | undefined;
  let stopped = false;

  const fire = (): void => {
    if (settleTimer !== undefined) win.clearTimeout(settleTimer);
    if (maxTimer !== undefined) win.clearTimeout(maxTimer);
    settleTimer = maxTimer = undefined;
    const href = win.location.href;
    pending = undefined;
    if (stopped || href === reported) return;
    reported = href;
    try {
      onChange(href);
    } catch {
      // A failing callback must not break the watcher.
    }
  };
  const settle = (): void => {
    if (settleTimer !== undefined) win.clearTimeout(settleTimer);
    settleTimer = win.setTimeout(fire, settleMs);
  };
  const check = (): void => {
    if (stopped) return;
    const href = win.location.href;
    if (href === reported && pending === undefined) return;
    if (href === reported) {
      // Navigated back to the reported URL before settling: nothing to report.
      pending = undefined;
      if (settleTimer !== undefined) win.clearTimeout(settleTimer);
      if (maxTimer !== undefined) win.clearTimeout(maxTimer);
      settleTimer = maxTimer = undefined;
      return;
    }
    if (pending !== href) {
      pending = href;
      if (maxTimer !== undefined) win.clearTimeout(maxTimer);
      maxTimer = win.setTimeout(fire, maxWaitMs);
    }
    settle();
  };

  const history = win.history;
  const originals: Partial<Record<'pushState' | 'replaceState', HistoryFn>> = {};
  const wrappers: Partial<Record<'pushState' | 'replaceState', HistoryFn>> = {};
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name] as HistoryFn;
    if (typeof original !== 'function') continue;
    originals[name] = original;
    const wrapper: HistoryFn = function (this: History, ...args) {
      const result = original.apply(this, args);
      check();
      return result;
    };
    wrappers[name] = wrapper;
    (history as unknown as Record<string, HistoryFn>)[name] = wrapper;
  }

  const onEvent = (): void => check();
  win.addEventListener('popstate', onEvent);
  win.addEventListener('hashchange', onEvent);
  const nav = (win as unknown as { navigation?: EventTarget }).navigation;
  const onNavigate = (): void => {
    win.setTimeout(check, 0);
  };
  nav?.addEventListener?.('navigate', onNavigate);

  let observer: MutationObserver | undefined;
  const MO = (win as unknown as { MutationObserver?: typeof MutationObserver }).MutationObserver;
  if (MO && win.document?.documentElement) {
    observer = new MO(() => {
      if (pending !== undefined) settle();
      check();
    });
    observer.observe(win.document.documentElement, { childList: true, subtree: true, characterData: true });
  }
  const poll = pollMs > 0 ? win.setInterval(check, pollMs) : undefined;

  return () => {
    if (stopped) return;
    stopped = true;
    for (const name of ['pushState', 'replaceState'] as const) {
      const current = (history as unknown as Record<string, HistoryFn>)[name];
      if (current === wrappers[name] && originals[name]) (history as unknown as Record<string, HistoryFn>)[name] = originals[name];
    }
    win.removeEventListener('popstate', onEvent);
    win.removeEventListener('hashchange', onEvent);
    nav?.removeEventListener?.('navigate', onNavigate);
    observer?.disconnect();
    if (poll !== undefined) win.clearInterval(poll);
    if (settleTimer !== undefined) win.clearTimeout(settleTimer);
    if (maxTimer !== undefined) win.clearTimeout(maxTimer);
  };
}
