/**
 * How the popup starts. Everything it does before its views are interactive is in this folder:
 *
 * 1. The user clicks the toolbar button. The tab's popup page is `popup.html?for=<tab>#<first frame>` once the
 *    background knows the tab's record (lib/wire.ts `popupPageFor`), plain `popup.html` otherwise; popped out into a
 *    tab, `popup.html?tab=<tab>`. The service worker sees the page request and starts the lookup at once
 *    (lib/background/popup-navigation.ts); the popup's own request below joins it.
 * 2. The static shell in popup.html paints: header, tabs, "Reading this page…" (inert until the views load).
 * 3. popup-early.js runs right after the shell (this file, `startEarly`, a classic script: before the module graph).
 *    It paints the record carried in the address into the shell (first-frame.ts), asks the background to look the tab
 *    up, and reads the tab's known state. It leaves both for the module entry (`Kickoff`, under `KICKOFF`).
 * 4. The module entry (views.ts, from entrypoints/popup/main.tsx) loads React's chunk and mounts the views
 *    (mount.tsx, ../App.tsx) with the known state; they replace the shell. A shell that shows a record is replaced
 *    only after it has been on screen (a toolbar popup is shown only once its page has loaded).
 * 5. useTabState.ts keeps the views current: the tab's stored state, watched (the background is its only writer),
 *    and the answers to the views' own requests, newest first.
 *
 * The first frame is held to the views' markup by tests/unit/popup/first-frame-markup.test.tsx. The browser's own
 * promise-based API is used directly here (no polyfill, no storage wrapper), so popup-early.js stays tiny. What each
 * step buys, measured, is in docs/performance.md.
 */
import { OctogenError } from '../../../lib/octogen/errors';
import type { TabState } from '../../../lib/state';
import { envelope, firstFrameFromHash, readAnswer, tabIdFromSearch, tabKey } from '../../../lib/wire';
import { localizeShell, paintFirstFrame } from './first-frame';

export interface Kickoff {
  tabId: Promise<number | undefined>;
  /** What the background already had for the tab (null: nothing yet). */
  cached: Promise<TabState | null>;
  /** The background's answer to `lookupTab` (rejects with an OctogenError, like `send`). */
  lookup: Promise<TabState | null>;
  /** True for a popup opened as a tab for another tab (`?tab=<id>`: pop-out, tests); not for `?for=<id>`. */
  poppedOut: boolean;
}

interface Api {
  tabs: { query(q: object): Promise<{ id?: number }[]> };
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
}

const api = () => {
  const g = globalThis as unknown as { browser?: Api; chrome?: Api };
  return (g.browser ?? g.chrome)!;
};

export function kickOff(search = location.search): Kickoff {
  const popped = tabIdFromSearch(search, 'tab');
  const known = popped ?? tabIdFromSearch(search);
  const tabId: Promise<number | undefined> =
    known !== undefined
      ? Promise.resolve(known)
      : api()
          .tabs.query({ active: true, currentWindow: true })
          .then(([tab]) => tab?.id);
  const cached = tabId
    .then(async (id) => (id === undefined ? null : (((await api().storage.session.get(tabKey(id)))[tabKey(id)] as TabState | undefined) ?? null)))
    .catch(() => null);
  const lookup = tabId.then(async (id) => {
    if (id === undefined) return null;
    let raw: unknown;
    try {
      raw = await api().runtime.sendMessage(envelope('lookupTab', { tabId: id }));
    } catch {
      raw = undefined;
    }
    const answer = readAnswer<TabState>('lookupTab', raw);
    if (!answer.ok) throw new OctogenError(answer.error);
    return answer.value ?? null;
  });
  lookup.catch(() => undefined); // handled by whoever consumes it
  return { tabId, cached, lookup, poppedOut: popped !== undefined };
}

/**
 * Where popup-early.js leaves its kickoff for the module entry, which runs after parsing: the same window, so the
 * same symbol registry.
 */
export const KICKOFF = Symbol.for('octolens.popup.kickoff');

/** popup-early.js: paint what the address carries, start the kickoff, and leave it for the module entry. */
export function startEarly(): Kickoff {
  // User Timing marks, read by `npm run bench`.
  performance.mark('octolens:start');
  const root = document.getElementById('root');
  if (root) localizeShell(root);
  const fromAddress = firstFrameFromHash(location.hash);
  if (root && fromAddress) {
    paintFirstFrame(root, fromAddress);
    performance.mark('octolens:prepainted-from-address');
  }
  const early = kickOff();
  void early.cached.then(() => performance.mark('octolens:cached'));
  (globalThis as unknown as Record<symbol, Kickoff>)[KICKOFF] = early;
  return early;
}
