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
 *    up, reads the tab's known state (and paints it if the address had none), and hears the background's state
 *    broadcasts from then on. It leaves all that for the module entry (`Kickoff`, under `KICKOFF`).
 * 4. The module entry (views.ts, from entrypoints/popup/main.tsx) loads React's chunk and mounts the views
 *    (mount.tsx, ../App.tsx), which replace the shell: at once when the record is already painted, else once the
 *    page has been read (the two would compete for the CPU while the detector runs).
 * 5. useTabState.ts keeps the views current: the known state, then every broadcast and stored state, newest first.
 *
 * The first frame is held to the views' markup by tests/unit/popup/first-frame-markup.test.tsx. The browser's own
 * promise-based API is used directly here (no polyfill, no storage wrapper), so popup-early.js stays tiny.
 */
import { OctogenError } from '../../../lib/octogen/errors';
import type { TabState } from '../../../lib/state';
import { envelope, firstFrameFromHash, firstFrameOf, isStatePush, readAnswer, tabIdFromSearch, tabKey, type SenderLike } from '../../../lib/wire';
import { paintFirstFrame } from './first-frame';

export interface Kickoff {
  tabId: Promise<number | undefined>;
  /** What the background already had for the tab (null: nothing yet). */
  cached: Promise<TabState | null>;
  /** The background's answer to `lookupTab` (rejects with an OctogenError, like `send`). */
  lookup: Promise<TabState | null>;
  /** True for a popup opened as a tab for another tab (`?tab=<id>`: pop-out, tests); not for `?for=<id>`. */
  poppedOut: boolean;
  /**
   * The tab's states as the background produces them (its broadcast, heard from the start): the newest so far is
   * replayed to a new listener. Returns the unsubscribe function.
   */
  onPush(listener: (state: TabState) => void): () => void;
}

interface Api {
  tabs: { query(q: object): Promise<{ id?: number }[]> };
  runtime: {
    id: string;
    getURL(path: string): string;
    sendMessage(m: unknown): Promise<unknown>;
    onMessage: { addListener(l: (m: unknown, sender: SenderLike) => void): void };
  };
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
  return { tabId, cached, lookup, poppedOut: popped !== undefined, onPush: listenForPushes(tabId) };
}

/** Hear the background's state broadcasts for the tab from now on (before React has loaded). */
function listenForPushes(tabId: Promise<number | undefined>): Kickoff['onPush'] {
  let id: number | undefined;
  let latest: TabState | undefined;
  const early: TabState[] = [];
  const listeners = new Set<(state: TabState) => void>();
  const take = (state: TabState) => {
    if (latest && state.updatedAt < latest.updatedAt) return;
    // User Timing marks (read by `npm run bench`): when the record first reached this page.
    if (state.lookup.phase === 'done' && latest?.lookup.phase !== 'done') performance.mark('octolens:record-pushed');
    latest = state;
    for (const listener of listeners) listener(state);
  };
  void tabId.then((value) => {
    id = value;
    for (const state of early.splice(0)) if (state.tabId === id) take(state);
  });
  try {
    const runtime = api().runtime;
    runtime.onMessage.addListener((message, sender) => {
      // Only the background's broadcasts: a content script can message extension pages too.
      if (!isStatePush(message, sender, runtime.id, runtime.getURL('/'))) return;
      if (id === undefined) early.push(message.state);
      else if (message.state.tabId === id) take(message.state);
    });
  } catch {
    // No messaging here (tests): storage still brings every state.
  }
  return (listener) => {
    listeners.add(listener);
    if (latest) listener(latest);
    return () => listeners.delete(listener);
  };
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
  const fromAddress = firstFrameFromHash(location.hash);
  if (root && fromAddress) {
    paintFirstFrame(root, fromAddress);
    performance.mark('octolens:prepainted-from-address');
  }
  const early = kickOff();
  // The stored state, when it answers, is the truth: it may have moved on since the address was set.
  void early.cached.then((state) => {
    performance.mark('octolens:cached');
    if (root) paintFirstFrame(root, firstFrameOf(state));
  });
  (globalThis as unknown as Record<symbol, Kickoff>)[KICKOFF] = early;
  return early;
}
