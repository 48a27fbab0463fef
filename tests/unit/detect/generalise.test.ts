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

  it('(6) takes the price beside the buy button, not a recommendation tile price, when the main price is not named "price"', () => {
    const doc = page(`<h1>Smoked Almonds 200 g</h1>
      <div class="buy-box"><ul><li>Was <s>$11</s></li><li>Save <span>30</span>%</li></ul><p class="deal">Now only $<b>7</b> a bag</p>
      <a class="btn" id="buy" href="#">Add to cart</a></div>
      <section><h2>You may also like</h2>
        <div class="tile"><span class="tile-name">Cashews</span><span class="tile-price">$12</span></div>
        <div class="tile"><span class="tile-name">Pecans</span><span class="tile-price">$15</span></div>
        <div class="tile"><span class="tile-name">Walnuts</span><span class="tile-price">$9</span></div></section>`);
    expect(detect(doc, 'https://nuts.example/almonds').fields).toMatchObject({ price: '7', currency: 'USD' });
    // recommendation cards before a main price far from the buy button: the main price
    const far = page(`<div class="strip"><div class="card"><span class="card-price">$12</span></div><div class="card"><span class="card-price">$9</span></div></div>
      <main><h1>Pecans</h1><div class="box"><span class="price">$15</span></div><div class="box"><div><div><button>Add to cart</button></div></div></div></main>`);
    expect(detect(far, 'https://nuts.example/pecans').fields.price).toBe('15');
    // an option's surcharge beside the button is no price
    const option = page(`<h1>Goggles</h1><span class="price">$40</span><form><label><input type="radio"> With lenses (+$15.00)</label><button>Add to cart</button></form>`);
    expect(detect(option, 'https://nuts.example/goggles').fields.price).toBe('40');
  });

  it("(7) takes an auction's current bid, not its start price", () => {
    const lot = { '@context': 'https://schema.org', '@type': 'Product', name: 'Brass Telescope', sku: 'LOT-118', offers: { '@type': 'Offer',
      price: 50, priceCurrency: 'USD', availability: 'https://schema.org/InStock', availabilityEnds: '2030-05-01T18:00:00Z', itemOffered: 'For auction: Brass Telescope, lot 118' } };
    const withMeta = page(`<h1>Brass Telescope</h1><div class="bid"><span class="current-price">$260</span> 7 bids</div><p>Starting price $50</p>`,
      `<meta property="product:price:amount" content="260"><meta property="product:price:currency" content="USD">${ld(lot)}`);
    expect(detect(withMeta, 'https://lots.example/lot/118').fields.price).toBe('260');
    // without meta tags: the page's price block
    const domOnly = page(`<h1>Brass Telescope</h1><div class="bid"><span class="current-price">$260</span> 7 bids</div>${ld(lot)}`);
    expect(detect(domOnly, 'https://lots.example/lot/118').fields.price).toBe('260');
    // no bid yet (the page shows the start price): the start price
    const noBid = page(`<h1>Brass Telescope</h1><span class="current-price">$50</span>${ld(lot)}`);
    expect(detect(noBid, 'https://lots.example/lot/118').fields.price).toBe('50');
    // a shop's offer with a sale end date is no auction: its structured price stands
    const sale = { ...lot, offers: { ...lot.offers, itemOffered: undefined } };
    const shop = page(`<h1>Brass Telescope</h1><span class="price">$260</span>`, `<meta property="product:price:amount" content="260">${ld(sale)}`);
    expect(detect(shop, 'https://shop.example/telescope').fields.price).toBe('50');
  });

  it('(8) takes the product reference the page shows over a different structured id', () => {
    const product = { '@context': 'https://schema.org', '@type': 'Product', name: 'Linen Shirt', sku: '40091234-250-38', mpn: '40091234-250-38',
      offers: { '@type': 'Offer', price: '39.95', priceCurrency: 'EUR' } };
    const ref = page(`<h1>Linen Shirt</h1><p><span>Sand</span> - <span data-qa-qualifier="product-reference">4402/118</span></p>${ld(product)}`);
    expect(detect(ref, 'https://wear.example/linen-shirt-p44021180.html').fields.sku).toBe('4402/118');
    // "Product code: N" in a product-code element, where the structured data names only the URL's id
    const code = page(`<h1>Desk Fan</h1><div class="details"><p class="product-code">Product code: 77001234</p></div>
      ${ld({ ...product, sku: undefined, mpn: undefined, productId: '5501234' })}`);
    expect(detect(code, 'https://home.example/desk-fan/p5501234').fields.sku).toBe('77001234');
    // the same reference shown as in the structured data: unchanged; a reference list of many (a listing) is no reference
    const same = page(`<h1>Linen Shirt</h1><span class="product-sku">SKU: 40091234-250-38</span>${ld(product)}`);
    expect(detect(same, 'https://wear.example/linen-shirt').fields.sku).toBe('40091234-250-38');
  });

  it('(9) reads three-decimal currencies (KWD, BHD, OMR): "1.250 KWD" is one and a quarter dinars', () => {
    const text = page(`<h1>Phone Case</h1><div class="product-price">1.250 KWD</div><button>Add to cart</button>`);
    expect(detect(text, 'https://cases.example/kw/phone-case').fields).toMatchObject({ price: '1.25', currency: 'KWD' });
    const json = page(ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Phone Case', offers: { '@type': 'Offer', price: '12.500', priceCurrency: 'BHD' } }));
    expect(detect(json, 'https://cases.example/bh/phone-case').fields.price).toBe('12.5');
    // a two-decimal currency keeps the thousands reading, and a grouped three-decimal price keeps its grouping
    const eur = page(ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Phone Case', offers: { '@type': 'Offer', price: '1.250', priceCurrency: 'EUR' } }));
    expect(detect(eur, 'https://cases.example/de/phone-case').fields.price).toBe('1250');
    const big = page(`<h1>Sofa</h1><div class="product-price">1,250.500 OMR</div><button>Add to cart</button>`);
    expect(detect(big, 'https://sofa.example/om/sofa').fields.price).toBe('1250.5');
  });
});
