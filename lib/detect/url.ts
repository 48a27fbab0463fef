/**
 * Identity URL cleaning: tracking parameters (the shared denylist in lib/octogen/urls.ts) are removed, identity
 * parameters kept; on known retailers only their allowlisted identity parameters survive and the path is
 * canonicalised when that is safe. Only http(s) URLs come out.
 *
 * Background only: the detector reports the page's address as it is and lib/lookup/sanitize.ts cleans it, so the
 * denylist stays out of the content script (its 12 kB budget). The detector's own view of what cleaning keeps is
 * roughIdentity in ./address.ts.
 */
import { isTrackingParam } from '../octogen/urls';
import { matchProductRule } from './retailers';
import { MAX_URL } from './text';

/**
 * Parameter names that identify a product variant. They are never dropped by the generic cleaner, and they are the
 * only key=value pairs kept from a URL fragment (`#variationId=123`); any other fragment is dropped.
 */
export const IDENTITY_PARAMS: ReadonlySet<string> = new Set([
  'variant', 'variantid', 'variationid', 'variation', 'sku', 'skuid', 'childsku', 'size', 'color', 'colour',
  'style', 'pid', 'productid', 'itemid', 'item', 'id', 'v1', 'v2', 'option', 'model',
]);

function paramName(segment: string): string {
  const name = segment.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).trim();
  } catch {
    return name.trim();
  }
}

/** Filters raw `a=1&b=2` segments by name, keeping their original encoding. */
function filterQuery(query: string, keep: (name: string) => boolean): string {
  return query
    .split('&')
    .filter((seg) => {
      const name = paramName(seg);
      return name !== '' && keep(name);
    })
    .join('&');
}

function keepFragment(hash: string, allowed: (name: string) => boolean): string {
  const body = hash.replace(/^#/, '');
  if (!body || !/^[\w.-]+=[^&#|]*(&[\w.-]+=[^&#|]*)*$/.test(body)) return '';
  const kept = filterQuery(body, (k) => IDENTITY_PARAMS.has(k.toLowerCase()) && allowed(k));
  return kept ? `#${kept}` : '';
}

/**
 * Tracking parameters stripped, identity kept, retailer canonicalisation applied. Returns undefined for anything
 * that is not an absolute http(s) URL.
 */
export function cleanUrl(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const raw = input.trim();
  if (!raw || raw.length > MAX_URL * 4) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!url.hostname) return undefined;
  url.username = '';
  url.password = '';
  // The allowlist applies to a retailer's product pages only; its other pages get the generic denylist.
  const hit = matchProductRule(url);
  const allow = hit ? new Set(hit.rule.identity?.map((p) => p.toLowerCase())) : undefined;
  const allowed = (name: string): boolean => (allow ? allow.has(name.toLowerCase()) : !isTrackingParam(name));
  const search = filterQuery(url.search.replace(/^\?/, ''), allowed);
  if (hit?.rule.canonicalPath) url.pathname = hit.rule.canonicalPath(hit.match);
  url.search = search ? `?${search}` : '';
  url.hash = keepFragment(url.hash, allow ? allowed : () => true);
  const href = url.href;
  return href.length <= MAX_URL ? href : undefined;
}

/**
 * The identity URL a page at `address` is detected with, known before the page is read, or undefined. Only a
 * retailer's product URL rule makes it certain: detect() then calls the page a product and keeps its cleaned address
 * as the identity whatever the page holds (the canonical link is consulted only for an address no rule matches).
 */
export function identityFromAddress(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  return matchProductRule(url) ? cleanUrl(address) : undefined;
}

// Re-exported for the background's callers; it lives beside the detector's own address helpers.
export { sameSite } from './address';
