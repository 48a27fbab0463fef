// @vitest-environment happy-dom
/**
 * The product view while the lookup runs: similar items that answered first wait a moment for the record (at most
 * LIST_WAITS_FOR_RECORD_MS), so the list does not jump down when the record comes above it.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIST_WAITS_FOR_RECORD_MS, ProductPanel } from '../../../components/popup/ProductPanel';
import { emptyTabState } from '../../../lib/lookup/tab-state';
import { LookupResponse, ProductListItem } from '../../../lib/octogen/schemas';
import type { TabState } from '../../../lib/state';

const item = (n: number) => ProductListItem.parse({ uuid: `u${n}`, productUrl: `https://shop.example/p${n}`, title: `Item ${n}`, images: [`https://img.example/${n}.jpg`] });
const detection = { isProduct: true, signals: ['json-ld'], url: 'https://shop.example/p0', fields: { title: 'Trail Bottle' }, variants: [] };

function state(lookup: 'loading' | 'done'): TabState {
  return {
    ...emptyTabState(1, 1),
    detect: { phase: 'done', detection },
    lookup:
      lookup === 'done'
        ? { phase: 'done', fetchedAt: 2, data: LookupResponse.parse({ source: 'indexed', product: { uuid: 'u0', productUrl: 'https://shop.example/p0', title: 'Trail Bottle', images: ['https://img.example/0.jpg'] } }) }
        : { phase: 'loading' },
    similar: { phase: 'done', fetchedAt: 2, data: { query: 'Trail Bottle', items: [item(1), item(2)] } },
  } as unknown as TabState;
}

const props = { messagingError: null, onRetry: () => undefined, onSearch: () => undefined, announce: () => undefined };
const images = () => within(screen.getByRole('list', { name: 'Similar items' })).queryAllByRole('presentation', { hidden: true }).filter((e) => e.tagName === 'IMG');

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ProductPanel', () => {
  it("shows a record that answered while the page is still being read (a retailer's product URL), and says it is reading on", () => {
    const announce = vi.fn();
    const reading: TabState = { ...state('done'), detect: { phase: 'pending' }, similar: { phase: 'idle' } };
    const view = render(<ProductPanel state={reading} {...props} announce={announce} />);
    expect(screen.getByRole('heading', { name: 'Trail Bottle' })).toBeTruthy();
    expect(screen.getByText('Reading this page for similar items…').getAttribute('aria-busy')).toBe('true');
    expect(announce).toHaveBeenLastCalledWith(expect.stringMatching(/^Found Trail Bottle/));
    // Nothing to show yet: only the reading.
    view.rerender(<ProductPanel state={{ ...reading, lookup: { phase: 'loading' } }} {...props} />);
    expect(screen.queryByRole('heading', { name: 'Trail Bottle' })).toBeNull();
    expect(screen.getByText('Reading this page…')).toBeTruthy();
    // Read: the similar items' wait takes the reading's place.
    view.rerender(<ProductPanel state={{ ...state('done'), similar: { phase: 'loading' } }} {...props} />);
    expect(screen.queryByText('Reading this page for similar items…')).toBeNull();
    expect(screen.getByText('Finding similar items…')).toBeTruthy();
    // The service worker stopped before the page had been read: the notice says so, the record stays.
    view.rerender(<ProductPanel state={{ ...reading, detect: { phase: 'error', message: 'Octolens restarted while reading this page. Retry.' } }} {...props} />);
    expect(screen.getByRole('alert').textContent).toContain('Octolens restarted while reading this page');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Trail Bottle' })).toBeTruthy();
  });

  it('says when a page that churns its product is no longer followed, with a Retry that follows it again', () => {
    const onRetry = vi.fn();
    const notice = 'This page changed its product more than 8 times in a minute, so Octolens stopped following it. Retry to look up what it shows now.';
    render(<ProductPanel {...props} onRetry={onRetry} state={{ ...emptyTabState(1, 1), detect: { phase: 'error', message: notice } }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('stopped following it');
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('an image that fails to load gives way to the placeholder, not a broken-image icon', () => {
    render(<ProductPanel state={state('done')} {...props} />);
    const record = screen.getByRole('img', { name: 'Trail Bottle' });
    expect(images()).toHaveLength(2);
    act(() => {
      fireEvent.error(images()[0]!);
      fireEvent.error(record);
    });
    expect(images().map((i) => i.getAttribute('src'))).toEqual(['https://img.example/2.jpg']);
    expect(screen.queryByRole('img', { name: 'Trail Bottle' })).toBeNull();
    const list = screen.getByRole('list', { name: 'Similar items' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByText('Item 1')).toBeTruthy();
  });

  it('holds similar items that answered first a moment for the record, then shows both together', () => {
    vi.useFakeTimers();
    const view = render(<ProductPanel state={state('loading')} {...props} />);
    expect(screen.queryByRole('list', { name: 'Similar items' })).toBeNull();
    expect(screen.getByText('Finding similar items…')).toBeTruthy();
    act(() => vi.advanceTimersByTime(LIST_WAITS_FOR_RECORD_MS - 1));
    expect(screen.queryByRole('list', { name: 'Similar items' })).toBeNull();
    view.rerender(<ProductPanel state={state('done')} {...props} />);
    expect(screen.getByRole('heading', { name: 'Trail Bottle' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Similar items' })).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByText('Finding similar items…')).toBeNull();
  });

  it('shows similar items that answered first once the wait is over, with their images, and the record above them when it comes', () => {
    vi.useFakeTimers();
    const view = render(<ProductPanel state={state('loading')} {...props} />);
    act(() => vi.advanceTimersByTime(LIST_WAITS_FOR_RECORD_MS));
    expect(screen.getByText('Item 1')).toBeTruthy();
    expect(images()).toHaveLength(2);
    view.rerender(<ProductPanel state={state('done')} {...props} />);
    expect(screen.getByRole('heading', { name: 'Trail Bottle' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Trail Bottle' }).getAttribute('src')).toBe('https://img.example/0.jpg');
  });
});
