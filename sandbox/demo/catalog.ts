/**
 * Generates the deterministic demo catalog from the tables in ./stores.ts.
 *
 * Everything is derived from a per-store seeded PRNG and fixed dates, so the same origin always gives the same
 * records. URLs are built from the sandbox's origin (its port is chosen at runtime).
 */
import type { CatalogSummary, ProductView, VariantView } from '../../lib/octogen/schemas';
import { PALETTE, STORES, type ColorKey, type KindSpec, type StoreSpec } from './stores';
import { gtinCheckDigit, hash32, rng, slugify, uuidFrom, type Rng } from './util';

export type PageKind = 'jsonld' | 'microdata' | 'opengraph' | 'canonical';
export const PAGE_KINDS: readonly PageKind[] = ['jsonld', 'microdata', 'opengraph', 'canonical'];

export interface DemoCatalog {
  catalogs: CatalogSummary[];
  products: ProductView[];
  pageKind(productUrl: string): PageKind | undefined;
}

/** When the demo catalogs were "indexed" (fixed, so runs are reproducible). */
export const LAST_INDEXED_AT = '2026-07-01T03:00:00.000Z';
const UPDATED_BEFORE = Date.UTC(2026, 5, 28, 12, 0, 0);

export const storeBase = (origin: string, storeKey: string) => `${origin.replace(/\/+$/, '')}/demo/${storeKey}`;

/** Image file suffixes: '' (primary), '--2' (a second view), '--c-<colorKey>' (a colour variant). */
export const imageUrls = (origin: string, storeKey: string, handle: string, uuid: string, suffix = '') => ({
  url: `${storeBase(origin, storeKey)}/images/${handle}${suffix}.svg`,
  cdnUrl: `${origin.replace(/\/+$/, '')}/demo/cdn/${uuid}${suffix}.svg`,
});

const CENTS: Record<StoreSpec['currency'], number[]> = { USD: [0.99, 0.99, 0.0, 0.95], EUR: [0.9, 0.0, 0.95, 0.99], GBP: [0.99, 0.0, 0.5] };
const money = (n: number) => Math.round(n * 100) / 100;

function colorView(key: ColorKey) {
  const [label, hexCode] = PALETTE[key];
  return { label, hexCode };
}

function sizeCode(size: string): string {
  return size.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

const DESCRIPTIONS: ((x: Record<string, string>) => string)[] = [
  (x) => `The ${x.title} ${x.be} made from ${x.material} and ${x.feature}. Ideal for ${x.use}.`,
  (x) => `Built for ${x.use}, the ${x.brand} ${x.short} ${x.feature}. Made from ${x.material}.`,
  (x) => `Made from ${x.material}, the ${x.short} ${x.feature} and ${x.feature2}. Pick ${x.it} for ${x.use}.`,
  (x) => `Our ${x.short} ${x.feature}. ${x.It} ${x.be} crafted from ${x.material} for ${x.use}, and ${x.It === 'It' ? 'it' : 'they'} ${x.feature2}.`,
];

interface Draft {
  kind: KindSpec;
  title: string;
  short: string;
  nounIndex: number;
}

/** Picks unique titles for a store: `[Men's |Women's ]<Model> <noun>[suffix]`. */
function draftTitles(store: StoreSpec, r: Rng): Draft[] {
  const used = new Set<string>();
  const drafts: Draft[] = [];
  let modelCursor = r.int(0, store.models.length - 1);
  for (const kind of store.kinds) {
    for (let k = 0; k < kind.count; k++) {
      for (let attempt = 0; ; attempt++) {
        const model = store.models[(modelCursor + attempt * 3) % store.models.length] ?? 'Classic';
        const nounIndex = (k + attempt) % kind.nouns.length;
        const noun = kind.nouns[nounIndex] ?? kind.type;
        const suffix = kind.suffixes ? r.pick(kind.suffixes) : '';
        const prefix = kind.gendered ? (k % 2 === 0 ? "Women's " : "Men's ") : '';
        const short = `${model} ${noun}`;
        const title = `${prefix}${short}${suffix}`;
        if (used.has(slugify(title)) || (attempt < 10 && drafts.some((d) => d.short === short))) continue;
        used.add(slugify(title));
        drafts.push({ kind, title, short, nounIndex });
        modelCursor = (modelCursor + 7) % store.models.length;
        break;
      }
    }
  }
  return drafts;
}

function price(store: StoreSpec, r: Rng, [lo, hi]: [number, number]) {
  const whole = r.int(lo, hi);
  const current = money(whole + r.pick(CENTS[store.currency]));
  if (!r.chance(0.27)) return { currentPrice: current, originalPrice: null };
  const pct = r.pick([0.15, 0.2, 0.25, 0.3, 0.4]);
  const originalWhole = Math.max(whole + 1, Math.round(whole / (1 - pct)));
  return { currentPrice: current, originalPrice: money(originalWhole + (store.currency === 'EUR' ? 0.9 : 0.99)) };
}

function buildStore(origin: string, store: StoreSpec): ProductView[] {
  const r = rng(`octolens-demo/${store.key}/v1`);
  const base = storeBase(origin, store.key);
  const gtins = new Set<string>();
  return draftTitles(store, r).map(({ kind, title, short, nounIndex }, index): ProductView => {
    const handle = slugify(title);
    const productUrl = `${base}/products/${handle}`;
    const uuid = uuidFrom(`${store.key}/${handle}`);
    const styleCode = `${store.skuPrefix}-${1001 + index}`;
    const brandName = r.pick(store.brands);
    const colorKeys = r.sample(kind.colors, r.int(1, Math.min(3, kind.colors.length)));
    const sizes = kind.sizes ? [...r.pick(kind.sizes)] : [];
    const outOfStock = index % 17 === 5;
    const { currentPrice, originalPrice } = price(store, r, kind.price);

    // Variants: colour x size (a single-colour, size-less product has none).
    const variants: VariantView[] = [];
    if (colorKeys.length > 1 || sizes.length > 0) {
      for (const key of colorKeys) {
        for (const size of sizes.length ? sizes : [null]) {
          const sku = [styleCode, key.toUpperCase(), ...(size ? [sizeCode(size)] : [])].join('-');
          variants.push({
            sku,
            productUrl: `${productUrl}?variant=${sku}`,
            color: colorView(key),
            size,
            inStock: !outOfStock && r.chance(0.85),
            imageUrl: imageUrls(origin, store.key, handle, uuid, `--c-${key}`).url,
          });
        }
      }
      const first = variants[0];
      if (!outOfStock && first && !variants.some((v) => v.inStock)) first.inStock = true;
    }

    let gtin = '';
    do {
      const body = `2${store.gtinDigit}${String(r.int(0, 9_999_999_999)).padStart(10, '0')}`;
      gtin = `${body}${gtinCheckDigit(body)}`;
    } while (gtins.has(gtin));
    gtins.add(gtin);

    const primary = { ...imageUrls(origin, store.key, handle, uuid), width: 600, height: 600, mimeType: 'image/svg+xml' };
    const secondKey = colorKeys[1];
    const second = secondKey
      ? imageUrls(origin, store.key, handle, uuid, `--c-${secondKey}`)
      : r.chance(0.4)
        ? imageUrls(origin, store.key, handle, uuid, '--2')
        : undefined;
    const images = [primary, ...(second ? [{ ...second, width: 600, height: 600, mimeType: 'image/svg+xml' }] : [])];

    const [feature = '', feature2 = ''] = r.sample(kind.features, 2);
    const material =
      kind.materials.length === kind.nouns.length ? (kind.materials[nounIndex] ?? kind.type) : r.pick(kind.materials);
    const description = r.pick(DESCRIPTIONS)({
      title,
      short,
      brand: brandName,
      material,
      feature,
      feature2: feature2 || feature,
      use: r.pick(kind.uses),
      be: kind.plural ? 'are' : 'is',
      it: kind.plural ? 'them' : 'it',
      It: kind.plural ? 'They' : 'It',
    });

    const gender = kind.gendered ? (title.startsWith("Women's") ? 'female' : 'male') : null;
    const categories = kind.path.map((name) => ({ name, url: `${base}/collections/${slugify(name)}` }));
    const rated = r.chance(0.9);
    const tags = [
      ...kind.tags,
      ...(originalPrice ? ['sale'] : []),
      ...(r.chance(0.15) ? ['new-arrival'] : []),
      ...(gender ? [gender === 'female' ? 'womens' : 'mens'] : []),
    ];
    const inStock = variants.length ? variants.some((v) => v.inStock) : !outOfStock;
    const productId = String(7_000_000_000_000 + (hash32(`pid:${uuid}`) % 1_000_000_000) * 1000 + index);

    return {
      uuid,
      productUrl,
      catalogKey: store.key,
      title,
      brand: { name: brandName, slug: slugify(brandName), url: `${base}/collections/vendors?q=${encodeURIComponent(brandName)}` },
      currentPrice,
      originalPrice,
      currency: store.currency,
      primaryImage: primary,
      imageUrl: primary.cdnUrl,
      images,
      rating: rated ? { average: Math.round((3.4 + r.next() * 1.5) * 10) / 10, count: r.int(1, 900) } : null,
      isActive: true,
      updatedAt: new Date(UPDATED_BEFORE - r.int(0, 120 * 86_400) * 1000).toISOString(),
      description,
      inStock,
      categories,
      breadcrumbs: [{ name: 'Home', url: `${base}/` }, ...categories],
      sizes,
      colors: colorKeys.map(colorView),
      tags,
      variants,
      details: {
        materials: [material],
        fit: kind.gendered ? [r.pick(['regular fit', 'relaxed fit', 'athletic fit'])] : [],
        patterns: [],
        dimensions: null,
      },
      audience: gender ? { genders: [gender], ageGroups: ['adult'] } : kind.activewear ? { genders: ['unisex'], ageGroups: ['adult'] } : null,
      identifiers: { productId, gtin, productGroupId: styleCode },
      promotions: originalPrice
        ? [{ description: `Summer sale: ${Math.round((1 - currentPrice / originalPrice) * 100)}% off`, code: null, promotionId: `${store.key}-summer-2026` }]
        : [],
      reviews: [],
      videos: [],
      enrichment: {
        type: kind.type,
        category_path: kind.path,
        gender,
        age_groups: gender ? ['adult'] : null,
        is_activewear: !!kind.activewear,
      },
    };
  });
}

/** The path used to index a product page URL, independent of origin, query, case and trailing slash. */
export function pagePathKey(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://demo.invalid');
  } catch {
    return undefined;
  }
  const path = parsed.pathname
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\/collections\/[^/]+(\/products\/[^/]+)$/, '$1');
  return path;
}

/**
 * One product with an Arabic title and description (#27: text from a right-to-left store inside a record, with Latin
 * model names and digits mixed in): Voltage Lane's 59th product (a JSON-LD page), otherwise as generated.
 */
export const RTL_DEMO = {
  store: 'voltage',
  index: 58,
  title: 'شاشة Ion QHD مقاس 27 بوصة',
  description: 'شاشة بدقة QHD مقاس 27 بوصة مع منفذ USB-C، مثالية للعمل والألعاب.',
} as const;

export function buildDemoCatalog(origin: string): DemoCatalog {
  const cleanOrigin = origin.replace(/\/+$/, '');
  const products: ProductView[] = [];
  const catalogs: CatalogSummary[] = [];
  const kinds = new Map<string, PageKind>();
  STORES.forEach((store, storeIndex) => {
    const storeProducts = buildStore(cleanOrigin, store);
    if (store.key === RTL_DEMO.store && storeProducts[RTL_DEMO.index]) {
      const p = storeProducts[RTL_DEMO.index]!;
      storeProducts[RTL_DEMO.index] = { ...p, title: RTL_DEMO.title, description: RTL_DEMO.description };
    }
    storeProducts.forEach((p, i) => {
      const key = pagePathKey(p.productUrl);
      if (key) kinds.set(key, PAGE_KINDS[(i + storeIndex) % PAGE_KINDS.length] ?? 'jsonld');
    });
    products.push(...storeProducts);
    catalogs.push({
      catalog: store.key,
      displayName: store.name,
      sourceBaseUrl: storeBase(cleanOrigin, store.key),
      productCount: storeProducts.length,
      lastIndexedAt: LAST_INDEXED_AT,
    });
  });
  return {
    catalogs,
    products,
    pageKind(productUrl: string) {
      const key = pagePathKey(productUrl);
      return key === undefined ? undefined : kinds.get(key);
    },
  };
}
