// @vitest-environment happy-dom
/**
 * Past the 404 (#23) in the popup: "Look up from this page" beside the 404, saying what it sends and sending nothing
 * until pressed; its errors beside the 404, which stays. "More like this" on the record: nothing sent until pressed,
 * a labelled price preference, results in a list named "More like this", each preference asked once, announced.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProductPanel } from '../../../components/popup/ProductPanel';
import { emptyTabState } from '../../../lib/lookup/tab-state';
import { send } from '../../../lib/messaging';
import { OctogenError } from '../../../lib/octogen/errors';
import { LookupResponse, ProductListItem } from '../../../lib/octogen/schemas';
import type { TabState } from '../../../lib/state';

vi.mock('../../../lib/messaging', () => ({ send: vi.fn(), BACKGROUND_UNAVAILABLE: 'background_unavailable' }));
const sent = vi.mocked(send);

const detection = { isProduct: true, signals: ['json-ld'], url: 'https://shop.example/p0', fields: { title: 'Trail Bottle' }, variants: [] };
const item = (n: number) => ProductListItem.parse({ uuid: `u${n}`, productUrl: `https://shop.example/p${n}`, title: `Item ${n}` });
const notFound = {
  ...emptyTabState(7, 1),
  identity: detection.url,
  detect: { phase: 'done', detection },
  lookup: { phase: 'error', errorAt: 2, error: { kind: 'http', operation: 'lookupProduct', status: 404, detail: 'product_not_found', message: '404' } },
  similar: { phase: 'done', fetchedAt: 2, data: { query: 'Trail Bottle', items: [] } },
} as unknown as TabState;
const record = (source: string) => LookupResponse.parse({ source, catalogKey: source === 'indexed' ? 'shop' : null, product: { uuid: 'u0', productUrl: detection.url, title: 'Trail Bottle' } });
const found = (source = 'indexed'): TabState => ({ ...notFound, lookup: { phase: 'done', fetchedAt: 3, data: record(source) } }) as TabState;

const announce = vi.fn();
const panel = (state: TabState, onRetry = vi.fn()) => <ProductPanel state={state} messagingError={null} onRetry={onRetry} onSearch={() => undefined} announce={announce} />;
const flush = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));

beforeEach(() => {
  sent.mockReset();
  announce.mockReset();
});
afterEach(cleanup);

describe('Look up from this page', () => {
  it('is offered beside the 404, says what it sends, sends nothing until pressed, then asks the background once', async () => {
    let answer!: (s: TabState) => void;
    sent.mockImplementation(() => new Promise((r) => (answer = r as (s: TabState) => void)));
    const view = render(panel(notFound));
    const button = screen.getByRole('button', { name: 'Look up from this page' });
    expect(button.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toMatch(/Sends this page's HTML \(up to 5 MiB\) and its address to Octogen/);
    expect(sent).not.toHaveBeenCalled();
    fireEvent.click(button);
    expect(sent).toHaveBeenCalledTimes(1);
    expect(sent).toHaveBeenCalledWith('resolveFromPage', { tabId: 7 });
    expect(screen.getByText('Reading the product from this page…').getAttribute('aria-busy')).toBe('true');
    // A second press while it is sending sends nothing more.
    fireEvent.click(button);
    expect(sent).toHaveBeenCalledTimes(1);
    await act(async () => answer(found('client_html')));
    // The tab's new state (from storage) shows the record, marked as the page's, and says so.
    view.rerender(panel(found('client_html')));
    expect(announce).toHaveBeenLastCalledWith('Resolved Trail Bottle from this page. 0 similar items.');
    const article = screen.getByRole('article', { name: 'Trail Bottle' });
    expect(within(article).getByText('Resolved from this page')).toBeTruthy();
    expect(document.getElementById(article.getAttribute('aria-describedby')!)?.textContent).toContain('not from your catalogs');
    expect(screen.queryByText('Catalog')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Look up from this page' })).toBeNull();
  });

  it('shows its errors beside the 404, which stays: too large (nothing sent), no product on the page, rate limited', async () => {
    const error = (data: object) => new OctogenError({ kind: 'http', operation: 'resolveProductFromHtml', message: 'x', ...data });
    sent.mockRejectedValueOnce(new OctogenError({ kind: 'request', operation: 'resolveProductFromHtml', detail: 'request_body_too_large', message: 'x' }));
    render(panel(notFound));
    fireEvent.click(screen.getByRole('button', { name: 'Look up from this page' }));
    await flush();
    const alerts = () => screen.getAllByRole('alert').map((a) => a.textContent ?? '');
    expect(alerts().some((t) => t.includes('Look up from this page: Page too large') && t.includes('Nothing was sent'))).toBe(true);
    expect(alerts().some((t) => t.includes('Not in your catalogs'))).toBe(true);

    sent.mockRejectedValueOnce(error({ status: 404, detail: 'product_not_found' }));
    fireEvent.click(screen.getByRole('button', { name: 'Look up from this page' }));
    await flush();
    expect(alerts().some((t) => t.includes('Look up from this page: No product found on this page'))).toBe(true);

    sent.mockRejectedValueOnce(error({ status: 429, detail: 'product_resolution_rate_limited', retryAfterSec: 30 }));
    fireEvent.click(screen.getByRole('button', { name: 'Look up from this page' }));
    await flush();
    expect(alerts().some((t) => /Resolving is busy[\s\S]*Retrying in \d+ s/.test(t))).toBe(true);
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeTruthy();
    expect(announce).toHaveBeenCalledWith('Look up from this page failed.');
  });

  it('on a tab that shows another page now, Retry looks the tab up again', async () => {
    const onRetry = vi.fn();
    sent.mockRejectedValueOnce(new OctogenError({ kind: 'request', operation: 'resolveProductFromHtml', detail: 'page_changed', message: 'x' }));
    render(panel(notFound, onRetry));
    fireEvent.click(screen.getByRole('button', { name: 'Look up from this page' }));
    await flush();
    const notice = screen.getAllByRole('alert').find((a) => a.textContent?.includes('The page has changed'))!;
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(sent).toHaveBeenCalledTimes(1);
  });

  it('is not offered for other lookup errors', () => {
    const failed = { ...notFound, lookup: { ...notFound.lookup, error: { kind: 'http', operation: 'lookupProduct', status: 503, message: 'x' } } } as TabState;
    render(panel(failed));
    expect(screen.queryByRole('button', { name: 'Look up from this page' })).toBeNull();
  });
});

describe('More like this', () => {
  it('sends nothing until pressed; lists the results with each price preference, each asked once; announces them', async () => {
    sent.mockImplementation(async (_type, data) => {
      const preference = (data as { pricePreference: string }).pricePreference;
      return { items: preference === 'higher' ? [] : preference === 'lower' ? [item(3)] : [item(1), item(2)] } as never;
    });
    render(panel(found()));
    // The old pre-fill link has a name of its own now.
    expect(screen.getByRole('button', { name: 'Search similar items' })).toBeTruthy();
    const group = screen.getByRole('group', { name: 'Price' });
    expect(within(group).getByRole('radio', { name: 'Any price' })).toHaveProperty('checked', true);
    // Choosing a preference before asking sends nothing.
    fireEvent.click(within(group).getByRole('radio', { name: 'Lower price' }));
    fireEvent.click(within(group).getByRole('radio', { name: 'Any price' }));
    expect(sent).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'More like this' }));
    expect(sent).toHaveBeenLastCalledWith('moreLikeThis', { tabId: 7, pricePreference: 'any' });
    await flush();
    const list = () => screen.getByRole('list', { name: 'More like this' });
    expect(within(list()).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Item 1', 'Item 2']);
    expect(announce).toHaveBeenLastCalledWith('2 products like this.');

    fireEvent.click(within(group).getByRole('radio', { name: 'Lower price' }));
    expect(sent).toHaveBeenLastCalledWith('moreLikeThis', { tabId: 7, pricePreference: 'lower' });
    await flush();
    expect(within(list()).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Item 3']);
    expect(announce).toHaveBeenLastCalledWith('1 product like this at a lower price.');

    fireEvent.click(within(group).getByRole('radio', { name: 'Higher price' }));
    await flush();
    expect(screen.getByText('Nothing like this found at a higher price.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'More like this' })).toBeNull();

    // Back to one already shown: at once, nothing sent again.
    fireEvent.click(within(group).getByRole('radio', { name: 'Any price' }));
    expect(within(list()).getAllByRole('listitem')).toHaveLength(2);
    expect(sent).toHaveBeenCalledTimes(3);
  });

  it('shows an error with Retry, and tries again on it', async () => {
    sent.mockRejectedValueOnce(new OctogenError({ kind: 'http', operation: 'moreLikeThisProducts', status: 503, message: 'x' }));
    sent.mockResolvedValueOnce({ items: [item(5)] } as never);
    render(panel(found()));
    fireEvent.click(screen.getByRole('button', { name: 'More like this' }));
    await flush();
    const notice = screen.getByRole('alert');
    expect(notice.textContent).toContain('More like this: Service error');
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));
    await flush();
    expect(within(screen.getByRole('list', { name: 'More like this' })).getAllByRole('listitem')).toHaveLength(1);
  });

  it("says so when the service cannot find the page's record to compare with", async () => {
    sent.mockRejectedValueOnce(new OctogenError({ kind: 'http', operation: 'moreLikeThisProducts', status: 404, detail: 'product_not_found', message: 'x' }));
    render(panel(found('client_html')));
    fireEvent.click(screen.getByRole('button', { name: 'More like this' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('could not find this product to compare others with');
  });
});
