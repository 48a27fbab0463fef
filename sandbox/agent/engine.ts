/**
 * The sandbox catalog agent's "brain": deterministic query understanding and answers over the sandbox catalog.
 * No model, no randomness: the same session history and query always give the same answer. Rules (see README.md):
 *
 * - Price phrases: "under/below/less than/cheaper than/up to/at most/max $X" -> max; "over/above/more than/at least/
 *   min/from $X" -> min; "between X and Y", "from X to Y", "X-Y" -> both. Amounts compare with the product's price in
 *   its own currency (the demo stores sell in USD, EUR and GBP; the sandbox does not convert).
 * - "only <brand>" / "just <brand>" / "by <brand>" / "from <brand>": brand filter (known brand names only).
 * - "in <colour>": colour filter (any colour word of the catalog, e.g. "in black", "in blue").
 * - Filler words ("I need", "show me", "some", "ones", ...) are dropped; the rest are search words.
 * - Follow-ups (same session_id): the previous turn's words and filters are kept; new words are added, new price
 *   bounds / brand / colour replace the old ones; "cheaper" (without an amount) sets the price cap to 75 % of the
 *   previous cap, or of the previous turn's dearest result. A turn starting with "new search", "start over" or
 *   "instead" starts afresh, and so does one whose new words match nothing together with the previous words but
 *   match on their own (a new topic).
 * - Organic: the ranked products containing every search word (word prefix); if none does, the search's closest
 *   matches ("close matches": typos, partial matches).
 * - Sponsored (only when there are organic results): up to max_sponsored in-stock products that are not organic:
 *   the remaining full matches, then partial matches, then the same words without brand/colour filters; within each
 *   tier other brands than the organic results' first. They take slots 2, 5, 8, ... of the list; total <= max_results
 *   and at least one organic slot.
 *   Bid id: `bid_` + 16 hex of sha256(session_id, product id).
 */
import { createHash } from 'node:crypto';
import type { ProductView } from '../../lib/octogen/schemas';
import type { SandboxCatalog } from '../catalog';

export interface AgentFilters {
  minPrice?: number;
  maxPrice?: number;
  brand?: string;
  color?: string;
}

export interface SessionMemory {
  terms: string[];
  filters: AgentFilters;
  /** The dearest organic result of the last turn (for "cheaper" without a previous cap). */
  topPrice?: number;
}

export interface ParsedQuery {
  terms: string[];
  filters: AgentFilters;
  cheaper: boolean;
  reset: boolean;
}

export interface AgentProductOut {
  id: string;
  name: string;
  brand: string | null;
  price: number | null;
  currency: string | null;
  categories: string[];
  image_url: string | null;
  url: string;
  similarity_score: number;
  rank: number;
  is_sponsored: boolean;
  description: string | null;
  availability: 'in_stock' | 'out_of_stock';
  resolvedBidId?: string;
}

export interface AgentAnswer {
  text: string;
  products: AgentProductOut[];
  summary: { total_results: number; sponsored_results: number; organic_results: number };
  memory: SessionMemory;
  /** Whether the turn built on the session's previous turn. */
  refined: boolean;
}

export interface AnswerOptions {
  maxResults: number;
  maxSponsored: number;
  /** Explicit bounds (`price_filtering: true` with min_price / max_price) win over the query's phrases. */
  minPrice?: number | null;
  maxPrice?: number | null;
  marketplaceId?: string | null;
}

const STOPWORDS = new Set(
  `a an the i i'm im me my we us you your please pls can could would will do does is are be it its this that these those
  them they there here some any ones one something anything stuff thing things need needs want wants wanted like looking look
  find show get give got recommend suggest help hi hello hey for of to and or with on at please also what which good great nice
  best new more other another price prices priced cost costs costing around about approximately show me let see
  cheaper cheap less expensive lower budget affordable pricey only just by from in`.split(/\s+/),
);

const NUMBER = String.raw`(?:[$€£]\s*)?(\d+(?:[.,]\d{1,2})?)\s*(?:[$€£]|usd|eur|gbp|dollars?|euros?|pounds?|bucks)?`;
const RANGE_RES = [
  new RegExp(String.raw`\bbetween\s+${NUMBER}\s+(?:and|&|to|-)\s+${NUMBER}`, 'i'),
  new RegExp(String.raw`\bfrom\s+${NUMBER}\s+(?:to|-)\s+${NUMBER}`, 'i'),
  new RegExp(String.raw`(?:^|\s)${NUMBER}\s*(?:-|–|to)\s*${NUMBER}(?=\s|$)`, 'i'),
];
const MAX_RE = new RegExp(String.raw`(?:\bunder|\bbelow|\bless\s+than|\bcheaper\s+than|\bup\s+to|\bat\s+most|\bmax(?:imum)?|\bno\s+more\s+than|\bwithin|<=?)\s*${NUMBER}`, 'i');
const MIN_RE = new RegExp(String.raw`(?:\bover|\babove|\bmore\s+than|\bat\s+least|\bmin(?:imum)?|\bfrom|\bstarting\s+at|>=?)\s*${NUMBER}`, 'i');
const CHEAPER_RE = /\b(cheaper|less\s+expensive|lower[-\s]priced|lower\s+price|more\s+affordable|budget)\b/i;
const RESET_RE = /^\s*(new\s+search|start\s+over|instead)\b[:,]?\s*/i;

const amount = (raw: string | undefined) => (raw === undefined ? undefined : Number(raw.replace(',', '.')));

function norm(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface Vocabulary {
  /** Normalised brand name -> display name. */
  brands: Map<string, string>;
  /** Colour words of the catalog ("black", "blue", "green", ...). */
  colorWords: Set<string>;
}

export function vocabularyOf(products: readonly ProductView[]): Vocabulary {
  const brands = new Map<string, string>();
  const colorWords = new Set<string>();
  for (const p of products) {
    if (p.brand?.name) brands.set(norm(p.brand.name), p.brand.name);
    for (const c of p.colors) for (const w of norm(c.label).split(' ')) if (w.length > 2) colorWords.add(w);
  }
  return { brands, colorWords };
}

/** Understand one turn's query on its own (no session). */
export function parseQuery(query: string, vocab: Vocabulary): ParsedQuery {
  let text = ` ${query} `;
  const filters: AgentFilters = {};
  const reset = RESET_RE.test(query);
  if (reset) text = ` ${query.replace(RESET_RE, '')} `;

  for (const re of RANGE_RES) {
    const m = re.exec(text);
    if (m) {
      const a = amount(m[1])!;
      const b = amount(m[2])!;
      filters.minPrice = Math.min(a, b);
      filters.maxPrice = Math.max(a, b);
      text = text.replace(m[0], ' ');
      break;
    }
  }
  if (filters.maxPrice === undefined) {
    const m = MAX_RE.exec(text);
    if (m) {
      filters.maxPrice = amount(m[1]);
      text = text.replace(m[0], ' ');
    }
  }
  if (filters.minPrice === undefined) {
    const m = MIN_RE.exec(text);
    if (m) {
      filters.minPrice = amount(m[1]);
      text = text.replace(m[0], ' ');
    }
  }
  const cheaper = CHEAPER_RE.test(text);

  // "only <brand>", "by <brand>", ...: the longest known brand name right after the cue.
  const normalized = ` ${norm(text)} `;
  let rest = normalized;
  for (const cue of ['only', 'just', 'by', 'from']) {
    const at = rest.indexOf(` ${cue} `);
    if (at < 0) continue;
    const after = rest.slice(at + cue.length + 2);
    const brand = [...vocab.brands.keys()].filter((b) => after === b || after.startsWith(`${b} `)).sort((x, y) => y.length - x.length)[0];
    if (brand) {
      filters.brand = vocab.brands.get(brand);
      rest = `${rest.slice(0, at)} ${after.slice(brand.length)} `;
      break;
    }
  }
  const color = / in (\w+) /.exec(rest);
  if (color && vocab.colorWords.has(color[1]!)) {
    filters.color = color[1];
    rest = rest.replace(color[0], ' ');
  }
  const terms = rest
    .split(' ')
    .filter((w) => w.length > 0 && !STOPWORDS.has(w) && !/^\d+$/.test(w) && !['usd', 'eur', 'gbp', 'dollars', 'euros', 'pounds', 'bucks'].includes(w));
  return { terms, filters, cheaper, reset };
}

/** The marketplace id of a demo store (a UUID derived from its catalog key); the key itself is accepted too. */
export function marketplaceId(catalogKey: string): string {
  const hex = createHash('sha256').update(`marketplace:${catalogKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function bidId(sessionId: string, productId: string): string {
  return `bid_${createHash('sha256').update(`${sessionId}\u0000${productId}`).digest('hex').slice(0, 16)}`;
}

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };
export function formatPrice(price: number | null | undefined, currency: string | null | undefined): string {
  if (price == null) return 'an unlisted price';
  const symbol = SYMBOLS[currency ?? 'USD'];
  const value = price.toFixed(2);
  return symbol ? (currency === 'EUR' ? `€${value}` : `${symbol}${value}`) : `${value} ${currency}`;
}
const bound = (n: number) => `$${Number.isInteger(n) ? n : n.toFixed(2)}`;

function filterPhrase(f: AgentFilters): string {
  const parts: string[] = [];
  if (f.color) parts.push(`in ${f.color}`);
  if (f.brand) parts.push(`by ${f.brand}`);
  if (f.minPrice !== undefined && f.maxPrice !== undefined) parts.push(`between ${bound(f.minPrice)} and ${bound(f.maxPrice)}`);
  else if (f.maxPrice !== undefined) parts.push(`under ${bound(f.maxPrice)}`);
  else if (f.minPrice !== undefined) parts.push(`over ${bound(f.minPrice)}`);
  return parts.join(' ');
}

function listPhrase(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Does the product contain every word (as a word prefix) in its searchable text? */
function containsAll(product: ProductView, terms: readonly string[]): boolean {
  const text = ` ${norm(
    [product.title, product.brand?.name, ...product.categories.map((c) => c.name), ...product.tags, product.description].join(' '),
  )}`;
  return terms.every((t) => text.includes(` ${t}`));
}

export class AgentEngine {
  readonly vocab: Vocabulary;
  private readonly marketplaces: Map<string, string>;

  constructor(private readonly catalog: SandboxCatalog) {
    this.vocab = vocabularyOf(catalog.products);
    this.marketplaces = new Map();
    for (const c of catalog.catalogs) {
      this.marketplaces.set(c.catalog, c.catalog);
      this.marketplaces.set(marketplaceId(c.catalog), c.catalog);
    }
  }

  /** Answer one turn. `previous` is the session's memory (undefined for a new session). */
  answer(query: string, sessionId: string, options: AnswerOptions, previous?: SessionMemory): AgentAnswer {
    const parsed = parseQuery(query, this.vocab);
    let refined = previous !== undefined && !parsed.reset;
    let terms = parsed.terms;
    let filters: AgentFilters = { ...parsed.filters };
    if (refined && previous) {
      const combined = [...previous.terms, ...parsed.terms.filter((t) => !previous.terms.includes(t))];
      const isNewTopic =
        parsed.terms.length > 0 &&
        previous.terms.length > 0 &&
        !this.catalog.products.some((p) => containsAll(p, combined)) &&
        this.catalog.products.some((p) => containsAll(p, parsed.terms));
      if (isNewTopic) {
        refined = false;
      } else {
        terms = combined;
        filters = { ...previous.filters, ...parsed.filters };
        if (parsed.cheaper && parsed.filters.maxPrice === undefined) {
          const base = previous.filters.maxPrice ?? previous.topPrice;
          if (base !== undefined) filters.maxPrice = Math.floor(base * 0.75 * 100) / 100;
        }
      }
    }
    if (options.minPrice != null) filters.minPrice = options.minPrice;
    if (options.maxPrice != null) filters.maxPrice = options.maxPrice;

    const catalogs = options.marketplaceId != null ? [this.marketplaces.get(options.marketplaceId) ?? '\u0000none'] : undefined;
    const rank = (withBrandAndColor: boolean) =>
      this.catalog.search
        .rank({ q: terms.join(' '), catalogs, priceMin: filters.minPrice, priceMax: filters.maxPrice, limit: 1000 })
        .hits.filter(({ product }) => {
          if (!withBrandAndColor) return true;
          if (filters.brand && product.brand?.name !== filters.brand) return false;
          if (filters.color && !product.colors.some((c) => ` ${norm(c.label)} `.includes(` ${filters.color} `))) return false;
          return true;
        });
    const ranked = rank(true);
    // Organic results are the products with every word (as a word prefix); when none has them all (a typo, an
    // unusual word), the search's closest matches stand in.
    const full = terms.length ? ranked.filter((h) => containsAll(h.product, terms)) : ranked;
    const exact = full.length > 0 || ranked.length === 0;
    const primary = exact ? full : ranked;
    const top = primary[0]?.score ?? 0;
    const similarity = (score: number) => (top > 0 ? Math.round(Math.max(0, Math.min(1, score / top)) * 1000) / 1000 : 0);

    // Organic first (leaving room for the sponsored slots), then sponsored from what ranks after them.
    const maxResults = options.maxResults;
    const planned = primary.length === 0 ? 0 : Math.min(options.maxSponsored, Math.max(0, maxResults - 1));
    let organic = primary.slice(0, maxResults - planned);
    const organicIds = new Set(organic.map((h) => h.product.uuid));
    const organicBrands = new Set(organic.map((h) => h.product.brand?.name));
    const seen = new Set(organicIds);
    const eligible = (h: (typeof ranked)[number]) => {
      if (h.product.inStock === false || seen.has(h.product.uuid)) return false;
      seen.add(h.product.uuid);
      return true;
    };
    // Tiers: the remaining full matches, then partial matches, then the same words without brand/colour filters;
    // within a tier, other brands than the organic results first.
    const tiers = [primary.slice(organic.length), ranked, rank(false)].map((tier) => {
      const items = tier.filter(eligible);
      return [...items.filter((h) => !organicBrands.has(h.product.brand?.name)), ...items.filter((h) => organicBrands.has(h.product.brand?.name))];
    });
    const sponsored = tiers.flat().slice(0, planned);
    if (sponsored.length < planned) {
      const taken = new Set([...organicIds, ...sponsored.map((h) => h.product.uuid)]);
      organic = [...organic, ...primary.filter((h) => !taken.has(h.product.uuid)).slice(0, planned - sponsored.length)];
    }

    // Sponsored placements go to positions 2, 5, 8, ... (1-based) of the list.
    const list: { hit: (typeof ranked)[number]; sponsored: boolean }[] = organic.map((hit) => ({ hit, sponsored: false }));
    sponsored.forEach((hit, i) => list.splice(Math.min(list.length, 1 + 3 * i), 0, { hit, sponsored: true }));
    const products = list.map(({ hit, sponsored: isAd }, index) => this.toProduct(hit.product, {
      rank: index + 1,
      similarity: similarity(hit.score),
      bid: isAd ? bidId(sessionId, hit.product.uuid ?? '') : undefined,
    }));

    const memory: SessionMemory = {
      terms,
      filters,
      topPrice: organic.reduce<number | undefined>((max, h) => (h.product.currentPrice != null && (max === undefined || h.product.currentPrice > max) ? h.product.currentPrice : max), undefined),
    };
    const text = this.describe({ terms, filters, organic: organic.map((h) => h.product), sponsored: sponsored.length, refined, previous, exact });
    return {
      text,
      products,
      summary: { total_results: products.length, sponsored_results: sponsored.length, organic_results: organic.length },
      memory,
      refined,
    };
  }

  private toProduct(p: ProductView, o: { rank: number; similarity: number; bid?: string }): AgentProductOut {
    return {
      id: p.uuid ?? p.productUrl,
      name: p.title ?? '',
      brand: p.brand?.name ?? null,
      price: p.currentPrice ?? null,
      currency: p.currency ?? null,
      categories: p.categories.map((c) => c.name),
      image_url: p.primaryImage?.cdnUrl ?? p.imageUrl ?? p.primaryImage?.url ?? null,
      url: p.productUrl,
      similarity_score: o.similarity,
      rank: o.rank,
      is_sponsored: o.bid !== undefined,
      description: p.description ?? null,
      availability: p.inStock === false ? 'out_of_stock' : 'in_stock',
      ...(o.bid !== undefined ? { resolvedBidId: o.bid } : {}),
    };
  }

  private describe(a: { terms: string[]; filters: AgentFilters; organic: ProductView[]; sponsored: number; refined: boolean; previous?: SessionMemory; exact: boolean }): string {
    const what = a.terms.length ? `“${a.terms.join(' ')}”` : 'products';
    const filters = filterPhrase(a.filters);
    const prefix = a.refined && a.previous ? `Refining your search${a.previous.terms.length ? ` for “${a.previous.terms.join(' ')}”` : ''}: ` : '';
    if (a.organic.length === 0) {
      return `${prefix}I couldn't find any matches for ${what}${filters ? ` ${filters}` : ''}. Try describing it differently or widening the price range.`;
    }
    const stores = [...new Set(a.organic.map((p) => this.catalog.catalog(p.catalogKey ?? '')?.displayName).filter((s): s is string => !!s))];
    const n = a.organic.length;
    const sentences = [
      `${prefix}I found ${n} ${a.exact ? '' : 'close '}${n === 1 ? 'match' : 'matches'} for ${what}${filters ? ` ${filters}` : ''}${stores.length ? ` from ${listPhrase(stores)}` : ''}.`,
    ];
    const first = a.organic[0]!;
    sentences.push(
      `The top pick is the ${first.title} by ${first.brand?.name ?? 'an unnamed brand'} at ${formatPrice(first.currentPrice, first.currency)}${first.inStock === false ? ' (currently out of stock)' : ''}.`,
    );
    const others = a.organic.slice(1, 3).map((p) => `the ${p.title} (${formatPrice(p.currentPrice, p.currency)})`);
    if (others.length) sentences.push(`Also worth a look: ${listPhrase(others)}.`);
    if (a.sponsored > 0) sentences.push(`${a.sponsored} sponsored ${a.sponsored === 1 ? 'pick is' : 'picks are'} labelled as such.`);
    if (!a.refined) sentences.push('Tell me if you want it cheaper, in another colour or from one brand only.');
    return sentences.join(' ');
  }
}

/** Split an answer into 3-6 chunks of whole words (fewer for very short texts); joined, they give the text back. */
export function chunkText(text: string): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  if (words.length === 0) return text ? [text] : [];
  const count = Math.min(words.length, Math.max(3, Math.min(6, Math.ceil(words.length / 6))));
  const chunks: string[] = [];
  for (let i = 0; i < count; i++) {
    chunks.push(words.slice(Math.floor((i * words.length) / count), Math.floor(((i + 1) * words.length) / count)).join(''));
  }
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  if (lead && chunks[0] !== undefined) chunks[0] = lead + chunks[0];
  return chunks;
}
