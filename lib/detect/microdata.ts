/**
 * Microdata (`itemscope`/`itemtype`/`itemprop`) and RDFa Lite (`typeof`/`property`) read into the same plain items
 * as JSON-LD. A property belongs to its nearest enclosing scope; nested scopes (offers, brand) become nested items.
 * Bounded: at most MAX_SCOPES scopes considered, MAX_PROPS property nodes read per page, MAX_DEPTH nesting.
 */
import { isOfferItem, isProductItem, type Item } from './schema';
import { parsePrice } from './text';

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

const PRICE_PROPS = new Set(['price', 'lowprice', 'highprice']);

function attrValue(el: Element): string | undefined {
  const tag = el.tagName.toLowerCase();
  const content = el.getAttribute('content');
  if (content !== null) return content;
  if (tag === 'meta') return undefined;
  const pick = (a: string) => el.getAttribute(a) ?? undefined;
  if (tag === 'a' || tag === 'link' || tag === 'area') return pick('href');
  if (tag === 'img' || tag === 'source' || tag === 'video' || tag === 'audio' || tag === 'iframe' || tag === 'embed') return pick('src');
  if (tag === 'object') return pick('data');
  if (tag === 'data' || tag === 'meter' || tag === 'input') return pick('value');
  if (tag === 'time') return pick('datetime') ?? undefined;
  const resource = el.getAttribute('resource') ?? el.getAttribute('href');
  if (resource !== null) return resource;
  return undefined;
}

function textValue(el: Element): string {
  const t = el.textContent ?? '';
  return t.length > MAX_VALUE_CHARS ? t.slice(0, MAX_VALUE_CHARS) : t;
}

interface Budget {
  props: number;
}

function readScope(scope: Element, syntax: Syntax, depth: number, budget: Budget): Item {
  const item: Item = Object.create(null) as Item;
  item['@type'] = (scope.getAttribute(syntax.type) ?? '').trim();
  const nodes = scope.querySelectorAll(`[${syntax.prop}]`);
  for (let i = 0; i < nodes.length && budget.props < MAX_PROPS; i++) {
    const el = nodes[i];
    if (!el) continue;
    budget.props++;
    const owner = el.parentElement?.closest(`[${syntax.scope}]`);
    if (owner !== scope) continue;
    const names = (el.getAttribute(syntax.prop) ?? '').trim().split(/\s+/);
    let value: unknown;
    if (el.hasAttribute(syntax.scope)) {
      if (depth >= MAX_DEPTH) continue;
      value = readScope(el, syntax, depth + 1, budget);
    } else {
      const attr = attrValue(el);
      value = attr ?? textValue(el);
    }
    for (const raw of names) {
      const name = raw.replace(/^.*[/#:]/, '');
      if (!name || name === '__proto__' || name === '@type') continue;
      let v = value;
      // Prices written as page text use local separators: normalise them here (structured values use ".").
      if (typeof v === 'string' && PRICE_PROPS.has(name.toLowerCase()) && el.getAttribute('content') === null) {
        v = parsePrice(v) ?? v;
      }
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
  const scopes = doc.querySelectorAll(syntax === RDFA ? '[typeof]' : '[itemscope][itemtype]');
  for (let i = 0; i < scopes.length && i < MAX_SCOPES; i++) {
    const el = scopes[i];
    if (!el) continue;
    const probe = { '@type': el.getAttribute(syntax.type) ?? '' };
    const product = isProductItem(probe);
    const offer = !product && isOfferItem(probe);
    if (!product && !offer) continue;
    // Only the outermost product (or a lone offer): products nested in products are related items.
    const outer = el.parentElement?.closest(`[${syntax.scope}]`);
    if (outer && isProductItem({ '@type': outer.getAttribute(syntax.type) ?? '' })) continue;
    if (offer && outer && isOfferItem({ '@type': outer.getAttribute(syntax.type) ?? '' })) continue;
    const item = readScope(el, syntax, 0, budget);
    (product ? products : offers).push(item);
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
