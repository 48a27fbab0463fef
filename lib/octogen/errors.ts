/**
 * Typed errors of the Octogen client. They are plain data underneath (`OctogenErrorData`), so they survive
 * extension messaging and storage, and they never contain the API key.
 */
import type { RateLimitPosture } from './ratelimit';

export type OctogenErrorKind =
  /** The service answered with an error status. */
  | 'http'
  /** No answer: offline, DNS, connection refused, CORS, a host permission missing. */
  | 'network'
  /** No answer within the time allowed. */
  | 'timeout'
  /** Cancelled by the caller (popup closed, query changed). */
  | 'aborted'
  /** An answer that is not what the contract says (malformed JSON, a required field missing or of the wrong type). */
  | 'schema'
  /** The extension is not set up to call the service (no key, bad base URL). */
  | 'config'
  /** The request was refused before sending: it does not fit the contract (fieldErrors say where). */
  | 'request';

export interface FieldError {
  /** e.g. `["body", "limit"]` */
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface OctogenErrorData {
  kind: OctogenErrorKind;
  /** Operation id, e.g. `lookupProduct`. */
  operation: string;
  status?: number;
  /** The service's `detail` string (or `code` of the keyless envelope). */
  detail?: string;
  /** 422 validation errors. */
  fieldErrors?: FieldError[];
  /** Seconds to wait before retrying (Retry-After, or until the rate-limit reset). */
  retryAfterSec?: number;
  rateLimit?: RateLimitPosture;
  /** For schema errors: the path of the offending field, e.g. `product.productUrl`. */
  path?: string;
  /** A technical one-line description (never with the key). */
  message: string;
}

export class OctogenError extends Error {
  readonly data: OctogenErrorData;

  constructor(data: OctogenErrorData) {
    super(data.message);
    this.name = 'OctogenError';
    this.data = data;
  }

  get kind() {
    return this.data.kind;
  }
  get status() {
    return this.data.status;
  }
  get detail() {
    return this.data.detail;
  }

  toJSON(): OctogenErrorData {
    return this.data;
  }
}

export function isOctogenErrorData(value: unknown): value is OctogenErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as OctogenErrorData).kind === 'string' &&
    typeof (value as OctogenErrorData).operation === 'string' &&
    typeof (value as OctogenErrorData).message === 'string'
  );
}

/** Whether a failed request may be sent again unchanged: network errors, timeouts, 5xx and 429 only. */
export function isRetryable(error: OctogenErrorData): boolean {
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  // A used-up voyage quota is a 429 too, but it resets monthly: sending again does not help.
  if (error.detail === 'voyage_quota_exceeded') return false;
  if (error.kind === 'http' && error.status !== undefined) return error.status === 429 || error.status >= 500;
  return false;
}

export type ErrorAction = 'open-options' | 'retry' | 'wait' | 'search' | 'fix-input' | 'none';

export interface ErrorDescription {
  title: string;
  message: string;
  action: ErrorAction;
}

const DETAIL_MESSAGES: Record<string, ErrorDescription> = {
  'Authorization Bearer token required': {
    title: 'No API key was sent',
    message: 'Add your Platform API key in Octolens options.',
    action: 'open-options',
  },
  'Invalid API key': {
    title: 'API key rejected',
    message: 'The service does not accept this API key: it may have been rotated or mistyped. Enter a current key in options.',
    action: 'open-options',
  },
  'API key revoked': {
    title: 'API key revoked',
    message: 'This API key has been revoked. Create a new key in the partner portal and enter it in options.',
    action: 'open-options',
  },
  // --- Signed in with Octogen (the Catalog Partner MCP server) ---
  sign_in_required: {
    title: 'Sign in again',
    message: 'Your Octogen sign-in has ended (it expired or was revoked). Sign in again in Octolens options.',
    action: 'open-options',
  },
  not_catalog_partner: {
    title: 'Not allowed',
    message: 'Your organisation is not a Catalog Partner, so the MCP server refuses it. Contact your Octogen account manager.',
    action: 'none',
  },
  not_authorized: {
    title: 'Not allowed',
    message: "The service does not allow your account to do this. Confirm your organisation's access with Octogen.",
    action: 'none',
  },
  api_key_forbidden: {
    title: 'Not allowed',
    message: 'Your organisation is not active for this API. Contact your Octogen account manager.',
    action: 'none',
  },
  api_key_org_type_forbidden: {
    title: 'Not allowed',
    message: 'This key belongs to an organisation that cannot use the Catalog API (only Catalog Partner keys can).',
    action: 'open-options',
  },
  catalog_not_granted: {
    title: 'Catalog not granted',
    message: 'Your organisation has no access to this catalog. Confirm your grants with Octogen.',
    action: 'none',
  },
  product_not_found: {
    title: 'Not in your catalogs',
    message: 'This product is not in any catalog your key can see. You can still search your catalogs.',
    action: 'search',
  },
  catalog_not_found: {
    title: 'Catalog not found',
    message: 'That catalog does not exist or is not visible to your key. Check the catalog key.',
    action: 'fix-input',
  },
  invalid_product_url: {
    title: 'Not a product URL',
    message: 'The service could not read this page address as a product URL.',
    action: 'search',
  },
  unsafe_url: {
    title: 'URL refused',
    message: 'The service refused this address as unsafe (for example a private or local address).',
    action: 'search',
  },
  rate_limit_exceeded: {
    title: 'Rate limit reached',
    message: 'Your organisation has used its request allowance for the moment.',
    action: 'wait',
  },
  product_lookup_rate_limited: {
    title: 'Lookups are busy',
    message: 'The service is resolving too many new pages right now.',
    action: 'wait',
  },
  product_lookup_upstream_failed: {
    title: 'Store did not answer',
    message: 'The service could not fetch this page from the store. Try again in a moment.',
    action: 'retry',
  },
  product_lookup_fallback_unavailable: {
    title: 'Service busy',
    message: 'The lookup service is temporarily unavailable. Try again in a moment.',
    action: 'retry',
  },
  product_lookup_timed_out: {
    title: 'Lookup timed out',
    message: 'The service took too long to resolve this page. Try again.',
    action: 'retry',
  },
  background_unavailable: {
    title: 'Octolens was interrupted',
    message: 'The extension restarted while it was working. Retry.',
    action: 'retry',
  },
  request_body_too_large: { title: 'Request too large', message: 'The request was too large for the service.', action: 'none' },
  // --- Resolving a page's HTML (resolve-from-html) ---
  product_resolution_rate_limited: {
    title: 'Resolving is busy',
    message: 'The service is resolving too many pages right now.',
    action: 'wait',
  },
  product_resolution_unavailable: {
    title: 'Resolving unavailable',
    message: 'The service cannot resolve pages right now. Try again in a moment.',
    action: 'retry',
  },
  product_resolution_timed_out: {
    title: 'Resolving timed out',
    message: 'The service took too long to read this page. Try again.',
    action: 'retry',
  },
  // --- Voyages (coverage requests) ---
  voyage_org_type_forbidden: {
    title: 'Coverage requests not allowed',
    message: 'Your organisation may not request coverage of new stores. Contact your Octogen account manager.',
    action: 'none',
  },
  voyage_domain_blocked: {
    title: 'Store cannot be covered',
    message: 'Octogen does not cover this store (its domain is blocked from voyages).',
    action: 'none',
  },
  voyage_invalid_domain: {
    title: 'Not a store address',
    message: 'The service could not read this address as a store domain.',
    action: 'none',
  },
  voyage_quota_exceeded: {
    title: 'Coverage quota used up',
    message: "Your organisation has used its coverage requests for now. The options page shows the quota and when it resets.",
    action: 'none',
  },
  voyage_unavailable: {
    title: 'Coverage service busy',
    message: 'The coverage service is temporarily unavailable. Try again in a moment.',
    action: 'retry',
  },
  voyage_not_found: {
    title: 'Coverage request not found',
    message: 'The service no longer knows this coverage request. Request coverage again.',
    action: 'none',
  },
  // --- URL lists ---
  url_list_requires_org_api_key: {
    title: 'URL lists not allowed',
    message: 'URL lists need a key of an organisation allowed to use them.',
    action: 'open-options',
  },
  url_list_not_found: {
    title: 'List not found',
    message: 'This URL list no longer exists (it may have been deleted). Reload the lists.',
    action: 'retry',
  },
  url_list_name_conflict: {
    title: 'Name already used',
    message: 'You already have a list with this name. Choose another name.',
    action: 'fix-input',
  },
  url_list_limit_exceeded: {
    title: 'Too many lists',
    message: 'Your organisation has as many URL lists as it may have. Delete one in options to create another.',
    action: 'open-options',
  },
  url_list_deleting: { title: 'List being deleted', message: 'This list is being deleted and cannot change.', action: 'none' },
  url_list_migrating: {
    title: 'List briefly unavailable',
    message: 'The service is updating this list. Try again in a few minutes.',
    action: 'retry',
  },
  list_url_capacity_exceeded: {
    title: 'List full',
    message: 'This list holds as many URLs as it may. Remove some or use another list.',
    action: 'none',
  },
  url_lists_unavailable: {
    title: 'URL lists unavailable',
    message: 'URL lists are not available for your organisation yet.',
    action: 'none',
  },
  invalid_cursor: { title: 'Paging failed', message: 'The list changed while paging through it. Reload it.', action: 'retry' },
  catalog_registry_unavailable: {
    title: 'Service busy',
    message: 'The catalog registry is temporarily unavailable. Try again in a moment.',
    action: 'retry',
  },
};

/** Where one operation's `detail` means something else than it does for the lookup. */
const OPERATION_MESSAGES: Record<string, Record<string, ErrorDescription>> = {
  resolveProductFromHtml: {
    product_not_found: {
      title: 'No product found on this page',
      message: 'The service found no product details in this page (no product data and no canonical address).',
      action: 'search',
    },
    request_body_too_large: {
      title: 'Page too large',
      message: 'This page is larger than the service accepts (5 MiB). Nothing was sent.',
      action: 'search',
    },
    // Before anything is sent (lib/background/page-actions.ts):
    page_changed: {
      title: 'The page has changed',
      message: 'This tab no longer shows the page that was looked up. Nothing was sent. Look it up again.',
      action: 'retry',
    },
    page_unreadable: {
      title: 'Could not read this page',
      message: 'Octolens could not read this page\'s HTML. Nothing was sent. Reload the page, then try again.',
      action: 'retry',
    },
  },
  moreLikeThisProducts: {
    product_not_found: {
      title: 'Product not found',
      message: 'The service could not find this product to compare others with.',
      action: 'search',
    },
  },
};

/** Plain-language title, message and action for an error, from its `detail` string and status. */
export function describeError(error: OctogenErrorData): ErrorDescription {
  const known = error.detail ? (OPERATION_MESSAGES[error.operation]?.[error.detail] ?? DETAIL_MESSAGES[error.detail]) : undefined;
  if (known) {
    if (known.action === 'wait' && error.retryAfterSec !== undefined) {
      return { ...known, message: `${known.message} Retrying in ${error.retryAfterSec} s.` };
    }
    return known;
  }
  switch (error.kind) {
    case 'config':
      return { title: 'Set up needed', message: error.message, action: 'open-options' };
    case 'network':
      return {
        title: 'Cannot reach the service',
        message: 'Octolens could not connect to the API. Check your connection and the API base URL in options, then retry.',
        action: 'retry',
      };
    case 'timeout':
      return { title: 'The service took too long', message: 'No answer came in time. Retry in a moment.', action: 'retry' };
    case 'aborted':
      return { title: 'Cancelled', message: 'The request was cancelled.', action: 'retry' };
    case 'schema':
      return {
        title: 'Unexpected response from the service',
        message: `The service answered in a form Octolens does not understand${error.path ? ` (at ${error.path})` : ''}. Retry; if it persists, report it.`,
        action: 'retry',
      };
    case 'request': {
      const first = error.fieldErrors?.[0];
      return {
        title: 'Check your input',
        message: first ? `${fieldLabel(first.loc)}: ${first.msg}` : error.message,
        action: 'fix-input',
      };
    }
    case 'http':
      break;
  }
  const status = error.status ?? 0;
  if (status === 401) return DETAIL_MESSAGES['Invalid API key']!;
  if (status === 403) {
    return { title: 'Not allowed', message: 'Your key is valid but not allowed to do this. Confirm your organisation\'s access.', action: 'none' };
  }
  if (status === 404) return { title: 'Not found', message: 'The service found nothing for this request.', action: 'search' };
  if (status === 409) return { title: 'Conflict', message: 'The service refused the change because of the current state. Reload and try again.', action: 'retry' };
  if (status === 413) return DETAIL_MESSAGES.request_body_too_large!;
  if (status === 422) {
    const first = error.fieldErrors?.[0];
    return {
      title: 'Request refused',
      message: first ? `${fieldLabel(first.loc)}: ${first.msg}` : 'The service refused the request as invalid.',
      action: 'fix-input',
    };
  }
  if (status === 429) {
    return {
      title: 'Rate limit reached',
      message: `Too many requests.${error.retryAfterSec !== undefined ? ` Retrying in ${error.retryAfterSec} s.` : ''}`,
      action: 'wait',
    };
  }
  if (status === 502 || status === 504) {
    return { title: 'Service did not finish', message: `The service failed to complete the request (HTTP ${status}). Try again in a moment.`, action: 'retry' };
  }
  if (status >= 500) {
    return { title: 'Service error', message: `The service failed (HTTP ${status}). Try again in a moment.`, action: 'retry' };
  }
  return { title: 'Request failed', message: `The service answered HTTP ${status}.`, action: 'none' };
}

/** `["body", "price_min"]` -> `price_min`. */
export function fieldLabel(loc: (string | number)[]): string {
  const parts = loc[0] === 'body' || loc[0] === 'query' ? loc.slice(1) : loc;
  return parts.length ? parts.join('.') : 'request';
}
