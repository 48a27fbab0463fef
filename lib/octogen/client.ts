/**
 * Typed client of the Octogen Platform Catalog API v1.
 *
 * - Strict writer: request bodies are checked against the contract before sending (unknown fields refused).
 * - Tolerant reader: responses are parsed with `parseTolerant`, so drift in a non-essential field is reported, not fatal.
 * - Every failure is an `OctogenError` with plain data (status, detail, field errors, Retry-After, rate limit).
 * - The key goes only into the `Authorization` header of requests to the configured base URL; it is never part of an
 *   error, a log line or a returned value.
 */
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
  SearchPage,
  SearchRequest,
  type CatalogSummary,
  type DomainEntry,
} from './schemas';
import { checkRequest } from './request';
import { abortableSleep } from './retry';
import { EssentialFieldError, parseTolerant, type PathPattern } from './tolerant';
import { checkBaseUrl } from './urls';

export type Operation = 'listCatalogs' | 'searchProducts' | 'lookupProduct' | 'getMe' | 'listDomains';

/** Lookup may take ~8 s cold on the real service (on-demand resolution); allow it. */
export const DEFAULT_TIMEOUTS: Record<Operation, number> = {
  lookupProduct: 15_000,
  searchProducts: 10_000,
  listCatalogs: 10_000,
  getMe: 10_000,
  listDomains: 10_000,
};

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

export type DomainsResult =
  | { notModified: true; etag?: string; maxAgeSec?: number }
  | { notModified: false; domains: DomainEntry[]; etag?: string; maxAgeSec?: number };

interface RequestSpec<S extends z.ZodType> {
  operation: Operation;
  method: 'GET' | 'POST';
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
    const request = checkRequest('searchProducts', SearchRequest, body);
    const result = await this.request(
      {
        operation: 'searchProducts',
        method: 'POST',
        path: '/products/search',
        body: request,
        response: SearchPage,
        essential: ['items'],
      },
      call,
    );
    return result.data!;
  }

  /** `POST /products/lookup`. */
  async lookupProduct(body: LookupRequest, call: CallOptions = {}) {
    const request = checkRequest('lookupProduct', LookupRequest, body);
    const result = await this.request(
      {
        operation: 'lookupProduct',
        method: 'POST',
        path: '/products/lookup',
        body: request,
        response: LookupResponse,
        essential: ['product', 'product.productUrl'],
      },
      call,
    );
    return result.data!;
  }

  /** `GET /me`: the organisation, the key's non-secret prefix and the rate-limit posture. */
  async getMe(call: CallOptions = {}) {
    const result = await this.request(
      { operation: 'getMe', method: 'GET', path: '/me', response: MeResponse, essential: ['principal'] },
      call,
    );
    return result.data!;
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

  private async request<S extends z.ZodType>(spec: RequestSpec<S>, call: CallOptions): Promise<RawResult<z.output<S>>> {
    const { operation } = spec;
    const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
    if (this.apiKey !== undefined) headers.Authorization = `Bearer ${this.apiKey}`;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';

    const timeoutMs = call.timeoutMs ?? this.timeouts[operation];
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    if (call.signal?.aborted) controller.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });

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
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
        credentials: 'omit',
        redirect: 'error',
        cache: 'no-store',
      });
      text = await response.text();
    } catch (error) {
      if (timedOut) fail({ kind: 'timeout', message: `${operation}: no answer within ${Math.round(timeoutMs / 1000)} s` });
      if (call.signal?.aborted) fail({ kind: 'aborted', message: `${operation}: cancelled` });
      // The error text of fetch may echo the request, never our headers; still, keep only its class of failure.
      fail({ kind: 'network', message: `${operation}: network error (${errorName(error)})` });
      throw error; // unreachable
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
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

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name === 'TypeError' ? 'connection failed' : error.name;
  return 'unknown';
}

