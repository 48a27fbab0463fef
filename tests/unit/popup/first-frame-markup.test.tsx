// @vitest-environment happy-dom
/**
 * The popup's first frame (the static shell of popup.html, and the record painted into it before React loads) is the
 * React views' own markup, element for element: the same tags, classes, roles and texts, so that the views replace it
 * without a visible change. The record is rendered by one component (ProductRecord); the first frame is held to it here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/popup/App';
import type { Kickoff } from '../../../components/popup/start/early';
import { paintFirstFrame } from '../../../components/popup/start/first-frame';
import { emptyTabState } from '../../../lib/lookup/tab-state';
import { LookupResponse, ProductListItem } from '../../../lib/octogen/schemas';
import type { TabState } from '../../../lib/state';
import { firstFrameOf } from '../../../lib/wire';

const html = readFileSync(resolve(import.meta.dirname, '../../../entrypoints/popup/index.html'), 'utf8');

function shell(): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)![1]!.replace(/<script[\s\S]*?<\/script>/g, '');
  document.body.append(host);
  return host.querySelector<HTMLElement>('#root')!;
}

const product = { uuid: 'u0', productUrl: 'https://shop.example/p0', title: 'Trail Bottle', currentPrice: 20, currency: 'USD', brand: { name: 'Acme' }, images: [] };
const known: TabState = {
  ...emptyTabState(3, 1),
  detect: { phase: 'done', detection: { isProduct: true, signals: ['json-ld'], url: 'https://shop.example/p0', fields: {}, variants: [] } },
  lookup: { phase: 'done', fetchedAt: 1, data: LookupResponse.parse({ source: 'indexed', product }) },
  similar: {
    phase: 'done',
    fetchedAt: 1,
    data: { query: 'Trail Bottle', items: [1, 2].map((n) => ProductListItem.parse({ uuid: `u${n}`, productUrl: `https://shop.example/p${n}`, title: `Item ${n}`, images: [] })) },
  },
};

const kickoff = (state: TabState | null): Kickoff => ({
  tabId: Promise.resolve(3),
  cached: Promise.resolve(state),
  lookup: Promise.resolve(state),
  poppedOut: true,
});

/** An element's own text (not its children's), as a person reads it. */
const ownText = (el: Element) => [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();

/** Every element of the first frame that carries a class or a role, and its counterpart in the views. */
function expectInViews(frame: Element, views: Element) {
  const parts = [...frame.querySelectorAll('[class], [role], h1, h2')].filter((el) => !el.closest('[hidden]'));
  expect(parts.length).toBeGreaterThan(3);
  for (const el of parts) {
    const classes = [...el.classList].filter((c) => c !== 'shell-status');
    const selector = `${el.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join('')}${el.getAttribute('role') ? `[role="${el.getAttribute('role')}"]` : ''}`;
    const text = ownText(el);
    const match = [...views.querySelectorAll(selector)].find((candidate) => !text || ownText(candidate) === text || candidate.textContent?.trim() === text);
    expect(match, `${selector} "${text}" of the first frame is not in the views`).toBeDefined();
    for (const name of ['elementtiming', 'aria-label', 'aria-selected']) {
      if (el.hasAttribute(name)) expect(match!.getAttribute(name), `${selector} ${name}`).toBe(el.getAttribute(name));
    }
  }
}

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

describe("the popup's first frame is the views' markup", () => {
  it('the static shell: header, tabs and "Reading this page…"', async () => {
    const frame = shell();
    const { container } = render(<App early={kickoff(null)} initial={{ state: null, tabId: 3 }} />);
    await act(async () => undefined);
    expectInViews(frame.querySelector('[data-shell]')!, container);
  });

  it('the known record and the similar items painted before React', async () => {
    const frame = shell();
    paintFirstFrame(frame, firstFrameOf(known)!);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const { container } = render(<App early={kickoff(known)} initial={{ state: known, tabId: 3 }} />);
    await act(async () => undefined);
    expectInViews(frame.querySelector('[role="tabpanel"]')!, container);
    // The same titles, in the same order.
    const titles = (root: Element) => [...root.querySelectorAll('.card-title')].map((e) => e.textContent);
    expect(titles(frame)).toEqual(titles(container));
    expect(frame.querySelector('.record-price')?.textContent).toBe(container.querySelector('.record-price')?.firstChild?.textContent);
  });

  it('a first frame the stored state has moved on from (the address was set before) is replaced by the stored state', async () => {
    const frame = shell();
    paintFirstFrame(frame, firstFrameOf(known)!);
    expect(frame.querySelector('h2.record-title')?.textContent).toBe('Trail Bottle');
    const movedOn: TabState = { ...emptyTabState(3, 2), pageUrl: 'https://shop.example/another' };
    render(<App early={kickoff(movedOn)} initial={{ state: movedOn, tabId: 3 }} />, { container: frame });
    await act(async () => undefined);
    expect(frame.querySelector('[data-shell]')).toBeNull();
    expect(frame.querySelector('h2.record-title')).toBeNull();
    expect(frame.querySelector('[role="tabpanel"] [aria-busy="true"]')?.textContent).toBe('Reading this page…');
  });
});
