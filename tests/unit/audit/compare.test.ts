import { describe, expect, it } from 'vitest';
import { AUDIT_FIELDS, auditPage, auditSummary, compareRecord, countStates, type AuditPage, type AuditRow } from '../../../lib/audit/compare';
import type { Detection } from '../../../lib/detect/types';
import { LookupResponse } from '../../../lib/octogen/schemas';

const URL = 'https://shop.example/products/basin-jacket';
const record = (product: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  LookupResponse.parse({
    source: 'indexed',
    requestId: 'req_01TEST',
    requestedUrl: URL,
    normalizedUrl: URL,
    matchedVia: 'exact',
    product: {
      uuid: 'u1',
      productUrl: URL,
      title: "Women's Basin Rain Jacket",
      brand: { name: 'Ridgeback' },
      currentPrice: 64,
      originalPrice: 80,
      currency: 'GBP',
      inStock: true,
      identifiers: { gtin: '4006381333931', productGroupId: 'RB-BASIN', productId: 'P-1' },
      primaryImage: { url: 'https://shop.example/images/basin.svg', cdnUrl: 'https://cdn.example/u1.svg' },
      images: ['https://shop.example/images/basin--2.svg'],
      categories: [{ name: 'Outerwear' }, { name: 'Rain jackets' }],
      variants: [
        { sku: 'RB-BASIN-BLUE-M', color: { label: 'Blue' }, size: 'M', productUrl: `${URL}?variant=RB-BASIN-BLUE-M` },
        { sku: 'RB-BASIN-RED-L', color: { label: 'Red' }, size: 'L', productUrl: `${URL}?variant=RB-BASIN-RED-L` },
      ],
      ...product,
    },
    ...extra,
  });

const matching: AuditPage = {
  title: "Women's Basin Rain Jacket",
  brand: 'Ridgeback',
  price: '64.00',
  currency: 'GBP',
  availability: 'InStock',
  gtin: '4006381333931',
  sku: 'RB-BASIN-BLUE-M',
  variant: 'Blue / M',
  image: 'https://shop.example/images/basin.svg',
  url: URL,
};

const rowOf = (rows: AuditRow[], field: string) => rows.find((r) => r.field === field)!;
const audit = (page: AuditPage | undefined, lookup = record()) => compareRecord(page, lookup, { displayLocale: 'en-GB' });

describe('compareRecord: the rows', () => {
  it('has one row per field, in order, whatever the input', () => {
    expect(audit(matching).map((r) => r.field)).toEqual([...AUDIT_FIELDS]);
    expect(audit(undefined).map((r) => r.field)).toEqual([...AUDIT_FIELDS]);
    expect(audit({}, record({ title: null, brand: null, currentPrice: null, identifiers: {}, variants: [], categories: [], images: [], primaryImage: null })).map((r) => r.field)).toEqual([
      ...AUDIT_FIELDS,
    ]);
  });

  it('a page that matches its record: the same, field by field', () => {
    const rows = audit(matching);
    for (const f of ['title', 'brand', 'price', 'currency', 'availability', 'gtin', 'sku', 'variant', 'image', 'url']) expect(rowOf(rows, f).state, f).toBe('same');
    expect(rowOf(rows, 'price')).toMatchObject({ page: '£64.00', catalog: '£64.00' });
    expect(rowOf(rows, 'availability')).toMatchObject({ page: 'In stock', catalog: 'In stock' });
    expect(auditSummary(rows)).toEqual([]);
  });

  it('each state: different, only on the page, only in the catalog, on neither', () => {
    const rows = audit({ ...matching, price: '70.40', mpn: 'MPN-9' }, record({ rating: null }));
    expect(rowOf(rows, 'price')).toMatchObject({ state: 'different', page: '£70.40', catalog: '£64.00' });
    expect(rowOf(rows, 'mpn')).toMatchObject({ state: 'page-only', page: 'MPN-9', note: 'Catalog records carry no MPN.' });
    expect(rowOf(rows, 'originalPrice')).toMatchObject({ state: 'catalog-only', catalog: '£80.00' });
    expect(rowOf(rows, 'categories')).toMatchObject({ state: 'catalog-only', catalog: 'Outerwear › Rain jackets' });
    expect(rowOf(audit({}, record({ identifiers: {} })), 'gtin').state).toBe('neither');
    expect(countStates(rows)).toMatchObject({ different: 1, 'page-only': 1, 'catalog-only': 2 });
  });

  it('with no page (it could not be read) every catalog value is only in the catalog', () => {
    const rows = audit(undefined);
    expect(rows.every((r) => r.state === 'catalog-only' || r.state === 'neither')).toBe(true);
    expect(rowOf(rows, 'price').catalog).toBe('£64.00');
  });
});

describe('compareRecord: normalisation a person agrees with', () => {
  it('titles and brands: case, spacing and typographic quotes aside, with a note', () => {
    const row = rowOf(audit({ ...matching, title: '  WOMEN’S   basin rain jacket ', brand: 'RIDGEBACK' }), 'title');
    expect(row).toMatchObject({ state: 'same', note: 'Same once case, spacing and punctuation marks are set aside.' });
    expect(rowOf(audit({ ...matching, brand: 'RIDGEBACK' }), 'brand').state).toBe('same');
    expect(rowOf(audit({ ...matching, title: "Men's Basin Rain Jacket" }), 'title').state).toBe('different');
  });

  it('currency symbols and codes', () => {
    expect(rowOf(audit({ ...matching, currency: '£' }), 'currency')).toMatchObject({ state: 'same', note: 'Read as GBP.' });
    expect(rowOf(audit({ ...matching, currency: 'gbp' }), 'currency').state).toBe('same');
    const usd = audit({ ...matching, currency: 'USD' });
    expect(rowOf(usd, 'currency')).toMatchObject({ state: 'different', page: 'USD', catalog: 'GBP' });
    // The same number in another currency is not the same price.
    expect(rowOf(usd, 'price')).toMatchObject({ state: 'different', note: 'In different currencies.' });
    expect(rowOf(audit({ ...matching, currency: 'bitcoins' }), 'currency')).toMatchObject({ state: 'different', note: 'Not a currency Octolens can read.' });
  });

  it('decimal separators by locale: "64,00", "1.299,00" and "1,299.00"', () => {
    expect(rowOf(audit({ ...matching, price: '64,00' }), 'price')).toMatchObject({ state: 'same', note: 'Read "64,00" as 64.' });
    const dear = record({ currentPrice: 1299 });
    expect(rowOf(audit({ ...matching, price: '1.299,00' }, dear), 'price').state).toBe('same');
    expect(rowOf(audit({ ...matching, price: '1,299.00' }, dear), 'price').state).toBe('same');
    expect(rowOf(audit({ ...matching, price: '1.299', lang: 'de' }, dear), 'price').state).toBe('same');
    expect(rowOf(audit({ ...matching, price: '64.004' }), 'price').state).toBe('different');
  });

  it('a price that is not one is shown as given and marked different', () => {
    expect(rowOf(audit({ ...matching, price: 'Call us!' }), 'price')).toMatchObject({ state: 'different', page: 'Call us!', note: 'Not a price Octolens can read.' });
    expect(rowOf(audit({ ...matching, price: 'Call us!' }, record({ currentPrice: null })), 'price').state).toBe('page-only');
  });

  it('availability in every schema.org spelling', () => {
    for (const a of ['https://schema.org/InStock', 'http://schema.org/InStock', 'InStock', 'in_stock', 'in stock'])
      expect(rowOf(audit({ ...matching, availability: a }), 'availability').state, a).toBe('same');
    for (const a of ['http://schema.org/OutOfStock', 'https://schema.org/OutOfStock', 'OutOfStock', 'out_of_stock', 'SoldOut'])
      expect(rowOf(audit({ ...matching, availability: a }), 'availability'), a).toMatchObject({ state: 'different', catalog: 'In stock' });
    expect(rowOf(audit({ ...matching, availability: 'OutOfStock' }, record({ inStock: false })), 'availability').state).toBe('same');
    expect(rowOf(audit({ ...matching, availability: 'whenever' }), 'availability')).toMatchObject({ state: 'different', page: 'whenever' });
    expect(rowOf(audit(matching, record({ inStock: null })), 'availability').state).toBe('page-only');
  });

  it('GTIN: 8/12/13/14 digits compare equal zero-padded to 14; a wrong check digit is flagged', () => {
    const upc = record({ identifiers: { gtin: '036000291452' } });
    expect(rowOf(audit({ ...matching, gtin: '0036000291452' }, upc), 'gtin')).toMatchObject({ state: 'same', note: 'The same GTIN, once zero-padded to 14 digits.' });
    expect(rowOf(audit({ ...matching, gtin: '00036000291452' }, upc), 'gtin').state).toBe('same');
    expect(rowOf(audit({ ...matching, gtin: '036000291452' }, upc), 'gtin').flagged).toBeUndefined();
    const bad = rowOf(audit({ ...matching, gtin: '4006381333932' }), 'gtin');
    expect(bad).toMatchObject({ state: 'different', flagged: true });
    expect(bad.note).toContain("The page's GTIN's check digit is wrong (the other digits call for 1).");
    // Both sides alike, but the catalog's check digit is wrong: same, and flagged.
    const both = rowOf(audit({ ...matching, gtin: '4006381333932' }, record({ identifiers: { gtin: '4006381333932' } })), 'gtin');
    expect(both).toMatchObject({ state: 'same', flagged: true });
    expect(rowOf(audit({ ...matching, gtin: 'n/a' }), 'gtin')).toMatchObject({ state: 'different', flagged: true, note: 'The page gives no valid GTIN (8, 12, 13 or 14 digits).' });
  });

  it('SKU: any variant SKU, case aside; the style code is the same product; a variant that is not there differs', () => {
    expect(rowOf(audit({ ...matching, sku: 'rb-basin-red-l' }), 'sku')).toMatchObject({ state: 'same', catalog: 'RB-BASIN-RED-L' });
    expect(rowOf(audit({ ...matching, sku: 'RB-BASIN' }), 'sku')).toMatchObject({ state: 'same', note: "The page gives the product's id or style code, not a variant's SKU." });
    expect(rowOf(audit({ ...matching, sku: 'RB-BASIN-GREEN-S' }), 'sku')).toMatchObject({
      state: 'different',
      catalog: 'RB-BASIN-BLUE-M, RB-BASIN-RED-L',
      note: "None of the catalog's 2 variant SKUs.",
    });
  });

  it('variant: the one the SKU names, else the one looked up', () => {
    expect(rowOf(audit(matching), 'variant')).toMatchObject({ state: 'same', page: 'Blue / M', catalog: 'Blue / M (RB-BASIN-BLUE-M)' });
    const asked = record({}, { requestedUrl: `${URL}?variant=RB-BASIN-RED-L` });
    expect(rowOf(audit({ ...matching, sku: undefined, variant: undefined }, asked), 'variant')).toMatchObject({ state: 'catalog-only', catalog: 'Red / L (RB-BASIN-RED-L)' });
    expect(rowOf(audit({ ...matching, sku: undefined, variant: 'Green / S' }, asked), 'variant').state).toBe('different');
  });

  it('image: any of the record’s image addresses; URL: the record’s address or its normalised one', () => {
    expect(rowOf(audit({ ...matching, image: 'https://cdn.example/u1.svg' }), 'image').state).toBe('same');
    expect(rowOf(audit({ ...matching, image: 'https://shop.example/images/basin--2.svg' }), 'image').state).toBe('same');
    expect(rowOf(audit({ ...matching, image: 'https://shop.example/other.svg' }), 'image').state).toBe('different');
    expect(rowOf(audit({ ...matching, url: 'https://www.shop.example/products/basin-jacket/#reviews' }), 'url').state).toBe('same');
    expect(rowOf(audit({ ...matching, url: 'https://shop.example/products/other' }), 'url').state).toBe('different');
  });

  it('categories: a breadcrumb list or text, Home aside', () => {
    expect(rowOf(audit({ ...matching, categories: ['Home', 'outerwear', 'Rain Jackets'] }), 'categories').state).toBe('same');
    expect(rowOf(audit({ ...matching, categories: 'Outerwear > Rain jackets' }), 'categories').state).toBe('same');
    expect(rowOf(audit({ ...matching, categories: ['Outerwear'] }), 'categories').state).toBe('different');
  });
});

describe('compareRecord: hostile and malformed pages', () => {
  it('values of the wrong type, markup, scripts and controls are read as text or not at all', () => {
    const hostile = {
      title: { toString: () => 'x' },
      brand: ['Ridgeback'],
      price: { valueOf: () => 64 },
      currency: 42,
      availability: 'javascript:alert(1)',
      gtin: '<img src=x onerror=alert(1)>',
      sku: '\u0000\u202eRB\u200b',
      image: 'javascript:alert(1)',
      url: 'data:text/html,<script>alert(1)</script>',
      categories: [{ name: 'x' }, 7, null],
    } as unknown as AuditPage;
    const rows = audit(hostile);
    expect(rows.map((r) => r.field)).toEqual([...AUDIT_FIELDS]);
    expect(rowOf(rows, 'title').state).toBe('catalog-only');
    expect(rowOf(rows, 'brand').state).toBe('catalog-only');
    expect(rowOf(rows, 'price').state).toBe('catalog-only');
    expect(rowOf(rows, 'image').state).toBe('catalog-only');
    expect(rowOf(rows, 'url').state).toBe('catalog-only');
    expect(rowOf(rows, 'gtin')).toMatchObject({ state: 'different', page: '<img src=x onerror=alert(1)>', flagged: true });
    expect(rowOf(rows, 'sku').page).toBe('RB');
    expect(JSON.stringify(rows)).not.toMatch(/[\u0000\u202e\u200b]/);
  });

  it('long values are cut and marked, never carried whole', () => {
    const long = 'A'.repeat(100_000);
    const rows = audit({ ...matching, title: long, sku: long, mpn: long, brand: long, variant: long });
    for (const f of ['title', 'sku', 'mpn', 'brand', 'variant']) {
      const r = rowOf(rows, f);
      expect(r.page!.length, f).toBeLessThanOrEqual(300);
      expect(r.page!.endsWith('…'), f).toBe(true);
    }
    expect(JSON.stringify(rows).length).toBeLessThan(10_000);
  });

  it('a record with odd values does not throw', () => {
    const odd = record({ currentPrice: null, currency: 'not-a-code', identifiers: { gtin: 'abc' }, variants: [{ sku: null }], productUrl: 'ftp://x' });
    const rows = audit(matching, odd);
    expect(rowOf(rows, 'price').state).toBe('page-only');
    expect(rowOf(rows, 'gtin')).toMatchObject({ state: 'different', flagged: true });
    expect(rowOf(rows, 'url').state).toBe('page-only');
  });
});

describe('auditPage', () => {
  const detection: Detection = {
    isProduct: true,
    signals: ['json-ld'],
    url: `${URL}?variant=RB-BASIN-RED-L`,
    canonicalUrl: URL,
    fields: { title: 'T', sku: 'rb-basin-red-l' },
    variants: [
      { sku: 'RB-BASIN-BLUE-M', color: 'Blue', size: 'M' },
      { sku: 'RB-BASIN-RED-L', color: 'Red', size: 'L' },
    ],
  };
  it('takes the canonical address and names the variant the SKU selects', () => {
    expect(auditPage(detection)).toMatchObject({ url: URL, variant: 'Red / L', title: 'T' });
    expect(auditPage({ ...detection, canonicalUrl: undefined })?.url).toBe(detection.url);
    expect(auditPage({ ...detection, fields: {} })?.variant).toBeUndefined();
    expect(auditPage(undefined)).toBeUndefined();
  });
});

describe('auditSummary: the record’s differences note', () => {
  it('one sentence per differing price, original price, currency, availability or GTIN, with both values', () => {
    const rows = audit({ ...matching, price: '70.40', availability: 'OutOfStock', gtin: '4006381333948', title: 'Another title', originalPrice: '90' });
    expect(auditSummary(rows)).toEqual([
      { field: 'price', message: 'Price: the page shows £70.40; the catalog has £64.00.' },
      { field: 'originalPrice', message: 'Original price: the page shows £90.00; the catalog has £80.00.' },
      { field: 'availability', message: 'Availability: the page shows Out of stock; the catalog has In stock.' },
      { field: 'gtin', message: 'GTIN: the page shows 4006381333948; the catalog has 4006381333931.' },
    ]);
  });
  it('says nothing of fields only one side gives', () => {
    expect(auditSummary(audit({ price: '70' }, record({ currentPrice: null })))).toEqual([]);
  });
});
