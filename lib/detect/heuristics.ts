/**
 * Page heuristics for stores without product markup: a buy control (add-to-cart/basket/buy-now in many languages,
 * or the usual ids/classes), a price block, a product heading and "label: value" spec rows (SKU, brand, model,
 * EAN). They only decide "product" together (buy control + price, few buy controls so listings do not qualify),
 * and never on pages that declare themselves articles. Every scan is capped.
 */
import type { Availability, DetectedFields } from './types';
import { cleanId, cleanText, normalizeAvailability, normalizeCurrency, normalizeGtin, parsePrice, upTo } from './text';

// Whole control labels meaning "add to cart" / "buy (now)", by language: English, German, French, Italian, Spanish,
// Portuguese, Dutch, Polish, Slovak/Czech, Slovenian/Croatian, Hungarian, Turkish, Nordic, Finnish, Russian/Ukrainian,
// Chinese, Japanese, Korean, Vietnamese. (Arabic and Thai labels were dropped to keep the content script under its size
// budget; buttons there are still counted by their class/id, see BUY_ATTR.)
// (Lower case, tested on lower-cased text: a case-insensitive regex this large with non-ASCII letters takes V8 several
// times longer to compile, and detection runs in a fresh page where every regex is compiled on first use.)
const BUY_TEXT =
  /^(?:\+\s*)?(add to (?:cart|bag|basket|trolley)|buy(?:(?: it)? now)?|(?:in den )?(?:warenkorb|einkaufswagen)|(?:jetzt )?kaufen|(?:ajouter au )?panier|acheter|aggiungi al carrello|acquista|(?:añadir|agregar) al carrito|añadir a la cesta|comprar(?: ahora| ya)?|adicionar ao carrinho|(?:toevoegen aan|in) winkelwagen|(?:dodaj )?do koszyka|(?:vložiť )?do košíka|do košíku|kúpiť|koupit|v košarico|naroči|(?:dodaj )?u košaricu|kupi(?: sada| odmah)?|kosárba(?: teszem)?|sepete ekle|lägg i varukorgen|köp(?: nu)?|læg i kurv|legg i handlekurv|(?:lisää )?ostoskoriin|osta|в корзину|купить|додати в кошик|купити|加入(?:購物車|购物车)|カートに入れる|장바구니(?: 담기)?|바로구매|thêm vào giỏ|mua ngay)[!.]?$/;
const BUY_ATTR =
  /add[-_ ]?(?:to[-_ ]?)?(?:cart|bag|basket|trolley)|add2cart|(?:buy|purchase)[-_]?(?:btn|button|now|box)|(?:btn|button)[-_]?(?:buy|cart)|cart[-_]?(?:btn|button|submit)|buy_process|product[-_]?form[-_]?submit/i;
// Class/id words of prices that are not the product's current price, and of counts named after the price
// ("deal_price_buy_count": how many bought; whole words only, so "price-country" and "countdown" pass).
const OLD_PRICE = /(?:^|[\s_-])(?:count|qty|quantity)(?![a-z])|old|was|strike|regular|list|orig|before|compare|crossed|save|saving|discount|tax|ddv|vat|unit|per|from|range|shipping|delivery|total|cart|basket|installment|month|club|member|rrp|uvp|msrp|reference|recommend|carousel|widget|related|recent|similar/i;
const MAX_CONTROLS = 2400;
const MAX_PRICE_NODES = 300;
const MAX_ROWS = 1500;

/** Text of an element with white space collapsed, or '' when it is too long to be a label or value. */
function shortText(el: Element, max = 80): string {
  const t = el.textContent ?? '';
  return t.length > max * 4 ? '' : t.replace(/\s+/g, ' ').trim().slice(0, max);
}

/**
 * Enabled buy controls (buttons, submit inputs, button-like links), up to `stop` of them: callers only need to know
 * whether there are any, or whether there are few, and where the first one is; the scan reads every control it passes.
 */
export function buyControls(doc: Document, stop: number): Element[] {
  // (one selector per element type: a flat list of 13 is matched against every element of the page in turn)
  const controls = doc.querySelectorAll(
    'button,input:is([type=submit],[type=button],[type=image]),[role=button],a:is([class*=btn],[class*=button],[class*=cart],[class*=buy],[class*=cta],[id*=buy],[id*=cart],[href^=javascript])',
  );
  const found: Element[] = [];
  for (let i = 0, el: Element | undefined; i < MAX_CONTROLS && (el = controls[i]) && found.length < stop; i++) {
    if (el.hasAttribute('disabled')) continue;
    // Cheapest test first (attributes, then the accessible name, then the text): the outcome is the same.
    if (
      BUY_ATTR.test(['id', 'class', 'name', 'data-action', 'onclick', 'href'].map((a) => (el as Element).getAttribute(a)).join(' ').slice(0, 500)) ||
      BUY_TEXT.test((el.getAttribute('aria-label') ?? el.getAttribute('title') ?? '').trim().toLowerCase()) ||
      BUY_TEXT.test((el.localName === 'input' ? (el.getAttribute('value') ?? el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim() : shortText(el, 60)).toLowerCase())
    )
      found.push(el);
  }
  return found;
}

export const countBuyControls = (doc: Document, stop: number): number => buyControls(doc, stop).length;

type PriceRead = { price: string; currency?: string };

function elementPrice(el: Element, host: string | undefined): PriceRead | undefined {
  const dataPrice = el.getAttribute('data-price') ?? el.getAttribute('content');
  const text = shortText(el, 60);
  if (dataPrice ? text.length > 50 : !/\d/.test(text) || text.length > 50) return undefined;
  const price = (dataPrice && parsePrice(dataPrice, true, text)) || parsePrice(text);
  if (!price || Number(price) === 0) return undefined;
  const parent = el.parentElement;
  return { price, currency: normalizeCurrency(text, host) ?? normalizeCurrency(parent ? shortText(parent, 60) : '', host) };
}

const PRICE_SELECTOR = '[class*="price" i],[id*="price" i],[data-price]';

/** A price element that is not struck through, an old/unit/shipping price, or in the page's chrome. */
function usablePriceElement(el: Element): boolean {
  // (del/s/strike elements themselves are excluded by the closest() check below, which includes the element)
  if (/^(script|style|meta|link)$/.test(el.localName)) return false;
  // (Magento marks its old price only by `data-price-type="oldPrice"`)
  if (OLD_PRICE.test(`${el.id} ${el.getAttribute('class')} ${el.getAttribute('data-price-type')}`.replace(/price/gi, ' '))) return false;
  return !el.closest('del,s,strike,nav,header,footer');
}

function usablePrice(el: Element, host: string | undefined): PriceRead | undefined {
  return usablePriceElement(el) ? elementPrice(el, host) : undefined;
}

/**
 * Whether a price element is in a card of a list of cards (recommendations, related products, a listing): an ancestor
 * a few levels up has a sibling of its tag and class that holds a price element too.
 */
function inCard(el: Element): boolean {
  for (let a = el.parentElement, i = 0; a && i < 4; a = a.parentElement, i++) {
    const c = a.getAttribute('class');
    for (const s of [a.previousElementSibling, a.nextElementSibling])
      if (c && s?.localName === a.localName && s.getAttribute('class') === c && s.querySelector(PRICE_SELECTOR)) return true;
  }
  return false;
}

/**
 * The first usable price-named element under `root` (not old/unit/shipping prices, not in a card of a list) showing a
 * currency; those without one are added to `rest`. A price container defers to a usable price-named element inside it
 * ("<div class=price><span class=price-now>").
 */
function namedPrice(root: ParentNode, host: string | undefined, rest: PriceRead[]): PriceRead | undefined {
  const els = root.querySelectorAll(PRICE_SELECTOR);
  for (let i = 0, el: Element | undefined; i < MAX_PRICE_NODES && (el = els[i]); i++) {
    let p = usablePrice(el, host);
    if (!p || inCard(el)) continue;
    for (const c of upTo(el.querySelectorAll(PRICE_SELECTOR), 20)) {
      const q = usablePrice(c, host);
      if (q) {
        p = { price: q.price, currency: q.currency ?? p.currency };
        break;
      }
    }
    if (p.currency) return p;
    rest.push(p);
  }
  return undefined;
}

/**
 * The main price block. Beside the first buy control first (within its parent, else its grandparent): a price-named
 * element, else the first text whose first number has a currency next to it (stores name their price block in their
 * own words, and recommendations elsewhere on the page are named "price" too). Else the page's first price-named
 * element with a currency, else without one.
 */
export function findPrice(doc: Document, host: string | undefined, buy = buyControls(doc, 1)[0]): PriceRead | undefined {
  const rest: PriceRead[] = [];
  for (let a = buy?.parentElement, i = 0; a && i < 2; a = a.parentElement, i++) {
    const p = namedPrice(a, host, []);
    if (p) return p;
    for (const el of upTo(a.querySelectorAll('*'), 200)) {
      const t = shortText(el, 60);
      const m = /\d[\d.,\s]*/.exec(t);
      // The 3 characters either side of the number hold the currency; a sign before it makes it an option's surcharge.
      const before = m ? t.slice(Math.max(0, m.index - 3), m.index) : '+';
      const q =
        /[+-]/.test(before) || !normalizeCurrency(before + t.substr(m!.index, m![0].length + 3), host) || !usablePriceElement(el) || el.querySelector('del,s,strike')
          ? undefined
          : elementPrice(el, host);
      if (q) return q;
    }
  }
  return namedPrice(doc, host, rest) ?? rest[0];
}

/** Labels of a brand row ("Marke: X"); also used for Amazon's "Brand: X" byline. */
export const BRAND_LABEL =
  /^(brand|marke|marque|marca|merk|marka|märke|značka|proizvajalec|proizvođač|producent|výrob(ca|ce)|manufacturer|hersteller|fabricant|produttore|品牌|브랜드|ブランド)$/i;

const LABELS: Array<[keyof DetectedFields, RegExp]> = [
  ['sku', /^(sku|art(ikel)?[-. ]?(nr|nummer|no)\.?|item (no\.?|number|#)|product (code|id|no\.?|number)|código( de producto)?|code produit|r[ée]f(érence)?\.?|kód (produktu|tovaru)|šifra( proizvoda)?|produktnummer|asin)$/i],
  ['mpn', /^(mpn|(item )?model( number| no\.?)?|modellnummer|numero modello( articolo)?|numéro du modèle( de l'article)?|produktové číslo|número de modelo( del producto)?|(manufacturer )?part number|hersteller(referenz|nummer)|kód výrobcu|modelo)$/i],
  ['gtin', /^(ean(-?13| code)?|gtin|upc|isbn(-13)?|barcode)$/i],
  ['brand', BRAND_LABEL],
];

const LABEL_VALUE = /^([^:：]{2,40})[:：]\s*(.+)$/;
// Text starting with any of the labels above (their alternatives without the end anchor): a list item, paragraph or
// term only yields a row when its text starts with its label, so rows that do not are passed over unread. Each space
// of a label matches any run of white space, so that a row's raw text is tested as it is: most rows start with no label,
// and collapsing their white space first was wasted work (reading their text from the DOM remains the larger cost).
const LABEL_ALTERNATIVES = LABELS.map(([, re]) => re.source.slice(1, -1))
  .join('|')
  .replace(/\[-\. \]/g, '(?:[-.]|\\s+)')
  .replace(/ /g, '\\s+');
const LABEL_START = new RegExp(`^[\\s\\u200e\\u200f]*(${LABEL_ALTERNATIVES})`, 'i');
// Any of the labels anywhere in a text.
const LABEL_ANY = new RegExp(LABEL_ALTERNATIVES, 'i');

/**
 * A sku without the text run into it: its first word when that has a digit ("48213 In stock" or "48213 | Colour:
 * red"), and not the capitalised word glued to its digits when the row's parts have no space between them
 * ("48213Available", "AB-1234Black").
 */
export function skuToken(v: string): string {
  const first = /^\S*\d\S*/.exec(v)?.[0] ?? v;
  return first.replace(/(\d)[A-Z][a-z].*$/, '$1');
}

/**
 * The product reference the page shows shoppers in an element named for it ("Product code: 83050303", Zara's
 * `data-qa-qualifier="product-reference"`): its first token with a digit, label removed. Stores' structured ids are
 * often internal (a variant or database id) where the page shows the reference shoppers and catalogs use.
 */
export function shownReference(doc: Document): string | undefined {
  for (const el of upTo(doc.querySelectorAll('[class*="product-code" i],[class*="productcode" i],[class*="product-ref" i],[data-qa-qualifier*=reference]'), 5)) {
    const v = cleanId(skuToken(shortText(el).replace(/^[^:：]*[:：]/, '').trim()));
    if (v && /\d/.test(v)) return v;
  }
  return undefined;
}

/** "Label: value" rows (tables, definition lists, list items with a bold label); `rows` selects the candidates. */
export function readSpecRows(doc: Document, rows = 'tr,dt,li,p'): DetectedFields {
  const out: DetectedFields = {};
  const put = (label: string, value: string): void => {
    const l = label.replace(/[\s:：\u200e\u200f]+$|^[\s\u200e\u200f]+/g, '').replace(/\s+/g, ' ');
    if (!l || l.length > 40) return;
    for (const [field, re] of LABELS) {
      if (out[field] !== undefined || !re.test(l)) continue;
      const v = value.replace(/^[\s:：\u200e\u200f]+/, '').trim();
      if (v && v.length <= 100) (out as Record<string, string | undefined>)[field] = field === 'gtin' ? normalizeGtin(v) : cleanId(field === 'sku' ? skuToken(v) : v);
      return;
    }
  };
  const labelValue = (text: string): void => {
    const m = LABEL_VALUE.exec(text);
    if (m) put(m[1] as string, m[2] as string);
  };
  const list = doc.querySelectorAll(rows);
  for (let i = 0, row: Element | undefined; i < MAX_ROWS && (row = list[i]); i++) {
    // Rows with many children are containers (menus, lists of lists), not label/value pairs.
    const n = row.childElementCount;
    if (n > 8) continue;
    const tag = row.localName;
    if (tag === 'tr') {
      // label/value pairs: 2 cells (read only when the row starts with a label), or 4-6 cells read pairwise (eBay
      // item specifics)
      if (n % 2 || n > 6 || (n < 4 && !LABEL_START.test(row.textContent as string))) continue;
      const cells = row.children;
      for (let c = 0; c < n; c += 2) put(shortText(cells[c] as Element, 60), shortText(cells[c + 1] as Element, 120));
      continue;
    }
    // (a text longer than 640 characters is no row; the text is collapsed as shortText(row, 160) only when it starts
    // with a label)
    const t = row.textContent as string;
    if (t.length > 640 || !LABEL_START.test(t)) {
      // A list item (a menu entry with its submenu) whose text holds no label anywhere holds no row that starts with
      // one either, since their text is part of its text: the rows inside it, which are the next ones in the list,
      // are passed over unread. (Menus are most of the rows of most pages.) Rows with no rows inside (product cards,
      // long paragraphs) have nothing to pass over, so their text is not searched.
      if (tag !== 'p' && t.length > 100 && t.length <= 10000 && row.querySelector(rows) && !LABEL_ANY.test(t)) i += row.querySelectorAll(rows).length;
      continue;
    }
    const text = t.replace(/\s+/g, ' ').trim().slice(0, 160);
    const next = row.nextElementSibling;
    if (tag === 'dt') {
      if (next?.localName === 'dd') put(shortText(row, 60), shortText(next, 120));
    } else if (tag === 'p') {
      // "<p>Label</p><p>value</p>" or "<p>Label: value</p>"
      if (text.length <= 40 && !text.includes(':') && next?.localName === 'p') put(text, shortText(next, 120));
      labelValue(text);
    } else {
      let first = row.firstElementChild;
      while (first?.firstElementChild && shortText(first, 160) === text) first = first.firstElementChild;
      if (first && /^(strong|b|span|label|em)$/.test(first.localName)) {
        const label = shortText(first, 60);
        if (label && text.startsWith(label)) put(label, text.slice(label.length));
      } else labelValue(text);
    }
  }
  return out;
}

const OUT_OF_STOCK = /out of stock|sold out|(currently|temporarily) unavailable|ausverkauft|nicht (mehr )?verfügbar|derzeit nicht|épuisé|indispon|esaurito|non? disponib|agotado|esgotado|uitverkocht|niedostępny|nedostupn|rasprodano|ni na zalogi|slut i lager|loppuunmyyty|нет в наличии|품절|在庫切れ|售完/; // (lower case, tested on lower-cased text, as BUY_TEXT)

/**
 * Availability from the first stock-named element with text: out of stock when it says so (in any of the languages
 * above) or its `content`/`href` is a schema.org out-of-stock value, else in stock ("In stock", "Auf Lager",
 * "Only 2 left", "Ships in 3 days": stores show a stock line on purchasable products in words we need not list).
 */
export function readStockText(doc: Document): Availability | undefined {
  const els = doc.querySelectorAll(':is([class*="stock" i],[id*=stock],[id*=availability],[class*=vailability])');
  for (const el of upTo(els, 60)) {
    const t = shortText(el, 120);
    if (!t) continue;
    if (OUT_OF_STOCK.test(t.toLowerCase())) return 'OutOfStock';
    return normalizeAvailability(el.getAttribute('content') ?? el.getAttribute('href')) ?? 'InStock';
  }
  return undefined;
}

/** og:type or schema.org type (JSON-LD text or microdata) of an article, blog post or news page. */
export function isArticleLike(doc: Document, ogType: string | undefined, jsonLdText: string): boolean {
  return (
    /^\s*(article|blog|news)/i.test(ogType ?? '') ||
    /"@type"\s*:\s*"((\w*News)?Article|(Live)?BlogPosting)"/.test(jsonLdText) ||
    !!doc.querySelector('[itemtype]:is([itemtype*=Article],[itemtype*=BlogPosting])')
  );
}

export function firstHeading(doc: Document): string | undefined {
  for (const h of upTo(doc.getElementsByTagName('h1'), 20)) {
    const t = h.querySelector('img') ? undefined : cleanText(shortText(h, 300));
    if (t && t.length >= 3) return t;
  }
  return undefined;
}
