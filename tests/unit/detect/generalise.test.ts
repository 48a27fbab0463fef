// @vitest-environment happy-dom
/**
 * Issue 25: classes of page-reading error, each on markup written for this test (no third-party page content).
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../../../lib/detect';
import { skuToken } from '../../../lib/detect/heuristics';

function page(body: string, head = ''): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, 'text/html');
}
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

describe('page reading that generalises (issue 25)', () => {
  it('(1) takes the sale price, not the list price marked up beside it', () => {
    // microdata: the list price struck through, then the sale price, both as itemprop=price
    const md = page(`<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Trail Kettle</h1>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
        <s><span itemprop="price" content="49.00">49,00 €</span></s> <span itemprop="price" content="34.90">34,90 €</span>
        <meta itemprop="priceCurrency" content="EUR"></div></div>`);
    expect(detect(md, 'https://shop.example/kettle').fields.price).toBe('34.9');
    // JSON-LD: a priceSpecification list whose first entry is the strikethrough price
    const spec = page(ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Trail Kettle', offers: { '@type': 'Offer', priceSpecification: [
      { '@type': 'UnitPriceSpecification', priceType: 'https://schema.org/StrikethroughPrice', price: 49, priceCurrency: 'EUR' },
      { '@type': 'UnitPriceSpecification', price: 34.9, priceCurrency: 'EUR' },
    ] } }));
    expect(detect(spec, 'https://shop.example/kettle').fields.price).toBe('34.9');
    // page text: Magento's old price carries only data-price-type
    const dom = page(`<h1>Trail Kettle</h1><span class="price-wrap" data-price-type="oldPrice">€49.00</span>
      <span class="price-now">€34.90</span><button>Add to cart</button>`);
    expect(detect(dom, 'https://shop.example/kettle').fields.price).toBe('34.9');
  });

  it("(2) does not take a news article's subscription Product (isPartOf) for the page's product", () => {
    const article = { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Council approves the new bridge',
      isPartOf: { '@type': ['CreativeWork', 'Product'], name: 'The Daily Example', productID: 'dailyexample.example:basic' } };
    // nested in JSON-LD's @graph by reference, and in microdata
    const graph = page(ld({ '@context': 'https://schema.org', '@graph': [{ ...article, isPartOf: { '@id': '#sub' } },
      { '@id': '#sub', '@type': ['CreativeWork', 'Product'], name: 'The Daily Example', productID: 'dailyexample.example:basic' }] }));
    expect(detect(graph, 'https://news.example/2024/bridge').isProduct).toBe(false);
    const micro = page(`<article itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Council approves the new bridge</h1>
      <div itemprop="isPartOf" itemscope itemtype="https://schema.org/Product"><meta itemprop="name" content="The Daily Example">
      <meta itemprop="productID" content="dailyexample.example:basic"></div><p>Text.</p></article>`);
    expect(detect(micro, 'https://news.example/2024/bridge').isProduct).toBe(false);
    // a priced product on an article page is still read (a shop's article-typed product page)
    const priced = page(ld([article, { '@context': 'https://schema.org', '@type': 'Product', name: 'Bridge print', offers: { '@type': 'Offer', price: '20', priceCurrency: 'USD' } }]));
    expect(detect(priced, 'https://news.example/shop/print').isProduct).toBe(true);
  });

  it('(3) reads a sku without the text run into it', () => {
    expect(skuToken('48213 In stock')).toBe('48213');
    expect(skuToken('48213Available')).toBe('48213');
    expect(skuToken('AB-1234Black')).toBe('AB-1234');
    expect(skuToken('XK-77')).toBe('XK-77');
    const doc = page(`<h1>Desk Lamp</h1><div class="price">$25.00</div><button>Add to cart</button>
      <ul><li><span>SKU:</span> <span>48213</span><span>In stock</span></li></ul>`);
    expect(detect(doc, 'https://lamps.example/desk-lamp').fields.sku).toBe('48213');
  });

  it("(4) takes the selected variant's identifier, not the parent's", () => {
    const product = { '@context': 'https://schema.org', '@type': 'Product', name: 'Wool Socks', sku: 'SOCK', offers: [
      { '@type': 'Offer', sku: 'SOCK-S', gtin13: '4006381333931', price: '12.00', priceCurrency: 'EUR', availability: 'https://schema.org/InStock', url: 'https://socks.example/products/wool?variant=111' },
      { '@type': 'Offer', sku: 'SOCK-L', gtin13: '4006381333948', price: '14.00', priceCurrency: 'EUR', availability: 'https://schema.org/OutOfStock', url: 'https://socks.example/products/wool?variant=222' },
    ] };
    const d = detect(page(ld(product)), 'https://socks.example/products/wool?variant=222&utm_source=mail');
    expect(d.fields).toMatchObject({ sku: 'SOCK-L', gtin: '4006381333948', price: '14', availability: 'OutOfStock' });
    // no variant in the URL: the product's own sku
    expect(detect(page(ld(product)), 'https://socks.example/products/wool').fields.sku).toBe('SOCK');
    // one Product per size and no group: in stock when any size is, and no one size's sku is the product's
    const sizes = ['S', 'M'].map((s, i) => ({ '@context': 'https://schema.org', '@type': 'Product', name: 'Wool Socks', sku: `SOCK-${s}`, mpn: `SOCK-${s}`,
      offers: { '@type': 'Offer', price: '12.00', priceCurrency: 'EUR', availability: `https://schema.org/${i ? 'InStock' : 'OutOfStock'}` } }));
    const s = detect(page(ld(sizes)), 'https://socks.example/wool-socks');
    expect(s.fields.availability).toBe('InStock');
    expect(s.fields.sku).toBeUndefined();
    expect(s.fields.mpn).toBeUndefined();
  });

  it('(5) reads prices written with a thousands separator in structured data and meta tags', () => {
    const doc = page(ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Espresso Machine', offers: { '@type': 'Offer', price: '1.299', priceCurrency: 'EUR' } }));
    expect(detect(doc, 'https://coffee.example/espresso').fields.price).toBe('1299');
    const cents = page(ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Filter', offers: { '@type': 'Offer', price: '12.99', priceCurrency: 'EUR' } }));
    expect(detect(cents, 'https://coffee.example/filter').fields.price).toBe('12.99');
    const text = page(`<h1>Espresso Machine</h1><div class="product-price">1.299,00 €</div><button>In den Warenkorb</button>`);
    expect(detect(text, 'https://coffee.example/espresso').fields.price).toBe('1299');
  });
});
