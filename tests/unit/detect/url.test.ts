import { describe, expect, it } from 'vitest';
import { cleanUrl } from '../../../lib/detect/url';

describe('cleanUrl', () => {
  it('drops tracking parameters and keeps the rest in their original encoding', () => {
    expect(
      cleanUrl('https://shop.example/p/mug-123?utm_source=nl&utm_medium=email&gclid=abc&fbclid=x&msclkid=y&mc_eid=z&srsltid=q&_ga=1&cat=27&index=6'),
    ).toBe('https://shop.example/p/mug-123?cat=27&index=6');
    expect(cleanUrl('https://shop.example/item?cid=CSE%3AShop&q=a%20b')).toBe('https://shop.example/item?q=a%20b');
  });

  it('keeps variant parameters', () => {
    expect(cleanUrl('https://shop.example/products/tee?variant=123&utm_campaign=x')).toBe('https://shop.example/products/tee?variant=123');
    expect(cleanUrl('https://shop.example/p/1?skuId=9&childSku=8&size=M&color=red&ref=home')).toBe(
      'https://shop.example/p/1?skuId=9&childSku=8&size=M&color=red',
    );
  });

  it('keeps identity fragments only', () => {
    expect(cleanUrl('https://www.otto.de/p/kaercher-k3-848068924/?gclid=1#variationId=836232854')).toBe(
      'https://www.otto.de/p/kaercher-k3-848068924/#variationId=836232854',
    );
    expect(cleanUrl('https://shop.example/p/1#reviews')).toBe('https://shop.example/p/1');
    expect(cleanUrl('https://shop.example/p/1.html#a=3|p=12|t=campaign')).toBe('https://shop.example/p/1.html');
    expect(cleanUrl('https://shop.example/p/1#start=1')).toBe('https://shop.example/p/1');
  });

  it('canonicalises Amazon to /dp/<ASIN>, dropping slug, ref segment and every parameter', () => {
    expect(cleanUrl('https://www.amazon.co.uk/Tefal-Pots-Pans/dp/B004SNMXRS/ref=sr_1_3?keywords=pans&qid=1&th=1&psc=1')).toBe(
      'https://www.amazon.co.uk/dp/B004SNMXRS',
    );
    expect(cleanUrl('https://www.amazon.de/gp/product/b00brmiu7a?pf_rd_r=1&tag=aff-21')).toBe('https://www.amazon.de/dp/B00BRMIU7A');
  });

  it('applies a retailer allowlist on product pages only', () => {
    expect(cleanUrl('https://www.zara.com/be/en/boots-p11002710.html?v1=84518927&v2=1591216&foo=1')).toBe(
      'https://www.zara.com/be/en/boots-p11002710.html?v1=84518927&v2=1591216',
    );
    expect(cleanUrl('https://www.ebay.com/itm/Vintage-Bag/143863282131?hash=item21&var=55')).toBe('https://www.ebay.com/itm/143863282131?var=55');
    expect(cleanUrl('https://www.target.com/p/lego-set/-/A-54191097?preselect=54191100&clkid=1')).toBe(
      'https://www.target.com/p/-/A-54191097?preselect=54191100',
    );
    // A search page on the same host keeps its (non-tracking) query.
    expect(cleanUrl('https://www.amazon.com/s?k=headphones&ref=nb')).toBe('https://www.amazon.com/s?k=headphones');
  });

  it('only returns http(s) URLs', () => {
    expect(cleanUrl('javascript:alert(1)')).toBeUndefined();
    expect(cleanUrl('data:text/html,<b>x</b>')).toBeUndefined();
    expect(cleanUrl('ftp://example.com/a')).toBeUndefined();
    expect(cleanUrl('not a url')).toBeUndefined();
    expect(cleanUrl('')).toBeUndefined();
    expect(cleanUrl('https://user:pw@shop.example/p/1')).toBe('https://shop.example/p/1');
  });
});
