/**
 * Keeping the background alive while an Ask answer is on its way, the way Chrome documents it.
 *
 * Chrome stops an extension service worker after 30 s without an extension event or extension API call, and when a
 * `fetch()` response takes more than 30 s to arrive; a pending fetch does not count as activity. The catalog agent
 * may take 60-180 s for a complex answer. Chrome's docs ("The extension service worker lifecycle", and "Keep a service
 * worker alive until a long-running operation is finished") say to call a trivial extension API periodically while
 * the work is in flight (each call resets the idle timer, since Chrome 110) and to stop when it ends. Measured in
 * docs/worker-lifetime.md.
 *
 * `hold()` starts it and returns the release; holds nest (a new question may start while the previous turn is still
 * writing its end), and the calls stop with the last release. Elsewhere (Firefox's event page, the fake browser) the
 * call is harmless: a failing ping is ignored.
 */

/** Under Chrome's 30 s idle limit with room to spare (Chrome's own examples use 20 and 25 s). */
export const KEEP_ALIVE_INTERVAL_MS = 20_000;

export interface KeepAlive {
  /** Keep the background alive until the returned function is called (calling it again does nothing). */
  hold(): () => void;
}

/** `ping`: a trivial extension API call (lib/platform.ts `touchExtensionApi`). */
export function createKeepAlive(ping: () => unknown, intervalMs = KEEP_ALIVE_INTERVAL_MS): KeepAlive {
  let holds = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const beat = () => {
    try {
      void Promise.resolve(ping()).catch(() => undefined);
    } catch {
      // A browser without the API: nothing to keep alive.
    }
  };
  return {
    hold() {
      holds++;
      timer ??= setInterval(beat, intervalMs);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}

/** Run `work` with the background held alive; released however it ends. */
export async function keepAliveWhile<T>(keepAlive: KeepAlive | undefined, work: () => Promise<T>): Promise<T> {
  const release = keepAlive?.hold();
  try {
    return await work();
  } finally {
    release?.();
  }
}
