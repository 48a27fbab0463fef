/** The tab-state transition for a record resolved from the page's own HTML (#23). */
import { describe, expect, it } from 'vitest';
import { emptyTabState, resolvedFromPage } from '../../../lib/lookup/tab-state';
import { LookupResponse, ProductListItem } from '../../../lib/octogen/schemas';
import type { TabState } from '../../../lib/state';

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

const identity = 'https://shop.example/p0';
const notFound: TabState = deepFreeze({
  ...emptyTabState(1, 1),
  identity,
  pageUrl: identity,
  lookup: { phase: 'error', error: { kind: 'http', operation: 'lookupProduct', status: 404, detail: 'product_not_found', message: '404' }, errorAt: 2 },
  similar: {
    phase: 'done',
    fetchedAt: 2,
    data: { query: 'Trail', items: [ProductListItem.parse({ uuid: 'u1', productUrl: identity, title: 'Self' }), ProductListItem.parse({ uuid: 'u2', productUrl: 'https://shop.example/p2', title: 'Other' })] },
  },
});
const fromPage = LookupResponse.parse({ product: { uuid: null, productUrl: identity, title: 'Trail Bottle' } });

describe('resolvedFromPage', () => {
  it("makes the page's record the tab's, marked client_html, and keeps the similar items (without the product itself)", () => {
    const next = resolvedFromPage(notFound, identity, fromPage, 5);
    expect(next.lookup).toEqual({ phase: 'done', data: { ...fromPage, source: 'client_html' }, fetchedAt: 5 });
    expect(next.similar.data?.items.map((i) => i.uuid)).toEqual(['u2']);
    expect(next.identity).toBe(identity);
  });

  it('leaves a tab that moved on to another product as it is', () => {
    const moved = deepFreeze({ ...notFound, identity: 'https://shop.example/other', lookup: { phase: 'idle' as const } });
    expect(resolvedFromPage(moved, identity, fromPage, 5)).toBe(moved);
  });
});
