import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { CatalogSummary, ProductView } from '../../lib/octogen/schemas';
import {
  aliasUrl,
  buildDemoCatalog,
  DEMO_RELEVANCE_QUERIES,
  jsonLdFlavour,
  PAGE_KINDS,
  renderDemo,
  spaProducts,
  type DemoCatalog,
} from '../../sandbox/demo/index';
import { SPA_JS } from '../../sandbox/demo/spa';
import { esc, isValidGtin } from '../../sandbox/demo/util';

const ORIGIN = 'http://127.0.0.1:8123';
const catalog = buildDemoCatalog(ORIGIN);

function get(path: string, query = '', cat: DemoCatalog = catalog) {
  return renderDemo(ORIGIN, cat, path, new URLSearchParams(query));
}
const pathOf = (url: string) => new URL(url).pathname;
const queryOf = (url: string) => new URL(url).search.slice(1);

function page(url: string) {
  const res = get(pathOf(url), queryOf(url));
  expect(res, url).toBeDefined();
  return { res: res!, document: parseHTML(res!.body).document };
}

/** Every JSON-LD value on the page that parses (invalid blocks are skipped, as consumers do). */
function jsonLd(document: Document): unknown[] {
  return [...document.querySelectorAll('script[type="application/ld+json"]')].flatMap((s) => {
    try {
      return [JSON.parse(s.textContent ?? '')];
    } catch {
      return [];
    }
  });
}

/** All schema.org nodes of the given types, looking through @graph and hasVariant. */
function ldNodes(values: unknown[], types: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const node = v as Record<string, unknown>;
    if (types.includes(String(node['@type']))) out.push(node);
    Object.values(node).forEach(visit);
  };
  values.forEach(visit);
  return out;
}

const meta = (document: Document, property: string) =>
  document.querySelector(`meta[property="${property}"]`)?.getAttribute('content') ?? undefined;
const canonical = (document: Document) => document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;

describe('demo catalog data', () => {
  it('is deterministic, and only URLs depend on the origin', () => {
    expect(JSON.stringify(buildDemoCatalog(ORIGIN).products)).toBe(JSON.stringify(catalog.products));
    const other = buildDemoCatalog('http://localhost:9999');
    expect(other.products.map((p) => [p.uuid, p.title, p.currentPrice])).toEqual(
      catalog.products.map((p) => [p.uuid, p.title, p.currentPrice]),
    );
    expect(other.products[0]?.productUrl.startsWith('http://localhost:9999/demo/')).toBe(true);
  });

  it('every product satisfies the ProductView contract and every catalog the CatalogSummary contract', () => {
    for (const p of catalog.products) expect(() => ProductView.parse(p), p.productUrl).not.toThrow();
    for (const c of catalog.catalogs) expect(() => CatalogSummary.parse(c)).not.toThrow();
  });

  it('has at least 3 catalogs and 150 products with consistent counts, currencies and URLs', () => {
    expect(catalog.catalogs.length).toBeGreaterThanOrEqual(3);
    expect(catalog.products.length).toBeGreaterThanOrEqual(150);
    const currencies = new Set<string>();
    for (const c of catalog.catalogs) {
      const products = catalog.products.filter((p) => p.catalogKey === c.catalog);
      expect(c.productCount).toBe(products.length);
      expect(c.sourceBaseUrl).toBe(`${ORIGIN}/demo/${c.catalog}`);
      expect(products.every((p) => p.productUrl.startsWith(`${c.sourceBaseUrl}/products/`))).toBe(true);
      expect(new Set(products.map((p) => p.brand?.name)).size).toBeGreaterThanOrEqual(3);
      expect(new Set(products.map((p) => p.currency)).size).toBe(1);
      currencies.add(products[0]?.currency ?? '');
      expect(products.filter((p) => !p.inStock).length).toBeGreaterThanOrEqual(2);
      expect(products.filter((p) => p.originalPrice != null).length).toBeGreaterThanOrEqual(5);
    }
    expect([...currencies].sort()).toEqual(['EUR', 'GBP', 'USD']);
  });

  it('has unique uuids, product URLs, variant URLs and valid unique GTIN-13s', () => {
    const uuids = catalog.products.map((p) => p.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(uuids.every((u) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u ?? ''))).toBe(true);
    const urls = catalog.products.flatMap((p) => [p.productUrl, ...p.variants.map((v) => v.productUrl)]);
    expect(new Set(urls).size).toBe(urls.length);
    const gtins = catalog.products.map((p) => p.identifiers?.gtin ?? '');
    expect(new Set(gtins).size).toBe(gtins.length);
    for (const gtin of gtins) expect(gtin.length === 13 && isValidGtin(gtin), gtin).toBe(true);
    expect(isValidGtin('4006381333931')).toBe(true); // a well-known valid EAN-13
    expect(isValidGtin('4006381333932')).toBe(false);
  });

  it('has sensible prices, variants, images and stock', () => {
    for (const p of catalog.products) {
      expect(p.currentPrice).toBeGreaterThan(0);
      if (p.originalPrice != null) expect(p.originalPrice).toBeGreaterThan(p.currentPrice ?? Infinity);
      expect(p.isActive).toBe(true);
      expect(p.imageUrl).toBe(p.primaryImage?.cdnUrl);
      expect(p.images[0]).toEqual(p.primaryImage);
      expect(p.primaryImage).toMatchObject({ width: 600, height: 600, mimeType: 'image/svg+xml' });
      expect(p.primaryImage?.url).toMatch(new RegExp(`^${ORIGIN}/demo/${p.catalogKey}/images/[a-z0-9-]+\\.svg$`));
      expect(p.primaryImage?.cdnUrl).toBe(`${ORIGIN}/demo/cdn/${p.uuid}.svg`);
      expect(p.colors.length).toBeGreaterThan(0);
      for (const v of p.variants) expect(v.productUrl).toBe(`${p.productUrl}?variant=${v.sku}`);
      if (p.variants.length) expect(p.inStock).toBe(p.variants.some((v) => v.inStock));
      expect(p.description?.length).toBeGreaterThan(40);
      expect(p.categories.length).toBeGreaterThan(0);
      expect(Date.parse(p.updatedAt ?? '')).not.toBeNaN();
    }
  });

  it('overlaps kinds across stores so cross-catalog search has something to find', () => {
    for (const { q, expect: relevant } of DEMO_RELEVANCE_QUERIES) {
      expect(catalog.products.filter(relevant).length, q).toBeGreaterThan(0);
    }
    expect(DEMO_RELEVANCE_QUERIES.length).toBeGreaterThanOrEqual(8);
    for (const q of ['water bottle', 'kettle']) {
      const relevant = DEMO_RELEVANCE_QUERIES.find((r) => r.q === q)!.expect;
      expect(new Set(catalog.products.filter(relevant).map((p) => p.catalogKey)).size, q).toBe(3);
    }
  });
});

describe('demo product pages', () => {
  it('every store has every page kind, and pageKind resolves variant and alias URLs', () => {
    for (const c of catalog.catalogs) {
      const kinds = new Set(catalog.products.filter((p) => p.catalogKey === c.catalog).map((p) => catalog.pageKind(p.productUrl)));
      expect([...kinds].sort()).toEqual([...PAGE_KINDS].sort());
    }
    const p = catalog.products.find((x) => x.variants.length > 0)!;
    expect(catalog.pageKind(p.variants[0]!.productUrl!)).toBe(catalog.pageKind(p.productUrl));
    expect(catalog.pageKind(aliasUrl(p))).toBe(catalog.pageKind(p.productUrl));
    expect(catalog.pageKind(`${ORIGIN}/demo/trailhead/products/nope`)).toBeUndefined();
  });

  it('every store has every JSON-LD flavour', () => {
    for (const c of catalog.catalogs) {
      const flavours = new Set(
        catalog.products.filter((p) => p.catalogKey === c.catalog && catalog.pageKind(p.productUrl) === 'jsonld').map(jsonLdFlavour),
      );
      expect([...flavours].sort(), c.catalog).toEqual(['broken', 'graph', 'group', 'product']);
    }
  });

  it('every product page renders with its escaped title and the markup of its kind', () => {
    for (const p of catalog.products) {
      const { res, document } = page(p.productUrl);
      const kind = catalog.pageKind(p.productUrl);
      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^text\/html/);
      expect(res.body).toContain(esc(p.title));
      expect(document.querySelector('h1')?.textContent?.trim()).toBe(p.title);
      expect(document.documentElement.getAttribute('data-demo-page')).toBe(`product:${kind}`);
      const addToCart = [...document.querySelectorAll('button, input[type="submit"]')].some(
        (b) => (b.textContent ?? '').trim() === 'Add to cart' || b.getAttribute('value') === 'Add to cart',
      );
      expect(addToCart, p.productUrl).toBe(true);
      for (const s of document.querySelectorAll('script')) {
        expect(s.getAttribute('type')).toBe('application/ld+json'); // no executable inline scripts
        expect(s.textContent).not.toContain('<');
      }
      const ld = jsonLd(document);
      const products = ldNodes(ld, ['Product', 'ProductGroup']);
      const hasMicrodata = !!document.querySelector('[itemtype="https://schema.org/Product"]');
      const ldBlocks = document.querySelectorAll('script[type="application/ld+json"]').length;
      switch (kind) {
        case 'jsonld': {
          expect(hasMicrodata).toBe(false);
          expect(canonical(document)).toBe(p.productUrl);
          const top = products.find((n) => n.url === p.productUrl);
          expect(top, p.productUrl).toBeDefined();
          expect(top?.gtin13).toBe(p.identifiers?.gtin);
          expect(top?.sku).toBeTruthy();
          const offers = ldNodes([top], ['Offer']);
          expect(offers.length).toBeGreaterThan(0);
          expect(Number(offers[0]?.price)).toBe(p.currentPrice);
          expect(offers[0]?.priceCurrency).toBe(p.currency);
          expect(String(offers[0]?.availability)).toMatch(/^https:\/\/schema\.org\/(InStock|OutOfStock)$/);
          if (jsonLdFlavour(p) === 'broken') expect(ldBlocks).toBe(ld.length + 1);
          if (jsonLdFlavour(p) === 'group') expect((top?.hasVariant as unknown[]).length).toBe(p.variants.length);
          if (jsonLdFlavour(p) === 'graph') expect(ldNodes(ld, ['BreadcrumbList']).length).toBe(1);
          break;
        }
        case 'microdata': {
          expect(ldBlocks).toBe(0);
          expect(meta(document, 'og:type')).toBeUndefined();
          expect(canonical(document)).toBe(p.productUrl);
          const scope = document.querySelector('[itemtype="https://schema.org/Product"]')!;
          expect(scope.querySelector('[itemprop="name"]')?.textContent?.trim()).toBe(p.title);
          expect(scope.querySelector('[itemprop="sku"]')?.getAttribute('content')).toBeTruthy();
          expect(scope.querySelector('[itemprop="gtin13"]')?.getAttribute('content')).toBe(p.identifiers?.gtin);
          expect(scope.querySelector('[itemprop="image"]')?.getAttribute('src')).toBe(p.primaryImage?.url);
          expect(scope.querySelector('[itemprop="brand"]')).not.toBeNull();
          const offer = scope.querySelector('[itemprop="offers"][itemtype="https://schema.org/Offer"]')!;
          expect(Number(offer.querySelector('[itemprop="price"]')?.getAttribute('content'))).toBe(p.currentPrice);
          expect(offer.querySelector('[itemprop="priceCurrency"]')?.getAttribute('content')).toBe(p.currency);
          expect(offer.querySelector('[itemprop="availability"]')?.getAttribute('href')).toBe(
            `https://schema.org/${p.inStock ? 'InStock' : 'OutOfStock'}`,
          );
          break;
        }
        case 'opengraph': {
          expect(ldBlocks).toBe(0);
          expect(hasMicrodata).toBe(false);
          expect(document.querySelector('[itemprop]')).toBeNull();
          expect(canonical(document)).toBeUndefined();
          expect(meta(document, 'og:type')).toBe('product');
          expect(meta(document, 'og:title')).toBe(p.title);
          expect(meta(document, 'og:url')).toBe(p.productUrl);
          expect(meta(document, 'og:image')).toBe(p.primaryImage?.url);
          expect(Number(meta(document, 'product:price:amount'))).toBe(p.currentPrice);
          expect(meta(document, 'product:price:currency')).toBe(p.currency);
          expect(meta(document, 'product:availability')).toBe(p.inStock ? 'in stock' : 'out of stock');
          expect(meta(document, 'product:brand')).toBe(p.brand?.name);
          break;
        }
        case 'canonical': {
          expect(ldBlocks).toBe(0);
          expect(document.querySelector('[itemprop]')).toBeNull();
          expect(document.querySelector('meta[property^="og:"], meta[property^="product:"]')).toBeNull();
          expect(canonical(document)).toBe(p.productUrl);
          expect(res.body).toMatch(/[$£€]/);
          const alias = page(aliasUrl(p));
          expect(alias.res.status).toBe(200);
          expect(canonical(alias.document)).toBe(p.productUrl);
          break;
        }
        default:
          throw new Error(`no page kind for ${p.productUrl}`);
      }
    }
  });

  it('renders the selected variant and links every variant', () => {
    const p = catalog.products.find((x) => x.variants.length > 2)!;
    const v = p.variants[1]!;
    const { res, document } = page(v.productUrl!);
    expect(res.status).toBe(200);
    expect(document.querySelector('[aria-current="true"]')?.getAttribute('href')).toBe(v.productUrl);
    const hrefs = [...document.querySelectorAll('a[data-sku]')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(p.variants.map((x) => x.productUrl));
  });

  it('accepts case and trailing-slash differences but not unknown handles or wrong collections', () => {
    const p = catalog.products[0]!;
    const handle = pathOf(p.productUrl).split('/').pop()!;
    expect(get(`/demo/trailhead/products/${handle.toUpperCase()}/`)?.status).toBe(200);
    expect(get('/demo/trailhead/products/no-such-thing')?.status).toBe(404);
    expect(get(`/demo/trailhead/collections/kettles/products/${pathOf(p.productUrl).split('/').pop()}`)?.status).toBe(404);
    expect(get(`/demo/trailhead/collections/all/products/${pathOf(p.productUrl).split('/').pop()}`)?.status).toBe(200);
  });
});

describe('demo non-product pages', () => {
  const noProductMarkup = (path: string, query = '') => {
    const res = get(path, query);
    expect(res?.status, path).toBe(200);
    const { document } = parseHTML(res!.body);
    expect(ldNodes(jsonLd(document), ['Product', 'ProductGroup'])).toEqual([]);
    expect(document.querySelector('[itemtype="https://schema.org/Product"]')).toBeNull();
    expect(meta(document, 'og:type')).not.toBe('product');
    expect(meta(document, 'product:price:amount')).toBeUndefined();
    return { res: res!, document };
  };

  it('serves the index, store homes, collections, search and blog without Product markup', () => {
    const index = noProductMarkup('/demo/');
    expect(noProductMarkup('/demo').res.body).toBe(index.res.body);
    for (const c of catalog.catalogs) expect(index.res.body).toContain(`/demo/${c.catalog}/`);
    for (const c of catalog.catalogs) {
      const home = noProductMarkup(`/demo/${c.catalog}/`);
      expect(home.document.body.textContent).toContain(c.displayName);
      const links = new Set([...home.document.querySelectorAll('a')].map((a) => a.getAttribute('href')));
      for (const p of catalog.products.filter((x) => x.catalogKey === c.catalog)) {
        expect(links.has(p.productUrl) || links.has(aliasUrl(p)), p.productUrl).toBe(true);
      }
      noProductMarkup(`/demo/${c.catalog}/collections/all`);
    }
    const jackets = noProductMarkup('/demo/trailhead/collections/rain-jackets');
    expect(jackets.document.querySelectorAll('li.card').length).toBe(
      catalog.products.filter((p) => p.categories.some((x) => x.name === 'Rain Jackets')).length,
    );
    const search = noProductMarkup('/demo/hearth/search', 'q=kettle');
    expect(search.document.querySelectorAll('li.product').length).toBeGreaterThan(3);
    const hostile = noProductMarkup('/demo/voltage/search', `q=${encodeURIComponent('<script>alert(1)</script>"')}`);
    expect(hostile.res.body).not.toContain('<script>alert');
    expect(hostile.res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    const blog = noProductMarkup('/demo/blog');
    const articles = [...blog.document.querySelectorAll('a[href^="/demo/blog/"]')].map((a) => a.getAttribute('href')!);
    expect(articles.length).toBeGreaterThanOrEqual(2);
    for (const href of articles) {
      const article = noProductMarkup(href);
      expect(meta(article.document, 'og:type')).toBe('article');
      expect(article.res.body).toMatch(/[$£€]\s?\d|\d,\d\d €/);
      expect(ldNodes(jsonLd(article.document), ['BlogPosting']).length).toBe(1);
    }
  });

  it('answers 404 for unknown /demo paths and leaves other paths alone', () => {
    for (const path of ['/demo/nope', '/demo/trailhead/nope/deeper', '/demo/blog/nope', '/demo/cdn/nope.svg', '/demo/%E0%A4%A']) {
      const res = get(path);
      expect(res?.status, path).toBe(404);
      expect(res?.contentType).toMatch(/^text\/html/);
    }
    expect(get('/v1/catalogs')).toBeUndefined();
  });

  it('has no external resources: every src points at the sandbox', () => {
    for (const path of ['/demo/', '/demo/trailhead/', '/demo/hearth/', '/demo/voltage/spa', '/demo/blog/kettles-compared', pathOf(catalog.products[7]!.productUrl)]) {
      const { document } = parseHTML(get(path)!.body);
      for (const el of document.querySelectorAll('[src]')) {
        const src = el.getAttribute('src')!;
        expect(src.startsWith(`${ORIGIN}/`) || src.startsWith('/demo/'), src).toBe(true);
      }
      expect(document.querySelector('link[rel="stylesheet"]')).toBeNull();
    }
  });
});

describe('demo images', () => {
  it('serves a well-formed SVG for every image URL of every product', () => {
    for (const p of catalog.products) {
      const urls = [
        ...p.images.flatMap((i) => (typeof i === 'string' ? [i] : [i.url, i.cdnUrl ?? ''])),
        ...p.variants.map((v) => v.imageUrl ?? ''),
      ].filter(Boolean);
      for (const url of urls) {
        const res = get(pathOf(url));
        expect(res?.status, url).toBe(200);
        expect(res?.contentType).toBe('image/svg+xml');
        expect(res?.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        // A repeated attribute makes the whole SVG malformed XML: browsers show a broken image (linkedom is lenient).
        expect(repeatedAttributes(res!.body), url).toEqual([]);
      }
    }
    const p = catalog.products.find((x) => /&|'/.test(x.title ?? ''))!;
    const svg = get(pathOf(p.primaryImage!.url))!.body;
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
    const { DOMParser } = parseHTML('<html></html>');
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelector('title')?.textContent).toBeTruthy();
    expect(get('/demo/trailhead/images/no-such-thing.svg')?.status).toBe(404);
    expect(get(pathOf(p.primaryImage!.url).replace('.svg', '--c-notacolour.svg'))?.status).toBe(404);
  });
});

/** Tags of an XML text that carry an attribute twice (which makes the document not well-formed). */
function repeatedAttributes(xml: string): string[] {
  return [...xml.matchAll(/<[a-zA-Z][^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => {
      const names = [...tag.matchAll(/\s([\w:-]+)=/g)].map((a) => a[1]);
      return new Set(names).size !== names.length;
    });
}

describe('demo SPA', () => {
  const store = 'voltage';
  const products = catalog.products.filter((p) => p.catalogKey === store);
  const set = spaProducts(products);

  it('renders the first product and any product directly, with JSON-LD and canonical pointing at the product URL', () => {
    for (const [path, product] of [
      [`/demo/${store}/spa`, set[0]!],
      [`/demo/${store}/spa/${pathOf(set[2]!.productUrl).split('/').pop()}`, set[2]!],
      [`/demo/${store}/spa/${pathOf(products[40]!.productUrl).split('/').pop()}`, products[40]!],
    ] as const) {
      const res = get(path)!;
      expect(res.status).toBe(200);
      const { document } = parseHTML(res.body);
      expect(document.querySelector('#spa-root h1')?.textContent).toBe(product.title);
      expect(canonical(document)).toBe(product.productUrl);
      const ld = JSON.parse(document.getElementById('spa-jsonld')!.textContent!) as Record<string, unknown>;
      expect(ld.url).toBe(product.productUrl);
      expect(document.querySelector('script[src]')?.getAttribute('src')).toBe('/demo/assets/spa.js');
      for (const s of document.querySelectorAll('script:not([src])')) {
        expect(['application/ld+json', 'application/json']).toContain(s.getAttribute('type'));
      }
      expect(document.querySelector('[data-spa-next]')?.textContent).toBe('Next product');
    }
    expect(get(`/demo/${store}/spa/no-such-product`)?.status).toBe(404);
  });

  it('serves spa.js, which swaps the content, JSON-LD and canonical and pushes the URL on "Next product"', () => {
    const js = get('/demo/assets/spa.js')!;
    expect(js.status).toBe(200);
    expect(js.contentType).toMatch(/^application\/javascript/);
    expect(js.body).toBe(SPA_JS);

    const { document, window } = parseHTML(get(`/demo/${store}/spa`)!.body);
    const pushed: string[] = [];
    const history = {
      pushState: (_s: unknown, _t: string, url: string) => pushed.push(url),
      replaceState: () => undefined,
    };
    const location = { href: `${ORIGIN}/demo/${store}/spa`, pathname: `/demo/${store}/spa` };
    new Function('document', 'window', 'history', 'location', SPA_JS)(document, window, history, location);
    expect(document.documentElement.getAttribute('data-spa-ready')).toBe('true');
    const oldLd = document.getElementById('spa-jsonld');

    const button = document.querySelector('[data-spa-next]')!;
    button.dispatchEvent(new window.Event('click', { bubbles: true }));

    const next = set[1]!;
    expect(pushed).toEqual([`/demo/${store}/spa/${pathOf(next.productUrl).split('/').pop()}`]);
    expect(document.querySelector('#spa-root h1')?.textContent).toBe(next.title);
    const newLd = document.getElementById('spa-jsonld')!;
    expect(newLd).not.toBe(oldLd);
    expect((JSON.parse(newLd.textContent!) as { url: string }).url).toBe(next.productUrl);
    expect(canonical(document)).toBe(next.productUrl);
    expect(document.querySelectorAll('script[type="application/ld+json"]').length).toBe(1);
    // The pushed URL renders the same product when loaded directly.
    const direct = parseHTML(get(pushed[0]!)!.body).document;
    expect(direct.querySelector('#spa-root h1')?.textContent).toBe(next.title);
  });
});
