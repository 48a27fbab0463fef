/**
 * Detection reads page-controlled strings: its string helpers must take time linear in their input. `urlPath`
 * (comparing an item's URL with the page's) was quadratic on runs of "/" (4 MB of crafted JSON-LD took 9.8 s), and
 * `parsePrice` on runs of separators. Each is pinned here to its former results on ordinary input, then timed on
 * crafted input of several megabytes (generous bounds: the former code took seconds; parsePrice, whose former code was
 * about 20 times slower on it, is timed against as much ordinary input).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { productScorer, urlPath } from '../../../lib/detect/schema';
import { parsePrice } from '../../../lib/detect/text';

/** The regex `urlPath` was before issue #21, kept as the oracle for its results. */
const formerUrlPath = (s: string): string => /^(?:https?:\/\/(?:www\.)?)?([^?#]*?)\/*(?:[?#]|$)/.exec(s)?.[1] ?? s;

/** Runs `f` and returns how long it took, in ms. */
function timed(f: () => void): number {
  const started = performance.now();
  f();
  return performance.now() - started;
}

describe('urlPath', () => {
  it('gives the host (without one leading www.) and path (without trailing slashes) of ordinary URLs', () => {
    const cases: [string, string][] = [
      ['https://www.shop.example/p/1', 'shop.example/p/1'],
      ['https://shop.example/p/1/', 'shop.example/p/1'],
      ['https://shop.example/p/1///', 'shop.example/p/1'],
      ['http://shop.example/p/1?x=1#y', 'shop.example/p/1'],
      ['https://shop.example/p/1/?next=/a/b/', 'shop.example/p/1'],
      ['https://shop.example/p/1#frag/', 'shop.example/p/1'],
      ['https://shop.example/p/1/#', 'shop.example/p/1'],
      ['https://shop.example/', 'shop.example'],
      ['https://shop.example', 'shop.example'],
      ['https://www.shop.example/?q', 'shop.example'],
      ['https://shop.example//p//1//', 'shop.example//p//1'],
      ['https://user:pw@www.shop.example:8080/p/', 'user:pw@www.shop.example:8080/p'],
      ['http://www.www.shop.example/', 'www.shop.example'],
      ['https://www2.shop.example/a', 'www2.shop.example/a'],
      ['https://wwwshop.example/a', 'wwwshop.example/a'],
      ['https://www./a', '/a'],
      // Only a lower-case http(s):// prefix is taken off; anything else is compared as written.
      ['HTTPS://WWW.SHOP.EXAMPLE/P/', 'HTTPS://WWW.SHOP.EXAMPLE/P'],
      ['ftp://x/a/', 'ftp://x/a'],
      ['file:///C:/x/', 'file:///C:/x'],
      ['about:blank', 'about:blank'],
      ['https:/shop.example/p/', 'https:/shop.example/p'],
      ['//shop.example/p/', '//shop.example/p'],
      ['www.shop.example/p/', 'www.shop.example/p'],
      ['/relative/path/', '/relative/path'],
      ['relative/path//?q', 'relative/path'],
      ['https://shop.example/a\n/b/', 'shop.example/a\n/b'],
      ['', ''],
      ['/', ''],
      ['///', ''],
      ['?q', ''],
      ['#', ''],
      ['https://', ''],
      ['https:///', ''],
    ];
    for (const [input, path] of cases) {
      expect(urlPath(input), input).toBe(path);
      expect(formerUrlPath(input), input).toBe(path);
    }
  });

  it('gives what the former regex gave on any string of URL pieces', () => {
    const piece = fc.constantFrom('https://', 'http://', 'www.', 'HTTP://', '/', '//', '?', '#', 'a', 'w', '.', ':', '\n', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }).map((a) => a.join('')), (s) => {
        expect(urlPath(s)).toBe(formerUrlPath(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('scores 2,000 items with 2,000-character runs of "/" in their URLs (4 MB) in well under a second', () => {
    const run = '/'.repeat(2000); // (an item's URL is read up to 2,048 characters)
    const items = Array.from({ length: 2000 }, (_, i) => ({ '@type': 'Product', url: `https://shop.example/${run}p${i}`, name: `P${i}` }));
    let scores: number[] = [];
    const ms = timed(() => {
      const score = productScorer([`https://shop.example/${run}p7`, `https://shop.example/${run}p7?x=${run}`]);
      scores = items.map(score);
    });
    expect(scores[7]).toBe(5);
    expect(scores.filter((s) => s === 5)).toHaveLength(1);
    expect(ms).toBeLessThan(2000); // the former code: 9.8 s
  });

  it('reduces a page address of 4 MB of "/" in well under a second', () => {
    const run = '/'.repeat(4_000_000);
    let path = '';
    const ms = timed(() => {
      path = urlPath(`https://www.shop.example${run}x${run}?q=${run}`);
    });
    expect(path).toBe(`shop.example${run}x`);
    expect(ms).toBeLessThan(2000); // the former code: seconds
  });
});

describe('parsePrice', () => {
  it('gives its former results', () => {
    // [text, as page text, as structured data ("." is the decimal separator)]
    const cases: [string, string | undefined, string | undefined][] = [
      ['19.99', '19.99', '19.99'],
      ['€ 1.234,56', '1234.56', '1234.56'],
      ['$1,234.50', '1234.5', '1234.5'],
      ['1 234,00 zł', '1234', '1234'],
      ["CHF 1'299.90", '1299.9', '1299.9'],
      ['1’299.90', '1299.9', '1299.9'],
      ['49,-', '49', '49'],
      ['1.234', '1234', '1234'],
      ['1,234', '1234', '1234'],
      ['1,23', '1.23', '1.23'],
      ['12,345,678', '12345678', '12345678'],
      ['1.234.567,89', '1234567.89', '1234567.89'],
      ['1 234 567', '1234567', '1234567'],
      ['1  234', '1234', '1234'],
      ["1 ' 234", '1234', '1234'],
      ["1' 234", '1234', '1234'],
      ["1'234'567.5", '1234567.5', '1234567.5'],
      ['12 34', '12', '12'],
      ['1 2345', '1', '1'],
      ['1 2 3', '1', '1'],
      ['12\t345', '12345', '12345'],
      ['1\u00a0234,50', '1234.5', '1234.5'],
      ['19,99 €', '19.99', '19.99'],
      ['19,99 29,99', '19.99', '19.99'],
      ['19.99.', '19.99', '19.99'],
      ['19,99,,,', '19.99', '19.99'],
      ['1.,2', '1.2', '1.2'],
      ['1,.,2', undefined, undefined],
      ['1,,2', '12', '12'],
      ['1..2', '12', '12'],
      ['1,234 ,5', '1234', '1234'],
      // (structured data too: a price with three decimals is grouped by thousands, issue 25)
      ['3.000 ,-', '3000', '3000'],
      ['Price: 1 299,00 Kč', '1299', '1299'],
      ['£1,299', '1299', '1299'],
      ['0,99', '0.99', '0.99'],
      ['0', '0', '0'],
      ['1e5', '1', '1'],
      ['199 ', '199', '199'],
      ['  7  ', '7', '7'],
      ['free', undefined, undefined],
      ['', undefined, undefined],
      // Line breaks inside the number (page text): as before, a space or apostrophe before the last one gives nothing.
      ['1\n234', '1234', '1234'],
      ['1 \n234', '1234', '1234'],
      ['1\r\n234', '1234', '1234'],
      ['1\u2028234', '1234', '1234'],
      ['1 234\n5', '1234', '1234'],
      ['19,99\n', '19.99', '19.99'],
      ['19,99 \n', undefined, undefined],
      ['19,99\n\n29,99', undefined, undefined],
      ['1 2\n3', undefined, undefined],
    ];
    for (const [text, loose, dotDecimal] of cases) {
      expect(parsePrice(text), JSON.stringify(text)).toBe(loose);
      expect(parsePrice(text, true), JSON.stringify(text)).toBe(dotDecimal);
    }
  });

  it('reads 20,000 crafted 200-character prices (4 MB) in about the time of as many ordinary ones', () => {
    const crafted = [
      `1${"'".repeat(198)}x`, // a run of group separators not followed by three digits
      `1${' ’'.repeat(99)}x`,
      `1${','.repeat(198)}2`, // a run of decimal separators that does not end the number
      `1${'.,'.repeat(99)}2`,
      `1${' '.repeat(197)}\n2`, // a long line of spaces before a line break
    ];
    // Timed against as many ordinary prices of the same length, so that a loaded machine slows both alike: the former
    // code took ~22 times as long on the crafted ones, this one takes about twice as long.
    const ordinary = [`${'1'.repeat(199)}x`, `${'a'.repeat(199)}1`, `1 234,56 ${'x'.repeat(190)}`, `${'9'.repeat(196)}.99`];
    const results = new Set<string | undefined>();
    const read = (texts: string[], into = new Set<string | undefined>()) => () => {
      for (let i = 0; i < 20_000; i++) into.add(parsePrice(texts[i % texts.length]!, i % 2 === 0));
    };
    const ordinaryMs = timed(read(ordinary));
    const ms = timed(read(crafted, results));
    expect([...results].sort()).toEqual(['1', '12', undefined]);
    expect(ms).toBeLessThan(6 * ordinaryMs + 50);
  });
});
