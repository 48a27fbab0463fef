// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detect, type Detection } from '../../../lib/detect/index';
import { cleanUrl } from '../../../lib/detect/url';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

const HOSTILE_STRINGS = [
  'javascript:alert(1)',
  ' JAVASCRIPT:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&lt;script&gt;x&lt;/script&gt;',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000\u202e',
  'x'.repeat(5000),
  '1e308',
  'NaN',
  '',
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));

const KEYS = ['@type', '@graph', 'mainEntity', 'name', 'brand', 'offers', 'price', 'priceCurrency', 'availability', 'sku', 'gtin13', 'mpn', 'image', 'url', 'hasVariant', 'isVariantOf', 'priceSpecification', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const TYPES = ['Product', 'ProductGroup', 'Offer', 'AggregateOffer', 'Brand', 'ItemList', 'NewsArticle', 'product', 'http://schema.org/Product'];

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(...TYPES),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
})).value;

/** JSON text where "__proto__" keys survive as own keys (JSON.stringify of an object literal would lose them). */
const jsonText = jsonValue.map((v) => JSON.stringify(v)?.replace(/</g, '\\u003c') ?? 'null');

const TAGS = ['div', 'span', 'button', 'a', 'meta', 'link', 'h1', 'li', 'table', 'tr', 'td', 'p', 'script', 'img', 'form', 'input'];
const ATTRS = ['itemscope', 'itemtype', 'itemprop', 'typeof', 'property', 'content', 'href', 'src', 'class', 'id', 'rel', 'type', 'name', 'data-price', 'value'];
const ATTR_VALUES = ['http://schema.org/Product', 'http://schema.org/Offer', 'price', 'name', 'brand', 'offers', 'canonical', 'og:type', 'product', 'product:price:amount', 'add-to-cart', 'application/ld+json', '12,99 €', '$5', 'InStock'];

const element: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    hostileString.map((s) => s.replace(/[<>&]/g, ' ')),
    fc
      .record({
        tag: fc.constantFrom(...TAGS),
        attrs: fc.array(fc.tuple(fc.constantFrom(...ATTRS), fc.oneof(fc.constantFrom(...ATTR_VALUES), hostileString)), { maxLength: 4 }),
        children: fc.array(tie('node'), { maxLength: 4 }),
      })
      .map(({ tag, attrs, children }) => {
        const a = attrs.map(([k, v]) => ` ${k}="${String(v).replace(/["&<>]/g, ' ')}"`).join('');
        return `<${tag}${a}>${children.join('')}</${tag}>`;
      }),
  ),
})).node;

const pageUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('javascript:alert(1)', 'data:text/html,x', 'about:blank', 'not a url', 'https://www.amazon.com/x/dp/B07FW264WL/ref=x?tag=a'),
);

function checkDetection(d: Detection): void {
  expect(typeof d.isProduct).toBe('boolean');
  expect(d.url === '' || /^https?:\/\//.test(d.url)).toBe(true);
  if (d.canonicalUrl !== undefined) expect(d.canonicalUrl).toMatch(/^https?:\/\//);
  if (d.fields.image !== undefined) expect(d.fields.image).toMatch(/^https?:\/\//);
  for (const v of d.variants) if (v.url !== undefined) expect(v.url).toMatch(/^https?:\/\//);
  const strings = [...Object.values(d.fields), ...d.variants.flatMap((v) => Object.values(v))];
  for (const s of strings) {
    expect(typeof s).toBe('string');
    expect(s).not.toMatch(/[<>]/);
    expect(s).toBe((s as string).trim());
    expect((s as string).length).toBeLessThanOrEqual(2048);
  }
  if (d.fields.title !== undefined) expect(d.fields.title.length).toBeLessThanOrEqual(300);
  if (d.fields.price !== undefined) expect(d.fields.price).toMatch(/^\d+(\.\d+)?$/);
  if (d.fields.currency !== undefined) expect(d.fields.currency).toMatch(/^[A-Z]{3}$/);
  if (d.fields.availability !== undefined) expect(['InStock', 'OutOfStock']).toContain(d.fields.availability);
}

describe('detect under random and hostile input', () => {
  it('never throws and never returns markup or a non-http(s) URL (random JSON-LD)', () => {
    fc.assert(
      fc.property(fc.array(jsonText, { maxLength: 3 }), pageUrl, (blocks, url) => {
        const html = `<html><head>${blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join('')}</head><body></body></html>`;
        checkDetection(detect(parse(html), url));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and never returns markup or a non-http(s) URL (random markup)', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), pageUrl, (nodes, url) => {
        checkDetection(detect(parse(`<html><body>${nodes.join('')}</body></html>`), url));
      }),
      { numRuns: 300 },
    );
  });

  it('returns plain text and http(s) URLs for hostile product values', () => {
    fc.assert(
      fc.property(hostileString, hostileString, hostileString, (name, image, brand) => {
        const product = { '@type': 'Product', name, image, brand: { name: brand }, url: image, offers: { price: '1', url: image } };
        const html = `<script type="application/ld+json">${JSON.stringify(product).replace(/</g, '\\u003c')}</script>
          <meta property="og:image" content="${image.replace(/["<>&]/g, '')}"><link rel="canonical" href="${image.replace(/["<>&]/g, '')}">`;
        const d = detect(parse(html), 'https://shop.example/p/1');
        checkDetection(d);
        expect(d.isProduct).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('does not let __proto__/constructor keys pollute prototypes or leak inherited values', () => {
    const evil = '{"@type":"Product","__proto__":{"polluted":"yes","name":"Injected"},"constructor":{"prototype":{"polluted":"yes"}},"offers":{"__proto__":{"price":"666"}}}';
    const d = detect(parse(`<script type="application/ld+json">${evil}</script>`), 'https://shop.example/p/1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(d.fields.title).not.toBe('Injected');
    expect(d.fields.price).toBeUndefined();
    // Microdata property names cannot reach the prototype either.
    const md = detect(parse('<div itemscope itemtype="http://schema.org/Product"><span itemprop="__proto__">x</span><span itemprop="constructor">y</span><span itemprop="name">Safe</span></div>'), 'https://shop.example/p/2');
    expect(md.fields.title).toBe('Safe');
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('bounds its work on deep nesting and huge JSON-LD', () => {
    const deepJson = `${'{"@graph":['.repeat(5000)}{"@type":"Product","name":"Deep","offers":{"price":1}}${']}'.repeat(5000)}`;
    const huge = JSON.stringify({ '@type': 'Product', name: 'Huge', description: 'x'.repeat(2_000_000) });
    const many = Array.from({ length: 200 }, (_, i) => `<script type="application/ld+json">{"@type":"Thing","name":"t${i}"}</script>`).join('');
    const nested = '<div>'.repeat(3000) + '<span class="price">€ 1</span>' + '</div>'.repeat(3000);
    const t0 = performance.now();
    const results = [
      detect(parse(`<script type="application/ld+json">${deepJson}</script>`), 'https://s.example/a'),
      detect(parse(`<script type="application/ld+json">${huge}</script>`), 'https://s.example/b'),
      detect(parse(many), 'https://s.example/c'),
      detect(parse(nested), 'https://s.example/d'),
    ];
    for (const r of results) checkDetection(r);
    // The deep product is beyond the depth cap and the huge block beyond the size cap: neither is parsed.
    expect(results[0]?.isProduct).toBe(false);
    expect(results[1]?.isProduct).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('cleanUrl only ever returns http(s) URLs without tracking parameters', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), hostileString), fc.constantFrom('utm_source', 'gclid', 'fbclid', 'ref', 'tag', '_ga', 'mc_eid'), (url, tracker) => {
        const withTracker = /^https?:/.test(url) ? `${url.split('#')[0]}${url.includes('?') ? '&' : '?'}${tracker}=x` : url;
        const out = cleanUrl(withTracker);
        if (out === undefined) return;
        expect(out).toMatch(/^https?:\/\//);
        expect(new URL(out).searchParams.has(tracker)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
