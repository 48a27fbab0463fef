import { describe, expect, it } from 'vitest';
import { cleanText, normalizeAvailability, normalizeCurrency, normalizeGtin, parsePrice, safeUrl } from '../../../lib/detect/text';

describe('text normalisation', () => {
  it('parses prices in many notations', () => {
    expect(parsePrice('19.99')).toBe('19.99');
    expect(parsePrice('€ 1.234,56')).toBe('1234.56');
    expect(parsePrice('$1,234.50')).toBe('1234.5');
    expect(parsePrice('1 234,00 zł')).toBe('1234');
    expect(parsePrice("CHF 1'299.90")).toBe('1299.9');
    expect(parsePrice('49,-')).toBe('49');
    expect(parsePrice('R$ 689,99')).toBe('689.99');
    expect(parsePrice(12.5)).toBe('12.5');
    // Structured data mandates "." as decimal separator, but a price with exactly three decimals is a thousands group
    // written the page's way (issue 25); other decimals, and "0.125", stay decimals.
    expect(parsePrice('1.234', true)).toBe('1234');
    expect(parsePrice('12.345', true)).toBe('12345');
    expect(parsePrice('1.2345', true)).toBe('1.2345');
    expect(parsePrice('0.125', true)).toBe('0.125');
    expect(parsePrice('1.25', true)).toBe('1.25');
    expect(parsePrice('1.234')).toBe('1234');
    expect(parsePrice('free')).toBeUndefined();
    expect(parsePrice(-3)).toBeUndefined();
    expect(parsePrice({})).toBeUndefined();
  });

  it('maps currencies to ISO 4217, resolving "$" by TLD', () => {
    expect(normalizeCurrency('eur')).toBe('EUR');
    expect(normalizeCurrency('€')).toBe('EUR');
    expect(normalizeCurrency('£')).toBe('GBP');
    expect(normalizeCurrency('zł')).toBe('PLN');
    expect(normalizeCurrency('$', 'www.bestbuy.ca')).toBe('CAD');
    expect(normalizeCurrency('$', 'shop.com')).toBe('USD');
    expect(normalizeCurrency('Rs', 'olx.com.pk')).toBe('PKR');
    expect(normalizeCurrency('kr', 'shop.se')).toBe('SEK');
    expect(normalizeCurrency('nonsense')).toBeUndefined();
  });

  it('maps availability', () => {
    expect(normalizeAvailability('http://schema.org/InStock')).toBe('InStock');
    expect(normalizeAvailability('https://schema.org/OutOfStock')).toBe('OutOfStock');
    expect(normalizeAvailability('in stock')).toBe('InStock');
    expect(normalizeAvailability('SoldOut')).toBe('OutOfStock');
    expect(normalizeAvailability('PreOrder')).toBeUndefined();
  });

  it('cleans text: entities decoded, markup removed, whitespace collapsed, length capped', () => {
    expect(cleanText('  <p>Hello&nbsp;<b>world</b></p>\n')).toBe('Hello world');
    expect(cleanText('&lt;script&gt;alert(1)&lt;/script&gt;Mug')).toBe('Mug');
    expect(cleanText('a<img src=x onerror=alert(1)>b')).toBe('a b');
    expect(cleanText('x'.repeat(1000))?.length).toBe(300);
    expect(cleanText('   ')).toBeUndefined();
    expect(cleanText({ toString: () => 'x' })).toBeUndefined();
  });

  it('accepts only http(s) URLs', () => {
    expect(safeUrl('/img/a.jpg', 'https://shop.example/p/1')).toBe('https://shop.example/img/a.jpg');
    expect(safeUrl('javascript:alert(1)', 'https://shop.example/')).toBeUndefined();
    expect(safeUrl(' JaVaScRiPt:alert(1)', 'https://shop.example/')).toBeUndefined();
    expect(safeUrl('data:image/png;base64,AAAA')).toBeUndefined();
  });

  it('validates GTINs', () => {
    expect(normalizeGtin('4005556050178')).toBe('4005556050178');
    expect(normalizeGtin('EAN: 0 99482 46799 9')).toBe('099482467999');
    expect(normalizeGtin('12345')).toBeUndefined();
  });
});
