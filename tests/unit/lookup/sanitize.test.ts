/**
 * sanitizeDetection is where a detection's identity URL is cleaned (the detector reports the page's address as it
 * stands, so the tracking-parameter denylist stays out of the content script).
 */
import { describe, expect, it } from 'vitest';
import { detectionIdentity, sanitizeDetection } from '../../../lib/lookup/sanitize';

const report = (url: unknown, canonicalUrl?: unknown) => ({ isProduct: true, signals: ['json-ld'], url, canonicalUrl, fields: {}, variants: [] });

describe('sanitizeDetection: the identity URL', () => {
  it('removes tracking parameters, keeps identity ones and applies retailer canonicalisation', () => {
    expect(sanitizeDetection(report('https://shop.example/p/mug?utm_source=x&gclid=1&variant=7#reviews'))?.url).toBe(
      'https://shop.example/p/mug?variant=7',
    );
    expect(sanitizeDetection(report('https://www.amazon.co.uk/Tefal-Pan/dp/B004SNMXRS/ref=sr_1_1?keywords=pan&th=1'))?.url).toBe(
      'https://www.amazon.co.uk/dp/B004SNMXRS',
    );
    expect(sanitizeDetection(report('https://user:pw@shop.example/p/1'))?.url).toBe('https://shop.example/p/1');
  });

  it('falls back to the canonical link when the address is unusable even once cleaned, and refuses anything else', () => {
    const long = `https://shop.example/p/1?${'q'.repeat(3000)}=1`;
    expect(detectionIdentity(long, 'https://shop.example/p/1?fbclid=2')).toBe('https://shop.example/p/1');
    expect(sanitizeDetection(report('javascript:alert(1)'))).toBeUndefined();
    expect(sanitizeDetection(report(42, 'data:text/html,x'))).toBeUndefined();
    expect(sanitizeDetection(report(''))).toBeUndefined();
  });
});
