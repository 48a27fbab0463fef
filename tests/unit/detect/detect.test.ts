// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detect, type Detection } from '../../../lib/detect/index';
import { sanitizeDetection } from '../../../lib/lookup/sanitize';

/** The identity URL the background looks up: the detector reports the address as it stands, sanitize cleans it. */
const identityOf = (d: Detection): string | undefined => sanitizeDetection(d)?.url;

const page = (head: string, body = ''): Document =>
  new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, 'text/html');
// Like real sites, "<" is escaped inside JSON-LD so a "</script>" in a string cannot end the block.
const ld = (data: unknown): string =>
  `<script type="application/ld+json">${typeof data === 'string' ? data : JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;

describe('detect: JSON-LD', () => {
  it('reads a Product with an Offer', () => {
    const d = detect(
      page(
        ld({
          '@context': 'https://schema.org',
          '@type': 'Product',
          name: 'Mug &amp; <b>Saucer</b>',
          brand: { '@type': 'Brand', name: 'Acme' },
          sku: 'MUG-1',
          gtin13: '4005556050178',
          mpn: 'M1',
          image: ['/img/mug.jpg'],
          description: '<p>Nice <script>alert(1)</script>mug</p>',
          offers: { '@type': 'Offer', price: '19.90', priceCurrency: 'eur', availability: 'https://schema.org/InStock' },
        }),
      ),
      'https://shop.example/p/mug?utm_source=x',
    );
    expect(d.isProduct).toBe(true);
    expect(d.signals).toContain('json-ld');
    expect(identityOf(d)).toBe('https://shop.example/p/mug');
    expect(d.fields).toMatchObject({
      title: 'Mug & Saucer',
      brand: 'Acme',
      sku: 'MUG-1',
      gtin: '4005556050178',
      mpn: 'M1',
      price: '19.9',
      currency: 'EUR',
      availability: 'InStock',
      image: 'https://shop.example/img/mug.jpg',
      description: 'Nice mug',
    });
  });

  it('finds products in @graph, arrays and mainEntity, and survives a broken block next to a good one', () => {
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'S' }, { '@type': 'Product', name: 'In graph', offers: { price: 5 } }] };
    expect(detect(page(ld('{ broken json') + ld(graph)), 'https://s.example/p/1').fields.title).toBe('In graph');
    expect(detect(page(ld([{ '@type': 'Organization' }, { '@type': ['Car', 'Product'], name: 'Alto', offers: { price: '635000' } }])), 'https://s.example/p/2').fields).toMatchObject({ title: 'Alto', price: '635000' });
    expect(detect(page(ld({ '@type': 'WebPage', mainEntity: { '@type': 'product', name: 'Lower-case type' } })), 'https://s.example/p/3').fields.title).toBe('Lower-case type');
    // Raw newlines inside strings are repaired.
    expect(detect(page(ld('{"@type":"Product","name":"Two\nlines"}')), 'https://s.example/p/4').fields.title).toBe('Two lines');
  });

  it('reads a ProductGroup, picking the variant named in the URL', () => {
    const group = {
      '@type': 'ProductGroup',
      name: 'Tee',
      brand: 'Acme',
      productGroupID: 'TEE',
      hasVariant: [
        { '@type': 'Product', sku: 'TEE-S', size: 'S', color: 'Red', offers: { price: '10', priceCurrency: 'USD', availability: 'OutOfStock' } },
        { '@type': 'Product', sku: 'TEE-M', size: 'M', color: 'Red', offers: { price: '12', priceCurrency: 'USD', availability: 'InStock' } },
      ],
    };
    const d = detect(page(ld(group)), 'https://s.example/products/tee?variant=TEE-M');
    expect(d.fields).toMatchObject({ title: 'Tee', brand: 'Acme', sku: 'TEE-M', price: '12', availability: 'InStock' });
    expect(d.variants).toEqual([
      { sku: 'TEE-S', size: 'S', color: 'Red', price: '10', currency: 'USD', availability: 'OutOfStock' },
      { sku: 'TEE-M', size: 'M', color: 'Red', price: '12', currency: 'USD', availability: 'InStock' },
    ]);
    expect(identityOf(d)).toBe('https://s.example/products/tee?variant=TEE-M');
  });

  it('uses isVariantOf for name and brand, AggregateOffer lowPrice, and priceSpecification', () => {
    const v = { '@type': 'Product', sku: 'V1', isVariantOf: { '@type': 'ProductGroup', name: 'Group name', brand: { name: 'GroupBrand' } }, offers: { '@type': 'AggregateOffer', lowPrice: '7.5', highPrice: '9', priceCurrency: 'GBP' } };
    expect(detect(page(ld(v)), 'https://s.example/p/v1').fields).toMatchObject({ title: 'Group name', brand: 'GroupBrand', price: '7.5', currency: 'GBP' });
    const spec = { '@type': 'Product', name: 'X', offers: { '@type': 'Offer', priceSpecification: [{ '@type': 'UnitPriceSpecification', price: 3.2, priceCurrency: 'CHF' }] } };
    expect(detect(page(ld(spec)), 'https://s.example/p/x').fields).toMatchObject({ price: '3.2', currency: 'CHF' });
  });

  it('takes the lowest in-stock offer, and is in stock when any offer is', () => {
    const p = { '@type': 'Product', name: 'X', offers: [{ price: '18.00', availability: 'OutOfStock' }, { price: '17.10', availability: 'InStock' }, { price: '5', availability: 'OutOfStock' }] };
    expect(detect(page(ld(p)), 'https://s.example/p/x').fields).toMatchObject({ price: '17.1', availability: 'InStock' });
  });

  it('prefers the product whose url is the page', () => {
    const d = detect(page(ld({ '@type': 'Product', name: 'Related', offers: { price: 1 } }) + ld({ '@type': 'Product', name: 'This one', url: 'https://s.example/p/this', offers: { price: 2 } })), 'https://s.example/p/this?gclid=1');
    expect(d.fields.title).toBe('This one');
  });

  it('does not take products listed in an ItemList (category pages) for a product page', () => {
    const list = { '@type': 'ItemList', itemListElement: [1, 2, 3].map((i) => ({ '@type': 'ListItem', position: i, item: { '@type': 'Product', name: `P${i}`, offers: { price: i } } })) };
    expect(detect(page(ld(list)), 'https://s.example/c/mugs').isProduct).toBe(false);
  });

  it('is not fooled by articles', () => {
    const art = { '@type': 'NewsArticle', headline: 'Ten mugs we love', about: { '@type': 'Product', name: 'Mug' } };
    const d = detect(page(ld(art) + '<meta property="og:type" content="article">', '<article><p>The mug costs $19.99 at most stores.</p></article>'), 'https://news.example/2024/mugs');
    expect(d.isProduct).toBe(false);
    expect(d.fields).toEqual({});
  });
});

describe('detect: microdata and RDFa', () => {
  it('reads microdata with nested offer and brand, local-format text price and lower-case property names', () => {
    const body = `<div itemscope itemtype="http://schema.org/Product">
      <h1 itemprop="name">Table  oak</h1>
      <span itemprop="brand" itemscope itemtype="http://schema.org/Brand"><span itemprop="name">IKEA</span></span>
      <span itemprop="sku">002.937.72</span>
      <div itemprop="offers" itemscope itemtype="http://schema.org/Offer">
        <span itemprop="price">1.234,50 €</span><meta itemprop="pricecurrency" content="EUR">
        <link itemprop="availability" href="http://schema.org/InStock">
      </div>
      <div itemprop="isRelatedTo" itemscope itemtype="http://schema.org/Product"><span itemprop="name">Chair</span></div>
    </div>`;
    const d = detect(page('', body), 'https://www.ikea.com/gb/en/cat/tables/');
    expect(d.signals).toContain('microdata');
    expect(d.fields).toMatchObject({ title: 'Table oak', brand: 'IKEA', sku: '002.937.72', price: '1234.5', currency: 'EUR', availability: 'InStock' });
  });

  it('reads RDFa Lite', () => {
    const body = `<div vocab="https://schema.org/" typeof="Product"><span property="name">Lamp</span>
      <div property="offers" typeof="Offer"><meta property="price" content="39.00"><meta property="priceCurrency" content="USD">
      <link property="availability" href="https://schema.org/OutOfStock"></div></div>`;
    const d = detect(page('', body), 'https://s.example/lamp');
    expect(d.signals).toContain('rdfa');
    expect(d.fields).toMatchObject({ title: 'Lamp', price: '39', currency: 'USD', availability: 'OutOfStock' });
  });
});

describe('detect: OpenGraph, canonical, retailer rules', () => {
  it('reads og:type product and product:price tags', () => {
    const head = `<meta property="og:type" content="product"><meta property="og:title" content="Red Kettle">
      <meta property="product:price:amount" content="49.00"><meta property="product:price:currency" content="GBP">
      <meta property="og:image" content="javascript:alert(1)"><link rel="canonical" href="https://s.example/kettle">`;
    const d = detect(page(head), 'https://s.example/kettle?utm_medium=social');
    expect(d.isProduct).toBe(true);
    expect(d.signals).toContain('opengraph');
    expect(d.fields).toMatchObject({ title: 'Red Kettle', price: '49', currency: 'GBP' });
    expect(d.fields.image).toBeUndefined();
    expect(d.canonicalUrl).toBe('https://s.example/kettle');
  });

  it('recognises a retailer product URL without markup and reads Amazon pages', () => {
    const body = `<span id="productTitle"> Tefal Pan Set </span><a id="bylineInfo">Visit the Tefal Store</a>
      <div id="corePrice_feature_div"><span class="a-price"><span class="a-offscreen">£48.99</span></span></div>
      <div id="availability"><span class="a-color-success"> In stock. </span></div>
      <div id="prodDetails"><table><tr><th>Item model number</th><td>A157S546</td></tr><tr><th>UPC</th><td>099482467999</td></tr></table></div>
      <input id="add-to-cart-button" type="submit" value="Add to Basket">`;
    const d = detect(page('', body), 'https://www.amazon.co.uk/Tefal-Pan/dp/B004SNMXRS/ref=sr_1_1?keywords=pan&utm_source=x');
    expect(d.isProduct).toBe(true);
    expect(d.signals).toContain('retailer-rule');
    expect(d.retailer).toBe('amazon');
    expect(identityOf(d)).toBe('https://www.amazon.co.uk/dp/B004SNMXRS');
    expect(d.fields).toMatchObject({ title: 'Tefal Pan Set', brand: 'Tefal', sku: 'B004SNMXRS', price: '48.99', currency: 'GBP', availability: 'InStock', mpn: 'A157S546', gtin: '099482467999' });
  });

  it('reads Amazon spec rows only from the product details sections', () => {
    const body = `<span id="productTitle">Pan</span><a id="bylineInfo">Visit the Tefal Store</a>
      <table><tr><th>Item model number</th><td>OTHER-1</td></tr></table>
      <div id="detailBullets_feature_div"><ul><li><span>Item model number : </span><span>A157S546</span></li></ul></div>`;
    const d = detect(page('', body), 'https://www.amazon.co.uk/dp/B004SNMXRS');
    expect(d.fields).toMatchObject({ brand: 'Tefal', mpn: 'A157S546' });
  });

  it('reads Amazon out-of-stock pages', () => {
    const body = `<span id="productTitle">Olives</span><a id="bylineInfo">Marke: Oceana</a><div id="availability"><span> Derzeit nicht verfügbar. </span></div>`;
    const d = detect(page('', body), 'https://www.amazon.de/dp/B00BRMIU7A');
    expect(d.fields).toMatchObject({ brand: 'Oceana', availability: 'OutOfStock' });
    expect(d.fields.price).toBeUndefined();
  });

  it("takes a canonical link as the identity only on the page's own site", () => {
    // A page that claims to be an Amazon product is not one: its identity stays its own address.
    const elsewhere = detect(page('<link rel="canonical" href="https://www.amazon.com/dp/B0TRAIL123">'), 'https://shop.example/p/bottle');
    expect(identityOf(elsewhere)).toBe('https://shop.example/p/bottle');
    expect(elsewhere.retailer).toBeUndefined();
    expect(elsewhere.signals).not.toContain('retailer-rule');
    // The same site's canonical (another subdomain, www. aside) still is.
    const mobile = detect(page('<link rel="canonical" href="https://www.amazon.com/dp/B0TRAIL123">'), 'https://smile.amazon.com/item/trail-bottle');
    expect(identityOf(mobile)).toBe('https://www.amazon.com/dp/B0TRAIL123');
    expect(mobile.signals).toEqual(expect.arrayContaining(['canonical', 'retailer-rule']));
  });

  it('falls back to the canonical link when the page URL is not http(s)', () => {
    const d = detect(page('<link rel="canonical" href="https://s.example/p/9?utm_source=x">'), 'about:blank');
    expect(identityOf(d)).toBe('https://s.example/p/9');
    expect(detect(page(''), 'javascript:alert(1)').url).toBe('');
  });
});

describe('detect: heuristics for pages without markup', () => {
  const shop = (extra = '') => `<h1>Bralne leče STICK-ON</h1>
    <ul><li><strong>Proizvajalec:</strong> <a href="/b">B&amp;S</a></li><li><strong>Šifra:</strong> 0638</li></ul>
    <div class="product-price"><span class="price-old">50,00 €</span><span class="price">40,00 €</span></div>
    <button type="button" id="button-cart">Naroči</button>${extra}`;

  it('detects a product page from a buy control and a price block', () => {
    const d = detect(page('<title>Shop</title>', shop()), 'https://www.vsezaoci.si/razno/bralne-lece?fbclid=1');
    expect(d.isProduct).toBe(true);
    expect(d.signals).toEqual(['heuristic']);
    expect(identityOf(d)).toBe('https://www.vsezaoci.si/razno/bralne-lece');
    expect(d.fields).toMatchObject({ title: 'Bralne leče STICK-ON', price: '40', currency: 'EUR', availability: 'InStock', brand: 'B&S', sku: '0638' });
  });

  it('does not fire on an article that mentions prices and a shop link', () => {
    const body = `<article><h1>Our favourite mugs</h1><p>This mug is <span class="price">$19.99</span>.</p><a href="https://shop/x" class="btn">Read more</a></article>`;
    expect(detect(page('<meta property="og:type" content="article">', body), 'https://blog.example/mugs').isProduct).toBe(false);
  });

  it('does not fire on category or search pages with many buy buttons', () => {
    const items = Array.from({ length: 12 }, (_, i) => `<div class="tile"><span class="price">${i + 1},00 €</span><button class="add-to-cart">Add to cart</button></div>`).join('');
    expect(detect(page('', `<h1>Mugs</h1>${items}`), 'https://s.example/c/mugs').isProduct).toBe(false);
  });

  it('needs both a buy control and a price', () => {
    expect(detect(page('', '<h1>Mug</h1><button>Add to cart</button>'), 'https://s.example/mug').isProduct).toBe(false);
    expect(detect(page('', '<h1>Mug</h1><span class="price">€ 9,90</span>'), 'https://s.example/mug').isProduct).toBe(false);
  });

  it('reports out-of-stock text', () => {
    const d = detect(page('', shop('<p class="stock-status">Sold out</p>')), 'https://s.example/p/1');
    expect(d.fields.availability).toBe('OutOfStock');
  });
});

describe('detect: spec rows and bounded scans', () => {
  const product = (fields: Record<string, unknown>) => ld({ '@type': 'Product', name: 'Lamp', offers: { '@type': 'Offer', price: 10, priceCurrency: 'EUR' }, ...fields });
  const rows = '<table><tr><td>Brand</td><td>Lumo</td></tr><tr><td>Model number</td><td>L-7</td></tr><tr><td>EAN</td><td>4006381333931</td></tr></table>';

  it('reads spec rows only when the structured data lacks the sku or the brand', () => {
    const known = detect(page(product({ sku: 'S1', brand: 'Acme' }), rows), 'https://s.example/p/lamp');
    expect(known.fields).toMatchObject({ sku: 'S1', brand: 'Acme' });
    expect(known.fields.mpn).toBeUndefined();
    expect(known.fields.gtin).toBeUndefined();
    const noBrand = detect(page(product({ sku: 'S1' }), rows), 'https://s.example/p/lamp');
    expect(noBrand.fields).toMatchObject({ sku: 'S1', brand: 'Lumo', mpn: 'L-7', gtin: '4006381333931' });
  });

  it('reads list items, paragraphs and terms that start with their label, and only those', () => {
    const body = `<ul><li>Home</li><li><a href="/x"><span>Shop by brand</span></a></li><li><b>\u200eBrand:</b> Lumo</li></ul>
      <p>Ref.</p><p>R-9</p><dl><dt>Model</dt><dd>L-7</dd></dl><ul><li>Our brand: nobody</li></ul>`;
    const d = detect(page(product({}), body), 'https://s.example/p/lamp');
    expect(d.fields).toMatchObject({ brand: 'Lumo', sku: 'R-9', mpn: 'L-7' });
  });

  it('finds the canonical link and JSON-LD blocks whatever the case of their rel and type', () => {
    const block = `<script type="Application/LD+JSON">${JSON.stringify({ '@type': 'Product', name: 'Kettle', sku: 'K1' })}</script>`;
    const d = detect(page(`<link rel="preload stylesheet" href="/x.css"><link rel="Canonical" href="/p/kettle">${block}`), 'https://s.example/p/kettle?x=1');
    expect(d.canonicalUrl).toBe('https://s.example/p/kettle');
    expect(d.signals).toContain('json-ld');
    expect(d.fields).toMatchObject({ title: 'Kettle', sku: 'K1' });
  });
});
