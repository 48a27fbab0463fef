/**
 * Typed errors of the Octogen client. They are plain data underneath (`OctogenErrorData`), so they survive
 * extension messaging and storage, and they never contain the API key.
 */
import { formatNumber, t } from '../i18n';
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
  /** The message without its "Retrying in N s." (a view that counts down says that itself). */
  base?: string;
  action: ErrorAction;
}

/** Each documented `detail`: its message id (`errors.<id>.title`/`.message` in locales/*.yml) and the action. */
const DETAIL_MESSAGES: Record<string, [id: string, action: ErrorAction]> = {
  'Authorization Bearer token required': ['noKey', 'open-options'],
  'Invalid API key': ['invalidKey', 'open-options'],
  'API key revoked': ['keyRevoked', 'open-options'],
  // Signed in with Octogen (the Catalog Partner MCP server)
  sign_in_required: ['sign_in_required', 'open-options'],
  not_catalog_partner: ['not_catalog_partner', 'none'],
  not_authorized: ['not_authorized', 'none'],
  api_key_forbidden: ['api_key_forbidden', 'none'],
  api_key_org_type_forbidden: ['api_key_org_type_forbidden', 'open-options'],
  catalog_not_granted: ['catalog_not_granted', 'none'],
  product_not_found: ['product_not_found', 'search'],
  catalog_not_found: ['catalog_not_found', 'fix-input'],
  invalid_product_url: ['invalid_product_url', 'search'],
  unsafe_url: ['unsafe_url', 'search'],
  rate_limit_exceeded: ['rate_limit_exceeded', 'wait'],
  product_lookup_rate_limited: ['product_lookup_rate_limited', 'wait'],
  product_lookup_upstream_failed: ['product_lookup_upstream_failed', 'retry'],
  product_lookup_fallback_unavailable: ['product_lookup_fallback_unavailable', 'retry'],
  product_lookup_timed_out: ['product_lookup_timed_out', 'retry'],
  background_unavailable: ['background_unavailable', 'retry'],
  request_body_too_large: ['request_body_too_large', 'none'],
  product_resolution_rate_limited: ['product_resolution_rate_limited', 'wait'],
  product_resolution_unavailable: ['product_resolution_unavailable', 'retry'],
  product_resolution_timed_out: ['product_resolution_timed_out', 'retry'],
  voyage_org_type_forbidden: ['voyage_org_type_forbidden', 'none'],
  voyage_domain_blocked: ['voyage_domain_blocked', 'none'],
  voyage_invalid_domain: ['voyage_invalid_domain', 'none'],
  voyage_quota_exceeded: ['voyage_quota_exceeded', 'none'],
  voyage_unavailable: ['voyage_unavailable', 'retry'],
  voyage_not_found: ['voyage_not_found', 'none'],
  url_list_requires_org_api_key: ['url_list_requires_org_api_key', 'open-options'],
  url_list_not_found: ['url_list_not_found', 'retry'],
  url_list_name_conflict: ['url_list_name_conflict', 'fix-input'],
  url_list_limit_exceeded: ['url_list_limit_exceeded', 'open-options'],
  url_list_deleting: ['url_list_deleting', 'none'],
  url_list_migrating: ['url_list_migrating', 'retry'],
  list_url_capacity_exceeded: ['list_url_capacity_exceeded', 'none'],
  url_lists_unavailable: ['url_lists_unavailable', 'none'],
  invalid_cursor: ['invalid_cursor', 'retry'],
  catalog_registry_unavailable: ['catalog_registry_unavailable', 'retry'],
};

/** Where one operation's `detail` means something else than it does for the lookup (ids `<operation>_<detail>`). */
const OPERATION_MESSAGES: Record<string, Record<string, ErrorAction>> = {
  resolveProductFromHtml: {
    product_not_found: 'search',
    request_body_too_large: 'search',
    page_changed: 'retry',
    page_unreadable: 'retry',
  },
  moreLikeThisProducts: {
    product_not_found: 'search',
  },
};

/** A catalogued error's words: `errors.<id>.title` and `.message` (the id is built, so the key is checked at run time by
 * tests/unit/i18n/errors-i18n.test.ts: every id in the tables above has both). */
function catalogued(id: string, action: ErrorAction): ErrorDescription {
  const say = t as unknown as (key: string) => string;
  return { title: say(`errors.${id}.title`), message: say(`errors.${id}.message`), action };
}

/** The ids of every catalogued error (for the test that each has its words in every locale). */
export const cataloguedErrorIds = (): string[] => [
  ...Object.values(DETAIL_MESSAGES).map(([id]) => id),
  ...Object.entries(OPERATION_MESSAGES).flatMap(([operation, details]) => Object.keys(details).map((detail) => `${operation}_${detail}`)),
];

/** Plain-language title, message and action for an error, from its `detail` string and status (in the UI's language). */
export function describeError(error: OctogenErrorData): ErrorDescription {
  const operationAction = error.detail ? OPERATION_MESSAGES[error.operation]?.[error.detail] : undefined;
  const detail = error.detail ? DETAIL_MESSAGES[error.detail] : undefined;
  const known = operationAction ? catalogued(`${error.operation}_${error.detail}`, operationAction) : detail ? catalogued(...detail) : undefined;
  if (known) {
    if (known.action === 'wait' && error.retryAfterSec !== undefined) {
      return { ...known, base: known.message, message: `${known.message} ${t('error.retrying', { seconds: formatNumber(error.retryAfterSec) })}` };
    }
    return known;
  }
  switch (error.kind) {
    case 'config':
      return { title: t('errors.setUp.title'), message: error.message, action: 'open-options' };
    case 'network':
      return { title: t('errors.network.title'), message: t('errors.network.message'), action: 'retry' };
    case 'timeout':
      return { title: t('errors.timeout.title'), message: t('errors.timeout.message'), action: 'retry' };
    case 'aborted':
      return { title: t('errors.aborted.title'), message: t('errors.aborted.message'), action: 'retry' };
    case 'schema':
      return {
        title: t('errors.schema.title'),
        message: error.path ? t('errors.schema.messageAt', { path: error.path }) : t('errors.schema.message'),
        action: 'retry',
      };
    case 'request': {
      const first = error.fieldErrors?.[0];
      return {
        title: t('errors.request.title'),
        message: first ? t('errors.field', { field: fieldLabel(first.loc), message: first.msg }) : error.message,
        action: 'fix-input',
      };
    }
    case 'http':
      break;
  }
  const status = error.status ?? 0;
  if (status === 401) return catalogued(...DETAIL_MESSAGES['Invalid API key']!);
  if (status === 403) return { title: t('errors.status403.title'), message: t('errors.status403.message'), action: 'none' };
  if (status === 404) return { title: t('errors.status404.title'), message: t('errors.status404.message'), action: 'search' };
  if (status === 409) return { title: t('errors.status409.title'), message: t('errors.status409.message'), action: 'retry' };
  if (status === 413) return catalogued(...DETAIL_MESSAGES.request_body_too_large!);
  if (status === 422) {
    const first = error.fieldErrors?.[0];
    return {
      title: t('errors.status422.title'),
      message: first ? t('errors.field', { field: fieldLabel(first.loc), message: first.msg }) : t('errors.status422.message'),
      action: 'fix-input',
    };
  }
  if (status === 429) {
    const base = t('errors.status429.message');
    return error.retryAfterSec !== undefined
      ? { title: t('errors.status429.title'), base, message: `${base} ${t('error.retrying', { seconds: formatNumber(error.retryAfterSec) })}`, action: 'wait' }
      : { title: t('errors.status429.title'), message: base, action: 'wait' };
  }
  const code = { status: String(status) };
  if (status === 502 || status === 504) return { title: t('errors.status5xxUnfinished.title'), message: t('errors.status5xxUnfinished.message', code), action: 'retry' };
  if (status >= 500) return { title: t('errors.status5xx.title'), message: t('errors.status5xx.message', code), action: 'retry' };
  return { title: t('errors.statusOther.title'), message: t('errors.statusOther.message', code), action: 'none' };
}

/** `["body", "price_min"]` -> `price_min`. */
export function fieldLabel(loc: (string | number)[]): string {
  const parts = loc[0] === 'body' || loc[0] === 'query' ? loc.slice(1) : loc;
  return parts.length ? parts.join('.') : t('errors.fieldRequest');
}
