/**
 * URL rules for the largest retailers: which URLs are product pages, which query parameters carry the product's
 * identity (allowlist: every other parameter is dropped on these hosts), and how to canonicalise the URL when it
 * is safe to do so. Example product and non-product URLs for each rule are in retailers.examples.ts under the
 * rule's id (kept apart only so they do not ship in the content script); the unit tests check every example against
 * every rule (a product example must be claimed by its own rule and by no other).
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
  },
  {
    id: 'walmart',
    name: 'Walmart',
    host: /^walmart\.(com|ca|com\.mx)$/,
    product: /^\/(?:[a-z]{2}\/)?ip\/(?:([^/]+)\/)?([0-9A-Z]{5,20})\/?$/i,
    identity: ['selected', 'variantFieldId'],
    sku: (m) => m[2],
  },
  {
    id: 'target',
    name: 'Target',
    host: /^target\.com$/,
    product: /^\/p\/(?:[^/]+\/)?-\/A-(\d{6,10})\/?$/,
    identity: ['preselect'],
    canonicalPath: (m) => `/p/-/A-${m[1] as string}`,
    sku: (m) => m[1],
  },
  {
    id: 'ebay',
    name: 'eBay',
    host: /^ebay\.(com|co\.uk|ie|de|fr|it|es|ca|com\.au|at|ch|nl|be|pl)$/,
    product: /^\/itm\/(?:[^/]+\/)?(\d{9,15})\/?$/,
    identity: ['var'],
    canonicalPath: (m) => `/itm/${m[1] as string}`,
    sku: (m) => m[1],
  },
  {
    id: 'etsy',
    name: 'Etsy',
    host: /^etsy\.com$/,
    product: /^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/listing\/(\d{5,15})(?:\/[^/]*)?\/?$/i,
    identity: ['variation0', 'variation1'],
    canonicalPath: (m) => `/listing/${m[1] as string}`,
    sku: (m) => m[1],
  },
  {
    id: 'bestbuy',
    name: 'Best Buy',
    host: /^bestbuy\.com$/,
    product: /^\/site\/(?:[^/]+\/)?(\d{6,8})\.p\/?$/,
    identity: ['skuId'],
    sku: (m) => m[1],
  },
  {
    id: 'bestbuy-ca',
    name: 'Best Buy Canada',
    host: /^bestbuy\.ca$/,
    product: /^\/(?:en-ca|fr-ca)\/product\/(?:[^/]+\/)?([A-Z0-9]{6,12})\/?$/i,
    identity: [],
    sku: (m) => m[1],
  },
  {
    id: 'ikea',
    name: 'IKEA',
    host: /^ikea\.com$/,
    product: /^\/[a-z]{2}\/[a-z]{2}\/p\/[^/]*?-(s?\d{8})\/?$/,
    identity: [],
  },
  {
    id: 'zara',
    name: 'Zara',
    host: /^zara\.com$/,
    product: /^\/[a-z]{2}\/[a-z]{2}\/[^/]*-p(\d{8})\.html$/,
    identity: ['v1', 'v2'],
  },
  {
    id: 'zalando',
    name: 'Zalando',
    host: /^zalando\.(de|fr|it|es|nl|be|at|ch|pl|se|dk|fi|no|ie|co\.uk|cz|sk|lt|ee|lv|hr|si|ro|hu)$/,
    product: /^\/[^/]+-([a-z0-9]{9}-[a-z0-9]{3})\.html$/i,
    identity: ['size'],
    sku: (m) => (m[1] as string).toUpperCase(),
  },
  {
    id: 'johnlewis',
    name: 'John Lewis',
    host: /^johnlewis\.com$/,
    product: /^\/[^/]+(?:\/[^/]+)?\/p(\d{5,10})\/?$/,
    identity: ['size', 'colour'],
    sku: (m) => m[1],
  },
  {
    id: 'hm',
    name: 'H&M',
    host: /^(?:[a-z0-9-]+\.)?hm\.com$/,
    product: /^\/[a-z]{2}_[a-z]{2}\/productpage\.(\d{10})\.html$/,
    identity: [],
    sku: (m) => m[1],
  },
  {
    id: 'wayfair',
    name: 'Wayfair',
    host: /^wayfair\.(com|co\.uk|ca|de)$/,
    product: /^\/[^/]+\/pdp\/[^/]*-([a-z0-9]{4,12})\.html$/i,
    identity: ['piid'],
    sku: (m) => (m[1] as string).toUpperCase(),
  },
  {
    id: 'homedepot',
    name: 'The Home Depot',
    host: /^homedepot\.(com|ca)$/,
    product: /^\/(?:[a-z]{2}\/)?p\/(?:[^/]+\/)?(\d{9,10})\/?$/,
    identity: [],
    sku: (m) => m[1],
  },
  {
    id: 'lowes',
    name: "Lowe's",
    host: /^lowes\.com$/,
    product: /^\/pd\/(?:[^/]+\/)?(\d{6,12})\/?$/,
    identity: [],
    sku: (m) => m[1],
  },
  {
    id: 'costco',
    name: 'Costco',
    host: /^costco\.(com|ca|co\.uk)$/,
    product: /^\/[^/]*\.product\.(\d{6,12})\.html$/,
    identity: [],
    sku: (m) => m[1],
  },
  {
    id: 'macys',
    name: "Macy's",
    host: /^macys\.com$/,
    product: /^\/shop\/product\/[^/]+$/,
    identity: ['ID'],
  },
  {
    id: 'nordstrom',
    name: 'Nordstrom',
    host: /^nordstrom\.(com|ca)$/,
    product: /^\/s\/(?:[^/]+\/)?(\d{6,9})\/?$/,
    identity: [],
    sku: (m) => m[1],
  },
  {
    id: 'otto',
    name: 'OTTO',
    host: /^otto\.de$/,
    product: /^\/p\/[^/]*?-?(\d{6,12})\/?$/,
    identity: ['variationId'],
  },
  {
    id: 'aliexpress',
    name: 'AliExpress',
    host: /^(?:[a-z]{2}\.)?aliexpress\.(com|us|ru)$/,
    product: /^\/item\/(?:[^/]+\/)?(\d{8,20})\.html$/,
    identity: [],
    canonicalPath: (m) => `/item/${m[1] as string}.html`,
    sku: (m) => m[1],
  },
  {
    id: 'newegg',
    name: 'Newegg',
    host: /^newegg\.(com|ca)$/,
    product: /^\/(?:[^/]+\/)?p\/([A-Z0-9-]{6,20})\/?$/i,
    identity: ['Item'],
    sku: (m) => (m[1] as string).toUpperCase(),
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
