/**
 * Stores and pages the catalog does NOT index, for the extension's end-to-end tests:
 *
 * - **Uncovered stores** at any `http://<name>.localhost:<port>/` (Chromium resolves `*.localhost` to loopback, so
 *   the sandbox answers them): a home page listing six products and `/products/<handle>` pages (JSON-LD Product,
 *   Open Graph, `<link rel=canonical>` on the same host and port), generated deterministically from the host name.
 *   No catalog covers them until a voyage on `<name>.localhost` completes; then `voyageCatalog` gives the catalog
 *   and those exact products (productUrl = the page URL with the sandbox's port), so `/domains`, lookup and search
 *   see them.
 * - **New arrivals** on the covered demo stores: `/demo/<store>/products/new-arrival-<1..4>`, product pages (JSON-LD,
 *   Open Graph, canonical) whose product is not in the catalog: lookup answers 404, resolve-from-html finds it.
 */
import type { CatalogSummary, ProductView } from '../lib/octogen/schemas';
import { productSvg } from './demo/svg';
import type { Shape } from './demo/stores';
import { esc, formatMoney, rng, scriptJson, slugify, titleCase, uuidFrom } from './demo/util';

export const UNCOVERED_PRODUCTS_PER_STORE = 6;
export const NEW_ARRIVALS_PER_STORE = 4;

/** `<name>.localhost[:port]` → `name` (lower-case; dotted names allowed), else undefined. `localhost` itself is not a store. */
export function uncoveredStoreName(host: string | undefined): string | undefined {
  const m = /^((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)localhost\.?(?::\d{1,5})?$/i.exec(host ?? '');
  return m ? m[1]!.slice(0, -1).toLowerCase() : undefined;
}

const ADJECTIVES = ['Everyday', 'Heirloom', 'Field', 'Studio', 'Harbor', 'Meadow', 'Copper', 'Linen', 'Cedar', 'Slate', 'Willow', 'Juniper'];
const KINDS: { noun: string; category: string; shape: Shape; min: number; max: number }[] = [
  { noun: 'Watering Can', category: 'Garden Tools', shape: 'bottle', min: 18, max: 60 },
  { noun: 'Planter', category: 'Planters', shape: 'pot', min: 12, max: 90 },
  { noun: 'Garden Apron', category: 'Apparel', shape: 'shirt', min: 20, max: 55 },
  { noun: 'Seed Tin', category: 'Seeds', shape: 'mug', min: 6, max: 24 },
  { noun: 'Pruning Knife', category: 'Garden Tools', shape: 'knife', min: 15, max: 70 },
  { noun: 'Potting Bench', category: 'Furniture', shape: 'board', min: 120, max: 340 },
  { noun: 'Trug Basket', category: 'Storage', shape: 'backpack', min: 25, max: 80 },
  { noun: 'Boot Tray', category: 'Storage', shape: 'shoe', min: 14, max: 45 },
];
const COLORS = ['#4f7942', '#b5651d', '#6b8e9f', '#c2a878', '#8a5a83', '#3e6259'];

interface StoreProductSpec {
  handle: string;
  title: string;
  category: string;
  shape: Shape;
  color: string;
  price: number;
  originalPrice: number | null;
  description: string;
  sku: string;
}

function productSpecs(seed: string, count: number, brand: string): StoreProductSpec[] {
  const r = rng(seed);
  const kinds = r.sample(KINDS, Math.min(count, KINDS.length));
  return kinds.map((kind, i) => {
    const adjective = r.pick(ADJECTIVES);
    const title = `${adjective} ${kind.noun}`;
    const price = Math.round((kind.min + r.next() * (kind.max - kind.min)) * 100) / 100;
    const marked = r.chance(0.3);
    return {
      handle: slugify(title),
      title,
      category: kind.category,
      shape: kind.shape,
      color: COLORS[i % COLORS.length]!,
      price,
      originalPrice: marked ? Math.round(price * 1.25 * 100) / 100 : null,
      description: `The ${title.toLowerCase()} from ${brand}: ${kind.category.toLowerCase()} made to last, shipped plastic-free.`,
      sku: `${slugify(brand).slice(0, 6).toUpperCase()}-${String(i + 1).padStart(3, '0')}`,
    };
  });
}

const storeSpecs = (name: string) => {
  const brand = titleCase(name.split('.').join(' ').replace(/-/g, ' '));
  return { brand, products: productSpecs(`uncovered:${name}`, UNCOVERED_PRODUCTS_PER_STORE, brand) };
};

/** The origin a domain's pages are served at: `*.localhost` on the sandbox's own port, anything else https. */
export function storeOrigin(domain: string, sandboxOrigin: string): string {
  if (!domain.endsWith('.localhost')) return `https://${domain}`;
  const port = new URL(sandboxOrigin).port;
  return `http://${domain}${port ? `:${port}` : ''}`;
}

/** The catalog key a voyage publishes a domain under: `greenhouse-goods.localhost` → `greenhouse-goods-localhost`. */
export const voyageCatalogKey = (domain: string) => domain.replace(/[^a-z0-9]+/g, '-');

function toView(spec: StoreProductSpec, origin: string, brand: string, catalogKey: string, currency: string, updatedAt: string): ProductView {
  const productUrl = `${origin}/products/${spec.handle}`;
  const image = { url: `${origin}/images/${spec.handle}.svg`, cdnUrl: null, width: 600, height: 600, mimeType: 'image/svg+xml', sizeBytes: null };
  return {
    uuid: uuidFrom(`${catalogKey}:${spec.handle}`),
    productUrl,
    catalogKey,
    title: spec.title,
    brand: { name: brand, slug: slugify(brand), url: null, description: null },
    currentPrice: spec.price,
    originalPrice: spec.originalPrice,
    primaryImage: image,
    imageUrl: image.url,
    images: [image],
    rating: null,
    isActive: true,
    displayMatchScore: null,
    rawScore: null,
    updatedAt,
    currency,
    description: spec.description,
    inStock: true,
    categories: [{ name: spec.category, url: null }],
    sizes: [],
    colors: [],
    tags: [spec.category.toLowerCase()],
    variants: [],
    details: { materials: [], fit: [], patterns: [], dimensions: null },
    audience: null,
    identifiers: { productId: spec.sku, gtin: null, productGroupId: null },
    breadcrumbs: [{ name: 'Home', url: `${origin}/` }, { name: spec.category, url: null }],
    promotions: [],
    reviews: [],
    videos: [],
    enrichment: null,
  };
}

/**
 * What a completed voyage on `domain` publishes: a catalog and its products. For `<name>.localhost` these are exactly
 * the products the uncovered store's pages show, at the URLs the browser sees them (the sandbox's port).
 */
export function voyageCatalog(domain: string, sandboxOrigin: string, completedAt: string): { catalog: CatalogSummary; products: ProductView[] } {
  const name = domain.endsWith('.localhost') ? domain.slice(0, -'.localhost'.length) : domain;
  const { brand, products } = storeSpecs(name);
  const origin = storeOrigin(domain, sandboxOrigin);
  const key = voyageCatalogKey(domain);
  return {
    catalog: { catalog: key, displayName: brand, sourceBaseUrl: origin, productCount: products.length, lastIndexedAt: completedAt },
    products: products.map((p) => toView(p, origin, brand, key, 'USD', completedAt)),
  };
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1d2a1f;background:#f7f5ef}header{background:#3e6259;color:#fff;padding:14px 24px}
header a{color:#fff;text-decoration:none;font-weight:700}main{max-width:960px;margin:0 auto;padding:24px}.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:18px}
.card{background:#fff;border-radius:8px;padding:12px}.card img,.product img{width:100%;height:auto}.product{display:grid;grid-template-columns:1fr 1fr;gap:24px}
.price{font-size:1.4em;font-weight:700}.was{text-decoration:line-through;color:#777;margin-left:8px}button{padding:10px 18px;background:#3e6259;color:#fff;border:0;border-radius:6px}`;

function shell(title: string, head: string, body: string, brand: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">${head}<style>${STYLE}</style></head>
<body><header><a href="/">${esc(brand)}</a></header><main>${body}</main></body></html>`;
}

function productPage(spec: StoreProductSpec, pageOrigin: string, brand: string, currency: string, extraHead = ''): string {
  const url = `${pageOrigin}/products/${spec.handle}`;
  const image = `${pageOrigin}/images/${spec.handle}.svg`;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: spec.title,
    url,
    image: [image],
    description: spec.description,
    sku: spec.sku,
    brand: { '@type': 'Brand', name: brand },
    offers: { '@type': 'Offer', url, price: spec.price.toFixed(2), priceCurrency: currency, availability: 'https://schema.org/InStock' },
  };
  const head = `<link rel="canonical" href="${esc(url)}">
<meta property="og:type" content="product"><meta property="og:title" content="${esc(spec.title)}"><meta property="og:url" content="${esc(url)}">
<meta property="og:image" content="${esc(image)}"><meta property="og:site_name" content="${esc(brand)}"><meta property="og:description" content="${esc(spec.description)}">
<meta property="product:price:amount" content="${spec.price.toFixed(2)}"><meta property="product:price:currency" content="${currency}">${extraHead}
<script type="application/ld+json">${scriptJson(ld)}</script>`;
  const body = `<div class="product"><img src="${esc(image)}" alt="${esc(spec.title)}" width="600" height="600">
<div><h1>${esc(spec.title)}</h1><p class="brand">${esc(brand)}</p><p><span class="price">${esc(formatMoney(spec.price, currency))}</span>${
    spec.originalPrice ? `<span class="was">${esc(formatMoney(spec.originalPrice, currency))}</span>` : ''
  }</p><p>${esc(spec.description)}</p><button type="button">Add to cart</button></div></div>`;
  return shell(`${spec.title} – ${brand}`, head, body, brand);
}

export interface PageAnswer {
  status: number;
  contentType: string;
  body: string;
}

const notFoundPage = (brand: string): PageAnswer => ({
  status: 404,
  contentType: 'text/html; charset=utf-8',
  body: shell('Not found', '', '<h1>Page not found</h1>', brand),
});

/** A page of the uncovered store on `host` (`<name>.localhost:<port>`); `pageOrigin` is the origin the browser sees. */
export function renderUncoveredStore(host: string, pageOrigin: string, path: string): PageAnswer | undefined {
  const name = uncoveredStoreName(host);
  if (!name) return undefined;
  const { brand, products } = storeSpecs(name);
  if (path === '/' || path === '') {
    const cards = products
      .map(
        (p) =>
          `<a class="card" href="/products/${esc(p.handle)}"><img src="/images/${esc(p.handle)}.svg" alt="" width="300" height="300"><h2>${esc(p.title)}</h2><p class="price">${esc(formatMoney(p.price, 'USD'))}</p></a>`,
      )
      .join('\n');
    const ld = { '@context': 'https://schema.org', '@type': 'WebSite', name: brand, url: `${pageOrigin}/` };
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: shell(brand, `<meta property="og:type" content="website"><script type="application/ld+json">${scriptJson(ld)}</script>`, `<h1>${esc(brand)}</h1><div class="grid">${cards}</div>`, brand),
    };
  }
  const product = /^\/products\/([a-z0-9-]+)\/?$/i.exec(path);
  if (product) {
    const spec = products.find((p) => p.handle === product[1]!.toLowerCase());
    return spec ? { status: 200, contentType: 'text/html; charset=utf-8', body: productPage(spec, pageOrigin, brand, 'USD') } : notFoundPage(brand);
  }
  const image = /^\/images\/([a-z0-9-]+)\.svg$/i.exec(path);
  if (image) {
    const spec = products.find((p) => p.handle === image[1]!.toLowerCase());
    if (spec) return { status: 200, contentType: 'image/svg+xml', body: productSvg({ color: spec.color, shape: spec.shape, name: spec.title }) };
  }
  return notFoundPage(brand);
}

/** The handles of the uncovered store on `host`, for tests and the info hook. */
export function uncoveredStoreHandles(name: string): string[] {
  return storeSpecs(name).products.map((p) => p.handle);
}

/** `new-arrival-1` … `new-arrival-4`. */
export const newArrivalHandles = () => Array.from({ length: NEW_ARRIVALS_PER_STORE }, (_, i) => `new-arrival-${i + 1}`);

/**
 * A "new arrival" page of a covered demo store (not in the catalog): `/demo/<store>/products/new-arrival-<n>`.
 * `stores` are the demo catalogs (key, display name, currency).
 */
export function renderNewArrival(
  origin: string,
  store: { key: string; name: string; currency: string } | undefined,
  handle: string,
): PageAnswer | undefined {
  if (!store) return undefined;
  const m = /^new-arrival-(\d+)$/.exec(handle.toLowerCase());
  const n = m ? Number(m[1]) : 0;
  if (n < 1 || n > NEW_ARRIVALS_PER_STORE) return undefined;
  const [spec] = productSpecs(`new-arrival:${store.key}:${n}`, 1, store.name);
  const pageSpec = { ...spec!, handle: `new-arrival-${n}`, title: `${spec!.title} (New Arrival)`, sku: `NEW-${store.key.toUpperCase()}-${n}` };
  const base = `${origin}/demo/${store.key}`;
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: productPage(pageSpec, base, store.name, store.currency).replace('<html lang="en">', '<html lang="en" data-demo-page="product:new-arrival">'),
  };
}

/** Image of a new arrival: `/demo/<store>/images/new-arrival-<n>.svg`. */
export function newArrivalImage(storeKey: string, handle: string): string | undefined {
  const m = /^new-arrival-(\d+)$/.exec(handle.toLowerCase());
  const n = m ? Number(m[1]) : 0;
  if (n < 1 || n > NEW_ARRIVALS_PER_STORE) return undefined;
  const [spec] = productSpecs(`new-arrival:${storeKey}:${n}`, 1, storeKey);
  return productSvg({ color: spec!.color, shape: spec!.shape, name: spec!.title });
}
