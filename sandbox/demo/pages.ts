/**
 * The demo store pages served under /demo: index, store homes, collections, search, product pages in four markup
 * kinds, Shopify-style collection aliases, the SPA demo, blog articles, product images and a 404 page.
 *
 * Page kinds (see README.md in this folder):
 * - jsonld:    JSON-LD Product (sometimes a ProductGroup with hasVariant, an @graph with a BreadcrumbList, or preceded
 *              by a broken JSON-LD block), plus <link rel=canonical> and og:site_name/og:title. No microdata.
 * - microdata: schema.org Product microdata and <link rel=canonical>. No JSON-LD, no OpenGraph.
 * - opengraph: OpenGraph product meta only; deliberately NO <link rel=canonical> (og:url carries the URL).
 * - canonical: no structured data, only <link rel=canonical> and the visible page.
 */
import type { ProductView, VariantView } from '../../lib/octogen/schemas';
import { pagePathKey, storeBase, type DemoCatalog, type PageKind } from './catalog';
import { SPA_JS } from './spa';
import { PALETTE, STORES, storeByKey, type ColorKey, type Shape, type StoreSpec } from './stores';
import { productSvg } from './svg';
import { THEMES, priceText, type ProductModel } from './themes';
import { esc, formatMoney, gtinCheckDigit, hash32, scriptJson, slugify } from './util';

export interface DemoResponse {
  status: number;
  contentType: string;
  body: string;
}

const HTML = 'text/html; charset=utf-8';
const SVG = 'image/svg+xml';
const JS = 'application/javascript; charset=utf-8';
const SCHEMA = 'https://schema.org/';

// ---------------------------------------------------------------------------------------------------------------
// Product helpers (everything is derived from the ProductView, so any DemoCatalog renders)
// ---------------------------------------------------------------------------------------------------------------

export function handleOf(p: ProductView): string {
  return new URL(p.productUrl).pathname.split('/').filter(Boolean).pop() ?? '';
}

function typeOf(p: ProductView): string | undefined {
  const type = (p.enrichment as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' ? type : undefined;
}

const SHAPE_BY_TYPE = new Map<string, Shape>(STORES.flatMap((s) => s.kinds.map((k) => [k.type, k.shape] as const)));

export function shortName(p: ProductView): string {
  return (p.title ?? '').replace(/^(Men's|Women's)\s+/, '').split(', ')[0]?.trim() ?? '';
}

function skuOf(p: ProductView): string {
  return p.variants[0]?.sku ?? p.identifiers?.productGroupId ?? p.identifiers?.productId ?? handleOf(p);
}

function productBase(p: ProductView): string {
  return p.productUrl.replace(/\/products\/[^/?#]+.*$/, '');
}

/** The Shopify-style alias of a product page: `<store>/collections/<leaf category>/products/<handle>`. */
export function aliasUrl(p: ProductView): string {
  return `${productBase(p)}/collections/${slugify(p.categories.at(-1)?.name ?? 'all')}/products/${handleOf(p)}`;
}

export type JsonLdFlavour = 'product' | 'group' | 'graph' | 'broken';
const FLAVOURS: JsonLdFlavour[] = ['product', 'group', 'graph', 'broken'];

/** Which JSON-LD shape a 'jsonld' product page uses (deterministic by store and handle). */
export function jsonLdFlavour(p: ProductView): JsonLdFlavour {
  const flavour = FLAVOURS[hash32(`ld:${p.catalogKey}/${handleOf(p)}`) % FLAVOURS.length] ?? 'product';
  return flavour === 'group' && p.variants.length < 2 ? 'graph' : flavour;
}

// ---------------------------------------------------------------------------------------------------------------
// Index of a catalog
// ---------------------------------------------------------------------------------------------------------------

interface Index {
  byPath: Map<string, ProductView>;
  byUuid: Map<string, ProductView>;
  byStore: Map<string, ProductView[]>;
}
const indexes = new WeakMap<DemoCatalog, Index>();

function indexFor(catalog: DemoCatalog): Index {
  let index = indexes.get(catalog);
  if (index) return index;
  index = { byPath: new Map(), byUuid: new Map(), byStore: new Map() };
  for (const p of catalog.products) {
    const key = pagePathKey(p.productUrl);
    if (key && !index.byPath.has(key)) index.byPath.set(key, p);
    if (p.uuid) index.byUuid.set(p.uuid, p);
    const store = p.catalogKey ?? '';
    index.byStore.set(store, [...(index.byStore.get(store) ?? []), p]);
  }
  indexes.set(catalog, index);
  return index;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON-LD
// ---------------------------------------------------------------------------------------------------------------

const availability = (inStock: boolean | null | undefined) => `${SCHEMA}${inStock ? 'InStock' : 'OutOfStock'}`;

function offer(p: ProductView, url: string, inStock: boolean | null | undefined, numeric: boolean) {
  return {
    '@type': 'Offer',
    url,
    price: numeric ? p.currentPrice : (p.currentPrice ?? 0).toFixed(2),
    priceCurrency: p.currency,
    availability: availability(inStock),
    itemCondition: `${SCHEMA}NewCondition`,
  };
}

/** A schema.org Product for the page; small style differences (image list, brand object, numeric price) vary by product. */
export function productLd(p: ProductView, selected?: VariantView): Record<string, unknown> {
  const style = hash32(`style:${handleOf(p)}`);
  const inStock = selected ? selected.inStock : p.inStock;
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    '@id': `${p.productUrl}#product`,
    name: p.title,
    description: p.description,
    url: p.productUrl,
    image: style & 1 ? p.images.map((i) => (typeof i === 'string' ? i : i.url)) : p.primaryImage?.url,
    sku: selected?.sku ?? skuOf(p),
    gtin13: p.identifiers?.gtin ?? undefined,
    brand: style & 2 ? { '@type': 'Brand', name: p.brand?.name } : p.brand?.name,
    ...(selected?.color ? { color: selected.color.label } : {}),
    ...(selected?.size ? { size: selected.size } : {}),
    ...(p.rating?.count
      ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: p.rating.average, reviewCount: p.rating.count } }
      : {}),
    offers: offer(p, selected?.productUrl ?? p.productUrl, inStock, !!(style & 4)),
  };
}

function productGroupLd(p: ProductView): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ProductGroup',
    '@id': `${p.productUrl}#group`,
    name: p.title,
    description: p.description,
    url: p.productUrl,
    image: p.primaryImage?.url,
    brand: { '@type': 'Brand', name: p.brand?.name },
    productGroupID: p.identifiers?.productGroupId,
    sku: p.identifiers?.productGroupId,
    gtin13: p.identifiers?.gtin ?? undefined,
    variesBy: [...(p.colors.length ? [`${SCHEMA}color`] : []), ...(p.sizes.length ? [`${SCHEMA}size`] : [])],
    hasVariant: p.variants.map((v) => ({
      '@type': 'Product',
      '@id': v.productUrl,
      name: `${p.title} - ${[v.color?.label, v.size].filter(Boolean).join(' / ')}`,
      sku: v.sku,
      color: v.color?.label,
      size: v.size ?? undefined,
      image: v.imageUrl,
      offers: offer(p, v.productUrl ?? p.productUrl, v.inStock, true),
    })),
  };
}

function breadcrumbLd(p: ProductView) {
  return {
    '@type': 'BreadcrumbList',
    '@id': `${p.productUrl}#breadcrumb`,
    itemListElement: [...p.breadcrumbs, { name: p.title ?? '', url: p.productUrl }].map((b, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: b.name,
      item: b.url,
    })),
  };
}

const ldScript = (value: unknown, id?: string) =>
  `<script type="application/ld+json"${id ? ` id="${id}"` : ''}>${scriptJson(value, 2)}</script>`;

function productLdBlocks(p: ProductView, store: StoreSpec, selected: VariantView | undefined): string {
  switch (jsonLdFlavour(p)) {
    case 'group':
      return ldScript(productGroupLd(p));
    case 'graph': {
      const { '@context': _context, ...product } = productLd(p, selected);
      return ldScript({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', '@id': p.productUrl, url: p.productUrl, name: p.title, breadcrumb: { '@id': `${p.productUrl}#breadcrumb` } },
          breadcrumbLd(p),
          product,
        ],
      });
    }
    case 'broken': {
      // A hand-written theme snippet with a trailing comma and a missing brace: invalid JSON, as seen in the wild.
      const broken = `{\n  "@context": "https://schema.org",\n  "@type": "Organization",\n  "name": ${scriptJson(store.name)},\n  "url": ${scriptJson(productBase(p))},\n  "sameAs": [\n    "https://social.example/${store.key}",\n  ]\n`;
      return `<script type="application/ld+json">${broken}</script>\n${ldScript(productLd(p, selected))}`;
    }
    default:
      return ldScript(productLd(p, selected));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

function html(body: string, status = 200): DemoResponse {
  return { status, contentType: HTML, body };
}

/** One HTML document: the shell every demo page shares, with its own language, style, header and footer. */
function doc(o: { lang: string; css: string; title: string; head: string; pageAttr: string; header: string; main: string; footer: string }): string {
  return `<!doctype html>
<html lang="${o.lang}" data-demo-page="${esc(o.pageAttr)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(o.title)}</title>
${o.head}
<style>${o.css}</style>
</head>
<body>
${o.header}
${o.main}
${o.footer}
</body>
</html>
`;
}

function storeDoc(store: StoreSpec, base: string, title: string, head: string, main: string, pageAttr: string): string {
  const theme = THEMES[store.theme];
  return doc({ lang: theme.lang, css: theme.css, title, head, pageAttr, header: theme.header(store, base), main, footer: theme.footer(store) });
}

const PLAIN_CSS = `body{margin:0;font-family:system-ui,sans-serif;background:#fafafa;color:#222;line-height:1.55}
header{background:#222;color:#fff;padding:14px 28px}header a{color:#fff;text-decoration:none;font-weight:700}
main{max-width:760px;margin:auto;padding:24px 28px}a{color:#0b62c4}.stores{list-style:none;padding:0}.stores li{margin:12px 0;padding:12px;background:#fff;border:1px solid #ddd;border-radius:8px}
article img{max-width:220px;float:right;margin:0 0 12px 16px;border-radius:8px}footer{padding:24px 28px;font-size:13px;color:#666}`;

function plainDoc(title: string, head: string, main: string, pageAttr: string): string {
  return doc({
    lang: 'en',
    css: PLAIN_CSS,
    title,
    head,
    pageAttr,
    header: '<header><a href="/demo/">Octolens demo stores</a></header>',
    main,
    footer: '<footer>Demo content for the Octolens sandbox. The stores, brands and products are invented.</footer>',
  });
}

function notFound(): DemoResponse {
  return html(
    plainDoc('Page not found', '<meta name="robots" content="noindex">', '<main><h1>404: page not found</h1><p>There is no demo page at this address. <a href="/demo/">Back to the demo stores</a>.</p></main>', '404'),
    404,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Product pages
// ---------------------------------------------------------------------------------------------------------------

function ogProductTags(p: ProductView, store: StoreSpec, inStock: boolean): string {
  const tags: [string, string | null | undefined][] = [
    ['og:type', 'product'],
    ['og:site_name', store.name],
    ['og:title', p.title],
    ['og:description', p.description],
    ['og:url', p.productUrl],
    ['og:image', p.primaryImage?.url],
    ['og:image:width', '600'],
    ['og:image:height', '600'],
    ['product:brand', p.brand?.name],
    ['product:price:amount', (p.currentPrice ?? 0).toFixed(2)],
    ['product:price:currency', p.currency],
    ['product:availability', inStock ? 'in stock' : 'out of stock'],
    ['product:retailer_item_id', skuOf(p)],
  ];
  return tags.map(([property, content]) => `<meta property="${property}" content="${esc(content)}">`).join('\n');
}

/**
 * `?audit=stale`: the page as the store shows it after the catalog indexed it, for the catalog audit: a tenth dearer,
 * its stock turned over (the product's and each variant's) and a new GTIN (the next number, with its check digit).
 */
export function staleProduct(p: ProductView): ProductView {
  const gtin = p.identifiers?.gtin;
  const body = gtin && /^\d{8,14}$/.test(gtin) ? `${gtin.slice(0, -2)}${(Number(gtin.at(-2)) + 1) % 10}` : undefined;
  return {
    ...p,
    currentPrice: p.currentPrice == null ? p.currentPrice : Math.round(p.currentPrice * 110) / 100,
    inStock: !p.inStock,
    variants: p.variants.map((v) => ({ ...v, inStock: !v.inStock })),
    identifiers: { ...p.identifiers, gtin: body ? `${body}${gtinCheckDigit(body)}` : gtin },
  };
}

function productPage(catalog: DemoCatalog, indexed: ProductView, query: URLSearchParams): DemoResponse | undefined {
  const p = query.get('audit') === 'stale' ? staleProduct(indexed) : indexed;
  const store = storeByKey(p.catalogKey);
  if (!store) return undefined;
  const theme = THEMES[store.theme];
  const base = productBase(p);
  const kind: PageKind = catalog.pageKind(p.productUrl) ?? 'canonical';
  const variantSku = query.get('variant');
  const selected = variantSku ? p.variants.find((v) => v.sku === variantSku) : undefined;
  const inStock = !!(selected ? selected.inStock : p.inStock);
  const ld = kind === 'jsonld' ? productLdBlocks(p, store, selected) : '';
  const head = [`<meta name="description" content="${esc(p.description)}">`];
  if (kind !== 'opengraph') head.push(`<link rel="canonical" href="${esc(p.productUrl)}">`);
  if (kind === 'jsonld') head.push(`<meta property="og:site_name" content="${esc(store.name)}">`, `<meta property="og:title" content="${esc(p.title)}">`);
  if (kind === 'opengraph') head.push(ogProductTags(p, store, inStock));
  if (ld && theme.ldInHead) head.push(ld);
  const model: ProductModel = {
    p,
    store,
    base,
    kind,
    md: kind === 'microdata',
    selected,
    sku: selected?.sku ?? skuOf(p),
    inStock,
    trailer: ld && !theme.ldInHead ? `\n${ld}` : '',
  };
  return html(storeDoc(store, base, `${p.title}${theme.titleSep}${store.name}`, head.join('\n'), theme.product(model), `product:${kind}`));
}

// ---------------------------------------------------------------------------------------------------------------
// Listings: store home, collections, search
// ---------------------------------------------------------------------------------------------------------------

/** Store pages link canonical-kind products through their collection alias, like Shopify themes do. */
function listingHref(catalog: DemoCatalog, p: ProductView): string {
  return catalog.pageKind(p.productUrl) === 'canonical' ? aliasUrl(p) : p.productUrl;
}

function listing(catalog: DemoCatalog, store: StoreSpec, base: string, o: { title: string; heading: string; intro: string; products: ProductView[]; head: string; pageAttr: string }): string {
  const theme = THEMES[store.theme];
  const cards = o.products.map((p) => theme.card(p, listingHref(catalog, p))).join('\n');
  const main = `<main id="MainContent" class="listing"><div class="page-title-wrapper"><h1 class="page-title collection-hero__title">${esc(o.heading)}</h1></div>${o.intro}
<div class="products-grid"><ul class="grid products">${cards}</ul></div></main>`;
  return storeDoc(store, base, `${o.title}${theme.titleSep}${store.name}`, o.head, main, o.pageAttr);
}

function collectionsOf(products: ProductView[]): { slug: string; name: string; count: number }[] {
  const map = new Map<string, { slug: string; name: string; count: number }>();
  for (const p of products)
    for (const c of p.categories) {
      const slug = slugify(c.name);
      const entry = map.get(slug) ?? { slug, name: c.name, count: 0 };
      entry.count++;
      map.set(slug, entry);
    }
  return [...map.values()];
}

function storeHome(catalog: DemoCatalog, store: StoreSpec, base: string, products: ProductView[]): DemoResponse {
  const collections = collectionsOf(products)
    .map((c) => `<li><a href="${esc(base)}/collections/${esc(c.slug)}">${esc(c.name)}</a> <small>(${c.count})</small></li>`)
    .join('');
  const head = [
    `<link rel="canonical" href="${esc(base)}/">`,
    `<meta name="description" content="${esc(store.tagline)}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:title" content="${esc(store.name)}">`,
    `<meta property="og:url" content="${esc(base)}/">`,
    ldScript({
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: store.name,
      url: `${base}/`,
      potentialAction: { '@type': 'SearchAction', target: `${base}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
    }),
  ].join('\n');
  const intro = `<p class="tagline">${esc(store.tagline)}</p><nav class="collection-list" aria-label="Collections"><ul>${collections}</ul></nav><p><a href="${esc(base)}/spa">Try the single-page-app version of this store</a></p>`;
  return html(listing(catalog, store, base, { title: 'Home', heading: store.name, intro, products, head, pageAttr: 'store-home' }));
}

function collectionPage(catalog: DemoCatalog, store: StoreSpec, base: string, products: ProductView[], slug: string, query: URLSearchParams): DemoResponse | undefined {
  let name: string;
  let items: ProductView[];
  if (slug === 'all') {
    name = 'All products';
    items = products;
  } else if (slug === 'vendors') {
    const brand = query.get('q') ?? '';
    name = brand;
    items = products.filter((p) => p.brand?.name === brand);
  } else {
    name = products.flatMap((p) => p.categories).find((c) => slugify(c.name) === slug)?.name ?? '';
    items = products.filter((p) => p.categories.some((c) => slugify(c.name) === slug));
  }
  if (!items.length) return undefined;
  const url = `${base}/collections/${slug}${slug === 'vendors' ? `?q=${encodeURIComponent(name)}` : ''}`;
  const head = [
    `<link rel="canonical" href="${esc(url)}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:title" content="${esc(name)}">`,
    ldScript({
      '@context': 'https://schema.org',
      '@type': 'ItemList',
      name,
      itemListElement: items.map((p, i) => ({ '@type': 'ListItem', position: i + 1, url: p.productUrl })),
    }),
  ].join('\n');
  return html(listing(catalog, store, base, { title: name, heading: name, intro: `<p>${items.length} products</p>`, products: items, head, pageAttr: 'collection' }));
}

function searchPage(catalog: DemoCatalog, store: StoreSpec, base: string, products: ProductView[], q: string): DemoResponse {
  const tokens = q.toLowerCase().split(/\s+/).filter(Boolean);
  const results = tokens.length
    ? products.filter((p) => {
        const hay = [p.title, p.brand?.name, p.description, ...p.categories.map((c) => c.name), ...p.tags].join(' ').toLowerCase();
        return tokens.every((t) => hay.includes(t));
      })
    : [];
  const intro = tokens.length
    ? `<p class="search-summary">${results.length} result${results.length === 1 ? '' : 's'} for “${esc(q)}”</p>`
    : '<p class="search-summary">Enter a search term.</p>';
  const form = `<form action="${esc(base)}/search" role="search"><input type="search" name="q" value="${esc(q)}" aria-label="Search"> <button type="submit">Search</button></form>`;
  const head = `<meta name="robots" content="noindex">`;
  return html(listing(catalog, store, base, { title: `Search: ${q}`, heading: 'Search results', intro: form + intro, products: results, head, pageAttr: 'search' }));
}

// ---------------------------------------------------------------------------------------------------------------
// SPA demo
// ---------------------------------------------------------------------------------------------------------------

const SPA_CSS = `.spa-toolbar{display:flex;justify-content:space-between;align-items:center;padding:10px 28px;background:#0002}
.spa-product{display:grid;grid-template-columns:minmax(0,320px) 1fr;gap:28px;padding:24px 28px}.spa-product img{width:100%;height:auto;border-radius:10px}
.spa-variants a{margin-right:8px}.spa-price{font-size:24px;font-weight:700}`;

function spaMain(p: ProductView): string {
  return `<article class="spa-product" data-handle="${esc(handleOf(p))}">
<img src="${esc(p.primaryImage?.url)}" alt="${esc(p.title)}" width="600" height="600">
<div class="spa-info">
<nav class="spa-crumbs" aria-label="Breadcrumb">${p.breadcrumbs.map((b) => `<a href="${esc(b.url)}">${esc(b.name)}</a>`).join(' › ')}</nav>
<p class="spa-brand">${esc(p.brand?.name)}</p>
<h1>${esc(p.title)}</h1>
<p class="spa-price">${esc(priceText(p, p.currentPrice))}${p.originalPrice ? ` <s>${esc(priceText(p, p.originalPrice))}</s>` : ''}</p>
<p class="spa-stock">${p.inStock ? 'In stock' : 'Out of stock'}</p>
${p.variants.length ? `<div class="spa-variants">${p.variants.map((v) => `<a href="${esc(v.productUrl)}">${esc([v.color?.label, v.size].filter(Boolean).join(' / '))}</a>`).join('')}</div>` : ''}
<button type="button" class="spa-add"${p.inStock ? '' : ' disabled'}>Add to cart</button>
<p class="spa-description">${esc(p.description)}</p>
</div></article>`;
}

/** The products the SPA of a store cycles through (five of different kinds). */
export function spaProducts(products: ProductView[]): ProductView[] {
  return products.filter((_, i) => i % 12 === 0).slice(0, 5);
}

function spaPage(store: StoreSpec, base: string, products: ProductView[], handle: string | undefined): DemoResponse | undefined {
  const theme = THEMES[store.theme];
  const set = spaProducts(products);
  const product = handle ? products.find((p) => handleOf(p) === handle.toLowerCase()) : set[0];
  if (!product) return undefined;
  const items = set.includes(product) ? set : [product, ...set];
  const title = (p: ProductView) => `${p.title}${theme.titleSep}${store.name}`;
  const data = {
    current: items.indexOf(product),
    items: items.map((p) => ({
      handle: handleOf(p),
      path: `${new URL(base).pathname}/spa/${handleOf(p)}`,
      canonical: p.productUrl,
      title: title(p),
      jsonld: JSON.stringify(productLd(p), null, 2),
      html: spaMain(p),
    })),
  };
  const head = [
    `<link rel="canonical" href="${esc(product.productUrl)}">`,
    ldScript(productLd(product), 'spa-jsonld'),
    `<script type="application/json" id="spa-data">${scriptJson(data)}</script>`,
    '<script src="/demo/assets/spa.js" defer></script>',
    `<style>${SPA_CSS}</style>`,
  ].join('\n');
  const main = `<div class="spa-shell"><div class="spa-toolbar"><span>Single-page app demo: the page changes without reloading.</span><button type="button" data-spa-next>Next product</button></div>
<main id="spa-root">${spaMain(product)}</main></div>`;
  return html(storeDoc(store, base, title(product), head, main, 'spa'));
}

// ---------------------------------------------------------------------------------------------------------------
// Blog, index
// ---------------------------------------------------------------------------------------------------------------

interface Article {
  slug: string;
  title: string;
  date: string;
  author: string;
  /** [store key, product type] for each product the article mentions. */
  mentions: [string, string][];
  body: (m: (i: number) => string, price: (i: number) => string) => string;
}

const ARTICLES: Article[] = [
  {
    slug: 'wet-weekend-packing-list',
    title: 'What we packed for a wet weekend on the ridge',
    date: '2026-05-02',
    author: 'Mara Lindqvist',
    mentions: [['trailhead', 'rain jacket'], ['trailhead', 'water bottle'], ['trailhead', 'camp kettle'], ['voltage', 'earbuds']],
    body: (m, price) => `<p>The forecast said showers; the ridge said otherwise. Here is what earned its place in the pack, and what we would leave at home next time.</p>
<p>The ${m(0)} was the MVP: it shrugged off two hours of sideways rain, and at ${price(0)} it costs less than most of the shells we have tested this year. We refilled the ${m(1)} at every stream (it was ${price(1)} when we bought it, though prices change) and boiled water for noodles in the ${m(2)}.</p>
<p>For the drive home, the ${m(3)} kept the podcast going. Total spend for the new kit: a little over what a weekend hut would have cost. Not bad.</p>`,
  },
  {
    slug: 'kettles-compared',
    title: 'Four kettles, one very long morning',
    date: '2026-05-19',
    author: 'Jonas Petrakis',
    mentions: [['hearth', 'stovetop kettle'], ['hearth', 'electric kettle'], ['voltage', 'electric kettle'], ['trailhead', 'camp kettle']],
    body: (m, price) => `<p>We boiled a litre of water forty times so you don't have to. Timings are from a cold start on the same hob or socket.</p>
<ul><li>${m(0)}: the prettiest, and the slowest on gas. ${price(0)}.</li><li>${m(1)}: fastest overall, with a pleasant click when it is done. ${price(1)}.</li><li>${m(2)}: the app is genuinely useful for green tea at 80 °C. ${price(2)}.</li><li>${m(3)}: not really a kitchen kettle, but it won the "fits in a backpack" category. ${price(3)}.</li></ul>
<p>Our pick depends on your kitchen: if you have induction, any of the first three work; if you camp, you already know.</p>`,
  },
  {
    slug: 'quiet-commute-headphones',
    title: 'A quieter commute: the headphones we actually wear',
    date: '2026-06-07',
    author: 'Priya Raman',
    mentions: [['voltage', 'headphones'], ['voltage', 'earbuds'], ['trailhead', 'headphones']],
    body: (m, price) => `<p>Noise cancelling has become table stakes; comfort on a ninety-minute train ride has not. Three pairs made it through a month of commuting.</p>
<p>The ${m(0)} (${price(0)}) are the ones we reach for on long journeys. For the gym bag, the ${m(1)} at ${price(1)} are small enough to forget about. And for cycling to the station, the ${m(2)} (around ${price(2)}) keep your ears open to the traffic.</p>
<p>Prices were correct when we wrote this and may have changed since.</p>`,
  },
];

function articlePage(catalog: DemoCatalog, origin: string, article: Article): DemoResponse {
  const index = indexFor(catalog);
  const mentioned = article.mentions.map(([store, type]) => (index.byStore.get(store) ?? []).find((p) => typeOf(p) === type));
  const m = (i: number) => {
    const p = mentioned[i];
    return p ? `<a href="${esc(p.productUrl)}">${esc(p.title)}</a>` : 'one of our favourites';
  };
  const price = (i: number) => {
    const p = mentioned[i];
    return p?.currentPrice != null ? esc(formatMoney(p.currentPrice, p.currency ?? 'USD')) : 'a fair price';
  };
  const url = `${origin}/demo/blog/${article.slug}`;
  const cover = mentioned.find(Boolean)?.primaryImage?.url;
  const head = [
    `<link rel="canonical" href="${esc(url)}">`,
    `<meta name="description" content="${esc(article.title)}">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:title" content="${esc(article.title)}">`,
    `<meta property="og:url" content="${esc(url)}">`,
    cover ? `<meta property="og:image" content="${esc(cover)}">` : '',
    `<meta property="article:published_time" content="${article.date}T08:00:00Z">`,
    ldScript({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: article.title,
      datePublished: `${article.date}T08:00:00Z`,
      author: { '@type': 'Person', name: article.author },
      publisher: { '@type': 'Organization', name: 'Octolens Demo Journal' },
      mainEntityOfPage: url,
      image: cover,
    }),
  ].join('\n');
  const main = `<main><article class="post"><h1>${esc(article.title)}</h1><p class="byline">By ${esc(article.author)} · <time datetime="${article.date}">${article.date}</time></p>
${cover ? `<img src="${esc(cover)}" alt="" width="600" height="600">` : ''}
${article.body(m, price)}</article></main>`;
  return html(plainDoc(`${article.title} – Octolens Demo Journal`, head, main, 'article'));
}

function blogIndex(): DemoResponse {
  const list = ARTICLES.map((a) => `<li><a href="/demo/blog/${a.slug}">${esc(a.title)}</a> <small>${a.date}</small></li>`).join('');
  return html(plainDoc('Octolens Demo Journal', '', `<main><h1>Octolens Demo Journal</h1><ul class="stores">${list}</ul></main>`, 'blog'));
}

function demoIndex(catalog: DemoCatalog, origin: string): DemoResponse {
  const stores = catalog.catalogs
    .map(
      (c) =>
        `<li><a href="${esc(storeBase(origin, c.catalog))}/">${esc(c.displayName)}</a> · ${c.productCount} products · <a href="${esc(storeBase(origin, c.catalog))}/spa">SPA demo</a><br><small>${esc(storeByKey(c.catalog)?.tagline)}</small></li>`,
    )
    .join('\n');
  const articles = ARTICLES.map((a) => `<li><a href="/demo/blog/${a.slug}">${esc(a.title)}</a></li>`).join('');
  return html(
    plainDoc(
      'Octolens demo stores',
      '<meta name="description" content="Demo stores served by the Octolens sandbox">',
      `<main><h1>Demo stores</h1><p>These invented stores are served by the Octolens sandbox so the extension has real-looking pages to look up.</p><ul class="stores">${stores}</ul><h2>Blog</h2><ul>${articles}</ul></main>`,
      'index',
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------------------------

/** `suffix`: '' (primary), '--2' (second view) or '--c-<colour key>' (that colour). */
function imageResponse(p: ProductView, suffix: string): DemoResponse | undefined {
  let color = p.colors[0]?.hexCode ?? '#8a8f98';
  if (suffix.startsWith('--c-')) {
    const key = suffix.slice(4);
    if (!(key in PALETTE)) return undefined;
    color = PALETTE[key as ColorKey][1];
  } else if (suffix !== '' && suffix !== '--2') return undefined;
  const shape = SHAPE_BY_TYPE.get(typeOf(p) ?? '') ?? 'device';
  return { status: 200, contentType: SVG, body: productSvg({ color, shape, name: shortName(p), alternate: suffix === '--2' }) };
}

const IMAGE_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)((?:--2|--c-[a-z]+)?)\.svg$/;
const CDN_FILE = /^([0-9a-f-]{36})((?:--2|--c-[a-z]+)?)\.svg$/;

// ---------------------------------------------------------------------------------------------------------------
// Router
// ---------------------------------------------------------------------------------------------------------------

export function renderDemo(origin: string, catalog: DemoCatalog, path: string, query: URLSearchParams): DemoResponse | undefined {
  const cleanOrigin = origin.replace(/\/+$/, '');
  let segments: string[];
  try {
    segments = (path.split('?')[0] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return path.startsWith('/demo/') ? notFound() : undefined; // malformed percent-encoding
  }
  if (segments[0] !== 'demo') return undefined;
  const rest = segments.slice(1);
  const index = indexFor(catalog);
  const [first, second, third, fourth, fifth] = rest;

  if (first === undefined) return demoIndex(catalog, cleanOrigin);
  if (first === 'assets') return rest.length === 2 && second === 'spa.js' ? { status: 200, contentType: JS, body: SPA_JS } : notFound();
  if (first === 'cdn') {
    const match = rest.length === 2 ? CDN_FILE.exec(second ?? '') : null;
    const product = match ? index.byUuid.get(match[1] ?? '') : undefined;
    return (product && imageResponse(product, match?.[2] ?? '')) || notFound();
  }
  if (first === 'blog') {
    if (rest.length === 1) return blogIndex();
    const article = rest.length === 2 ? ARTICLES.find((a) => a.slug === second) : undefined;
    return article ? articlePage(catalog, cleanOrigin, article) : notFound();
  }

  const store = storeByKey(first);
  const products = index.byStore.get(first) ?? [];
  if (!store || !products.length) return notFound();
  const base = storeBase(cleanOrigin, store.key);
  const productAt = (handle: string | undefined) => (handle ? index.byPath.get(`/demo/${store.key}/products/${handle.toLowerCase()}`) : undefined);

  let response: DemoResponse | undefined;
  if (rest.length === 1) response = storeHome(catalog, store, base, products);
  else if (second === 'search' && rest.length === 2) response = searchPage(catalog, store, base, products, query.get('q') ?? '');
  else if (second === 'products' && rest.length === 3) {
    const product = productAt(third);
    response = product && productPage(catalog, product, query);
  } else if (second === 'collections' && rest.length === 3) response = collectionPage(catalog, store, base, products, third ?? '', query);
  else if (second === 'collections' && rest.length === 5 && fourth === 'products') {
    const product = productAt(fifth);
    const inCollection = product && (third === 'all' || product.categories.some((c) => slugify(c.name) === third));
    response = inCollection ? productPage(catalog, product, query) : undefined;
  } else if (second === 'images' && rest.length === 3) {
    const match = IMAGE_FILE.exec(third ?? '');
    const product = match ? productAt(match[1]) : undefined;
    response = product && imageResponse(product, match?.[2] ?? '');
  } else if (second === 'spa' && rest.length <= 3) response = spaPage(store, base, products, third);
  return response ?? notFound();
}
