/**
 * The page's address as the detector uses it. The identity URL is cleaned in the background (cleanUrl in
 * lib/detect/url.ts, applied by lib/lookup/sanitize.ts to every detection it receives), so the tracking-parameter
 * denylist never ships in the content script; the detector only needs what that cleaning keeps of the host, the path
 * and the product parameters, which the retailer rules (already in the page) tell.
 */
import { matchProductRule } from './retailers';

/**
 * `raw` with what identity cleaning would change about its host, path and product parameters already done: no
 * credentials; on a retailer's product page only its allowlisted parameters and its canonical path. Other query
 * parameters are left (tracking parameters name no product id and no path), and so is the fragment. Undefined for
 * anything but an http(s) URL (an address too long to keep is the background's to refuse: it then takes the
 * canonical link, as detectionIdentity in lib/lookup/sanitize.ts says).
 */
export function roughIdentity(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  url.username = url.password = '';
  const hit = matchProductRule(url);
  if (hit) {
    const allow = hit.rule.identity?.map((p) => p.toLowerCase()) ?? [];
    for (const [name] of [...url.searchParams]) if (!allow.includes(name.toLowerCase())) url.searchParams.delete(name);
    if (hit.rule.canonicalPath) url.pathname = hit.rule.canonicalPath(hit.match);
  }
  return url.href;
}

const siteHost = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
};

/**
 * Whether two URLs are on the same site: the same host, or one a subdomain of the other (`www.` aside). A page's
 * claims about a URL of another site (its canonical link) are never taken as its identity.
 */
export function sameSite(a: string, b: string): boolean {
  const x = siteHost(a);
  const y = siteHost(b);
  return !!x && !!y && (x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`));
}
