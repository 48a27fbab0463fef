/**
 * resolve-from-html: the extraction ladder (JSON-LD → Open Graph → HTML meta), the canonical URL rules, the warnings,
 * the size limits (413 before parsing, 422 without echoing the document) and hostile input in linear time.
 */
import { describe, expect, it } from 'vitest';
import { extractProduct, resolveFromHtml, scanHtml } from '../../../sandbox/resolve-html';
import { DEMO_API_KEY } from '../../../sandbox/server';
import { useSandbox } from '../helpers/sandbox';
import { RESOLVE_HTML_MAX_CHARS, REQUEST_BODY_MAX_BYTES } from '../../../lib/octogen/schemas';

const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
const product = {
  '@context': 'https://schema.org',
  '@type': 'Product',
  name: 'Copper Kettle',
  url: 'https://shop.example/products/copper-kettle',
  image: ['https://shop.example/a.jpg', 'https://shop.example/b.jpg'],
  brand: { '@type': 'Brand', name: 'Kupferhaus' },
  description: 'A kettle.',
  offers: { '@type': 'Offer', price: '59.00', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
};
const og = `<meta property="og:type" content="product"><meta property="og:title" content="OG Title &amp; Co">
<meta property="og:url" content="https://shop.example/og-url"><meta property="og:image" content="/og.jpg">
<meta property="product:price:amount" content="12.50"><meta property="product:price:currency" content="USD">`;
const page = (head: string, body = '') => `<!doctype html><html><head><title>Page title</title>${head}</head><body>${body}</body></html>`;

describe('extraction order', () => {
  it('JSON-LD Product first, filling gaps from Open Graph', () => {
    const found = extractProduct(page(og + ld({ ...product, brand: undefined })), 'https://shop.example/products/copper-kettle?variant=2');
    expect(found?.method).toBe('json_ld');
    expect(found?.fields.title).toBe('Copper Kettle');
    expect(found?.fields.price).toBe('59');
    expect(found?.images).toEqual(['https://shop.example/a.jpg', 'https://shop.example/b.jpg']);
    expect(found?.declaredCanonical).toBe('https://shop.example/products/copper-kettle');
  });

  it('Open Graph when there is no JSON-LD Product (a WebSite block does not count)', () => {
    const found = extractProduct(page(og + ld({ '@type': 'WebSite', name: 'x' })), 'https://shop.example/p');
    expect(found?.method).toBe('open_graph');
    expect(found?.fields).toMatchObject({ title: 'OG Title & Co', price: '12.5', currency: 'USD' });
    expect(found?.images).toEqual(['https://shop.example/og.jpg']);
    expect(found?.declaredCanonical).toBe('https://shop.example/og-url');
  });

  it('plain HTML meta last: a title and a price in name= tags', () => {
    const found = extractProduct(page('<meta name="price" content="9.99"><meta name="twitter:title" content="Mug">'), 'https://shop.example/p');
    expect(found?.method).toBe('html_meta');
    expect(found?.fields.title).toBe('Mug');
  });

  it('nothing product-like: an article page gives nothing', () => {
    expect(extractProduct(page('<meta property="og:type" content="article"><meta property="og:title" content="News">'), 'https://x.example/')).toBeUndefined();
  });

  it('ignores tags inside comments and scripts', () => {
    const html = page(`<!-- ${og} --><script>var s = '${og.replace(/\n/g, ' ')}';</script>`);
    expect(extractProduct(html, 'https://shop.example/p')).toBeUndefined();
  });
});

describe('the answer', () => {
  it('has the client_html shape: nulls where the notes say, images via images[] and primaryImage', () => {
    const outcome = resolveFromHtml({ html: page(ld(product)), url: 'https://shop.example/products/copper-kettle?variant=2' });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.body).toMatchObject({
      source: 'client_html',
      resolvedUrl: null,
      cacheStatus: null,
      requestedUrl: 'https://shop.example/products/copper-kettle?variant=2',
      canonicalUrl: 'https://shop.example/products/copper-kettle',
      warnings: [],
      resolution: { completeness: 'complete', method: 'json_ld', rendered: false, missingFields: [] },
    });
    expect(outcome.body.product).toMatchObject({ uuid: null, catalogKey: null, isActive: null, imageUrl: null, currentPrice: 59, currency: 'EUR' });
    expect(outcome.body.product.primaryImage?.url).toBe('https://shop.example/a.jpg');
    expect(outcome.body.product.images).toHaveLength(2);
  });

  it('falls back to the submitted URL as canonical; without either it is product_not_found', () => {
    const html = page('<meta property="og:type" content="product"><meta property="og:title" content="T"><meta property="product:price:amount" content="1">');
    const withUrl = resolveFromHtml({ html, url: 'https://shop.example/p/1' });
    expect(withUrl.ok && withUrl.body.canonicalUrl).toBe('https://shop.example/p/1');
    expect(withUrl.ok && withUrl.body.resolution?.completeness).toBe('partial');
    expect(withUrl.ok && withUrl.body.resolution?.missingFields).toEqual(['brand', 'images', 'currency']);
    expect(resolveFromHtml({ html })).toEqual({ ok: false, status: 404, detail: 'product_not_found' });
  });

  it('warns source_url_missing without a url, product_fields_clamped over 10,000 description chars or 50 images', () => {
    const images = Array.from({ length: 60 }, (_, i) => `https://shop.example/${i}.jpg`);
    const outcome = resolveFromHtml({ html: page(ld({ ...product, image: images, description: 'x'.repeat(12_000) })) });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.body.warnings).toEqual(['source_url_missing', 'product_fields_clamped']);
    expect(outcome.body.product.images).toHaveLength(50);
    expect(outcome.body.product.description).toHaveLength(10_000);
    expect(outcome.body.requestedUrl).toBeNull();
  });

  it('hostile markup is scanned in linear time', () => {
    for (const unit of ['<meta ', "<meta a='", '<script type=application/ld+json>{', '<!--', '<link rel=canonical href="', '<<<<', '&#x1;&amp']) {
      const html = unit.repeat(Math.floor(2_000_000 / unit.length));
      const started = performance.now();
      scanHtml(html);
      extractProduct(html, 'https://x.example/');
      expect(performance.now() - started, unit).toBeLessThan(1500);
    }
  });
});

describe('over HTTP', () => {
  const sandbox = useSandbox({ rateLimitPerMinute: 10_000 });
  const post = (body: string, path = '/products/resolve-from-html') =>
    fetch(`${sandbox().baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json' }, body });

  it('a body over 8 MiB is 413 request_body_too_large, checked before parsing (broken JSON too)', async () => {
    const big = `{"html": "${'a'.repeat(REQUEST_BODY_MAX_BYTES)}`;
    const r = await post(big);
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ detail: 'request_body_too_large' });
    const journal = (await (await fetch(`${sandbox().origin}/__sandbox/requests`)).json()) as any[];
    expect(journal.at(-1).body).toEqual({ bodyTooLarge: true, bytes: big.length });
  });

  it('html over 5 MiB characters is 422 string_too_long, without echoing the document', async () => {
    const r = await post(JSON.stringify({ html: 'a'.repeat(RESOLVE_HTML_MAX_CHARS + 1), url: 'https://shop.example/p' }));
    expect(r.status).toBe(422);
    const body = (await r.json()) as any;
    expect(body.detail[0]).toMatchObject({ type: 'string_too_long', loc: ['body', 'html'], ctx: { max_length: RESOLVE_HTML_MAX_CHARS } });
    expect(JSON.stringify(body).length).toBeLessThan(1000);
  });

  it('a new-arrival page: lookup says 404, resolve-from-html finds it; the journal shows what was sent, not the whole page', async () => {
    const info = (await (await fetch(`${sandbox().origin}/__sandbox/info`)).json()) as any;
    expect(info.unindexedPages.length).toBeGreaterThanOrEqual(12);
    const url = info.unindexedPages[0] as string;
    const html = await (await fetch(url)).text();
    const lookup = await post(JSON.stringify({ url }), '/products/lookup');
    expect(lookup.status).toBe(404);
    const padded = html + `<!-- ${'x'.repeat(50_000)} -->`;
    const r = await post(JSON.stringify({ html: padded, url }));
    expect(r.status).toBe(200);
    const body = (await r.json()) as any;
    expect(body.source).toBe('client_html');
    expect(body.canonicalUrl).toBe(url);
    expect(body.product.title).toMatch(/New Arrival/);
    expect(body.resolution).toMatchObject({ method: 'json_ld', completeness: 'complete' });
    const journal = (await (await fetch(`${sandbox().origin}/__sandbox/requests`)).json()) as any[];
    const entry = journal.filter((e) => e.path === '/v1/products/resolve-from-html').at(-1);
    expect(entry.body.url).toBe(url);
    expect(entry.body.htmlLength).toBe(padded.length);
    expect(entry.body.html.length).toBeLessThan(padded.length);
  });

  it('faults can make it answer 502/503/504', async () => {
    await fetch(`${sandbox().origin}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/v1/products/resolve-from-html', status: 503, body: { detail: 'product_resolution_unavailable' } }),
    });
    const r = await post(JSON.stringify({ html: '<p>x</p>' }));
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ detail: 'product_resolution_unavailable' });
  });
});
