/** The URL-list membership the browser remembers: pure transitions, scoped, bounded; writes that fail lose nothing. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  added,
  checked,
  EMPTY_MEMBERSHIP,
  listGone,
  listsOfPage,
  MAX_PAGES,
  membershipItem,
  removed,
  updateMembership,
} from '../../../lib/url-lists/membership';

const S = 'https://api.example/v1 octo_live_0123456789';
const PAGE = 'https://shop.example/products/kettle';
const watch = { urlListId: 'cul_1', name: 'Watch' };
const later = { urlListId: 'cul_2', name: 'Later' };

describe('membership transitions', () => {
  it('adds, checks and removes a page, keyed by the URL sent; removal also matches the normalised URL', () => {
    let m = added(EMPTY_MEMBERSHIP, S, PAGE, watch, 1, 'https://shop.example/products/kettle');
    m = added(m, S, PAGE, later, 2);
    expect(listsOfPage(m, PAGE)).toEqual([watch, later]);
    // Adding again does not duplicate.
    expect(listsOfPage(added(m, S, PAGE, watch, 3), PAGE)).toEqual([later, watch]);
    // A check replaces what was known with what the service said.
    expect(listsOfPage(checked(m, S, PAGE, [later], 4), PAGE)).toEqual([later]);
    expect(checked(m, S, PAGE, [], 4).pages).toEqual({});
    // Removed by the service's normalised form (as the options page lists it).
    m = removed(m, S, ['https://shop.example/products/kettle'], 'cul_1', 5);
    expect(listsOfPage(m, PAGE)).toEqual([later]);
    expect(listsOfPage(removed(m, S, [PAGE], 'cul_2', 6), PAGE)).toEqual([]);
  });

  it('forgets a deleted list on every page', () => {
    let m = added(EMPTY_MEMBERSHIP, S, PAGE, watch, 1);
    m = added(m, S, 'https://shop.example/b', watch, 2);
    m = added(m, S, 'https://shop.example/b', later, 3);
    m = listGone(m, S, 'cul_1');
    expect(listsOfPage(m, PAGE)).toEqual([]);
    expect(listsOfPage(m, 'https://shop.example/b')).toEqual([later]);
  });

  it('starts afresh for another base URL or key, and never reads inherited properties as pages', () => {
    const m = added(EMPTY_MEMBERSHIP, S, PAGE, watch, 1);
    const other = added(m, 'https://eu.api.example/v1 octo_live_fedcba9876', 'https://x.example/p', later, 2);
    expect(listsOfPage(other, PAGE)).toEqual([]);
    expect(listsOfPage(other, 'https://x.example/p')).toEqual([later]);
    expect(listsOfPage(m, 'constructor')).toEqual([]);
    expect(listsOfPage(null, PAGE)).toEqual([]);
  });

  it(`keeps the newest ${MAX_PAGES} pages`, () => {
    let m = EMPTY_MEMBERSHIP;
    for (let i = 0; i < MAX_PAGES + 5; i++) m = added(m, S, `https://shop.example/p${i}`, watch, i);
    expect(Object.keys(m.pages)).toHaveLength(MAX_PAGES);
    expect(listsOfPage(m, 'https://shop.example/p0')).toEqual([]);
    expect(listsOfPage(m, `https://shop.example/p${MAX_PAGES + 4}`)).toEqual([watch]);
  });
});

describe('updateMembership', () => {
  beforeEach(() => fakeBrowser.reset());

  it('applies changes one after another (none lost), and a failed write never rejects', async () => {
    await Promise.all([updateMembership((m) => added(m, S, PAGE, watch, 1)), updateMembership((m) => added(m, S, PAGE, later, 2))]);
    expect(listsOfPage(await membershipItem.getValue(), PAGE)).toEqual([watch, later]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    await expect(updateMembership((m) => listGone(m, S, 'cul_1'))).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('QUOTA_BYTES'));
    expect(listsOfPage(await membershipItem.getValue(), PAGE)).toEqual([watch, later]);
  });
});
