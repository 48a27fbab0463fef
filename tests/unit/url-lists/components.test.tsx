// @vitest-environment happy-dom
/**
 * The URL-list views: the popup's picker (focus in and back, Escape, the membership line from what the browser keeps)
 * and the options page's section (table, confirmation before Delete, a list's URLs page by page with Remove).
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { UrlListsSection } from '../../../components/options/UrlListsSection';
import { UrlListPicker } from '../../../components/popup/UrlListPicker';
import { OctogenError } from '../../../lib/octogen/errors';
import { added, EMPTY_MEMBERSHIP, membershipItem } from '../../../lib/url-lists/membership';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', () => ({ send }));

const PAGE = 'https://shop.example/products/kettle';
const list = (id: string, name: string, urlCount = 0, status = 'active') => ({ urlListId: id, name, status, urlCount, createdAt: '2026-08-07T10:00:00Z' });

beforeEach(() => {
  fakeBrowser.reset();
  send.mockReset();
});
afterEach(() => cleanup());

describe('UrlListPicker', () => {
  it('shows the membership the browser keeps, without calling the background', async () => {
    await membershipItem.setValue(added(EMPTY_MEMBERSHIP, 'scope', PAGE, { urlListId: 'cul_1', name: 'Watch' }, 1));
    render(<UrlListPicker url={PAGE} announce={() => undefined} />);
    expect(await screen.findByText('In URL list: Watch')).toBeTruthy();
    expect(send).not.toHaveBeenCalled();
    // It follows what the background learns while the popup is open.
    await act(() => membershipItem.setValue(EMPTY_MEMBERSHIP));
    await waitFor(() => expect(screen.queryByText(/In URL list/)).toBeNull());
  });

  it('moves focus into the picker when it opens and back to its button when Escape closes it; adds the page', async () => {
    send.mockImplementation(async (type: string, data: { url?: string }) => {
      if (type === 'urlListsForPage') return { url: data.url, lists: [{ list: list('cul_1', 'Watch', 2), present: false }] };
      if (type === 'addUrlToList') return { accepted: [{ url: PAGE }], rejected: [], urlCount: 3 };
      throw new Error(type);
    });
    const announce = vi.fn();
    render(<UrlListPicker url={PAGE} announce={announce} />);
    const button = screen.getByRole('button', { name: 'Add to URL list' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    // (the picker's code is loaded when first opened)
    const picker = await screen.findByRole('group', { name: 'Add this page to a URL list' });
    expect(document.activeElement).toBe(within(picker).getByRole('heading', { name: 'Add this page to a URL list' }));
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const choices = await screen.findByRole('list', { name: 'Your URL lists' });
    expect(choices.textContent).toContain('Watch');
    expect(choices.textContent).toContain('2 URLs');
    fireEvent.click(within(choices).getByRole('button', { name: 'Add this page to Watch' }));
    await screen.findByRole('button', { name: 'Remove this page from Watch' });
    expect(send).toHaveBeenCalledWith('addUrlToList', { urlListId: 'cul_1', name: 'Watch', url: PAGE });
    expect(announce).toHaveBeenLastCalledWith('Added this page to Watch.');
    expect(choices.textContent).toContain('3 URLs');
    fireEvent.keyDown(picker, { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Add this page to a URL list' })).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('says a name conflict at the name field, described by it, with the name kept', async () => {
    send.mockImplementation(async (type: string, data: { url?: string }) => {
      if (type === 'urlListsForPage') return { url: data.url, lists: [] };
      if (type === 'createUrlList') throw new OctogenError({ kind: 'http', operation: 'createUrlList', status: 409, detail: 'url_list_name_conflict', message: 'HTTP 409' });
      throw new Error(type);
    });
    render(<UrlListPicker url={PAGE} announce={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add to URL list' }));
    const field = (await screen.findByLabelText('New list name')) as HTMLInputElement;
    expect(screen.getByText('You have no URL lists yet.')).toBeTruthy();
    fireEvent.change(field, { target: { value: 'Watch' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create list and add' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Name already used\./);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(alert.id);
    expect(field.value).toBe('Watch');
  });
});

describe('UrlListsSection (options)', () => {
  it('lists the lists when it opens; Delete asks first, and the list then shows as delete pending', async () => {
    send.mockImplementation(async (type: string) => {
      if (type === 'listUrlLists') return { items: [list('cul_1', 'Watch', 1), list('cul_2', 'Later', 0, 'provisioning')] };
      if (type === 'deleteUrlList') return list('cul_1', 'Watch', 1, 'delete_pending');
      throw new Error(type);
    });
    render(<UrlListsSection />);
    const table = await screen.findByRole('table', { name: 'Your URL lists' });
    const watch = within(table).getByRole('row', { name: /Watch/ });
    expect(watch.textContent).toContain('Active');
    expect(watch.textContent).toContain('1 URL');
    expect(within(table).getByRole('row', { name: /Later/ }).textContent).toContain('Provisioning');
    fireEvent.click(screen.getByRole('button', { name: 'Delete Watch' }));
    const confirm = screen.getByRole('group', { name: 'Delete Watch?' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Delete list' }));
    expect(send).not.toHaveBeenCalledWith('deleteUrlList', expect.anything());
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete Watch' })));
    fireEvent.click(screen.getByRole('button', { name: 'Delete Watch' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete list' }));
    await waitFor(() => expect(within(table).getByRole('row', { name: /Watch/ }).textContent).toContain('Delete pending'));
    expect(send).toHaveBeenCalledWith('deleteUrlList', { urlListId: 'cul_1' });
    expect(screen.queryByRole('button', { name: 'Delete Watch' })).toBeNull();
  });

  it("opens a list's URLs page by page, and removes one", async () => {
    send.mockImplementation(async (type: string, data: { cursor?: string }) => {
      if (type === 'listUrlLists') return { items: [list('cul_1', 'Watch', 3)] };
      if (type === 'listUrlListUrls') return data.cursor ? { items: [{ url: 'https://a.example/3' }], nextCursor: null } : { items: [{ url: 'https://a.example/1' }, { url: 'https://a.example/2' }], nextCursor: 'c2' };
      if (type === 'removeUrlsFromList') return { accepted: [{ url: 'https://a.example/2' }], rejected: [], urlCount: 2 };
      throw new Error(type);
    });
    render(<UrlListsSection />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open Watch' }));
    const urls = await screen.findByRole('list', { name: 'URLs in Watch' });
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'URLs in Watch' }));
    expect(within(urls).getAllByRole('listitem')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(urls).getAllByRole('listitem')).toHaveLength(3));
    expect(send).toHaveBeenCalledWith('listUrlListUrls', { urlListId: 'cul_1', cursor: 'c2' });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove https://a.example/2' }));
    await waitFor(() => expect(within(urls).getAllByRole('listitem')).toHaveLength(2));
    expect(send).toHaveBeenCalledWith('removeUrlsFromList', { urlListId: 'cul_1', urls: ['https://a.example/2'] });
    expect(screen.getByRole('row', { name: /Watch/ }).textContent).toContain('2 URLs');
  });

  it('a failed Refresh is an alert with Retry; the lists can be created after', async () => {
    send.mockImplementation(async (type: string, data: { name?: string }) => {
      if (type === 'listUrlLists') throw new OctogenError({ kind: 'http', operation: 'listUrlLists', status: 503, detail: 'url_lists_unavailable', message: 'HTTP 503' });
      if (type === 'createUrlList') return list('cul_9', data.name!);
      throw new Error(type);
    });
    render(<UrlListsSection />);
    // The first load's failure is shown, not shouted.
    expect(await screen.findByText('URL lists: URL lists unavailable')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect((await screen.findByRole('alert')).textContent).toContain('URL lists unavailable');
    fireEvent.change(screen.getByLabelText('New list name'), { target: { value: ' Watch ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create list' }));
    await screen.findByRole('row', { name: /Watch/ });
    expect(send).toHaveBeenCalledWith('createUrlList', { name: 'Watch' });
  });
});
