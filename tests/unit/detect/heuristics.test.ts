// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { countBuyControls, findPrice, readSpecRows, readStockText } from '../../../lib/detect/heuristics';

const doc = (body: string): Document => new DOMParser().parseFromString(`<!doctype html><html><body>${body}</body></html>`, 'text/html');

describe('countBuyControls', () => {
  const page = doc(`<button>Menu</button><button>Add to cart</button><button disabled>Buy now</button>
    <input type="submit" value=" In den  Warenkorb "><a class="btn" aria-label="Buy it now" href="#">x</a><button class="add-to-cart">+</button>`);

  it('counts enabled buy controls by label, aria-label and class', () => {
    expect(countBuyControls(page, 99)).toBe(4);
  });

  it('stops counting at `stop`', () => {
    expect(countBuyControls(page, 1)).toBe(1);
    expect(countBuyControls(page, 3)).toBe(3);
    expect(countBuyControls(doc('<button>Menu</button>'), 1)).toBe(0);
  });

  it('reads labels in any case (they are compared in lower case)', () => {
    expect(countBuyControls(doc('<button>ADD TO CART</button><button>В КОРЗИНУ</button><button title="Jetzt Kaufen">x</button>'), 9)).toBe(3);
  });
});

describe('readSpecRows', () => {
  it('reads two-cell table rows that start with a label, whatever the white space around it', () => {
    const d = doc(`<table><tr><td>Colour</td><td>Red</td></tr><tr>
        <th>
          SKU:
        </th>
        <td> AB-12 </td></tr><tr><td>Marke</td><td>Acme</td></tr></table>`);
    expect(readSpecRows(d)).toEqual({ sku: 'AB-12', brand: 'Acme' });
  });

  it('reads 4-6 cell rows pairwise even when the row does not start with a label', () => {
    const d = doc('<table><tr><td>Condition</td><td>New</td><td>EAN</td><td>4005556050178</td></tr></table>');
    expect(readSpecRows(d)).toEqual({ gtin: '4005556050178' });
  });

  it('reads only the rows `rows` selects', () => {
    const d = doc('<table><tr><td>MPN</td><td>X1</td></tr></table><div id="spec"><table><tr><td>MPN</td><td>Y2</td></tr></table></div>');
    expect(readSpecRows(d).mpn).toBe('X1');
    expect(readSpecRows(d, '#spec tr').mpn).toBe('Y2');
  });

  // A menu entry of 101+ characters: 20 submenu entries of 3 items each.
  const menu = (label = 'Category'): string =>
    `<li><a>${label}</a><ul>${Array.from({ length: 20 }, (_, i) => `<li><a>Sub ${i}</a><ul><li>A ${i}</li><li>B ${i}</li><li>C ${i}</li></ul></li>`).join('')}</ul></li>`;

  /** readSpecRows(d) and how many times it read an element's text. */
  const countingTextReads = (d: Document): { fields: ReturnType<typeof readSpecRows>; reads: number } => {
    let proto: object | null = d.body;
    let desc: PropertyDescriptor | undefined;
    while (proto && !(desc = Object.getOwnPropertyDescriptor(proto, 'textContent'))) proto = Object.getPrototypeOf(proto);
    let reads = 0;
    let depth = 0; // (the DOM implementation reads its children's text through the same getter)
    Object.defineProperty(proto, 'textContent', {
      ...desc,
      get(this: Node) {
        if (!depth++) reads++;
        try {
          return desc!.get!.call(this);
        } finally {
          depth--;
        }
      },
    });
    try {
      return { fields: readSpecRows(d), reads };
    } finally {
      Object.defineProperty(proto, 'textContent', desc!);
    }
  };

  it('passes over the rows inside a menu entry without a label, unread, and still finds the rows after it', () => {
    const d = doc(`<ul>${menu()}${menu()}</ul><ul><li><b>Brand:</b> Acme</li></ul><p>SKU: AB-12</p>`);
    const { fields, reads } = countingTextReads(d);
    expect(fields).toEqual({ brand: 'Acme', sku: 'AB-12' });
    // 2 menu entries, the brand row (with its label), the paragraph; not the 2 x 80 rows inside the menus
    expect(reads).toBeLessThan(10);
  });

  it('reads the rows inside a menu entry whose text holds a label somewhere', () => {
    const d = doc(`<ul>${menu().replace('C 7', 'Model: M-7')}</ul>`);
    expect(readSpecRows(d)).toEqual({ mpn: 'M-7' });
    expect(readSpecRows(doc(`<ul>${menu('Marke')}</ul>`))).toEqual({});
  });

  it('matches a label whose words are split by any white space (rows are tested on their raw text)', () => {
    const d = doc(`<ul><li>Item
        number:   AB-12</li><li>Art.
      Nr.: X-1</li><li><span>Manufacturer	part   number</span> P-9</li></ul><p>Prod uct id: not a label</p>`);
    expect(readSpecRows(d)).toEqual({ sku: 'AB-12', mpn: 'P-9' });
  });

  it('counts the rows passed over towards its cap of 1,500 rows', () => {
    // 1 + 20 x 4 = 81 rows per menu entry: 18 entries are 1,458 rows, a 19th ends past the cap.
    const entries = (n: number): string => Array.from({ length: n }, () => menu()).join('');
    expect(readSpecRows(doc(`<ul>${entries(18)}</ul><p>SKU: AB-12</p>`))).toEqual({ sku: 'AB-12' });
    expect(readSpecRows(doc(`<ul>${entries(19)}</ul><p>SKU: AB-12</p>`))).toEqual({});
  });
});

describe('price and stock selectors', () => {
  it('match price and stock class names in any case', () => {
    expect(findPrice(doc('<span class="PRICE-NOW">19,99 €</span>'), 'shop.de')).toEqual({ price: '19.99', currency: 'EUR' });
    expect(readStockText(doc('<p class="InStock">Ausverkauft</p>'))).toBe('OutOfStock');
  });

  it('skip struck-through and script prices', () => {
    expect(findPrice(doc('<del class="price">30 €</del><s><span class="price">25 €</span></s><span class="price">20 €</span>'), 'x.de')?.price).toBe('20');
  });

  it('skip counts and quantities named after the price, not words that merely contain "count"', () => {
    // tmon.co.kr: "957 bought" sat before the price, in an element named after it (fb989c4426 in the fixtures)
    expect(findPrice(doc('<span class="deal_price_buy_count">957</span><span class="deal_price">2,900원</span>'), 'www.tmon.co.kr')?.price).toBe('2900');
    expect(findPrice(doc('<span class="price-qty">2</span><span class="price">20 €</span>'), 'x.de')?.price).toBe('20');
    expect(findPrice(doc('<span class="price-country">20 €</span>'), 'x.de')?.price).toBe('20');
    expect(findPrice(doc('<span class="price countdown">20 €</span>'), 'x.de')?.price).toBe('20');
  });
});
