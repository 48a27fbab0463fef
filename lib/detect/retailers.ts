/**
 * URL rules for the largest retailers: which URLs are product pages, which query parameters carry the product's
 * identity (allowlist: every other parameter is dropped on these hosts), and how to canonicalise the URL when it
 * is safe to do so. Example product and non-product URLs for each rule are in retailers.examples.ts under the
 * rule's id (kept apart only so they do not ship in the content script); the unit tests check every example against
 * every rule (a product example must be claimed by its own rule and by no other).
 */

export interface RetailerRule {
  id: string;
  /** Matched against the lower-case hostname with one leading `www.` (or `m.`/`smile.`) removed. */
  host: RegExp;
  /** Matched against the URL's pathname; a match means "this is a product page". */
  product: RegExp;
  /** Query parameters that identify the product or variant; every other parameter (all, when none) is dropped. */
  identity?: readonly string[];
  /** Canonical pathname from the product match, when the store accepts it (slug and `ref=` segments dropped). */
  canonicalPath?: (m: RegExpExecArray) => string;
  /** The product id (sku) carried by the URL, from the product match. */
  sku?: (m: RegExpExecArray) => string | undefined;
}

/** The product id is the rule's first capture group (as written, or upper-cased). */
const firstGroup = (m: RegExpExecArray): string | undefined => m[1];
const firstGroupUpper = (m: RegExpExecArray): string | undefined => m[1]?.toUpperCase();

// Stores on many country domains match any of them ("amazon.de", "amazon.co.uk", "amazon.com.mx"): their product
// paths are specific enough.
const AMAZON_HOST = /^amazon\.(com?\.)?[a-z]{2,3}$/;

export const RETAILER_RULES: readonly RetailerRule[] = [
  {
    id: 'amazon',
    host: AMAZON_HOST,
    product: /^(?:\/[^/]+){0,2}\/(?:dp|gp\/product|gp\/aw\/d|exec\/obidos\/asin|o\/asin)\/([A-Z0-9]{10})(?=[/?]|$)/i,
    canonicalPath: (m) => `/dp/${firstGroupUpper(m)}`,
    sku: firstGroupUpper,
  },
  {
    id: 'walmart',
    host: /^walmart\.(com|ca|com\.mx)$/,
    product: /^\/(?:[a-z]{2}\/)?ip\/(?:([^/]+)\/)?([0-9A-Z]{5,20})\/?$/i,
    identity: ['selected', 'variantFieldId'],
    sku: (m) => m[2],
  },
  {
    id: 'target',
    host: /^target\.com$/,
    product: /^\/p\/(?:[^/]+\/)?-\/A-(\d{6,10})\/?$/,
    identity: ['preselect'],
    canonicalPath: (m) => `/p/-/A-${m[1] as string}`,
    sku: firstGroup,
  },
  {
    id: 'ebay',
    host: /^ebay\.(com?\.)?[a-z]{2,3}$/,
    product: /^\/itm\/(?:[^/]+\/)?(\d{9,15})\/?$/,
    identity: ['var'],
    canonicalPath: (m) => `/itm/${m[1] as string}`,
    sku: firstGroup,
  },
  {
    id: 'etsy',
    host: /^etsy\.com$/,
    product: /^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/listing\/(\d{5,15})(?:\/[^/]*)?\/?$/i,
    identity: ['variation0', 'variation1'],
    canonicalPath: (m) => `/listing/${m[1] as string}`,
    sku: firstGroup,
  },
  {
    id: 'bestbuy',
    host: /^bestbuy\.com$/,
    product: /^\/site\/(?:[^/]+\/)?(\d{6,8})\.p\/?$/,
    identity: ['skuId'],
    sku: firstGroup,
  },
  {
    id: 'bestbuy-ca',
    host: /^bestbuy\.ca$/,
    product: /^\/(?:en-ca|fr-ca)\/product\/(?:[^/]+\/)?([A-Z0-9]{6,12})\/?$/i,
    sku: firstGroup,
  },
  {
    id: 'ikea',
    host: /^ikea\.com$/,
    product: /^\/[a-z]{2}\/[a-z]{2}\/p\/[^/]*?-(s?\d{8})\/?$/,
  },
  {
    id: 'zara',
    host: /^zara\.com$/,
    product: /^\/[a-z]{2}\/[a-z]{2}\/[^/]*-p(\d{8})\.html$/,
    identity: ['v1', 'v2'],
  },
  {
    id: 'zalando',
    host: /^zalando\.(co\.)?[a-z]{2}$/,
    product: /^\/[^/]+-([a-z0-9]{9}-[a-z0-9]{3})\.html$/i,
    identity: ['size'],
    sku: firstGroupUpper,
  },
  {
    id: 'johnlewis',
    host: /^johnlewis\.com$/,
    product: /^\/[^/]+(?:\/[^/]+)?\/p(\d{5,10})\/?$/,
    identity: ['size', 'colour'],
    sku: firstGroup,
  },
  {
    id: 'hm',
    host: /^(?:[a-z0-9-]+\.)?hm\.com$/,
    product: /^\/[a-z]{2}_[a-z]{2}\/productpage\.(\d{10})\.html$/,
    sku: firstGroup,
  },
  {
    id: 'wayfair',
    host: /^wayfair\.(com|co\.uk|ca|de)$/,
    product: /^\/[^/]+\/pdp\/[^/]*-([a-z0-9]{4,12})\.html$/i,
    identity: ['piid'],
    sku: firstGroupUpper,
  },
  {
    id: 'homedepot',
    host: /^homedepot\.(com|ca)$/,
    product: /^\/(?:[a-z]{2}\/)?p\/(?:[^/]+\/)?(\d{9,10})\/?$/,
    sku: firstGroup,
  },
  {
    id: 'lowes',
    host: /^lowes\.com$/,
    product: /^\/pd\/(?:[^/]+\/)?(\d{6,12})\/?$/,
    sku: firstGroup,
  },
  {
    id: 'costco',
    host: /^costco\.(com|ca|co\.uk)$/,
    product: /^\/[^/]*\.product\.(\d{6,12})\.html$/,
    sku: firstGroup,
  },
  {
    id: 'macys',
    host: /^macys\.com$/,
    product: /^\/shop\/product\/[^/]+$/,
    identity: ['ID'],
  },
  {
    id: 'nordstrom',
    host: /^nordstrom\.(com|ca)$/,
    product: /^\/s\/(?:[^/]+\/)?(\d{6,9})\/?$/,
    sku: firstGroup,
  },
  {
    id: 'otto',
    host: /^otto\.de$/,
    product: /^\/p\/[^/]*?-?(\d{6,12})\/?$/,
    identity: ['variationId'],
  },
  {
    id: 'aliexpress',
    host: /^(?:[a-z]{2}\.)?aliexpress\.(com|us|ru)$/,
    product: /^\/item\/(?:[^/]+\/)?(\d{8,20})\.html$/,
    canonicalPath: (m) => `/item/${m[1] as string}.html`,
    sku: firstGroup,
  },
  {
    id: 'newegg',
    host: /^newegg\.(com|ca)$/,
    product: /^\/(?:[^/]+\/)?p\/([A-Z0-9-]{6,20})\/?$/i,
    identity: ['Item'],
    sku: firstGroupUpper,
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
