/**
 * Detection only: injected at runtime into the tab the user clicked (activeTab + scripting). It reads the page,
 * returns what it found to the background (the injection's result), and reports re-detections after SPA
 * navigation. It holds no key, makes no network call, and carries neither React nor zod.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { detect, watchUrlChanges } from '../lib/detect';
import { MESSAGE_TAG } from '../lib/message-tag';

const INSTALLED = Symbol.for('octolens.detector');

type RuntimeApi = { runtime: { sendMessage(message: unknown): Promise<unknown> | void; id?: string } };

function runtime(): RuntimeApi['runtime'] | undefined {
  const g = globalThis as unknown as { browser?: RuntimeApi; chrome?: RuntimeApi };
  return (g.browser ?? g.chrome)?.runtime;
}

export default defineContentScript({
  registration: 'runtime',
  main() {
    const detection = detect(document, location.href);
    const scope = globalThis as unknown as Record<symbol, boolean>;
    if (!scope[INSTALLED]) {
      scope[INSTALLED] = true;
      watchUrlChanges((url) => {
        const api = runtime();
        if (!api?.id) return; // The extension was reloaded or removed: this orphaned script goes quiet.
        try {
          const sent = api.sendMessage({ tag: MESSAGE_TAG, type: 'detected', data: detect(document, url) });
          if (sent && typeof (sent as Promise<unknown>).catch === 'function') (sent as Promise<unknown>).catch(() => undefined);
        } catch {
          // The background is unreachable; the next click re-detects anyway.
        }
      });
    }
    return detection;
  },
});
