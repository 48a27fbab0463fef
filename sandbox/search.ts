/**
 * Product search for the sandbox: MiniSearch over title, brand, categories, tags and description (prefix and
 * typo-tolerant), with the contract's filters (catalog/catalogs, price_min/price_max, facets) and opaque cursors.
 */
import MiniSearch from 'minisearch';
import type { Facet, ProductView } from '../lib/octogen/schemas';

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

interface Doc {
  id: number;
  title: string;
  brand: string;
  categories: string;
  tags: string;
  description: string;
}

function facetValues(product: ProductView, name: string): string[] | undefined {
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

/** Facets: AND across facets, OR within a facet's values; values compared case-insensitively. */
function matchesFacets(product: ProductView, facets: readonly Facet[]): boolean {
  return facets.every((facet) => {
    const values = facetValues(product, facet.name);
    if (!values) return false;
    const wanted = facet.values.map((v) => v.toLowerCase());
    return wanted.length === 0 || values.some((v) => wanted.includes(v));
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
  private readonly index: MiniSearch<Doc>;
  private readonly browseOrder: number[];
  private readonly df = new Map<string, number>();

  constructor(private readonly products: readonly ProductView[]) {
    this.index = new MiniSearch<Doc>({
      fields: ['title', 'brand', 'categories', 'tags', 'description'],
      idField: 'id',
      searchOptions: {
        boost: { title: 3, brand: 2.5, categories: 1.5, tags: 1, description: 0.4 },
        prefix: (term) => term.length >= 3,
        // Up to 2 edits for long words (a swapped pair of letters is 2 edits), 1 for medium ones, none for short.
        fuzzy: (term) => (term.length >= 6 ? 2 : term.length >= 4 ? 1 : false),
      },
    });
    this.index.addAll(
      products.map((p, id) => ({
        id,
        title: p.title ?? '',
        brand: p.brand?.name ?? '',
        categories: [...p.categories.map((c) => c.name), ...p.breadcrumbs.map((b) => b.name)].join(' '),
        tags: p.tags.join(' '),
        description: p.description ?? '',
      })),
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
    return (product: ProductView) => {
      if (product.isActive === false) return false;
      if (allow && !allow.has(product.catalogKey ?? '')) return false;
      const price = product.currentPrice;
      if (query.priceMin != null && (price == null || price < query.priceMin)) return false;
      if (query.priceMax != null && (price == null || price > query.priceMax)) return false;
      if (query.facets?.length && !matchesFacets(product, query.facets)) return false;
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
      const hits = this.browseOrder.map((i) => ({ product: this.products[i]!, score: 0 })).filter((h) => keep(h.product));
      return { hits, more: false };
    }
    const filter = (result: { id: number }) => keep(this.products[result.id]!);
    // A long query (a product title, for similar items) is precise enough without typo tolerance and prefixes,
    // which are what make it costly.
    const long = q.split(/\s+/).length > 3;
    const exact = long ? { fuzzy: false, prefix: false, fields: ['title', 'brand', 'categories', 'tags'] } : {};
    // In a long query, words in a third of the catalog or more ("for", "case") are stop words here: they would cost
    // the most and change nothing.
    const terms = [...new Set(tokenize(q))].sort((a, b) => (this.df.get(a) ?? 0) - (this.df.get(b) ?? 0));
    const telling = long ? terms.filter((t) => (this.df.get(t) ?? 0) < this.products.length / 3) : [];
    const all = this.index.search(long && telling.length ? telling.join(' ') : q, { combineWith: 'AND', filter, ...exact });
    const full = all.map((r) => ({ product: this.products[r.id as number]!, score: r.score }));
    if (full.length > need) return { hits: full, more: true };
    // The partial-match pass is the costly one (a long title matches nearly everything): fewer fields, and no
    // typo tolerance for long queries.
    const seen = new Set(all.map((r) => r.id));
    // Words found in most products ("case", "for", "women") match nearly everything and decide nothing: the partial
    // pass keeps the distinctive ones (those in at most a fifth of the catalog; else the two rarest).
    const distinctive = terms.filter((t) => (this.df.get(t) ?? 0) <= this.products.length / 5);
    const partial = (distinctive.length ? distinctive : terms.slice(0, 2)).join(' ');
    const some = this.index
      .search(partial, {
        combineWith: 'OR',
        filter,
        fields: ['title', 'brand', 'categories', 'tags'],
        ...exact,
      })
      .filter((r) => !seen.has(r.id));
    const top = all[0]?.score ?? 0;
    return {
      hits: [
        ...full,
        // Partial matches rank below every full match, in their own order.
        ...some.map((r) => ({ product: this.products[r.id as number]!, score: top > 0 ? Math.min(r.score, top) * 0.5 : r.score })),
      ],
      more: false,
    };
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
