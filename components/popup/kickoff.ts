/**
 * The popup's first move, before React loads: find the tab, ask the background to look it up, and read what is
 * already known about it, so the lookup runs while the UI code is still loading and a reopened popup paints the
 * record in its first frame. No React here.
 */
import { browser } from 'wxt/browser';
import { send } from '../../lib/messaging';
import type { TabState } from '../../lib/state';
import { tabStateItem } from '../../lib/storage';

export interface Kickoff {
  tabId: Promise<number | undefined>;
  /** What the background already had for the tab (null: nothing yet). */
  cached: Promise<TabState | null>;
  /** The background's answer to `lookupTab` (rejects like `send`). */
  lookup: Promise<TabState | null>;
  /** True for a popup opened as a tab for another tab (`?tab=<id>`: pop-out, tests). */
  poppedOut: boolean;
}

/** The tab the popup is about: `?tab=<id>`, else the active tab of this window. */
async function resolveTabId(param: string | null): Promise<number | undefined> {
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function kickOff(search = location.search): Kickoff {
  const param = new URLSearchParams(search).get('tab');
  const tabId = resolveTabId(param);
  const cached = tabId.then((id) => (id === undefined ? null : tabStateItem(id).getValue())).catch(() => null);
  const lookup = tabId.then((id) => (id === undefined ? null : send('lookupTab', { tabId: id })));
  lookup.catch(() => undefined); // handled by whoever consumes it
  return { tabId, cached, lookup, poppedOut: param !== null };
}
