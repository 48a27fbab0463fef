/**
 * SPA navigation watcher for the content script: calls back with the new URL when the location changes without a
 * reload, once the DOM has settled (no mutations for `settleMs`, or `maxWaitMs` after the change at the latest).
 *
 * Changes are noticed through every channel a content script has: `popstate`/`hashchange`, the Navigation API's
 * `navigate` event where present, a location check on every DOM mutation batch, and a slow poll as last resort.
 * `history.pushState`/`replaceState` are not wrapped: the page calls them in its own JavaScript world, where a
 * content script's wrapper is not seen (SPA navigations show up as DOM mutations and `navigate` events instead).
 * DOM-only; `stop()` undoes everything.
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

export function watchUrlChanges(onChange: (url: string) => void, options: WatchOptions = {}): () => void {
  const win = options.window ?? (globalThis as unknown as { window?: Window }).window;
  if (!win) return () => undefined;
  const { settleMs = 300, maxWaitMs = 3000, pollMs = 1000 } = options;
  let reported = win.location.href;
  /** The changed URL waiting for the DOM to settle. */
  let pending: string | undefined;
  let settleTimer: number | undefined;
  let maxTimer: number | undefined;
  let stopped = false;
  /** What stop() has to undo. */
  const undo: (() => void)[] = [];

  const reset = (): void => {
    win.clearTimeout(settleTimer);
    win.clearTimeout(maxTimer);
    pending = undefined;
  };
  const fire = (): void => {
    reset();
    const href = win.location.href;
    if (stopped || href === reported) return;
    reported = href;
    try {
      onChange(href);
    } catch {
      // A failing callback must not break the watcher.
    }
  };
  // Every channel (and every DOM mutation batch) comes here: a new URL starts the max-wait timer, and each call
  // while a change is pending restarts the settle timer.
  const check = (): void => {
    const href = win.location.href;
    if (stopped || (href === reported && pending === undefined)) return;
    // Navigated back to the reported URL before settling: nothing to report.
    if (href === reported) return reset();
    if (pending !== href) {
      pending = href;
      win.clearTimeout(maxTimer);
      maxTimer = win.setTimeout(fire, maxWaitMs);
    }
    win.clearTimeout(settleTimer);
    settleTimer = win.setTimeout(fire, settleMs);
  };

  const listen = (target: EventTarget | undefined, type: string, listener: () => void): void => {
    target?.addEventListener?.(type, listener);
    undo.push(() => target?.removeEventListener?.(type, listener));
  };
  listen(win, 'popstate', check);
  listen(win, 'hashchange', check);
  listen((win as unknown as { navigation?: EventTarget }).navigation, 'navigate', () => win.setTimeout(check, 0));

  const MO = (win as unknown as { MutationObserver?: typeof MutationObserver }).MutationObserver;
  if (MO && win.document?.documentElement) {
    const observer = new MO(check);
    observer.observe(win.document.documentElement, { childList: true, subtree: true, characterData: true });
    undo.push(() => observer.disconnect());
  }
  if (pollMs > 0) {
    const poll = win.setInterval(check, pollMs);
    undo.push(() => win.clearInterval(poll));
  }

  return () => {
    if (stopped) return;
    stopped = true;
    for (const u of undo) u();
    reset();
  };
}
