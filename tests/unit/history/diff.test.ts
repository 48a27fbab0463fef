/** The snapshot diff (lib/history/diff.ts), the snapshot of a lookup (snapshot.ts) and the changes in words (describe.ts). */
import { describe, expect, it } from 'vitest';
import { describeChange, describeChanges } from '../../../lib/history/describe';
import { diffSnapshots } from '../../../lib/history/diff';
import { pageSnapshot, recordSnapshot } from '../../../lib/history/snapshot';
import type { RecordSnapshot } from '../../../lib/history/types';
import type { LookupResponse } from '../../../lib/octogen/schemas';

const BASE: RecordSnapshot = { title: 'Lamp', price: 30, originalPrice: 40, currency: 'USD', availability: 'in_stock', catalogKey: 'home', catalogName: 'Home Store' };

describe('diffSnapshots', () => {
  it('finds nothing between equal records, nor below a cent of floating-point noise', () => {
    expect(diffSnapshots(BASE, { ...BASE })).toEqual([]);
    expect(diffSnapshots(BASE, { ...BASE, price: 30.000001 })).toEqual([]);
  });

  it('gives price, original price, availability, title and catalog changes from → to', () => {
    const next: RecordSnapshot = { ...BASE, price: 25, originalPrice: 45, availability: 'out_of_stock', title: 'Lamp II', catalogKey: 'deco', catalogName: 'Deco' };
    expect(diffSnapshots(BASE, next)).toEqual([
      { field: 'price', from: 30, to: 25, currency: 'USD' },
      { field: 'originalPrice', from: 40, to: 45, currency: 'USD' },
      { field: 'availability', from: 'in_stock', to: 'out_of_stock' },
      { field: 'title', from: 'Lamp', to: 'Lamp II' },
      { field: 'catalog', from: 'Home Store', to: 'Deco' },
    ]);
  });

  it('takes a missing field on either side as unknown, not as a change', () => {
    const partial: RecordSnapshot = { title: 'Lamp' };
    expect(diffSnapshots(BASE, partial)).toEqual([]);
    expect(diffSnapshots(partial, BASE)).toEqual([]);
    expect(diffSnapshots({ ...BASE, currency: undefined }, { ...BASE, price: 20 })).toEqual([{ field: 'price', from: 30, to: 20, currency: 'USD' }]);
    // A catalog known only by name on one side is not compared by name.
    expect(diffSnapshots({ catalogName: 'Home Store' }, { catalogKey: 'home', catalogName: 'Home' })).toEqual([]);
  });

  it('reports a change of currency, with both prices, and never as a price drop or rise', () => {
    const changes = diffSnapshots(BASE, { ...BASE, currency: 'EUR', price: 27, originalPrice: 36 });
    expect(changes).toEqual([{ field: 'currency', from: 'USD', to: 'EUR', priceFrom: 30, priceTo: 27 }]);
    expect(changes.some((c) => c.field === 'price' || c.field === 'originalPrice')).toBe(false);
    const line = describeChange(changes[0]!);
    expect(line).toMatchObject({ label: 'Price', from: '$30.00', to: '€27.00' });
    expect(line.note).toMatch(/currency changed from USD to EUR: prices not compared/);
    // With an unknown price on one side, the currency change is still said.
    expect(diffSnapshots({ currency: 'USD' }, { currency: 'GBP', price: 5 })).toEqual([{ field: 'currency', from: 'USD', to: 'GBP', priceTo: 5 }]);
  });

  it('says the changes in words', () => {
    const changes = diffSnapshots(BASE, { ...BASE, price: 25, availability: 'out_of_stock' });
    expect(describeChanges(changes)).toBe('Price $30.00 to $25.00 (lower); Availability In stock to Out of stock');
  });
});

describe('the snapshot of a lookup', () => {
  const lookup = {
    source: 'index',
    catalogKey: 'home',
    catalogDisplayName: 'Home Store',
    warnings: [],
    product: {
      uuid: 'u-1', productUrl: 'https://shop.example/p/1', title: 'Lamp', brand: { name: 'Acme' }, currentPrice: 30, originalPrice: null,
      currency: 'USD', inStock: false, updatedAt: '2026-12-01T00:00:00Z', images: [], categories: [], sizes: [], colors: [], tags: [], variants: [],
      breadcrumbs: [], promotions: [], reviews: [], videos: [],
    },
  } as unknown as LookupResponse;

  it('keeps the record fields it names, and leaves out what the record does not say', () => {
    expect(recordSnapshot(lookup)).toEqual({
      productUrl: 'https://shop.example/p/1', uuid: 'u-1', title: 'Lamp', brand: 'Acme', catalogKey: 'home', catalogName: 'Home Store',
      price: 30, currency: 'USD', availability: 'out_of_stock', updatedAt: '2026-12-01T00:00:00Z', source: 'index',
    });
  });

  it("keeps what the page showed, when it is a product page", () => {
    const detection = { isProduct: true, url: 'https://shop.example/p/1', signals: [], variants: [], fields: { price: '29.50', currency: 'USD', availability: 'InStock' as const } };
    expect(pageSnapshot(detection)).toEqual({ price: 29.5, currency: 'USD', availability: 'in_stock' });
    expect(pageSnapshot({ ...detection, fields: { price: 'call us' } })).toBeUndefined();
    expect(pageSnapshot({ ...detection, isProduct: false })).toBeUndefined();
  });
});
