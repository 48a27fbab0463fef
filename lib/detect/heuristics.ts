/**
 * Page heuristics for stores without product markup: a buy control (add-to-cart/basket/buy-now in many languages,
 * or the usual ids/classes), a price block, a product heading and "label: value" spec rows (SKU, brand, model,
 * EAN). They only decide "product" together (buy control + price, few buy controls so listings do not qualify),
 * and never on pages that declare themselves articles. Every scan is capped.
 */
import type { Availability, DetectedFields } from './types';
import { cleanId, cleanText, normalizeAvailability, normalizeCurrency, normalizeGtin, parsePrice } from './text';

const BUY_TEXT =
  /^(?:\+\s*)?(add to (?:cart|bag|basket|trolley)|buy(?: it)? now|buy|purchase|order now|in den (?:warenkorb|einkaufswagen)|(?:in den )?warenkorb|jetzt kaufen|ajouter au panier|(?:ajouter au )?panier|acheter|aggiungi al carrello|acquista(?: ora)?|añadir al carrito|agregar al carrito|añadir a la cesta|comprar(?: ahora| ya)?|adicionar ao carrinho|toevoegen aan winkelwagen|in winkelwagen|dodaj do koszyka|do koszyka|kup teraz|do košíka|vložiť do košíka|do košíku|koupit|v košarico|naroči|u košaricu|dodaj u košaricu|kosárba|kosárba teszem|sepete ekle|lägg i varukorgen|köp|læg i kurv|legg i handlekurv|lisää ostoskoriin|ostoskoriin|в корзину|купить|додати в кошик|купити|أضف إلى (?:السلة|عربة التسوق)|加入購物車|加入购物车|立即購買|立即购买|直接購買|カートに入れる|今すぐ買う|장바구니(?: 담기)?|구매하기|바로구매|thêm vào giỏ|mua ngay|เพิ่มลงตะกร้า|kaufen|kupi(?: sada| odmah)?|kúpiť|koupit|osta|satın al|köp nu)[!.]?$/i;
const BUY_ATTR =
  /add[-_ ]?to[-_ ]?(cart|bag|basket|trolley)|addtocart|add2cart|add[-_]?cart|addtobasket|addtobag|buy[-_]?(btn|button|now|box)|btn[-_]?buy|button[-_]?(cart|buy)|btn[-_]?cart|cart[-_]?(btn|button|submit)|purchase[-_]?(btn|button)|buy_process|product[-_]?form[-_]?submit/i;
const ARTICLE_TYPES = /"@type"\s*:\s*"(NewsArticle|Article|BlogPosting|ReportageNewsArticle|OpinionNewsArticle|LiveBlogPosting)"/;
const OLD_PRICE = /old|was|strike|regular|list|orig|before|compare|crossed|save|saving|discount|tax|ddv|vat|unit|per|from|range|shipping|delivery|total|cart|basket|installment|month|club|member|rrp|uvp|msrp|reference|recommend|carousel|widget|related|recent|similar/i;
const MAX_CONTROLS = 600;
const MAX_PRICE_NODES = 300;
const MAX_ROWS = 1500;

function attrs(el: Element): string {
  return [el.id, el.getAttribute('class'), el.getAttribute('name'), el.getAttribute('data-action'), el.getAttribute('onclick'), el.getAttribute('href')]
    .filter(Boolean)
    .join(' ')
    .slice(0, 500);
}

function shortText(el: Element, max = 80): string {
  const t = el.textContent ?? '';
  return t.length > max * 4 ? '' : t.replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Count of enabled buy controls (buttons, submit inputs, button-like links). */
export function countBuyControls(doc: Document): number {
  const els = doc.querySelectorAll(
    'button, input[type="submit"], input[type="button"], input[type="image"], [role="button"], a[class*="btn"], a[class*="button"], a[class*="cart"], a[class*="buy"], a[class*="cta"], a[id*="buy"], a[id*="cart"], a[href^="javascript"]',
  );
  let n = 0;
  for (let i = 0; i < els.length && i < MAX_CONTROLS * 4; i++) {
    const el = els[i];
    if (!el || el.hasAttribute('disabled')) continue;
    const tag = el.tagName.toLowerCase();
    const label = tag === 'input' ? (el.getAttribute('value') ?? el.getAttribute('alt') ?? '') : shortText(el, 60);
    const aria = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? '';
    const text = `${label}`.replace(/\s+/g, ' ').trim();
    const byText = BUY_TEXT.test(text) || BUY_TEXT.test(aria.trim());
    const a = attrs(el);
    const byAttr = BUY_ATTR.test(a);
    if (byText || byAttr) n++;
  }
  return n;
}

function elementPrice(el: Element, host: string | undefined): { price: string; currency?: string } | undefined {
  const dataPrice = el.getAttribute('data-price') ?? el.getAttribute('content');
  const text = shortText(el, 60);
  if (!text && !dataPrice) return undefined;
  if (text && !/\d/.test(text) && !dataPrice) return undefined;
  if (text.length > 50) return undefined;
  const price = (dataPrice && parsePrice(dataPrice, true)) || parsePrice(text);
  if (!price || Number(price) === 0) return undefined;
  const currency = normalizeCurrency(text, host) ?? normalizeCurrency(el.parentElement ? shortText(el.parentElement, 60) : '', host);
  return { price, currency };
}

const PRICE_SELECTOR = '[class*="price"], [class*="Price"], [id*="price"], [id*="Price"], [data-price]';

function usablePriceElement(el: Element): boolean {
  const tag = el.tagName.toLowerCase();
  if (tag === 'script' || tag === 'style' || tag === 'del' || tag === 's' || tag === 'strike' || tag === 'meta' || tag === 'link') return false;
  const name = `${el.id} ${el.getAttribute('class') ?? ''}`;
  if (OLD_PRICE.test(name.replace(/price/gi, ' '))) return false;
  return !el.closest('del, s, strike, nav, header, footer');
}

/**
 * The main price block: the first price-named element (not old/unit/shipping prices) showing a currency. A price
 * container defers to a usable price-named element inside it ("<div class=price><span class=price-now>").
 */
export function findPrice(doc: Document, host: string | undefined): { price: string; currency?: string } | undefined {
  const els = doc.querySelectorAll(PRICE_SELECTOR);
  let fallback: { price: string; currency?: string } | undefined;
  for (let i = 0; i < els.length && i < MAX_PRICE_NODES; i++) {
    const el = els[i];
    if (!el || !usablePriceElement(el)) continue;
    let p = elementPrice(el, host);
    if (!p) continue;
    if (el.childElementCount) {
      const inner = el.querySelectorAll(PRICE_SELECTOR);
      for (let j = 0; j < inner.length && j < 20; j++) {
        const c = inner[j];
        const q = c && usablePriceElement(c) ? elementPrice(c, host) : undefined;
        if (q) {
          p = { price: q.price, currency: q.currency ?? p.currency };
          break;
        }
      }
    }
    if (p.currency) return p;
    fallback = fallback ?? p;
  }
  return fallback;
}

const LABELS: Array<[keyof DetectedFields, RegExp]> = [
  ['sku', /^(sku|art(ikel)?[-. ]?(nr|nummer|no)\.?|artikelnummer|item (no\.?|number|#)|product (code|id|no\.?|number)|código( de producto)?|code produit|réf(érence)?\.?|ref\.?|kód (produktu|tovaru)|šifra( proizvoda)?|numer katalogowy|varenummer|produktnummer|商品編號|商品番号|货号|asin)$/i],
  ['mpn', /^(mpn|model( number| no\.?)?|item model number|modellnummer|numero modello( articolo)?|numéro du modèle( de l'article)?|produktové číslo|número de modelo( del producto)?|part number|manufacturer (part number|reference)|herstellerreferenz|herstellernummer|kód výrobcu|katalógové číslo|modelo|型號|型番)$/i],
  ['gtin', /^(ean|ean-?13|ean code|gtin|upc|isbn(-13)?|barcode|čiarový kód|kod ean)$/i],
  ['brand', /^(brand|marke|marque|marca|merk|značka|proizvajalec|proizvođač|producent|výrobca|výrobce|manufacturer|hersteller|fabricant|produttore|品牌|브랜드|ブランド)$/i],
];

/** "Label: value" rows (tables, definition lists, list items with a bold label). */
export function readSpecRows(doc: Document): DetectedFields {
  const out: DetectedFields = {};
  const put = (label: string, value: string): void => {
    const l = label.replace(/[\s:：\u200e\u200f]+$/, '').replace(/^[\s\u200e\u200f]+/, '').replace(/\s+/g, ' ');
    if (!l || l.length > 40) return;
    for (const [field, re] of LABELS) {
      if (out[field] !== undefined || !re.test(l)) continue;
      const v = value.replace(/^[\s:：\u200e\u200f]+/, '').trim();
      if (!v || v.length > 100) return;
      if (field === 'gtin') {
        const g = normalizeGtin(v);
        if (g) out.gtin = g;
      } else if (field === 'brand') out.brand = cleanText(v, 100);
      else (out as Record<string, string | undefined>)[field] = cleanId(v);
      return;
    }
  };
  const rows = doc.querySelectorAll('tr, dt, li, p');
  for (let i = 0; i < rows.length && i < MAX_ROWS; i++) {
    const row = rows[i];
    // Rows with many children are containers (menus, lists of lists), not label/value pairs.
    if (!row || row.childElementCount > 8) continue;
    const tag = row.tagName.toLowerCase();
    if (tag === 'tr') {
      // label/value pairs: 2 cells, or 4-6 cells read pairwise (eBay item specifics)
      const cells = row.children;
      if (cells.length % 2 === 0 && cells.length <= 6) {
        for (let c = 0; c + 1 < cells.length; c += 2) {
          const l = cells[c];
          const v = cells[c + 1];
          if (l && v) put(shortText(l, 60), shortText(v, 120));
        }
      }
    } else if (tag === 'dt') {
      const dd = row.nextElementSibling;
      if (dd && dd.tagName.toLowerCase() === 'dd') put(shortText(row, 60), shortText(dd, 120));
    } else {
      const text = shortText(row, 160);
      if (tag === 'p') {
        // "<p>Label</p><p>value</p>" or "<p>Label: value</p>"
        const next = row.nextElementSibling;
        if (text.length <= 40 && !text.includes(':') && next && next.tagName.toLowerCase() === 'p') put(text, shortText(next, 120));
        const m = /^([^:：]{2,40})[:：]\s*(.+)$/.exec(text);
        if (m) put(m[1] as string, m[2] as string);
        continue;
      }
      let first = row.firstElementChild;
      while (first && first.firstElementChild && shortText(first, 160) === text) first = first.firstElementChild;
      if (first && /^(strong|b|span|label|em)$/i.test(first.tagName)) {
        const label = shortText(first, 60);
        if (label && text.startsWith(label)) put(label, text.slice(label.length));
      } else {
        const m = /^([^:：]{2,40})[:：]\s*(.+)$/.exec(text);
        if (m) put(m[1] as string, m[2] as string);
      }
    }
  }
  return out;
}

const IN_STOCK = /\b(in stock|auf lager|sofort lieferbar|lieferbar|en stock|disponible|disponibile|disponibilità immediata|em estoque|op voorraad|na zalogi|na stanju|skladom|na skladě|dostępny|w magazynie|varastossa|i lager|på lager)\b|有現貨|현재 구매 가능|在庫あり/i;
const OUT_OF_STOCK = /(out of stock|sold out|currently unavailable|temporarily unavailable|no longer available|ausverkauft|nicht (mehr )?verfügbar|derzeit nicht|épuisé|indisponible|rupture de stock|esaurito|non disponibile|agotado|no disponible|sin stock|esgotado|indisponível|uitverkocht|niedostępny|wyprzedany|nedostupn|rasprodano|ni na zalogi|slut i lager|loppuunmyyty|нет в наличии|품절|在庫切れ|已售完|售完)/i;

/** Availability from stock-named elements' text. */
export function readStockText(doc: Document): Availability | undefined {
  const els = doc.querySelectorAll('[class*="stock"], [id*="stock"], [class*="Stock"], [id*="availability"], [class*="availability"], [class*="Availability"]');
  for (let i = 0; i < els.length && i < 60; i++) {
    const el = els[i];
    if (!el) continue;
    const t = shortText(el, 120);
    if (!t) continue;
    if (OUT_OF_STOCK.test(t)) return 'OutOfStock';
    if (IN_STOCK.test(t)) return 'InStock';
    const n = normalizeAvailability(el.getAttribute('content') ?? el.getAttribute('href') ?? undefined);
    if (n) return n;
  }
  return undefined;
}

export function isArticleLike(doc: Document, ogType: string | undefined, jsonLdText: string): boolean {
  if (ogType && /^(article|blog|news)/i.test(ogType.trim())) return true;
  if (ARTICLE_TYPES.test(jsonLdText)) return true;
  return doc.querySelector('[itemtype*="schema.org/NewsArticle"], [itemtype*="schema.org/Article"], [itemtype*="schema.org/BlogPosting"]') !== null;
}

export function firstHeading(doc: Document): string | undefined {
  const hs = doc.getElementsByTagName('h1');
  for (let i = 0; i < hs.length && i < 20; i++) {
    const h = hs[i];
    if (!h || h.querySelector('img')) continue;
    const t = cleanText(shortText(h, 300));
    if (t && t.length >= 3) return t;
  }
  return undefined;
}
