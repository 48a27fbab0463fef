/**
 * URL rules shared by the client, the sandbox and the detector.
 */

export const DEFAULT_API_BASE_URL = 'https://api.octogen.ai/v1';

/**
 * Tracking parameters removed from product URLs (exact names; `utm_*` and a few other prefixes are matched by
 * prefix, so names those prefixes cover are not listed). Variant parameters (`variant`, `size`, `color`, `skuId`, ...) are never in this list.
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'gclid', 'gclsrc', 'gbraid', 'wbraid', 'dclid', 'gad_source', 'gad_campaignid', 'fbclid', 'msclkid', 'twclid',
  'ttclid', 'li_fat_id', 'igshid', 'igsh', 'yclid', 'ymclid', 'epik', 'srsltid', 'mc_cid', 'mc_eid', '_ga', '_gl',
  '_ke', '_kx', 'ref', 'ref_', 'ref_src', 'tag', 'linkcode', 'linkid', 'ascsubtag', 'creative', 'creativeasin',
  'camp', 'psc', 'qid', 'sr', 'sprefix', 'crid', 'keywords', 'dib', 'dib_tag', 'content-id', 'th', 'spm', 'scm',
  'trk', 'trkid', 'trackingid', 'cmpid', 'cid', 'icid', 'affid', 'affiliate', 'aff_id', 'clickid', 'click_id',
  'irclickid', 'irgwc', 'ranmid', 'raneaid', 'ransiteid', 'sourceid', 'source', 'src', 'wt.mc_id', 'wt_mc_id',
  'oly_anon_id', 'oly_enc_id', 'rb_clickid', 's_kwcid', 'ef_id', 'vero_id', 'vero_conv', '__s', '_hsenc', '_hsmi',
  'mkt_tok', 'zanpid', 'awc', 'adgroupid', 'campaignid', 'adid', 'ad_id', 'feeditemid', 'targetid', 'matchtype',
  'network', 'device', 'devicemodel', 'adposition', 'placement', 'athena', 'athcpid', 'athpgid', 'athznid',
  'athmtid', 'athrid', 'athieid', 'athena_widget', 'intcmp', 'int_cmp', 'from', 'frm', 'sref', 'smid', 'share',
  'shared', 'a_aid', 'a_bid', 'clkid', '_branch_match_id', 'ncid', '_openstat', 'wickedid',
]);

const TRACKING_PREFIXES = ['utm_', 'hsa_', 'pk_', 'mtm_', 'matomo_', 'ga_', 'fb_', 'pf_rd_', 'pd_rd_', 'ir_', 'sc_', 'cm_'];

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/** True for hosts that are this machine: plain HTTP is only allowed to these. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127(?:\.\d{1,3}){3}$/.test(host)
  );
}

export type BaseUrlCheck = { ok: true; url: string; origin: string } | { ok: false; problem: string };

/** Validates an API base URL: absolute, HTTPS (plain HTTP only for loopback), no credentials, query or fragment. */
export function checkBaseUrl(input: string): BaseUrlCheck {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, problem: 'Enter the API base URL, for example https://api.octogen.ai/v1.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, problem: 'That is not a complete URL; it should look like https://api.octogen.ai/v1.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: 'The API base URL must start with https://.' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      problem: 'The API base URL must use HTTPS: your key would travel unencrypted. Plain HTTP is only allowed for localhost.',
    };
  }
  if (url.username || url.password) return { ok: false, problem: 'The API base URL must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, problem: 'The API base URL must not contain "?" or "#".' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}`, origin: url.origin };
}

/** Host normalisation for `/domains` matching: lowercase, no port, no trailing dots, one leading `www.` stripped. */
export function normalizeHost(input: string): string | undefined {
  const trimmed = input.trim();
  if (!trimmed) return undefined;
  let host: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      host = new URL(trimmed).hostname;
    } catch {
      return undefined;
    }
  } else {
    if (/[/\s?#@]/.test(trimmed)) return undefined;
    try {
      host = new URL(`http://${trimmed}`).hostname;
    } catch {
      return undefined;
    }
  }
  host = host.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  return host || undefined;
}

/**
 * The service's deterministic normalisation of a product URL (`normalizedUrl`): https, no leading `www.`, no
 * fragment, tracking parameters removed, remaining parameters sorted. Returns undefined for non-http(s) URLs.
 */
export function normalizeProductUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.protocol = 'https:';
  if (url.hostname.startsWith('www.')) url.hostname = url.hostname.slice(4);
  url.hash = '';
  // (`[...searchParams]`: a Firefox content script, which runs this, cannot iterate `.entries()`)
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  return url.toString();
}
