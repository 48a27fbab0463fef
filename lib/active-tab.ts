/**
 * Which tab a side panel (Chrome) or sidebar (Firefox) is about: the active tab of its window, followed as the user
 * switches tabs. React-free; the browser comes in as a dependency (tests give WXT's fake browser).
 *
 * - A side panel or sidebar belongs to one window: `windows.getCurrent()` is that window.
 * - The same page opened as a tab (`sidepanel.html?window=<id>`, as the e2e tests open it): the window named in its
 *   address; a tab with no window named follows the last focused window other than its own.
 * - The page's own tab is never "the active tab" (a side panel page shown in a tab would otherwise show itself).
 *
 * Following costs no request: it reads tab ids only (no `tabs` permission), and what the view shows for a tab is its
 * stored state, read and watched.
 */

export interface TabsApi {
  tabs: {
    query(q: { active: true; windowId: number }): Promise<{ id?: number }[]>;
    getCurrent(): Promise<{ id?: number; windowId?: number } | undefined>;
    onActivated: Listenable<[{ tabId: number; windowId: number }]>;
    onReplaced: Listenable<[number, number]>;
    onRemoved: Listenable<[number, unknown]>;
  };
  windows: {
    getCurrent(): Promise<{ id?: number }>;
    onFocusChanged: Listenable<[number]>;
    WINDOW_ID_NONE: number;
  };
}

interface Listenable<A extends unknown[]> {
  addListener(cb: (...args: A) => void): void;
  removeListener(cb: (...args: A) => void): void;
}

/** The window a `?window=<id>` address names (a non-negative integer), else undefined. */
export function windowFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('window');
  return raw !== null && /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Call `onTab` with the active tab of the followed window now and at each change (undefined: none, e.g. its window
 * closed). Returns the function that stops following.
 */
export function followActiveTab(api: TabsApi, options: { windowId?: number }, onTab: (tabId: number | undefined) => void): () => void {
  let stopped = false;
  let windowId: number | undefined = options.windowId;
  let ownTab: { id?: number; windowId?: number } | undefined;
  let current: number | undefined;
  let reported = false;
    /** A read of the active tab answers only if no newer read or activation came after it. */
  let generation = 0;

  const report = (tabId: number | undefined) => {
    // The page's own tab coming to the front keeps the tab followed so far (at first, there is none).
    if (tabId !== undefined && tabId === ownTab?.id) tabId = reported ? current : undefined;
    if (stopped || (reported && tabId === current)) return;
    reported = true;
    current = tabId;
    onTab(tabId);
  };
  const readActive = async () => {
    const asked = ++generation;
    if (windowId === undefined) return;
    const [tab] = await api.tabs.query({ active: true, windowId }).catch(() => []);
    if (asked === generation) report(tab?.id);
  };

  const onActivated = ({ tabId, windowId: w }: { tabId: number; windowId: number }) => {
    if (w !== windowId) return;
    generation++;
    report(tabId);
  };
  const onReplaced = (added: number, removed: number) => {
    if (removed === current) report(added);
  };
  const onRemoved = (tabId: number) => {
    if (tabId === current) void readActive();
  };
  const onFocusChanged = (focused: number) => {
    // Only a page in a tab of its own, with no window named, follows the focus (a side panel stays with its window).
    if (!ownTab || options.windowId !== undefined || focused === api.windows.WINDOW_ID_NONE || focused === ownTab.windowId) return;
    windowId = focused;
    void readActive();
  };
  api.tabs.onActivated.addListener(onActivated);
  api.tabs.onReplaced.addListener(onReplaced);
  api.tabs.onRemoved.addListener(onRemoved);
  api.windows.onFocusChanged.addListener(onFocusChanged);

  void (async () => {
    ownTab = (await api.tabs.getCurrent().catch(() => undefined)) ?? undefined;
    if (windowId === undefined) windowId = ownTab ? ownTab.windowId : (await api.windows.getCurrent().catch(() => ({ id: undefined }))).id;
    if (!stopped) await readActive();
  })();

  return () => {
    stopped = true;
    api.tabs.onActivated.removeListener(onActivated);
    api.tabs.onReplaced.removeListener(onReplaced);
    api.tabs.onRemoved.removeListener(onRemoved);
    api.windows.onFocusChanged.removeListener(onFocusChanged);
  };
}
