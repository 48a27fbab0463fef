// @vitest-environment happy-dom
/**
 * The reopened popup's first frame, before React: the static shell of popup.html gets the known record and the
 * similar items' titles, as text only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { paintFirstFrame } from '../../../components/popup/start/first-frame';
import { firstFrameOf, TIMING } from '../../../lib/wire';
import { emptyTabState } from '../../../lib/lookup/tab-state';
import type { TabState } from '../../../lib/state';

const html = readFileSync(resolve(import.meta.dirname, '../../../entrypoints/popup/index.html'), 'utf8');

function shellRoot(): HTMLElement {
  document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)![1]!.replace(/<script[\s\S]*?<\/script>/g, '');
  return document.getElementById('root')!;
}

const known = (title: string): TabState => ({
  ...emptyTabState(3, 1),
  detect: { phase: 'done' },
  lookup: {
    phase: 'done',
    fetchedAt: 1,
    data: { product: { uuid: 'u', productUrl: 'https://shop.example/p', title, currentPrice: 20, currency: 'USD', brand: { name: 'Acme' }, images: [] } },
  } as unknown as TabState['lookup'],
  similar: {
    phase: 'done',
    fetchedAt: 1,
    data: { query: title, items: [{ uuid: 'v', productUrl: 'https://shop.example/q', title: 'Other <b>thing</b>', images: [] }] },
  } as unknown as TabState['similar'],
});

describe('popup shell and its first frame', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('paints the header, the tabs and "Reading this page…" with no script, inert until the views load', () => {
    const root = shellRoot();
    expect(root.querySelector('h1')?.textContent).toBe('Octolens');
    expect([...root.querySelectorAll('[role="tab"]')].map((t) => t.textContent)).toEqual(['Product', 'Search', 'Ask']);
    expect(root.querySelector('[role="tab"][aria-selected="true"]')?.textContent).toBe('Product');
    expect(root.querySelector('[role="tabpanel"] [aria-busy="true"]')?.textContent).toBe('Reading this page…');
    expect(root.querySelector('[data-shell]')?.getAttribute('aria-disabled')).toBe('true');
  });

  it('fills the shell with the known record and similar titles, as text (the price a frame later)', async () => {
    const root = shellRoot();
    paintFirstFrame(root, firstFrameOf(known('Trail <img src=x onerror=alert(1)> Bottle'))!);
    expect(root.querySelector('.record-price')?.textContent).toBe('');
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const heading = root.querySelector('h2.record-title')!;
    expect(heading.textContent).toBe('Trail <img src=x onerror=alert(1)> Bottle');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.record-brand')?.textContent).toBe('Acme');
    expect(root.querySelector('.record-price')?.textContent).toMatch(/20\.00/);
    expect(root.querySelector('ul[aria-label="Similar items"]')?.textContent).toBe('Other <b>thing</b>');
    expect(root.querySelector('[aria-busy="true"]')).toBeNull();
    // The tabs stay.
    expect(root.querySelectorAll('[role="tab"]')).toHaveLength(3);
  });

  it('survives a currency code Intl refuses, showing the plain amount', async () => {
    const root = shellRoot();
    const state = known('Trail Bottle');
    (state.lookup.data!.product as { currency?: string }).currency = 'dollars';
    expect(() => paintFirstFrame(root, firstFrameOf(state)!)).not.toThrow();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    expect(root.querySelector('.record-price')?.textContent).toMatch(/^20\.00$/);
    expect(root.querySelector('h2.record-title')?.textContent).toBe('Trail Bottle');
  });

  it('marks the titles for Element Timing, as the React views do (the benchmark reads the real popup by them)', () => {
    const root = shellRoot();
    paintFirstFrame(root, firstFrameOf(known('Trail Bottle'))!);
    expect(root.querySelector('h2.record-title')?.getAttribute('elementtiming')).toBe(TIMING.record);
    expect(root.querySelector('.card-title')?.getAttribute('elementtiming')).toBe(TIMING.card);
  });

  it('never touches a root React already owns', () => {
    const root = shellRoot();
    root.innerHTML = '<div class="popup"><p>React view</p></div>';
    paintFirstFrame(root, firstFrameOf(known('Trail Bottle'))!);
    expect(root.textContent).toBe('React view');
  });
});
