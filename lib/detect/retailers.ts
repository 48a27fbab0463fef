/**
 * URL rules for the largest retailers: which URLs are product pages, which query parameters carry the product's
 * identity (allowlist: every other parameter is dropped on these hosts), and how to canonicalise the URL when it
 * is safe to do so. Each rule carries example product URLs and non-product URLs of the same store; the unit tests
 * check every example against every rule (a product example must be claimed by its own rule and no other).
 */

export interface RetailerRule {
  id: string;
  name: string;
  /** Matched against the lower-case hostname with one leading `www.` (or `m.`/`smile.`) removed. */
  host: RegExp;
  /** Matched against the URL's pathname; a match means "this is a product page". */
  product: RegExp;
  /** Query parameters that identify the product or variant; every other parameter is dropped. */
  identity: readonly string[];
  /** Canonical pathname from the product match, when the store accepts it (slug and `ref=` segments dropped). */
  canonicalPath?: (m: RegExpExecArray) => string;
  /** The product id (sku) carried by the URL, from the product match. */
  sku?: (m: RegExpExecArray) => string | undefined;
  examples: readonly string[];
  nonProduct: readonly string[];
}

const AMAZON_HOST =
  /^amazon\.(com|ca|com\.mx|com\.br|co\.uk|de|fr|it|es|nl|se|pl|com\.be|com\.tr|ae|sa|eg|in|co\.jp|com\.au|sg|cn)$/;

export const RETAILER_RULES: readonly RetailerRule[] = [
  {
    id: 'amazon',
    name: 'Amazon',
    host: AMAZON_HOST,
    product: /^(?:\/[^/]+){0,2}\/(?:dp|gp\/product|gp\/aw\/d|exec\/obidos\/asin|o\/asin)\/([A-Z0-9]{10})(?=[/?]|$)/i,
    identity: [],
    canonicalPath: (m) => `/dp/${(m[1] as string).toUpperCase()}`,
    sku: (m) => (m[1] as string).toUpperCase(),
    examples: [
      'https://www.amazon.com/dp/B07FW264WL',
      'https://www.amazon.co.uk/Tefal-Essential-Pots-Pans-Set/dp/B004SNMXRS/ref=sr_1_3?keywords=pans&qid=1',
      'https://www.amazon.de/gp/product/B00BRMIU7A?psc=1',
      'https://smile.amazon.com/gp/aw/d/B081ZQK4BZ/',
    ],
    nonProduct: [
      'https://www.amazon.com/s?k=headphones',
      'https://www.amazon.com/gp/bestsellers/electronics',
      'https://www.amazon.co.uk/stores/Tefal/page/80416AD6',
    ],
  },
  {
    id: 'walmart',
    name: 'Walmart',
    host: /^walmart\.(com|ca|com\.mx)$/,
    product: /^\/(?:[a-z]{2}\/)?ip\/(?:([^/]+)\/)?([0-9A-Z]{5,20})\/?$/i,
    identity: ['selected', 'variantFieldId'],
    sku: (m) => m[2],
    examples: [
      'https://www.walmart.com/ip/Apple-AirPods-with-Charging-Case/604342441',
      'https://www.walmart.com/ip/604342441',
      'https://www.walmart.ca/en/ip/lego-star-wars/6000201786332',
    ],
    nonProduct: ['https://www.walmart.com/browse/electronics/3944', 'https://www.walmart.com/search?q=tv'],
  },
  {
    id: 'target',
    name: 'Target',
    host: /^target\.com$/,
    product: /^\/p\/(?:[^/]+\/)?-\/A-(\d{6,10})\/?$/,
    identity: ['preselect'],
    canonicalPath: (m) => `/p/-/A-${m[1] as string}`,
    sku: (m) => m[1],
    examples: ['https://www.target.com/p/lego-friends-set/-/A-54191097', 'https://www.target.com/p/-/A-54191097?preselect=54191100'],
    nonProduct: ['https://www.target.com/c/toys/-/N-5xtb0', 'https://www.target.com/s?searchTerm=lego'],
  },
  {
    id: 'ebay',
    name: 'eBay',
    host: /^ebay\.(com|co\.uk|ie|de|fr|it|es|ca|com\.au|at|ch|nl|be|pl)$/,
    product: /^\/itm\/(?:[^/]+\/)?(\d{9,15})\/?$/,
    identity: ['var'],
    canonicalPath: (m) => `/itm/${m[1] as string}`,
    sku: (m) => m[1],
    examples: ['https://www.ebay.com/itm/302474151804', 'https://www.ebay.co.uk/itm/Vintage-Leather-Bag/143863282131?hash=item21'],
    nonProduct: ['https://www.ebay.com/sch/i.html?_nkw=lamp', 'https://www.ebay.com/b/Cameras/625/bn_1865546'],
  },
  {
    id: 'etsy',
    name: 'Etsy',
    host: /^etsy\.com$/,
    product: /^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/listing\/(\d{5,15})(?:\/[^/]*)?\/?$/i,
    identity: ['variation0', 'variation1'],
    canonicalPath: (m) => `/listing/${m[1] as string}`,
    sku: (m) => m[1],
    examples: ['https://www.etsy.com/listing/1234567890/handmade-mug', 'https://www.etsy.com/uk/listing/987654321'],
    nonProduct: ['https://www.etsy.com/c/home-and-living', 'https://www.etsy.com/shop/SomeShop'],
  },
  {
    id: 'bestbuy',
    name: 'Best Buy',
    host: /^bestbuy\.com$/,
    product: /^\/site\/(?:[^/]+\/)?(\d{6,8})\.p\/?$/,
    identity: ['skuId'],
    sku: (m) => m[1],
    examples: ['https://www.bestbuy.com/site/apple-airpods/6084400.p?skuId=6084400'],
    nonProduct: ['https://www.bestbuy.com/site/searchpage.jsp?st=tv', 'https://www.bestbuy.com/site/tvs/all-flat-screen-tvs/abcat0101001.c'],
  },
  {
    id: 'bestbuy-ca',
    name: 'Best Buy Canada',
    host: /^bestbuy\.ca$/,
    product: /^\/(?:en-ca|fr-ca)\/product\/(?:[^/]+\/)?([A-Z0-9]{6,12})\/?$/i,
    identity: [],
    sku: (m) => m[1],
    examples: ['https://www.bestbuy.ca/en-ca/product/google-nest-hello-doorbell/12222651'],
    nonProduct: ['https://www.bestbuy.ca/en-ca/category/tvs/21344', 'https://www.bestbuy.ca/en-ca/search?search=tv'],
  },
  {
    id: 'ikea',
    name: 'IKEA',
    host: /^ikea\.com$/,
    product: /^\/[a-z]{2}\/[a-z]{2}\/p\/[^/]*?-(s?\d{8})\/?$/,
    identity: [],
    examples: ['https://www.ikea.com/gb/en/p/djungelskog-soft-toy-brown-bear-00402813/', 'https://www.ikea.com/us/en/p/vallentuna-module-s99277508/'],
    nonProduct: ['https://www.ikea.com/gb/en/cat/sofas-fu003/', 'https://www.ikea.com/gb/en/search/?q=bear'],
  },
  {
    id: 'zara',
    name: 'Zara',
    host: /^zara\.com$/,
    product: /^\/[a-z]{2}\/[a-z]{2}\/[^/]*-p(\d{8})\.html$/,
    identity: ['v1', 'v2'],
    examples: ['https://www.zara.com/be/en/flat-boots-p11002710.html?v1=84518927&v2=1591216'],
    nonProduct: ['https://www.zara.com/be/en/woman-shoes-l1251.html', 'https://www.zara.com/be/en/search?searchTerm=boots'],
  },
  {
    id: 'zalando',
    name: 'Zalando',
    host: /^zalando\.(de|fr|it|es|nl|be|at|ch|pl|se|dk|fi|no|ie|co\.uk|cz|sk|lt|ee|lv|hr|si|ro|hu)$/,
    product: /^\/[^/]+-([a-z0-9]{9}-[a-z0-9]{3})\.html$/i,
    identity: ['size'],
    sku: (m) => (m[1] as string).toUpperCase(),
    examples: ['https://www.zalando.ie/tommy-hilfiger-crossover-bag-pink-to153i01e-j11.html'],
    nonProduct: ['https://www.zalando.ie/womens-clothing/', 'https://www.zalando.ie/catalogue/?q=bag'],
  },
  {
    id: 'johnlewis',
    name: 'John Lewis',
    host: /^johnlewis\.com$/,
    product: /^\/[^/]+(?:\/[^/]+)?\/p(\d{5,10})\/?$/,
    identity: ['size', 'colour'],
    sku: (m) => m[1],
    examples: ['https://www.johnlewis.com/google-nest-mini/chalk/p4781720', 'https://www.johnlewis.com/norton-security/p1821267'],
    nonProduct: ['https://www.johnlewis.com/browse/electricals/speakers/_/N-5dgy', 'https://www.johnlewis.com/electricals/c500001'],
  },
  {
    id: 'hm',
    name: 'H&M',
    host: /^(?:[a-z0-9-]+\.)?hm\.com$/,
    product: /^\/[a-z]{2}_[a-z]{2}\/productpage\.(\d{10})\.html$/,
    identity: [],
    sku: (m) => m[1],
    examples: ['https://www2.hm.com/en_gb/productpage.0970818001.html'],
    nonProduct: ['https://www2.hm.com/en_gb/ladies/shop-by-product/dresses.html'],
  },
  {
    id: 'wayfair',
    name: 'Wayfair',
    host: /^wayfair\.(com|co\.uk|ca|de)$/,
    product: /^\/[^/]+\/pdp\/[^/]*-([a-z0-9]{4,12})\.html$/i,
    identity: ['piid'],
    sku: (m) => (m[1] as string).toUpperCase(),
    examples: ['https://www.wayfair.com/furniture/pdp/zipcode-design-sofa-w001234567.html?piid=123'],
    nonProduct: ['https://www.wayfair.com/furniture/sb0/sofas-c413892.html', 'https://www.wayfair.com/keyword.php?keyword=sofa'],
  },
  {
    id: 'homedepot',
    name: 'The Home Depot',
    host: /^homedepot\.(com|ca)$/,
    product: /^\/(?:[a-z]{2}\/)?p\/(?:[^/]+\/)?(\d{9,10})\/?$/,
    identity: [],
    sku: (m) => m[1],
    examples: ['https://www.homedepot.com/p/DEWALT-Drill-Kit/204279858'],
    nonProduct: ['https://www.homedepot.com/b/Tools/N-5yc1vZc1xy', 'https://www.homedepot.com/s/drill'],
  },
  {
    id: 'lowes',
    name: "Lowe's",
    host: /^lowes\.com$/,
    product: /^\/pd\/(?:[^/]+\/)?(\d{6,12})\/?$/,
    identity: [],
    sku: (m) => m[1],
    examples: ['https://www.lowes.com/pd/CRAFTSMAN-Hammer/1000595091'],
    nonProduct: ['https://www.lowes.com/pl/Hammers-Hand-tools/4294607800', 'https://www.lowes.com/search?searchTerm=hammer'],
  },
  {
    id: 'costco',
    name: 'Costco',
    host: /^costco\.(com|ca|co\.uk)$/,
    product: /^\/[^/]*\.product\.(\d{6,12})\.html$/,
    identity: [],
    sku: (m) => m[1],
    examples: ['https://www.costco.com/kirkland-signature-coffee.product.100333390.html'],
    nonProduct: ['https://www.costco.com/coffee.html', 'https://www.costco.com/CatalogSearch?keyword=coffee'],
  },
  {
    id: 'macys',
    name: "Macy's",
    host: /^macys\.com$/,
    product: /^\/shop\/product\/[^/]+$/,
    identity: ['ID'],
    examples: ['https://www.macys.com/shop/product/levis-501-jeans?ID=2732495'],
    nonProduct: ['https://www.macys.com/shop/mens-clothing/mens-jeans?id=11221'],
  },
  {
    id: 'nordstrom',
    name: 'Nordstrom',
    host: /^nordstrom\.(com|ca)$/,
    product: /^\/s\/(?:[^/]+\/)?(\d{6,9})\/?$/,
    identity: [],
    sku: (m) => m[1],
    examples: ['https://www.nordstrom.com/s/nike-air-max-sneaker/5678901'],
    nonProduct: ['https://www.nordstrom.com/browse/women/shoes', 'https://www.nordstrom.com/sr?keyword=nike'],
  },
  {
    id: 'otto',
    name: 'OTTO',
    host: /^otto\.de$/,
    product: /^\/p\/[^/]*?-?(\d{6,12})\/?$/,
    identity: ['variationId'],
    examples: ['https://www.otto.de/p/kaercher-hochdruckreiniger-k-3-848068924/#variationId=836232854'],
    nonProduct: ['https://www.otto.de/haushalt/hochdruckreiniger/', 'https://www.otto.de/suche/kaercher/'],
  },
  {
    id: 'aliexpress',
    name: 'AliExpress',
    host: /^(?:[a-z]{2}\.)?aliexpress\.(com|us|ru)$/,
    product: /^\/item\/(?:[^/]+\/)?(\d{8,20})\.html$/,
    identity: [],
    canonicalPath: (m) => `/item/${m[1] as string}.html`,
    sku: (m) => m[1],
    examples: ['https://www.aliexpress.com/item/1005004567890123.html', 'https://de.aliexpress.com/item/1005004567890123.html'],
    nonProduct: ['https://www.aliexpress.com/category/100003109/women-clothing.html', 'https://www.aliexpress.com/w/wholesale-lamp.html'],
  },
  {
    id: 'newegg',
    name: 'Newegg',
    host: /^newegg\.(com|ca)$/,
    product: /^\/(?:[^/]+\/)?p\/([A-Z0-9-]{6,20})\/?$/i,
    identity: ['Item'],
    sku: (m) => (m[1] as string).toUpperCase(),
    examples: ['https://www.newegg.com/corsair-32gb-ram/p/N82E16820236541'],
    nonProduct: ['https://www.newegg.com/Memory/Category/ID-17', 'https://www.newegg.com/p/pl?d=ram'],
  },
];

/** The hostname as rules see it: lower-case, no trailing dot, one leading `www.`/`m.`/`smile.` removed. */
export function ruleHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '').replace(/^(www\d?|m|smile)\./, '');
}

export interface RuleMatch {
  rule: RetailerRule;
  match: RegExpExecArray;
}

/** The retailer rule whose host matches, if any. */
export function ruleForHost(hostname: string): RetailerRule | undefined {
  const host = ruleHost(hostname);
  return RETAILER_RULES.find((r) => r.host.test(host));
}

/** The retailer rule that classifies this URL as a product page, with its match. */
export function matchProductRule(url: URL): RuleMatch | undefined {
  const rule = ruleForHost(url.hostname);
  if (!rule) return undefined;
  const match = rule.product.exec(url.pathname);
  return match ? { rule, match } : undefined;
}
