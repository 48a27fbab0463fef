/**
 * The popup's first move (before React): the tab, the known state, the lookup request, and the background's state
 * broadcasts for that tab only, newest kept.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kickOff } from '../../../components/popup/start/early';
import { MESSAGE_TAG } from '../../../lib/wire';
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

  it('listens to no runtime message: nothing another context sends (a content script can message extension pages) reaches what the popup shows', async () => {
    const { chrome, push } = fakeChrome();
    const addListener = vi.spyOn(chrome.runtime.onMessage, 'addListener');
    const early = kickOff('?tab=5');
    await early.cached;
    await early.lookup;
    expect(addListener).not.toHaveBeenCalled();
    // A forged state from a content script, in the old broadcast's shape, goes nowhere.
    push({ tag: 'octolens/tab-state', state: state(5, 30) }, CONTENT_SCRIPT);
    expect(await early.cached).toBeNull();
  });
});
