// @vitest-environment happy-dom
/**
 * popup-early.js: the classic script after the popup's static shell starts the kickoff, leaves it for the module
 * entry, and fills the shell with the known record as soon as the read answers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KICKOFF, startEarly } from '../../../components/popup/start/early';
import { emptyTabState } from '../../../lib/lookup/tab-state';
import { popupPageFor } from '../../../lib/wire';
import type { TabState } from '../../../lib/state';

const html = readFileSync(resolve(import.meta.dirname, '../../../entrypoints/popup/index.html'), 'utf8');

const known: TabState = {
  ...emptyTabState(7, 1),
  detect: { phase: 'done' },
  lookup: { phase: 'done', fetchedAt: 1, data: { product: { uuid: 'u', productUrl: 'https://shop.example/p', title: 'Trail Bottle', images: [] } } },
} as unknown as TabState;

const shell = () => (document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)![1]!.replace(/<script[\s\S]*?<\/script>/g, ''));

function stubBrowser(stored: TabState | null) {
  const query = vi.fn(async () => [{ id: 7 }]);
  const sendMessage = vi.fn(async () => ({ ok: true, value: stored }));
  vi.stubGlobal('browser', undefined);
  vi.stubGlobal('chrome', {
    tabs: { query },
    runtime: { sendMessage, onMessage: { addListener: () => undefined } },
    storage: { session: { get: vi.fn(async (key: string) => ({ [key]: stored })) } },
  });
  return { query, sendMessage };
}

afterEach(() => {
  vi.unstubAllGlobals();
  history.replaceState(null, '', '/');
  delete (globalThis as unknown as Record<symbol, unknown>)[KICKOFF];
});

describe('startEarly', () => {
  it('asks the background and hands the kickoff to the module entry; without a record in its address, the shell keeps reading', async () => {
    shell();
    const { sendMessage } = stubBrowser(known);
    performance.clearMarks();
    const early = startEarly();
    expect((globalThis as unknown as Record<symbol, unknown>)[KICKOFF]).toBe(early);
    expect(performance.getEntriesByName('octolens:start')).toHaveLength(1);
    expect(await early.cached).toEqual(known);
    await Promise.resolve();
    expect(performance.getEntriesByName('octolens:cached')).toHaveLength(1);
    // The known state is the views' to paint (they mount with it); the shell says what it said.
    expect(document.querySelector('[data-shell] [aria-busy="true"]')?.textContent).toBe('Reading this page…');
    await early.lookup;
    expect(sendMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'lookupTab', data: { tabId: 7 } }));
  });

  it('opened by the toolbar button for a looked-up tab, it paints the record from its own address at once', async () => {
    shell();
    const page = popupPageFor(7, known);
    history.replaceState(null, '', `/${page}`);
    const { query, sendMessage } = stubBrowser(known);
    const early = startEarly();
    // Synchronously: in the page's first frame, before any browser round trip.
    expect(document.querySelector('[data-shell] h2.record-title')?.textContent).toBe('Trail Bottle');
    expect(early.poppedOut).toBe(false);
    expect(await early.tabId).toBe(7);
    expect(query).not.toHaveBeenCalled();
    await early.cached;
    await Promise.resolve();
    expect(document.querySelector('[data-shell] h2.record-title')?.textContent).toBe('Trail Bottle');
    await early.lookup;
    expect(sendMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'lookupTab', data: { tabId: 7 } }));
  });

  it('without it (a damaged install), the popup says so in the shell instead of "Reading this page…" forever', async () => {
    document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)![1]!.replace(/<script[\s\S]*?<\/script>/g, '');
    await expect(import('../../../entrypoints/popup/main')).rejects.toThrow(/popup-early\.js did not run/);
    const alert = document.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('Octolens is incomplete (popup-early.js did not run). Reinstall the extension.');
    expect(alert?.getAttribute('aria-busy')).toBeNull();
  });
});
