// @vitest-environment happy-dom
/**
 * The sandbox's `?audit=stale` demo pages, read by the real detector and audited against their catalog records: the
 * price, availability and GTIN rows differ with both values; the same page without the parameter matches.
 */
import { describe, expect, it } from 'vitest';
import { auditPage, compareRecord } from '../../../lib/audit/compare';
import { readGtin } from '../../../lib/audit/normalize';
import { detect } from '../../../lib/detect/index';
import { LookupResponse, type ProductView } from '../../../lib/octogen/schemas';
import { buildDemoCatalog, jsonLdFlavour, renderDemo } from '../../../sandbox/demo/index';
import { staleProduct } from '../../../sandbox/demo/pages';

const ORIGIN = 'http://127.0.0.1:8123';
const catalog = buildDemoCatalog(ORIGIN);

function auditOf(p: ProductView, query: string) {
  const res = renderDemo(ORIGIN, catalog, new URL(p.productUrl).pathname, new URLSearchParams(query))!;
  const doc = new DOMParser().parseFromString(res.body as string, 'text/html');
  const detection = detect(doc, `${p.productUrl}${query ? `?${query}` : ''}`);
  const lookup = LookupResponse.parse({ source: 'indexed', product: p, requestedUrl: detection.url, requestId: 'req_x' });
  return { detection, rows: compareRecord(auditPage(detection), lookup, { displayLocale: 'en-GB' }) };
}
const state = (rows: ReturnType<typeof compareRecord>, field: string) => rows.find((r) => r.field === field)!;

describe('staleProduct', () => {
  it('is a tenth dearer, its stock turned over, with another valid GTIN', () => {
    const p = catalog.products[0]!;
    const s = staleProduct(p);
    expect(s.currentPrice).toBeCloseTo(p.currentPrice! * 1.1, 2);
    expect(s.inStock).toBe(!p.inStock);
    expect(s.identifiers?.gtin).not.toBe(p.identifiers?.gtin);
    expect(readGtin(s.identifiers?.gtin)?.valid).toBe(true);
  });
});

describe('the demo pages, audited', () => {
  const kinds = ['jsonld', 'microdata'] as const;
  for (const kind of kinds) {
    const p = catalog.products.find((x) => catalog.pageKind(x.productUrl) === kind && (kind !== 'jsonld' || jsonLdFlavour(x) === 'product'))!;
    it(`a ${kind} page with ?audit=stale differs in price, availability and GTIN`, () => {
      const { detection, rows } = auditOf(p, 'audit=stale');
      expect(detection.isProduct).toBe(true);
      for (const f of ['price', 'availability', 'gtin']) expect(state(rows, f).state, f).toBe('different');
      expect(state(rows, 'price').catalog).toBe(new Intl.NumberFormat('en-GB', { style: 'currency', currency: p.currency! }).format(p.currentPrice!));
      expect(state(rows, 'url').state).toBe('same');
    });
    it(`the same ${kind} page as indexed matches its record`, () => {
      const { rows } = auditOf(p, '');
      for (const f of ['title', 'brand', 'price', 'currency', 'availability', 'gtin', 'sku', 'url']) expect(state(rows, f).state, f).toBe('same');
    });
  }
});
