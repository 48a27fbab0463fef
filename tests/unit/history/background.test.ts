/**
 * The history in the background: each lookup the network answered is recorded (a cache hit is not), the changes since
 * the previous lookup reach the tab's state, the switch and Clear history work by message from extension pages only,
 * private windows are never recorded, and only lib/background/history.ts writes the history.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../../lib/background';
import { JOIN_MS } from '../../../lib/lookup/service';
import { closeHistory, listHistory } from '../../../lib/history/store';
import type { HistoryStatus } from '../../../lib/history/types';
import type { TabState } from '../../../lib/state';
import { resetCredentials, saveKey } from '../helpers/credentials';
import { FIXTURE, fakeApi, json, message } from '../helpers/background';

vi.mock('../../../lib/platform', () => import('../helpers/platform-mock'));

const { KEY, BASE, PAGE, product, detection } = FIXTURE;

describe('history in the background', () => {
  let tabId: number;
  let record: Record<string, unknown>;
  let stop: () => void;

  beforeEach(async () => {
    fakeBrowser.reset();
    await closeHistory();
    resetCredentials();
    await saveKey(KEY, BASE);
    tabId = (await fakeBrowser.tabs.create({ url: PAGE })).id!;
    record = { ...product, currentPrice: 30, currency: 'USD', inStock: true };
    const api = fakeApi({
      '/products/lookup': () => json(200, { source: 'indexed', catalogKey: 'shop', catalogDisplayName: 'Shop', product: record }),
      '/products/search': () => json(200, { items: [] }),
    });
    stop?.();
    stop = startBackground({ fetch: api.fetch, inject: async () => ({ result: detection }) }).stop;
  });

  const lookUp = async (force = false) => (await message<TabState>('lookupTab', { tabId, force })).value!;

  it('records a lookup from the network, with what the page showed, and puts the changes of the next one in the tab state', async () => {
    const first = await lookUp();
    expect(first.changes).toBeUndefined();
    const [entry] = await listHistory();
    expect(entry).toMatchObject({ url: detection.url, host: 'shop.example', record: { title: 'Trail Bottle', price: 30, currency: 'USD', availability: 'in_stock', catalogKey: 'shop', catalogName: 'Shop', source: 'indexed' }, page: { price: 20 } });

    record = { ...record, currentPrice: 25, inStock: false };
    const second = await lookUp(true);
    expect(second.changes).toEqual({
      identity: detection.url,
      previousAt: entry!.at,
      changes: [
        { field: 'price', from: 30, to: 25, currency: 'USD' },
        { field: 'availability', from: 'in_stock', to: 'out_of_stock' },
      ],
    });
    expect((await listHistory()).length).toBe(2);
  });

  it('does not record a cache hit, and the tab keeps the changes it showed', async () => {
    await lookUp();
    record = { ...record, currentPrice: 25 };
    await lookUp(true);
    await new Promise((r) => setTimeout(r, JOIN_MS + 50));
    const again = await lookUp();
    expect(again.lookup.data?.product.currentPrice).toBe(25);
    expect((await listHistory()).length).toBe(2);
    expect(again.changes?.changes).toEqual([{ field: 'price', from: 30, to: 25, currency: 'USD' }]);
  });

  it('a lookup with no change since the previous one clears the changes shown', async () => {
    await lookUp();
    record = { ...record, currentPrice: 25 };
    expect((await lookUp(true)).changes).toBeDefined();
    expect((await lookUp(true)).changes).toBeUndefined();
  });

  it('records nothing while off, and Clear history empties it (by message from an extension page)', async () => {
    await lookUp();
    const off = await message<HistoryStatus>('setHistoryEnabled', { enabled: false });
    expect(off.value).toMatchObject({ enabled: false, count: 1 });
    record = { ...record, currentPrice: 25 };
    expect((await lookUp(true)).changes).toBeUndefined();
    expect((await listHistory()).length).toBe(1);
    await message('setHistoryEnabled', { enabled: true });
    expect((await message<HistoryStatus>('clearHistory', undefined)).value).toMatchObject({ enabled: true, count: 0, bytes: 0 });
    expect(await listHistory()).toEqual([]);
    // Nothing to compare with after clearing.
    record = { ...record, currentPrice: 20 };
    expect((await lookUp(true)).changes).toBeUndefined();
  });

  it('refuses the history messages from a content script', async () => {
    await lookUp();
    const page = { id: fakeBrowser.runtime.id, url: PAGE, tab: { id: tabId } };
    for (const [type, data] of [['clearHistory', undefined], ['setHistoryEnabled', { enabled: false }], ['historyStatus', undefined]] as const) {
      expect((await message(type, data, page)).ok).toBe(false);
    }
    expect((await listHistory()).length).toBe(1);
  });

  it('never records a lookup in a private window', async () => {
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (id) => ({ id, incognito: true }) as never);
    await lookUp();
    expect(await listHistory()).toEqual([]);
  });
});

describe('the history has one writer', () => {
  const ROOT = resolve(import.meta.dirname, '../../..');
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir)).flatMap((name) => {
      const path = join(dir, name);
      return statSync(join(ROOT, path)).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
    });

  it('only lib/background/history.ts imports the writers of lib/history/store.ts', () => {
    const importing = ['lib', 'components', 'entrypoints']
      .flatMap(sources)
      .filter((path) => path !== 'lib/history/store.ts')
      .filter((path) => {
        const text = readFileSync(join(ROOT, path), 'utf8');
        const imports = [...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"]([^'"]*history\/store)['"]/g)];
        return imports.some(([, names]) => /\b(recordLookup|clearHistory|setHistoryEnabled)\b/.test(names!));
      });
    expect(importing).toEqual(['lib/background/history.ts']);
  });
});
