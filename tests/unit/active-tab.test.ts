/** The side panel's Lookup view follows the active tab of its window (lib/active-tab.ts). */
import { describe, expect, it } from 'vitest';
import { followActiveTab, windowFromSearch, type TabsApi } from '../../lib/active-tab';

function event<A extends unknown[]>() {
  const listeners = new Set<(...args: A) => void>();
  return {
    addListener: (cb: (...args: A) => void) => void listeners.add(cb),
    removeListener: (cb: (...args: A) => void) => void listeners.delete(cb),
    trigger: (...args: A) => listeners.forEach((cb) => cb(...args)),
    get size() {
      return listeners.size;
    },
  };
}

/** Windows of tabs (the first of each is active), and where the page itself runs. */
function fakeApi(windows: Record<number, number[]>, where: { window?: number; ownTab?: number } = {}) {
  const active = new Map(Object.entries(windows).map(([w, tabs]) => [Number(w), tabs[0]]));
  const api = {
    tabs: {
      query: async ({ windowId }: { windowId: number }) => (active.get(windowId) === undefined ? [] : [{ id: active.get(windowId) }]),
      getCurrent: async () => (where.ownTab === undefined ? undefined : { id: where.ownTab, windowId: where.window }),
      onActivated: event<[{ tabId: number; windowId: number }]>(),
      onReplaced: event<[number, number]>(),
      onRemoved: event<[number, unknown]>(),
    },
    windows: { getCurrent: async () => ({ id: where.window }), onFocusChanged: event<[number]>(), WINDOW_ID_NONE: -1 },
  };
  const activate = (windowId: number, tabId: number) => {
    active.set(windowId, tabId);
    api.tabs.onActivated.trigger({ tabId, windowId });
  };
  return { api: api satisfies TabsApi, activate, active };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('followActiveTab', () => {
  it("a side panel: its window's active tab, then each tab activated there, not those of other windows", async () => {
    const { api, activate } = fakeApi({ 1: [10, 11], 2: [20, 21] }, { window: 1 });
    const seen: (number | undefined)[] = [];
    const stop = followActiveTab(api, {}, (id) => seen.push(id));
    await settle();
    expect(seen).toEqual([10]);
    activate(1, 11);
    activate(2, 21);
    activate(1, 11);
    activate(1, 10);
    expect(seen).toEqual([10, 11, 10]);
    stop();
    activate(1, 11);
    expect(seen).toEqual([10, 11, 10]);
    expect(api.tabs.onActivated.size + api.windows.onFocusChanged.size + api.tabs.onRemoved.size + api.tabs.onReplaced.size).toBe(0);
  });

  it('the page in a tab with a window named: that window; its own tab coming to the front keeps the tab followed', async () => {
    const { api, activate } = fakeApi({ 1: [10, 11, 30], 2: [20] }, { window: 1, ownTab: 30 });
    const seen: (number | undefined)[] = [];
    followActiveTab(api, { windowId: 1 }, (id) => seen.push(id));
    await settle();
    expect(seen).toEqual([10]);
    activate(1, 11);
    activate(1, 30);
    api.windows.onFocusChanged.trigger(2);
    await settle();
    expect(seen).toEqual([10, 11]);
  });

  it('a tab replaced (prerendering) is followed to its new id; a closed tab gives the next active one', async () => {
    const { api, active } = fakeApi({ 1: [10] }, { window: 1 });
    const seen: (number | undefined)[] = [];
    followActiveTab(api, {}, (id) => seen.push(id));
    await settle();
    api.tabs.onReplaced.trigger(12, 10);
    expect(seen).toEqual([10, 12]);
    active.set(1, 13);
    api.tabs.onRemoved.trigger(12, {});
    await settle();
    expect(seen).toEqual([10, 12, 13]);
  });

  it('the page in a tab of its own, no window named: nothing at first, then the window the user focuses', async () => {
    const { api } = fakeApi({ 1: [10], 3: [30] }, { window: 3, ownTab: 30 });
    const seen: (number | undefined)[] = [];
    followActiveTab(api, {}, (id) => seen.push(id));
    await settle();
    expect(seen).toEqual([undefined]);
    api.windows.onFocusChanged.trigger(-1);
    api.windows.onFocusChanged.trigger(3);
    await settle();
    expect(seen).toEqual([undefined]);
    api.windows.onFocusChanged.trigger(1);
    await settle();
    expect(seen).toEqual([undefined, 10]);
  });

  it('reads the window from the address, refusing anything but a plain id', () => {
    expect(windowFromSearch('?window=12')).toBe(12);
    expect(windowFromSearch('?window=-1')).toBeUndefined();
    expect(windowFromSearch('?window=1e3')).toBeUndefined();
    expect(windowFromSearch('')).toBeUndefined();
  });
});
