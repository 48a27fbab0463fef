/**
 * The sandbox's catalog state: catalogs, products, the lookup indexes and the search index.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CatalogSummary, ProductView } from '../lib/octogen/schemas';
import { normalizeHost, normalizeProductUrl } from '../lib/octogen/urls';
import { ProductSearch } from './search';

export type MatchedVia = 'exact' | 'normalized_exact' | 'structural_alias' | 'loose';

export interface LookupHit {
  product: ProductView;
  catalog: CatalogSummary;
  /** The indexed URL that matched (the product's URL or one of its variants'). */
  indexedUrl: string;
  matchedVia: MatchedVia;
}

/** Shopify `/collections/<x>/products/<handle>` -> `/products/<handle>` (anywhere in the path). */
export function structuralAlias(url: URL): string | undefined {
  const match = /^(.*)\/collections\/[^/]+(\/products\/[^/]+)\/?$/.exec(url.pathname);
  if (!match) return undefined;
  const alias = new URL(url.toString());
  alias.pathname = `${match[1]}${match[2]}`;
  return alias.toString();
}

/** Loose key: host and lower-cased path, no query, no trailing slash. */
function looseKey(normalized: string): string {
  const url = new URL(normalized);
  return `${url.host}${url.pathname.toLowerCase().replace(/\/+$/, '')}`;
}

export class SandboxCatalog {
  readonly catalogs: CatalogSummary[];
  readonly products: ProductView[];
  /** Rebuilt when a catalog is added (a voyage completes). */
  search: ProductSearch;
  /** Bumped on every change (the `/domains` body and ETag are recomputed when it moves). */
  version = 0;
  private readonly byNormalized = new Map<string, { product: ProductView; url: string }>();
  private readonly byLoose = new Map<string, { product: ProductView; url: string }>();
  private readonly catalogByKey = new Map<string, CatalogSummary>();

  constructor(catalogs: CatalogSummary[], products: ProductView[]) {
    this.catalogs = catalogs;
    this.products = products;
    for (const catalog of catalogs) this.catalogByKey.set(catalog.catalog, catalog);
    for (const product of products) this.index(product);
    this.search = new ProductSearch(products);
  }

  /** Add a catalog and its products (a completed voyage): lookup, search, `/domains` and `/catalogs` see them. */
  addCatalog(catalog: CatalogSummary, products: ProductView[]): void {
    if (this.catalogByKey.has(catalog.catalog)) return;
    this.catalogs.push(catalog);
    this.catalogByKey.set(catalog.catalog, catalog);
    for (const product of products) {
      this.products.push(product);
      this.index(product);
    }
    this.search = new ProductSearch(this.products);
    this.version++;
  }

  /** The product with this uuid, if any. */
  byUuid(uuid: string): ProductView | undefined {
    if (!this.uuidIndex || this.uuidIndexVersion !== this.version) {
      this.uuidIndex = new Map(this.products.filter((p) => p.uuid).map((p) => [p.uuid!, p]));
      this.uuidIndexVersion = this.version;
    }
    return this.uuidIndex.get(uuid);
  }
  private uuidIndex?: Map<string, ProductView>;
  private uuidIndexVersion = -1;

  private index(product: ProductView): void {
    {
      const urls = [product.productUrl, ...product.variants.map((v) => v.productUrl).filter((u): u is string => !!u)];
      for (const url of urls) {
        const normalized = normalizeProductUrl(url);
        if (!normalized) continue;
        if (!this.byNormalized.has(normalized)) this.byNormalized.set(normalized, { product, url });
        const loose = looseKey(normalized);
        if (!this.byLoose.has(loose)) this.byLoose.set(loose, { product, url });
      }
    }
  }

  catalog(key: string): CatalogSummary | undefined {
    return this.catalogByKey.get(key);
  }

  /** Resolve a product URL as the service's index does (strict: exact/normalised only; loose adds aliases). */
  lookup(requestedUrl: string, matchMode: 'strict' | 'loose'): LookupHit | undefined {
    const normalized = normalizeProductUrl(requestedUrl);
    if (!normalized) return undefined;
    const hit = (entry: { product: ProductView; url: string } | undefined, matchedVia: MatchedVia) => {
      if (!entry) return undefined;
      const catalog = this.catalogByKey.get(entry.product.catalogKey ?? '');
      if (!catalog) return undefined;
      return { product: entry.product, catalog, indexedUrl: entry.url, matchedVia };
    };
    const exact = this.byNormalized.get(normalized);
    if (exact) return hit(exact, exact.url === requestedUrl ? 'exact' : 'normalized_exact');
    if (matchMode === 'strict') return undefined;
    const alias = structuralAlias(new URL(normalized));
    if (alias) {
      const aliased = this.byNormalized.get(normalizeProductUrl(alias) ?? '');
      if (aliased) return hit(aliased, 'structural_alias');
    }
    return hit(this.byLoose.get(looseKey(alias ?? normalized)), 'loose');
  }

  /**
   * Change a product in place (the `POST /__sandbox/products` test hook): found by its URL as lookup finds it
   * (normalised, strict), its record's `updatedAt` set to `now`. Undefined when no product has that URL.
   */
  update(productUrl: string, change: ProductChange, now: Date): ProductView | undefined {
    const product = this.lookup(productUrl, 'strict')?.product;
    if (!product) return undefined;
    if (change.currentPrice !== undefined) product.currentPrice = change.currentPrice;
    if (change.originalPrice !== undefined) product.originalPrice = change.originalPrice;
    if (change.inStock !== undefined) product.inStock = change.inStock;
    if (change.title !== undefined) {
      product.title = change.title;
      this.search = new ProductSearch(this.products);
    }
    product.updatedAt = now.toISOString();
    return product;
  }

  /** `/domains`: one entry per (host, catalog), sorted. */
  domains(): { host: string; catalog: string; catalogDisplayName: string }[] {
    const seen = new Map<string, { host: string; catalog: string; catalogDisplayName: string }>();
    const add = (url: string | null | undefined, catalogKey: string | null | undefined) => {
      const catalog = catalogKey ? this.catalogByKey.get(catalogKey) : undefined;
      const host = url ? normalizeHost(url) : undefined;
      if (!catalog || !host) return;
      seen.set(`${host}\u0000${catalog.catalog}`, { host, catalog: catalog.catalog, catalogDisplayName: catalog.displayName });
    };
    for (const catalog of this.catalogs) add(catalog.sourceBaseUrl, catalog.catalog);
    for (const product of this.products) add(product.productUrl, product.catalogKey);
    return [...seen.values()].sort((a, b) => a.host.localeCompare(b.host) || a.catalog.localeCompare(b.catalog));
  }
}

/** The body of `POST /__sandbox/products`: the product's URL and at least one change (null: the field unknown). */
export const ProductChange = z
  .strictObject({
    productUrl: z.string().min(1),
    currentPrice: z.number().nonnegative().nullable().optional(),
    originalPrice: z.number().nonnegative().nullable().optional(),
    inStock: z.boolean().nullable().optional(),
    title: z.string().trim().min(1).max(500).optional(),
  })
  .refine((c) => Object.keys(c).length > 1, { message: 'Give at least one of currentPrice, originalPrice, inStock, title' });
export type ProductChange = z.infer<typeof ProductChange>;

/** The `--catalog <file.json>` format. */
export const CatalogFile = z.strictObject({
  catalogs: z.array(CatalogSummary).min(1),
  products: z.array(ProductView.extend({ catalogKey: z.string().min(1) })),
});

export class CatalogFileError extends Error {}

/** Load and validate a catalog file; the error names the file, the field path and what is wrong. */
export function loadCatalogFile(path: string): { catalogs: CatalogSummary[]; products: ProductView[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CatalogFileError(`Cannot read catalog file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CatalogFileError(`Catalog file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = CatalogFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `  at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('\n');
    throw new CatalogFileError(`Catalog file ${path} does not fit the expected format { "catalogs": [...], "products": [...] }:\n${problems}`);
  }
  const keys = new Set(parsed.data.catalogs.map((c) => c.catalog));
  parsed.data.products.forEach((product, i) => {
    if (!keys.has(product.catalogKey)) {
      throw new CatalogFileError(`Catalog file ${path}: products.${i}.catalogKey "${product.catalogKey}" names no catalog in "catalogs"`);
    }
  });
  return parsed.data;
}
