/**
 * The shared public datasets (../shared/datasets) converted into the sandbox's `--catalog` file format
 * `{ "catalogs": [CatalogSummary], "products": [ProductView & { catalogKey }] }` (sandbox/catalog.ts), for load and
 * latency benchmarks. The datasets are read where they are and never copied into the repository; the converted file
 * goes to a temporary directory and is loaded back through `loadCatalogFile`, so the real `--catalog` path is used.
 *
 * - bestbuy-phones.json (3,291 items: name, description, brand, categories[], price, image, popularity): the Best Buy
 *   SKU is the number in the image file name (unique per item); product URLs follow Best Buy's
 *   `https://www.bestbuy.com/site/<slug>/<sku>.p?skuId=<sku>` shape.
 * - dummyjson-products.json (194 items): `https://dummyjson.com/products/<id>`, with sku, barcode (GTIN), rating,
 *   reviews, stock and the discount turned into an original price.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CatalogSummary, ProductView } from '../../lib/octogen/schemas';

export const SHARED_DATASETS_DIR = resolve(import.meta.dirname, '../../../shared/datasets');

/** What a `--catalog` file holds (products carry their catalog key). */
export interface CatalogFileData {
  catalogs: CatalogSummary[];
  products: (ProductView & { catalogKey: string })[];
}

const INDEXED_AT = '2026-07-01T03:00:00.000Z';

/** A stable UUID (v5-shaped) from a name, so conversions are reproducible. */
function uuidFrom(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[™®©]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'item'
  );
}

const money = (n: number) => Math.round(n * 100) / 100;

/** Fields every ProductView has (lists default to empty in the schema; written out so the file is explicit). */
function baseProduct(): Omit<ProductView, 'uuid' | 'productUrl'> {
  return {
    images: [],
    categories: [],
    sizes: [],
    colors: [],
    tags: [],
    variants: [],
    breadcrumbs: [],
    promotions: [],
    reviews: [],
    videos: [],
  } as unknown as Omit<ProductView, 'uuid' | 'productUrl'>;
}

interface BestBuyItem {
  name: string;
  description?: string;
  brand?: string;
  categories?: string[];
  price?: number;
  image?: string;
  popularity?: number;
}

export function convertBestBuy(items: readonly BestBuyItem[], catalogKey = 'bestbuy-phones'): CatalogFileData {
  const products: CatalogFileData['products'] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const sku = /\/(\d+)[^/]*$/.exec(item.image ?? '')?.[1] ?? `bb${index}`;
    let productUrl = `https://www.bestbuy.com/site/${slugify(item.name)}/${sku}.p?skuId=${sku}`;
    if (seen.has(productUrl)) productUrl = `https://www.bestbuy.com/site/${slugify(item.name)}/${sku}-${index}.p?skuId=${sku}-${index}`;
    seen.add(productUrl);
    const brand = item.brand?.trim();
    const categories = (item.categories ?? []).map((name) => ({ name }));
    products.push({
      ...baseProduct(),
      uuid: uuidFrom(`${catalogKey}:${sku}:${index}`),
      productUrl,
      catalogKey,
      title: item.name,
      brand: brand ? { name: brand, slug: slugify(brand) } : null,
      currentPrice: typeof item.price === 'number' ? money(item.price) : null,
      currency: 'USD',
      description: item.description ?? null,
      primaryImage: item.image ? { url: item.image } : null,
      imageUrl: item.image ?? null,
      images: item.image ? [{ url: item.image }] : [],
      categories,
      breadcrumbs: categories,
      isActive: true,
      inStock: true,
      identifiers: { productId: sku },
      updatedAt: INDEXED_AT,
    } as CatalogFileData['products'][number]);
  });
  return {
    catalogs: [
      {
        catalog: catalogKey,
        displayName: 'Best Buy phones (public dataset)',
        sourceBaseUrl: 'https://www.bestbuy.com',
        productCount: products.length,
        lastIndexedAt: INDEXED_AT,
      },
    ],
    products,
  };
}

interface DummyJsonItem {
  id: number;
  title: string;
  description?: string;
  category?: string;
  price?: number;
  discountPercentage?: number;
  rating?: number;
  stock?: number;
  tags?: string[];
  brand?: string;
  sku?: string;
  availabilityStatus?: string;
  reviews?: { rating?: number; comment?: string; date?: string; reviewerName?: string }[];
  meta?: { barcode?: string; updatedAt?: string };
  images?: string[];
  thumbnail?: string;
}

export function convertDummyJson(items: readonly DummyJsonItem[], catalogKey = 'dummyjson'): CatalogFileData {
  const products = items.map((item) => {
    const price = typeof item.price === 'number' ? money(item.price) : null;
    const discount = item.discountPercentage ?? 0;
    const original = price !== null && discount > 0 && discount < 100 ? money(price / (1 - discount / 100)) : null;
    const brand = item.brand?.trim();
    const images = item.images ?? [];
    const primary = images[0] ?? item.thumbnail;
    return {
      ...baseProduct(),
      uuid: uuidFrom(`${catalogKey}:${item.id}`),
      productUrl: `https://dummyjson.com/products/${item.id}`,
      catalogKey,
      title: item.title,
      brand: brand ? { name: brand, slug: slugify(brand) } : null,
      currentPrice: price,
      originalPrice: original,
      currency: 'USD',
      description: item.description ?? null,
      primaryImage: primary ? { url: primary } : null,
      imageUrl: primary ?? null,
      images: images.map((url) => ({ url })),
      rating: item.rating !== undefined ? { average: item.rating, count: item.reviews?.length ?? 0 } : null,
      categories: item.category ? [{ name: item.category.replace(/-/g, ' ') }] : [],
      tags: item.tags ?? [],
      isActive: true,
      inStock: item.availabilityStatus ? !/out of stock/i.test(item.availabilityStatus) : (item.stock ?? 0) > 0,
      identifiers: { productId: item.sku ?? String(item.id), gtin: item.meta?.barcode ?? null },
      reviews: (item.reviews ?? []).map((r) => ({ author: r.reviewerName ?? null, rating: r.rating ?? null, body: r.comment ?? null, publishedAt: r.date ?? null })),
      updatedAt: item.meta?.updatedAt ?? INDEXED_AT,
    } as CatalogFileData['products'][number];
  });
  return {
    catalogs: [
      {
        catalog: catalogKey,
        displayName: 'DummyJSON products (public dataset)',
        sourceBaseUrl: 'https://dummyjson.com',
        productCount: products.length,
        lastIndexedAt: INDEXED_AT,
      },
    ],
    products,
  };
}

export function mergeCatalogFiles(...files: CatalogFileData[]): CatalogFileData {
  return { catalogs: files.flatMap((f) => f.catalogs), products: files.flatMap((f) => f.products) };
}

/** Both shared datasets as one catalog file's data (3,485 products). */
export function sharedCatalogData(dir = SHARED_DATASETS_DIR): CatalogFileData {
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown[];
  return mergeCatalogFiles(
    convertBestBuy(read('bestbuy-phones.json') as BestBuyItem[]),
    convertDummyJson(read('dummyjson-products.json') as DummyJsonItem[]),
  );
}

/** Write the converted shared datasets to a fresh temporary `--catalog` file and return its path. */
export function writeSharedCatalogFile(dir = SHARED_DATASETS_DIR): { path: string; products: number } {
  const data = sharedCatalogData(dir);
  const out = join(mkdtempSync(join(tmpdir(), 'octolens-bench-catalog-')), 'shared-catalog.json');
  writeFileSync(out, JSON.stringify(data));
  return { path: out, products: data.products.length };
}
