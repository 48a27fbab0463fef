/**
 * The popup's first move (before React): the tab, the known state, the lookup request, and the background's state
 * broadcasts for that tab only, newest kept.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kickOff } from '../../../components/popup/start/early';
import { MESSAGE_TAG, TAB_STATE_PUSH } from '../../../lib/wire';
import { emptyTabState } from '../../../lib/lookup/tab-state';
import type { TabState } from '../../../lib/state';

const ID = 'octolensextensionid';
const BASE = `chrome-extension://${ID}/`;
/** Who sends a message: the background (the service worker), or a content script in a web page. */
const BACKGROUND = { id: ID, url: `${BASE}background.js` };
const CONTENT_SCRIPT = { id: ID, url: 'https://evil.example/product', tab: { id: 5 } };

function fakeChrome(options: { stored?: TabState; answer?: unknown } = {}) {
  const listeners: ((m: unknown, sender: unknown) => void)[] = [];
  const sent: unknown[] = [];
  const chrome = {
    tabs: { query: vi.fn(async () => [{ id: 7 }]) },
    runtime: {
      id: ID,
      getURL: (path: string) => `${BASE}${path.replace(/^\//, '')}`,
      sendMessage: vi.fn(async (m: unknown) => {
        sent.push(m);
        return options.answer ?? { ok: true, value: options.stored ?? null };
      }),
      onMessage: { addListener: (l: (m: unknown, sender: unknown) => void) => listeners.push(l) },
    },
    storage: { session: { get: vi.fn(async (key: string) => (options.stored ? { [key]: options.stored } : {})) } },
  };
  vi.stubGlobal('chrome', chrome);
  vi.stubGlobal('browser', undefined);
  return { chrome, sent, push: (m: unknown, sender: unknown = BACKGROUND) => listeners.forEach((l) => l(m, sender)) };
}

const state = (tabId: number, updatedAt: number, phase: 'loading' | 'idle' = 'loading'): TabState => ({
  ...emptyTabState(tabId, updatedAt),
  lookup: { phase },
});

afterEach(() => vi.unstubAllGlobals());

describe('kickOff', () => {
  it('asks the background to look up the tab named in ?tab= at once, and reads what it already has', async () => {
    const stored = state(42, 1);
    const { sent, chrome } = fakeChrome({ stored });
    const early = kickOff('?tab=42');
    expect(await early.tabId).toBe(42);
    expect(early.poppedOut).toBe(true);
    expect(await early.cached).toEqual(stored);
    await early.lookup;
    expect(sent).toEqual([{ tag: MESSAGE_TAG, type: 'lookupTab', data: { tabId: 42 } }]);
    expect(chrome.tabs.query).not.toHaveBeenCalled();
  });

  it('uses the active tab without ?tab=, and turns a refusal into a typed error', async () => {
    fakeChrome({ answer: { ok: false, error: { kind: 'config', operation: 'lookupTab', message: 'Add your key' } } });
    const early = kickOff('');
    expect(await early.tabId).toBe(7);
    expect(early.poppedOut).toBe(false);
    await expect(early.lookup).rejects.toMatchObject({ data: { kind: 'config', message: 'Add your key' } });
  });

  it('hears the background broadcasts for its tab only, from before the tab is known, and keeps the newest', async () => {
    const { push } = fakeChrome();
    const early = kickOff('?tab=5');
    // Sent before the tab id resolved: kept, then filtered.
    push({ tag: TAB_STATE_PUSH, state: state(5, 10) });
    push({ tag: TAB_STATE_PUSH, state: state(6, 11) });
    await early.tabId;
    const seen: TabState[] = [];
    const stop = early.onPush((s) => seen.push(s));
    // The newest so far is replayed to a new listener.
    expect(seen.map((s) => [s.tabId, s.updatedAt])).toEqual([[5, 10]]);
    push({ tag: TAB_STATE_PUSH, state: state(5, 9) }); // older: ignored
    push({ tag: MESSAGE_TAG, type: 'lookupTab', state: state(5, 20) }); // not a broadcast
    push({ tag: TAB_STATE_PUSH, state: { tabId: '5' } }); // malformed
    // From a content script (any page's isolated world can message extension pages): a forgery, never shown.
    push({ tag: TAB_STATE_PUSH, state: state(5, 30) }, CONTENT_SCRIPT);
    push({ tag: TAB_STATE_PUSH, state: state(5, 31) }, { ...CONTENT_SCRIPT, tab: undefined });
    push({ tag: TAB_STATE_PUSH, state: state(5, 32) }, { ...BACKGROUND, id: 'another-extension' });
    push({ tag: TAB_STATE_PUSH, state: state(5, 12, 'idle') });
    expect(seen.map((s) => [s.tabId, s.updatedAt])).toEqual([
      [5, 10],
      [5, 12],
    ]);
    stop();
    push({ tag: TAB_STATE_PUSH, state: state(5, 13) });
    expect(seen).toHaveLength(2);
  });
});
