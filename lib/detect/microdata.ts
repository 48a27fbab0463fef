/**
 * Microdata (`itemscope`/`itemtype`/`itemprop`) and RDFa Lite (`typeof`/`property`) read into the same plain items
 * as JSON-LD. A property belongs to its nearest enclosing scope; nested scopes (offers, brand) become nested items.
 * Bounded: at most MAX_SCOPES scopes considered, MAX_PROPS property nodes read per page, MAX_DEPTH nesting.
 */
import { isOfferItem, isProductItem, type Item } from './schema';
import { parsePrice, upTo } from './text';

const MAX_SCOPES = 400;
const MAX_PROPS = 4000;
const MAX_DEPTH = 4;
const MAX_VALUE_CHARS = 5000;

interface Syntax {
  scope: string;
  type: string;
  prop: string;
}

const MICRODATA: Syntax = { scope: 'itemscope', type: 'itemtype', prop: 'itemprop' };
const RDFA: Syntax = { scope: 'typeof', type: 'typeof', prop: 'property' };

/** The attribute holding an element's value, by tag (other elements: `resource`, `href`, else their text). */
const VALUE_ATTR: Record<string, string> = {
  a: 'href', area: 'href', link: 'href', audio: 'src', embed: 'src', iframe: 'src', img: 'src', source: 'src', video: 'src',
  object: 'data', data: 'value', input: 'value', meter: 'value', time: 'datetime',
};

/** A property element's value: its `content`, its tag's value attribute, else null (its text is used). */
function attrValue(el: Element): string | null {
  const tag = el.localName;
  const attr = Object.hasOwn(VALUE_ATTR, tag) ? VALUE_ATTR[tag] : undefined;
  return el.getAttribute('content') ?? (tag === 'meta' ? null : attr ? el.getAttribute(attr) : (el.getAttribute('resource') ?? el.getAttribute('href')));
}

interface Budget {
  props: number;
}

function readScope(scope: Element, syntax: Syntax, depth: number, budget: Budget): Item {
  const item: Item = Object.create(null) as Item;
  item['@type'] = (scope.getAttribute(syntax.type) ?? '').trim();
  for (const el of scope.querySelectorAll(`[${syntax.prop}]`)) {
    if (budget.props++ >= MAX_PROPS) break;
    if (el.parentElement?.closest(`[${syntax.scope}]`) !== scope) continue;
    let value: unknown;
    if (el.hasAttribute(syntax.scope)) {
      if (depth >= MAX_DEPTH) continue;
      value = readScope(el, syntax, depth + 1, budget);
    } else value = attrValue(el) ?? (el.textContent ?? '').slice(0, MAX_VALUE_CHARS);
    for (const raw of (el.getAttribute(syntax.prop) ?? '').trim().split(/\s+/)) {
      const name = raw.replace(/^.*[/#:]/, '');
      if (!name || name === '__proto__' || name === '@type') continue;
      let v = value;
      // Prices written as page text use local separators: normalise them here (structured values use ".").
      if (typeof v === 'string' && /^(low|high)?price$/i.test(name) && !el.hasAttribute('content')) v = parsePrice(v) ?? v;
      const prev = item[name];
      item[name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  return item;
}

export interface ScopedResult {
  products: Item[];
  offers: Item[];
}

function read(doc: Document, syntax: Syntax): ScopedResult {
  const products: Item[] = [];
  const offers: Item[] = [];
  const budget: Budget = { props: 0 };
  const typed = (el: Element | null | undefined) => ({ '@type': el?.getAttribute(syntax.type) ?? '' });
  for (const el of upTo(doc.querySelectorAll(syntax === RDFA ? '[typeof]' : '[itemscope][itemtype]'), MAX_SCOPES)) {
    const product = isProductItem(typed(el));
    const offer = !product && isOfferItem(typed(el));
    if (!product && !offer) continue;
    // Only the outermost product (or a lone offer): products nested in products are related items.
    const outer = typed(el.parentElement?.closest(`[${syntax.scope}]`));
    if (isProductItem(outer) || (offer && isOfferItem(outer))) continue;
    (product ? products : offers).push(readScope(el, syntax, 0, budget));
    if (budget.props >= MAX_PROPS) break;
  }
  return { products, offers };
}

export function readMicrodata(doc: Document): ScopedResult {
  return read(doc, MICRODATA);
}

export function readRdfa(doc: Document): ScopedResult {
  return read(doc, RDFA);
}
