import { describe, expect, it } from 'vitest';
import { cleanText, foldCode, foldText, foldUrl, gtinCheckDigit, normalizeAvailability, normalizeCurrency, parseAmount, readGtin } from '../../../lib/audit/normalize';

describe('cleanText', () => {
  it('collapses whitespace, drops control and invisible characters, bounds the length', () => {
    expect(cleanText('  Trail\n\t Bottle\u0000\u200b  ')).toBe('Trail Bottle');
    expect(cleanText('x'.repeat(1000))).toHaveLength(300);
    expect(cleanText('x'.repeat(1000))!.endsWith('…')).toBe(true);
    expect(cleanText(42)).toBe('42');
    for (const junk of [undefined, null, {}, [], '   ', true]) expect(cleanText(junk)).toBeUndefined();
  });
});

describe('foldText (titles, brands)', () => {
  it('ignores case, spacing, typographic quotes and trade marks', () => {
    expect(foldText('  Women’s  Basin RAIN Jacket™ ')).toBe(foldText("women's basin rain jacket"));
    expect(foldText('Nova E‑Reader 6″')).toBe(foldText('nova e-reader 6"'));
    expect(foldText('Kettle 2 L')).not.toBe(foldText('Kettle 3 L'));
  });
});

describe('normalizeCurrency', () => {
  it('reads codes in any case and the common symbols', () => {
    expect(normalizeCurrency('usd')).toBe('USD');
    expect(normalizeCurrency(' EUR ')).toBe('EUR');
    expect(normalizeCurrency('€')).toBe('EUR');
    expect(normalizeCurrency('£')).toBe('GBP');
    expect(normalizeCurrency('$')).toBe('USD');
    expect(normalizeCurrency('US$')).toBe('USD');
    expect(normalizeCurrency('C$')).toBe('CAD');
    expect(normalizeCurrency('¥')).toBe('JPY');
  });
  it('does not guess what it cannot read', () => {
    for (const v of ['kr', 'dollars', 'EURO', '', 12, null, '€€']) expect(normalizeCurrency(v)).toBeUndefined();
  });
});

describe('parseAmount: decimal separators by locale', () => {
  it.each([
    ['19.99', 19.99],
    ['19,99', 19.99],
    ['1.299,00', 1299],
    ['1,299.00', 1299],
    ['1 299,00 €', 1299],
    ['1\u00a0299,50', 1299.5],
    ['$1,299', 1299],
    ["CHF 1'299.50", 1299.5],
    ['£64.00', 64],
    ['71,90 €', 71.9],
    ['1.299.000', 1299000],
    ['0.5', 0.5],
  ])('%s is %d', (text, amount) => expect(parseAmount(text)).toBe(amount));

  it('reads a lone separator before three digits by the page language', () => {
    expect(parseAmount('1,299')).toBe(1299);
    expect(parseAmount('1.299')).toBe(1299);
    expect(parseAmount('1,299', { locale: 'de-DE' })).toBe(1.299);
    expect(parseAmount('1.299', { locale: 'de-DE' })).toBe(1299);
    expect(parseAmount('1.299', { locale: 'en-US' })).toBe(1.299);
    expect(parseAmount('1,299', { locale: 'en-GB' })).toBe(1299);
  });
  it('a currency without minor units is never read with decimals', () => {
    expect(parseAmount('1.299', { locale: 'en', currency: 'JPY' })).toBe(1299);
    expect(parseAmount('¥1,299', { currency: '¥' })).toBe(1299);
  });
  it('numbers pass through; junk, ranges, negatives and bad groupings are not amounts', () => {
    expect(parseAmount(12.5)).toBe(12.5);
    for (const v of ['', 'free', '10 - 20', 'from 10 to 20', '-5', '12,34,56', '1.2.3', 'NaN', Number.NaN, -3, Infinity, {}, null, '1'.repeat(80)])
      expect(parseAmount(v), String(v)).toBeUndefined();
  });
});

describe('normalizeAvailability: schema.org spellings', () => {
  it.each([
    'https://schema.org/InStock',
    'http://schema.org/InStock',
    'https://www.schema.org/InStock',
    'InStock',
    'instock',
    'in_stock',
    'in stock',
    'In-Stock',
    'schema:InStock',
  ])('%s is in stock', (v) => expect(normalizeAvailability(v)?.inStock).toBe(true));
  it.each(['http://schema.org/OutOfStock', 'OutOfStock', 'out_of_stock', 'out of stock', 'SoldOut', 'https://schema.org/Discontinued', 'PreOrder', 'BackOrder'])(
    '%s is not in stock',
    (v) => expect(normalizeAvailability(v)?.inStock).toBe(false),
  );
  it('limited availability counts as in stock, and says so', () => {
    expect(normalizeAvailability('https://schema.org/LimitedAvailability')).toEqual({ inStock: true, label: 'Limited availability (in stock)' });
  });
  it('booleans (the catalog) and unknown words', () => {
    expect(normalizeAvailability(true)?.label).toBe('In stock');
    expect(normalizeAvailability(false)?.label).toBe('Out of stock');
    for (const v of ['maybe', 'https://evil.example/InStock', '', null, 3]) expect(normalizeAvailability(v)).toBeUndefined();
  });
});

describe('GTIN: check digits and leading zeros', () => {
  it('computes the GS1 check digit', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // 4006381333931
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('9638507')).toBe(4); // EAN-8 96385074
  });
  it('GTIN-8, -12, -13 and -14 of one product compare equal once zero-padded to 14', () => {
    expect(readGtin('036000291452')!.gtin14).toBe('00036000291452');
    expect(readGtin('0036000291452')!.gtin14).toBe(readGtin('036000291452')!.gtin14);
    expect(readGtin('00036000291452')!.gtin14).toBe(readGtin('036000291452')!.gtin14);
    expect(readGtin('96385074')).toMatchObject({ gtin14: '00000096385074', valid: true });
  });
  it('allows spaces and hyphens; flags a wrong check digit with the right one', () => {
    expect(readGtin('4006381 333931')).toMatchObject({ digits: '4006381333931', valid: true });
    expect(readGtin('4-006381-333931')?.valid).toBe(true);
    expect(readGtin('4006381333932')).toMatchObject({ valid: false, expectedCheck: 1 });
  });
  it('is undefined for what is not a GTIN', () => {
    for (const v of ['12345', '123456789', 'ABC4006381333931', '40063813339312345', '', null, 4006381333931.5]) expect(readGtin(v), String(v)).toBeUndefined();
  });
});

describe('codes and URLs', () => {
  it('SKUs ignore case and spaces', () => {
    expect(foldCode(' rb-jkt-blue ')).toBe(foldCode('RB-JKT-BLUE'));
    expect(foldCode('RB-1')).not.toBe(foldCode('RB-2'));
  });
  it('URLs: scheme, www, fragment, trailing slash and parameter order aside; only http(s)', () => {
    expect(foldUrl('https://www.Shop.example/p/1/?b=2&a=1#x')).toBe(foldUrl('http://shop.example/p/1?a=1&b=2'));
    expect(foldUrl('https://shop.example/p/1?variant=2')).not.toBe(foldUrl('https://shop.example/p/1'));
    for (const v of ['javascript:alert(1)', 'data:text/html,x', '/relative', 'not a url', 7, `https://x.example/${'a'.repeat(5000)}`]) expect(foldUrl(v)).toBeUndefined();
  });
});
