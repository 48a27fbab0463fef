// @vitest-environment happy-dom
/**
 * identityFromAddress: the identity the background starts a lookup from before the page is read. It must be exactly
 * what detect() finds on that page (as the background cleans it), whatever the page holds, or nothing.
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../../../lib/detect/index';
import { RETAILER_EXAMPLES } from '../../../lib/detect/retailers.examples';
import { identityFromAddress } from '../../../lib/detect/url';
import { sanitizeDetection } from '../../../lib/lookup/sanitize';

const page = (head: string, body = ''): Document =>
  new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, 'text/html');

// Pages that would pull detection elsewhere: a canonical link and structured data naming another URL, an article.
const PAGES: Record<string, Document> = {
  empty: page(''),
  'canonical and JSON-LD elsewhere': page(
    `<link rel="canonical" href="https://other.example/p/1"><script type="application/ld+json">${JSON.stringify({
      '@type': 'Product',
      name: 'Elsewhere',
      url: 'https://other.example/p/2',
      offers: { '@type': 'Offer', price: '9.99', priceCurrency: 'USD' },
    })}</script>`,
  ),
  article: page('<meta property="og:type" content="article">', '<article><h1>A review</h1><p>Text.</p></article>'),
};

describe('identityFromAddress', () => {
  const tracked = (address: string): string => {
    const url = new URL(address);
    url.searchParams.append('utm_source', 'news');
    url.searchParams.append('gclid', 'abc');
    return url.href;
  };
  const examples = Object.values(RETAILER_EXAMPLES).flatMap((r) => r.examples.map(tracked));

  it("is the identity detect() finds on a retailer's product URL, whatever the page holds", () => {
    expect(examples.length).toBeGreaterThan(30);
    for (const url of examples) {
      const identity = identityFromAddress(url);
      expect(identity, url).toMatch(/^https:\/\//);
      expect(identity, url).not.toMatch(/utm_source|gclid/);
      for (const [name, doc] of Object.entries(PAGES)) {
        const d = detect(doc, url);
        expect(d.isProduct, `${name}: ${url}`).toBe(true);
        // The background cleans the address the detector reports (lib/lookup/sanitize.ts): that is the identity.
        expect(sanitizeDetection(d)?.url, `${name}: ${url}`).toBe(identity);
      }
    }
  });

  it('is nothing for any other address: a store page no rule claims, another shop, not a URL', () => {
    const others = [
      ...Object.values(RETAILER_EXAMPLES).flatMap((r) => r.nonProduct),
      'https://shop.example/products/trail-bottle',
      'http://127.0.0.1:8787/store/p/1',
      'chrome://extensions/',
      'not a url',
      '',
    ];
    for (const url of others) expect(identityFromAddress(url), url).toBeUndefined();
  });
});
