import { describe, expect, it } from 'vitest';
import { RETAILER_RULES, matchProductRule } from '../../../lib/detect/index';
import { RETAILER_EXAMPLES } from '../../../lib/detect/retailers.examples';
import { cleanUrl } from '../../../lib/detect/url';

const claims = (url: string) => RETAILER_RULES.filter((r) => {
  const m = matchProductRule(new URL(url));
  return m?.rule === r;
});
const hostAndPathClaims = (url: string) => {
  const u = new URL(url);
  const host = u.hostname.replace(/^(www\d?|m|smile)\./, '');
  return RETAILER_RULES.filter((r) => r.host.test(host) && r.product.test(u.pathname)).map((r) => r.id);
};

describe('retailer rules', () => {
  it('have unique ids and examples for every rule', () => {
    const ids = RETAILER_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(RETAILER_EXAMPLES).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(RETAILER_EXAMPLES[id]?.examples.length, id).toBeGreaterThan(0);
      expect(RETAILER_EXAMPLES[id]?.nonProduct.length, id).toBeGreaterThan(0);
    }
  });

  for (const rule of RETAILER_RULES) {
    const ex = RETAILER_EXAMPLES[rule.id] ?? { examples: [], nonProduct: [] };
    it(`${rule.id}: every example is claimed by this rule and by no other`, () => {
      for (const url of ex.examples) {
        expect(claims(url).map((r) => r.id), url).toEqual([rule.id]);
        expect(hostAndPathClaims(url), url).toEqual([rule.id]);
        // The cleaned URL is still claimed by the same rule (canonicalisation keeps identity).
        const cleaned = cleanUrl(url);
        expect(cleaned, url).toBeDefined();
        expect(claims(cleaned as string).map((r) => r.id), url).toEqual([rule.id]);
      }
    });
    it(`${rule.id}: non-product pages are claimed by no rule`, () => {
      for (const url of ex.nonProduct) expect(hostAndPathClaims(url), url).toEqual([]);
    });
  }

  it('extracts the URL product id where the rule defines one', () => {
    const m = matchProductRule(new URL('https://www.amazon.com/Some-Slug/dp/b07fw264wl/ref=x'));
    expect(m?.rule.id).toBe('amazon');
    expect(m && m.rule.sku?.(m.match)).toBe('B07FW264WL');
    const e = matchProductRule(new URL('https://www.ebay.co.uk/itm/slug/143863282131'));
    expect(e && e.rule.sku?.(e.match)).toBe('143863282131');
  });
});
