/** Where tab states are kept: `storage.session`, under the wire's key. The only writer of it is LookupService. */
import { storage } from 'wxt/utils/storage';
import type { TabState } from '../state';
import { tabKey } from '../wire';
import type { TabStore } from './service';

const key = (tabId: number) => `session:${tabKey(tabId)}` as const;

export const sessionTabStore: TabStore = {
  read: (tabId) => storage.getItem<TabState>(key(tabId)),
  readMany: async (tabIds) =>
    tabIds.length ? (await storage.getItems(tabIds.map(key))).flatMap(({ value }) => (value && typeof (value as TabState).tabId === 'number' ? [value as TabState] : [])) : [],
  write: (state) => storage.setItem(key(state.tabId), state),
  remove: (tabId) => storage.removeItem(key(tabId)),
};
