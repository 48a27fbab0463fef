/**
 * Product search for the sandbox: BM25 over title, brand, categories, tags and description (prefix and typo-tolerant;
 * MiniSearch's ranking, see text-index.ts), with the contract's filters (catalog/catalogs, price_min/price_max,
 * facets) and opaque cursors.
 */
import type { Facet, ProductView } from '../lib/octogen/schemas';
import { TextIndex, type TextQuery } from './text-index';

export interface SearchQuery {
  q?: string | null;
  catalogs?: readonly string[];
  facets?: readonly Facet[];
  priceMin?: number | null;
  priceMax?: number | null;
  cursor?: string | null;
  limit: number;
}

export interface SearchHit {
  product: ProductView;
  score: number;
}

export interface SearchResult {
  hits: { product: ProductView; displayMatchScore: number | null }[];
  nextCursor: string | null;
}

const BOOSTS = [
  ['title', 3],
  ['brand', 2.5],
  ['categories', 1.5],
  ['tags', 1],
  ['description', 0.4],
] as const;
/** The short fields: a long query and the partial-match pass leave the description out. */
const SHORT_FIELDS = BOOSTS.slice(0, 4);

/** Word prefixes from 3 letters; up to 2 edits for long words (a swapped pair of letters is 2 edits), 1 for medium ones, none for short. */
const TOLERANT: Pick<TextQuery, 'prefix' | 'fuzzy'> = {
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 6 ? 2 : term.length >= 4 ? 1 : false),
};

export function facetValues(product: ProductView, name: string): string[] | undefined {
  const lower = (values: (string | null | undefined)[]) =>
    values.filter((v): v is string => typeof v === 'string' && v.length > 0).map((v) => v.toLowerCase());
  switch (name) {
    case 'brand_name':
    case 'raw_brand_name':
      return lower([product.brand?.name]);
    case 'brand_slug':
      return lower([product.brand?.slug]);
    case 'color':
    case 'color_family':
      return lower(product.colors.map((c) => c.label));
    case 'product_type':
      return lower([product.categories[product.categories.length - 1]?.name]);
    default: {
      const depth = /^category_path\.depth_(\d)$/.exec(name);
      if (depth) return lower([product.breadcrumbs[Number(depth[1])]?.name ?? product.categories[Number(depth[1])]?.name]);
      return undefined;
    }
  }
}

/** A facet filter with its wanted values lower-cased once per query. */
interface WantedFacet {
  name: string;
  values: ReadonlySet<string>;
}

/** Facets: AND across facets, OR within a facet's values; values compared case-insensitively. */
function matchesFacets(product: ProductView, facets: readonly WantedFacet[]): boolean {
  return facets.every((facet) => {
    const values = facetValues(product, facet.name);
    if (!values) return false;
    return facet.values.size === 0 || values.some((v) => facet.values.has(v));
  });
}

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ searchAfter: [offset] })).toString('base64url');
}

/** A malformed cursor restarts at page 1, as the real service does. */
export function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { searchAfter?: unknown };
    const offset = Array.isArray(parsed.searchAfter) ? parsed.searchAfter[0] : undefined;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : 0;
  } catch {
    return 0;
  }
}

export class ProductSearch {
  private readonly index: TextIndex;
  private readonly browseOrder: number[];
  private readonly df = new Map<string, number>();

  constructor(private readonly products: readonly ProductView[]) {
    this.index = new TextIndex(
      BOOSTS.map(([field]) => field),
      products.map((p) => [
        p.title ?? '',
        p.brand?.name ?? '',
        [...p.categories.map((c) => c.name), ...p.breadcrumbs.map((b) => b.name)].join(' '),
        p.tags.join(' '),
        p.description ?? '',
      ]),
    );
    // Document frequency of each word of the short fields, for the partial-match pass (see `rank`).
    for (const p of products) {
      const words = new Set(tokenize([p.title, p.brand?.name, ...p.categories.map((c) => c.name), ...p.tags].join(' ')));
      for (const w of words) this.df.set(w, (this.df.get(w) ?? 0) + 1);
    }
    this.browseOrder = products
      .map((_, i) => i)
      .sort((a, b) => {
        const pa = products[a]!;
        const pb = products[b]!;
        return (pa.catalogKey ?? '').localeCompare(pb.catalogKey ?? '') || (pa.title ?? '').localeCompare(pb.title ?? '') || a - b;
      });
  }

  private filter(query: SearchQuery) {
    const allow = query.catalogs && query.catalogs.length ? new Set(query.catalogs) : undefined;
    const facets = query.facets?.map((f) => ({ name: f.name, values: new Set(f.values.map((v) => v.toLowerCase())) }));
    return (product: ProductView) => {
      if (product.isActive === false) return false;
      if (allow && !allow.has(product.catalogKey ?? '')) return false;
      const price = product.currentPrice;
      if (query.priceMin != null && (price == null || price < query.priceMin)) return false;
      if (query.priceMax != null && (price == null || price > query.priceMax)) return false;
      if (facets?.length && !matchesFacets(product, facets)) return false;
      return true;
    };
  }

  /**
   * Matches in rank order: products matching every word first, then (only when those do not fill the page) products
   * matching some words, so similar-item queries never run dry. `need` is how many results the caller will show;
   * `more` says whether there are results past the ones returned.
   */
  rank(query: SearchQuery, need = Number.POSITIVE_INFINITY): { hits: SearchHit[]; more: boolean } {
    const keep = this.filter(query);
    const q = query.q?.trim();
    if (!q) {
      // Browsing: catalog order, as far as the caller needs.
      const hits: SearchHit[] = [];
      for (const i of this.browseOrder) {
        const product = this.products[i]!;
        if (!keep(product)) continue;
        if (hits.length >= need) return { hits, more: true };
        hits.push({ product, score: 0 });
      }
      return { hits, more: false };
    }
    const filter = (doc: number) => keep(this.products[doc]!);
    // A long query (a product title, for similar items) is precise enough without typo tolerance and prefixes,
    // which are what make it costly.
    const long = q.split(/\s+/).length > 3;
    const options: Omit<TextQuery, 'combineWith'> = long ? { fields: SHORT_FIELDS, filter } : { fields: BOOSTS, filter, ...TOLERANT };
    // In a long query, words in a third of the catalog or more ("for", "case") are stop words here: they would cost
    // the most and change nothing.
    const terms = [...new Set(tokenize(q))].sort((a, b) => (this.df.get(a) ?? 0) - (this.df.get(b) ?? 0));
    const telling = long ? terms.filter((t) => (this.df.get(t) ?? 0) < this.products.length / 3) : [];
    const { hits: all, total } = this.index.search(long && telling.length ? telling.join(' ') : q, {
      ...options,
      combineWith: 'AND',
      limit: need + 1,
    });
    const full = all.map((r) => ({ product: this.products[r.doc]!, score: r.score }));
    // More full matches than needed: the page is full; the rest need no ranking.
    if (total > need) return { hits: full.slice(0, need), more: true };
    // The partial-match pass is the costly one (a long title matches nearly everything): fewer fields, and no
    // typo tolerance for long queries.
    const seen = new Set(all.map((r) => r.doc));
    // Words found in most products ("case", "for", "women") match nearly everything and decide nothing: the partial
    // pass keeps the distinctive ones (those in at most a fifth of the catalog; else the two rarest).
    const distinctive = terms.filter((t) => (this.df.get(t) ?? 0) <= this.products.length / 5);
    const partial = (distinctive.length ? distinctive : terms.slice(0, 2)).join(' ');
    // Partial matches rank below every full match, in their own order; only as many as the page still needs.
    const room = need - full.length;
    const some = this.index.search(partial, {
      ...options,
      fields: SHORT_FIELDS,
      combineWith: 'OR',
      filter: (doc) => !seen.has(doc) && filter(doc),
      limit: room + 1,
    });
    const top = all[0]?.score ?? 0;
    const partials = some.hits.slice(0, room).map((r) => ({ product: this.products[r.doc]!, score: top > 0 ? Math.min(r.score, top) * 0.5 : r.score }));
    return { hits: [...full, ...partials], more: some.total > room };
  }

  search(query: SearchQuery): SearchResult {
    const offset = decodeCursor(query.cursor);
    const { hits: ranked, more } = this.rank(query, offset + query.limit);
    const page = ranked.slice(offset, offset + query.limit);
    const top = ranked[0]?.score ?? 0;
    const hasText = Boolean(query.q?.trim());
    return {
      hits: page.map((hit) => ({
        product: hit.product,
        displayMatchScore: hasText && top > 0 ? Math.max(0, Math.min(100, Math.round((100 * hit.score) / top))) : null,
      })),
      nextCursor: more || offset + query.limit < ranked.length ? encodeCursor(offset + query.limit) : null,
    };
  }

}

function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s\p{P}\p{S}]+/u)
    .filter((w) => w.length > 1);
}
