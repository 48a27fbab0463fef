/**
 * Typed client of the Octogen Platform Catalog API v1.
 *
 * - Strict writer: request bodies are checked against the contract before sending (unknown fields refused).
 * - Tolerant reader: responses are parsed with `parseTolerant`, so drift in a non-essential field is reported, not fatal.
 * - Every failure is an `OctogenError` with plain data (status, detail, field errors, Retry-After, rate limit).
 * - The key goes only into the `Authorization` header of requests to the configured base URL; it is never part of an
 *   error, a log line or a returned value.
 */
import { callDeadline } from './deadline';
import { z } from 'zod';
import { OctogenError, type OctogenErrorData } from './errors';
import { parseRateLimit, parseRetryAfter, secondsUntilRetry, type RateLimitPosture } from './ratelimit';
import {
  CatalogList,
  DetailError,
  CodeError,
  DomainsResponse,
  LookupRequest,
  LookupResponse,
  MeResponse,
  MoreLikeThisRequest,
  MoreLikeThisResponse,
  PageQuery,
  REQUEST_BODY_MAX_BYTES,
  ResolveFromHtmlRequest,
  SearchPage,
  SearchRequest,
  UrlContainsResponse,
  UrlList,
  UrlListCreateRequest,
  UrlListPage,
  UrlListUrlsPage,
  UrlMutationResponse,
  UrlsRequest,
  VoyageListQuery,
  VoyageListResponse,
  VoyageStartRequest,
  VoyageTask,
  type CatalogSummary,
  type DomainEntry,
} from './schemas';
import { checkRequest } from './request';
import { abortableSleep } from './retry';
import { EssentialFieldError, parseTolerant, type PathPattern } from './tolerant';
import { checkBaseUrl } from './urls';

/** Lookup may take ~8 s cold on the real service (on-demand resolution); allow it. Resolving sent HTML runs the same
 * extraction, and more-like-this may run query generation (~5-8 s): allow them as long. */
export const DEFAULT_TIMEOUTS = {
  lookupProduct: 15_000,
  searchProducts: 10_000,
  listCatalogs: 10_000,
  getMe: 10_000,
  listDomains: 10_000,
  resolveProductFromHtml: 15_000,
  moreLikeThisProducts: 15_000,
  startVoyage: 10_000,
  listVoyages: 10_000,
  getVoyage: 10_000,
  listUrlLists: 10_000,
  createUrlList: 10_000,
  getUrlList: 10_000,
  deleteUrlList: 10_000,
  listUrlListUrls: 10_000,
  addUrlListUrls: 10_000,
  checkUrlListUrls: 10_000,
  removeUrlListUrls: 10_000,
} as const satisfies Record<string, number>;

/** The 18 operations of the published document, by their operationId. */
export type Operation = keyof typeof DEFAULT_TIMEOUTS;

export interface ClientOptions {
  baseUrl: string;
  /** Omitted: no Authorization header at all (the service's keyless trial). */
  apiKey?: string;
  fetch?: typeof fetch;
  timeouts?: Partial<Record<Operation, number>>;
  /** Called with the rate-limit posture read from every response that carries it. */
  onRateLimit?: (posture: RateLimitPosture) => void;
  /** Called when a response parsed only after dropping fields that did not fit the schema. */
  onDrift?: (operation: Operation, paths: string[]) => void;
  /** The last rate-limit posture seen (e.g. kept in storage across service-worker restarts). */
  rateLimit?: RateLimitPosture;
  /** Longest wait for the rate limit's next token that a request sits through before failing with a 429. */
  maxRateLimitWaitMs?: number;
  now?: () => number;
}

/**
 * How long until the bucket has a token again, when the last response said none was left. The bucket refills
 * continuously, so one token comes after (reset - observed) / limit, not at the full reset.
 */
export function msUntilToken(posture: RateLimitPosture | undefined, nowMs: number): number {
  if (!posture || posture.remaining > 0 || posture.limit <= 0) return 0;
  const perToken = Math.max(0, posture.resetAt * 1000 - posture.observedAt) / posture.limit;
  return Math.max(0, Math.ceil(posture.observedAt + perToken - nowMs));
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Fields without which a lookup or a search answer is useless (the rest may drift: lib/octogen/tolerant.ts). */
export const ESSENTIAL = { lookupProduct: ['product', 'product.productUrl'], searchProducts: ['items'] } as const satisfies Record<string, readonly PathPattern[]>;

/**
 * What the lookup, its similar items and the popup search need of a client: the Platform API client (with a key), or
 * the Catalog Partner MCP server's (signed in: lib/octogen/mcp.ts). `baseUrl` tells their caches apart.
 */
export interface CatalogClient {
  readonly baseUrl: string;
  lookupProduct(body: LookupRequest, call?: CallOptions): Promise<z.output<typeof LookupResponse>>;
  searchProducts(body: SearchRequest, call?: CallOptions): Promise<z.output<typeof SearchPage>>;
}

export type DomainsResult =
  | { notModified: true; etag?: string; maxAgeSec?: number }
  | { notModified: false; domains: DomainEntry[]; etag?: string; maxAgeSec?: number };

interface RequestSpec<S extends z.ZodType> {
  operation: Operation;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  response: S;
  essential: readonly PathPattern[];
  headers?: Record<string, string>;
  /** Statuses that are not errors for this call; the response is returned as undefined data. */
  passStatuses?: readonly number[];
}

interface RawResult<T> {
  status: number;
  data: T | undefined;
  headers: Headers;
}

export class OctogenClient {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeouts: Record<Operation, number>;
  private readonly options: ClientOptions;
  lastRateLimit: RateLimitPosture | undefined;

  constructor(options: ClientOptions) {
    const base = checkBaseUrl(options.baseUrl);
    if (!base.ok) {
      throw new OctogenError({ kind: 'config', operation: 'client', message: base.problem });
    }
    this.baseUrl = base.url;
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.options = options;
    this.lastRateLimit = options.rateLimit;
  }

  /** `GET /catalogs`. Null when the service has no catalog list (retired in July 2026: 404, 405 or 410). */
  async listCatalogs(call: CallOptions = {}): Promise<CatalogSummary[] | null> {
    const result = await this.request(
      {
        operation: 'listCatalogs',
        method: 'GET',
        path: '/catalogs',
        response: CatalogList,
        essential: [],
        passStatuses: [404, 405, 410],
      },
      call,
    );
    return result.status >= 400 ? null : (result.data ?? []);
  }

  /** `POST /products/search`. */
  async searchProducts(body: SearchRequest, call: CallOptions = {}) {
    return this.send('searchProducts', 'POST', '/products/search', SearchRequest, body, SearchPage, ESSENTIAL.searchProducts, call);
  }

  /** `POST /products/lookup`. */
  async lookupProduct(body: LookupRequest, call: CallOptions = {}) {
    return this.send('lookupProduct', 'POST', '/products/lookup', LookupRequest, body, LookupResponse, ESSENTIAL.lookupProduct, call);
  }

  /** `GET /me`: the organisation, the key's non-secret prefix, the rate-limit posture and the voyage quota. */
  async getMe(call: CallOptions = {}) {
    return this.send('getMe', 'GET', '/me', undefined, undefined, MeResponse, ['principal'], call);
  }

  /** `GET /domains`, honouring a previous ETag (304 -> `notModified`). */
  async listDomains(options: CallOptions & { etag?: string } = {}): Promise<DomainsResult> {
    const result = await this.request(
      {
        operation: 'listDomains',
        method: 'GET',
        path: '/domains',
        response: DomainsResponse,
        essential: ['domains'],
        headers: options.etag ? { 'If-None-Match': options.etag } : undefined,
        passStatuses: [304],
      },
      options,
    );
    const etag = result.headers.get('etag') ?? undefined;
    const maxAge = /max-age=(\d+)/.exec(result.headers.get('cache-control') ?? '')?.[1];
    const maxAgeSec = maxAge === undefined ? undefined : Number(maxAge);
    if (result.status === 304) return { notModified: true, etag: etag ?? options.etag, maxAgeSec };
    return { notModified: false, domains: result.data!.domains, etag, maxAgeSec };
  }

  /**
   * `POST /products/resolve-from-html`: the record the service extracts from HTML the caller sends (`source:
   * "client_html"`; nothing is read from the index). `url` is the page's address, read when the HTML was.
   */
  async resolveProductFromHtml(body: ResolveFromHtmlRequest, call: CallOptions = {}) {
    return this.send('resolveProductFromHtml', 'POST', '/products/resolve-from-html', ResolveFromHtmlRequest, body, LookupResponse, [
      'product',
      'product.productUrl',
    ], call);
  }

  /** `POST /products/more-like-this`: products like a source product (by URL or uuid), optionally cheaper or dearer. */
  async moreLikeThisProducts(body: MoreLikeThisRequest, call: CallOptions = {}) {
    return this.send('moreLikeThisProducts', 'POST', '/products/more-like-this', MoreLikeThisRequest, body, MoreLikeThisResponse, ['items'], call);
  }

  /** `POST /voyage`: start a voyage for a store's domain, or join the one under way (`joined`: no quota used). */
  async startVoyage(body: VoyageStartRequest, call: CallOptions = {}) {
    const request = checkRequest('startVoyage', VoyageStartRequest, body);
    const result = await this.request(
      { operation: 'startVoyage', method: 'POST', path: '/voyage', body: request, response: VoyageTask, essential: ['taskId', 'status', 'phase'] },
      call,
    );
    return { task: result.data!, joined: result.status === 200 };
  }

  /** `GET /voyage`: the organisation's voyages, newest first, with its voyage quota. */
  async listVoyages(query: VoyageListQuery = {}, call: CallOptions = {}) {
    const path = `/voyage${queryString(checkRequest('listVoyages', VoyageListQuery, query))}`;
    return this.send('listVoyages', 'GET', path, undefined, undefined, VoyageListResponse, ['items'], call);
  }

  /** `GET /voyage/{task_id}`: one voyage's progress. */
  async getVoyage(taskId: string, call: CallOptions = {}) {
    return this.send('getVoyage', 'GET', `/voyage/${segment('getVoyage', taskId)}`, undefined, undefined, VoyageTask, ['taskId', 'status', 'phase'], call);
  }

  /** `GET /coverage/url-lists`: the organisation's URL lists, newest first. */
  async listUrlLists(query: PageQuery = {}, call: CallOptions = {}) {
    const path = `/coverage/url-lists${queryString(checkRequest('listUrlLists', PageQuery, query))}`;
    return this.send('listUrlLists', 'GET', path, undefined, undefined, UrlListPage, ['items'], call);
  }

  /** `POST /coverage/url-lists`: a new list (status `provisioning` at first). */
  async createUrlList(body: UrlListCreateRequest, call: CallOptions = {}) {
    return this.send('createUrlList', 'POST', '/coverage/url-lists', UrlListCreateRequest, body, UrlList, ['urlListId', 'name'], call);
  }

  /** `GET /coverage/url-lists/{urlListId}`. */
  async getUrlList(urlListId: string, call: CallOptions = {}) {
    return this.send('getUrlList', 'GET', listPath('getUrlList', urlListId), undefined, undefined, UrlList, ['urlListId', 'name'], call);
  }

  /** `DELETE /coverage/url-lists/{urlListId}`: the list as it now is (`delete_pending`). */
  async deleteUrlList(urlListId: string, call: CallOptions = {}) {
    return this.send('deleteUrlList', 'DELETE', listPath('deleteUrlList', urlListId), undefined, undefined, UrlList, ['urlListId'], call);
  }

  /** `GET /coverage/url-lists/{urlListId}/urls`: the list's URLs in insertion order. */
  async listUrlListUrls(urlListId: string, query: PageQuery = {}, call: CallOptions = {}) {
    const path = `${listPath('listUrlListUrls', urlListId)}/urls${queryString(checkRequest('listUrlListUrls', PageQuery, query))}`;
    return this.send('listUrlListUrls', 'GET', path, undefined, undefined, UrlListUrlsPage, ['items'], call);
  }

  /** `POST /coverage/url-lists/{urlListId}/urls`: add URLs (a set-add; invalid ones come back in `rejected`). */
  async addUrlListUrls(urlListId: string, body: UrlsRequest, call: CallOptions = {}) {
    const path = `${listPath('addUrlListUrls', urlListId)}/urls`;
    return this.send('addUrlListUrls', 'POST', path, UrlsRequest, body, UrlMutationResponse, ['urlCount'], call);
  }

  /** `POST /coverage/url-lists/{urlListId}/urls/contains`: whether each URL is in the list. */
  async checkUrlListUrls(urlListId: string, body: UrlsRequest, call: CallOptions = {}) {
    const path = `${listPath('checkUrlListUrls', urlListId)}/urls/contains`;
    return this.send('checkUrlListUrls', 'POST', path, UrlsRequest, body, UrlContainsResponse, ['results'], call);
  }

  /** `POST /coverage/url-lists/{urlListId}/urls/remove`: remove URLs (removing an absent one is a no-op). */
  async removeUrlListUrls(urlListId: string, body: UrlsRequest, call: CallOptions = {}) {
    const path = `${listPath('removeUrlListUrls', urlListId)}/urls/remove`;
    return this.send('removeUrlListUrls', 'POST', path, UrlsRequest, body, UrlMutationResponse, ['urlCount'], call);
  }

  /** One call whose body (if any) is checked against its request schema and whose answer is parsed with `response`. */
  private async send<S extends z.ZodType>(
    operation: Operation,
    method: RequestSpec<S>['method'],
    path: string,
    requestSchema: z.ZodType | undefined,
    body: unknown,
    response: S,
    essential: readonly PathPattern[],
    call: CallOptions,
  ): Promise<z.output<S>> {
    const request = requestSchema ? checkRequest(operation, requestSchema, body) : undefined;
    return (await this.request({ operation, method, path, body: request, response, essential }, call)).data!;
  }

  private async request<S extends z.ZodType>(spec: RequestSpec<S>, call: CallOptions): Promise<RawResult<z.output<S>>> {
    const { operation } = spec;
    const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
    if (this.apiKey !== undefined) headers.Authorization = `Bearer ${this.apiKey}`;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';

    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (payload !== undefined && payload.length > REQUEST_BODY_MAX_BYTES / 3 && new TextEncoder().encode(payload).length > REQUEST_BODY_MAX_BYTES) {
      // The service refuses bodies over its byte cap with 413; do not send one.
      throw new OctogenError({
        kind: 'request',
        operation,
        detail: 'request_body_too_large',
        message: `${operation}: not sent, the request is over ${REQUEST_BODY_MAX_BYTES / 1024 / 1024} MiB`,
      });
    }

    const timeoutMs = call.timeoutMs ?? this.timeouts[operation];
    const deadline = callDeadline(timeoutMs, call.signal);

    const fail = (data: Omit<OctogenErrorData, 'operation'>): never => {
      throw new OctogenError({ operation, ...data });
    };

    // The last answer said no request is left: do not send one doomed to a 429; wait for the next token.
    const wait = msUntilToken(this.lastRateLimit, (this.options.now ?? Date.now)());
    if (wait > 0) {
      if (wait > (this.options.maxRateLimitWaitMs ?? 30_000)) {
        fail({
          kind: 'http',
          status: 429,
          detail: 'rate_limit_exceeded',
          retryAfterSec: Math.ceil(wait / 1000),
          rateLimit: this.lastRateLimit,
          message: `${operation}: not sent, the rate limit has no request left`,
        });
      }
      try {
        await abortableSleep(wait, call.signal);
      } catch {
        fail({ kind: 'aborted', message: `${operation}: cancelled` });
      }
    }

    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${spec.path}`, {
        method: spec.method,
        headers,
        body: payload,
        signal: deadline.signal,
        credentials: 'omit',
        redirect: 'error',
        cache: 'no-store',
      });
      text = await response.text();
    } catch (error) {
      if (deadline.timedOut) fail({ kind: 'timeout', message: `${operation}: no answer within ${Math.round(timeoutMs / 1000)} s` });
      if (call.signal?.aborted) fail({ kind: 'aborted', message: `${operation}: cancelled` });
      // The error text of fetch may echo the request, never our headers; still, keep only its class of failure.
      fail({ kind: 'network', message: `${operation}: network error (${errorName(error)})` });
      throw error; // unreachable
    } finally {
      deadline.done();
    }

    const rateLimit = parseRateLimit(response.headers);
    if (rateLimit) {
      this.lastRateLimit = rateLimit;
      this.options.onRateLimit?.(rateLimit);
    }

    if (spec.passStatuses?.includes(response.status)) {
      return { status: response.status, data: undefined, headers: response.headers };
    }

    let json: unknown;
    let jsonOk = true;
    try {
      json = text.length ? JSON.parse(text) : undefined;
    } catch {
      jsonOk = false;
    }

    if (!response.ok) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const error: Omit<OctogenErrorData, 'operation'> = {
        kind: 'http',
        status: response.status,
        rateLimit,
        message: `${operation}: HTTP ${response.status}`,
      };
      if (response.status === 429 || response.status >= 500) {
        const wait = secondsUntilRetry(retryAfter, response.status === 429 ? rateLimit : undefined);
        if (wait !== undefined) error.retryAfterSec = wait;
      }
      const detailBody = DetailError.safeParse(json);
      const codeBody = CodeError.safeParse(json);
      if (detailBody.success) {
        const detail = detailBody.data.detail;
        if (typeof detail === 'string') error.detail = detail;
        else if (Array.isArray(detail)) {
          error.fieldErrors = detail.map((item) => ({ loc: item.loc, msg: item.msg, type: item.type }));
          error.detail = 'validation_error';
        } else error.detail = typeof detail.code === 'string' ? detail.code : 'error';
      } else if (codeBody.success) {
        error.detail = codeBody.data.code;
      }
      if (error.detail && error.detail !== 'validation_error') error.message += ` ${error.detail}`;
      fail(error);
    }

    if (!jsonOk || json === undefined) {
      fail({
        kind: 'schema',
        status: response.status,
        path: '(body)',
        message: `${operation}: the response is not valid JSON`,
      });
    }
    try {
      const { value, drift } = parseTolerant(spec.response, json, spec.essential);
      if (drift.length) this.options.onDrift?.(operation, drift);
      return { status: response.status, data: value, headers: response.headers };
    } catch (error) {
      if (error instanceof EssentialFieldError) {
        fail({
          kind: 'schema',
          status: response.status,
          path: error.path || '(body)',
          message: `${operation}: unexpected response at ${error.path || '(body)'}: ${error.reason}`,
        });
      }
      throw error;
    }
  }
}

/** A path segment from a caller's id: refused when empty, encoded otherwise (an id never changes the path). */
function segment(operation: Operation, value: string): string {
  if (!value) throw new OctogenError({ kind: 'request', operation, message: `${operation}: an id is required` });
  return encodeURIComponent(value);
}

const listPath = (operation: Operation, urlListId: string) => `/coverage/url-lists/${segment(operation, urlListId)}`;

/** `?a=1&b=2` from the defined values of a checked query, or nothing. */
function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name === 'TypeError' ? 'connection failed' : error.name;
  return 'unknown';
}

