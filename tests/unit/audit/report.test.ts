import { describe, expect, it } from 'vitest';
import { compareRecord, type AuditPage } from '../../../lib/audit/compare';
import { matchedViaLabel, provenance, sourceLabel, warningText } from '../../../lib/audit/provenance';
import { reportJson, reportText } from '../../../lib/audit/report';
import { LookupResponse } from '../../../lib/octogen/schemas';

const URL = 'https://shop.example/products/kettle';
const NOW = Date.parse('2026-12-07T12:00:00Z');
const lookup = (extra: Record<string, unknown> = {}) =>
  LookupResponse.parse({
    source: 'indexed',
    requestId: 'req_01AUDIT',
    requestedUrl: `${URL}?utm_source=x`,
    normalizedUrl: URL,
    resolvedUrl: null,
    canonicalUrl: null,
    matchedVia: 'normalized_exact',
    catalogDisplayName: 'Hearth & Ladle',
    product: { uuid: 'u', productUrl: URL, title: 'Juno Kettle', currentPrice: 71.9, currency: 'EUR', inStock: true, identifiers: { gtin: '4006381333931' }, updatedAt: '2026-12-04T12:00:00Z' },
    ...extra,
  });

describe('provenance', () => {
  it('source, matchedVia, the four URL fields with what each means, age, warnings, requestId', () => {
    const p = provenance(lookup({ warnings: ['product_fields_clamped', 'something_new'] }), NOW);
    expect(p.source).toBe('indexed');
    expect(p.sourceLabel).toBe('Indexed: from your catalog’s index');
    expect(p.matchedVia).toBe('normalized_exact');
    expect(p.matchedViaLabel).toMatch(/^the address once normalised/);
    expect(p.catalog).toBe('Hearth & Ladle');
    expect(p.urls.map((u) => [u.field, u.value])).toEqual([
      ['requestedUrl', `${URL}?utm_source=x`],
      ['normalizedUrl', URL],
      ['resolvedUrl', undefined],
      ['canonicalUrl', undefined],
    ]);
    expect(p.urls.every((u) => u.meaning.length > 20)).toBe(true);
    expect(p.updatedAt).toBe('2026-12-04T12:00:00Z');
    expect(p.age).toBe('3 days ago');
    expect(p.warnings).toEqual([
      { code: 'product_fields_clamped', text: warningText('product_fields_clamped') },
      { code: 'something_new', text: 'The service warned: something_new.' },
    ]);
    expect(p.warnings[0]!.text).toMatch(/shortened/);
    expect(p.requestId).toBe('req_01AUDIT');
  });

  it('each source in words; an older answer without one; matchedVia of every documented kind', () => {
    expect(sourceLabel('on_demand')).toMatch(/^On demand/);
    expect(sourceLabel('client_html')).toMatch(/^Client HTML/);
    expect(sourceLabel(undefined)).toMatch(/^Not given/);
    expect(sourceLabel('future_source')).toBe('future_source');
    for (const m of ['exact', 'normalized_exact', 'normalized_alias', 'loose', 'structural_alias']) expect(matchedViaLabel(m)).not.toBe(m);
    expect(matchedViaLabel('learned_alias:r42')).toBe('an alias rule the service learned (rule r42)');
    expect(matchedViaLabel(null)).toBeUndefined();
    expect(warningText('source_url_missing')).toMatch(/No page address/);
  });

  it('no requestId, no updatedAt, a malformed date: said, not invented', () => {
    const p = provenance(lookup({ requestId: null, product: { uuid: 'u', productUrl: URL, updatedAt: 'yesterday-ish' } }), NOW);
    expect(p.requestId).toBeUndefined();
    expect(p.updatedAt).toBeUndefined();
    expect(p.age).toBeUndefined();
  });
});

describe('the report', () => {
  const page: AuditPage = { title: 'Juno Kettle', price: '79,90', currency: '€', availability: 'https://schema.org/OutOfStock', gtin: '4006381333932', url: URL };
  const input = () => {
    const l = lookup();
    return { rows: compareRecord(page, l, { displayLocale: 'en-GB' }), provenance: provenance(l, NOW), title: 'Juno Kettle', pageUrl: URL, generatedAt: '2026-12-07T12:00:00.000Z' };
  };

  it('as text: the request id, provenance, and each differing field with both values', () => {
    const text = reportText(input());
    expect(text).toContain('Request ID: req_01AUDIT');
    expect(text).toContain('Source: Indexed: from your catalog’s index (indexed)');
    expect(text).toContain('Matched via: the address once normalised');
    expect(text).toContain(`Normalized URL: ${URL}`);
    expect(text).toContain('Record updated: 2026-12-04T12:00:00Z (3 days ago)');
    expect(text).toMatch(/Price: Different\n {4}page: {4}€79\.90\n {4}catalog: €71\.90/);
    expect(text).toMatch(/Availability: Different\n {4}page: {4}Out of stock\n {4}catalog: In stock/);
    expect(text).toMatch(/GTIN: Different \(check\)\n {4}page: {4}4006381333932\n {4}catalog: 4006381333931/);
    expect(text).toContain('Title: Same');
    expect(text).toMatch(/Fields: 3 different, \d+ same/);
  });

  it('as JSON: parseable, with the request id, provenance codes and every row', () => {
    const json = JSON.parse(reportJson(input()));
    expect(json).toMatchObject({
      report: 'octolens-catalog-audit',
      requestId: 'req_01AUDIT',
      provenance: { source: 'indexed', matchedVia: 'normalized_exact', normalizedUrl: URL, resolvedUrl: null, warnings: [] },
      product: { title: 'Juno Kettle', pageUrl: URL },
    });
    expect(json.fields).toHaveLength(13);
    expect(json.fields.find((f: { field: string }) => f.field === 'price')).toEqual({ field: 'price', state: 'different', page: '€79.90', catalog: '€71.90' });
    expect(json.summary.different).toBe(3);
  });

  it('without a request id it says so', () => {
    const i = input();
    const none = { ...i, provenance: { ...i.provenance, requestId: undefined } };
    expect(reportText(none)).toContain('Request ID: none given');
    expect(JSON.parse(reportJson(none)).requestId).toBeNull();
  });
});
