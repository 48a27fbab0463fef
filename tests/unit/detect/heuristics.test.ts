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
});

describe('price and stock selectors', () => {
  it('match price and stock class names in any case', () => {
    expect(findPrice(doc('<span class="PRICE-NOW">19,99 €</span>'), 'shop.de')).toEqual({ price: '19.99', currency: 'EUR' });
    expect(readStockText(doc('<p class="InStock">Ausverkauft</p>'))).toBe('OutOfStock');
  });

  it('skip struck-through and script prices', () => {
    expect(findPrice(doc('<del class="price">30 €</del><s><span class="price">25 €</span></s><span class="price">20 €</span>'), 'x.de')?.price).toBe('20');
  });
});
