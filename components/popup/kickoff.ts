/**
 * The popup's first move, before React loads: find the tab, ask the background to look it up, and read what is
 * already known about it, so the lookup runs while the UI code is still loading and a reopened popup paints the
 * record in its first frame. It uses the browser's own promise-based API directly (no polyfill, no storage
 * wrapper), so the popup's entry chunk stays tiny and sends its message at once.
 */
import { OctogenError } from '../../lib/octogen/errors';
import type { TabState } from '../../lib/state';
import { envelope, isStatePush, readAnswer, tabIdFromSearch, tabKey, type SenderLike } from '../../lib/wire';

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
