/**
 * A small client of Octogen's Catalog Partner MCP server (Streamable HTTP, JSON-RPC 2.0, protocol 2025-06-18), and
 * the catalog client built on it: `lookup_product` and `search_products` read into the same zod schemas, with the same
 * tolerant reader, as the REST responses, and their errors made the same `OctogenError`s, so the popup shows the
 * same states (not found, not allowed, rate limited with its wait, unavailable).
 *
 * Why not the official SDK's Client: bundled with its Streamable HTTP transport it is 314 kB minified (91 kB gzipped),
 * a third of it ajv, whose compiled validators use `new Function`, which the extension's CSP forbids; we need three
 * methods of it. This is the part of the transport spec we use:
 * - every message is a POST with `Accept: application/json, text/event-stream`; the answer is one JSON body or an SSE
 *   stream whose `data:` events carry JSON-RPC messages (read until our response arrives);
 * - `initialize` first; its `Mcp-Session-Id` is sent back on every later request (a 404 then means the session is
 *   gone: initialize again, once); then `notifications/initialized` (202), then `tools/call`;
 * - `MCP-Protocol-Version` on every request after initialize.
 * Auth: `Authorization: Bearer <access token>` from the token manager; a 401 with WWW-Authenticate renews the token
 * once and sends again once; refused again, the sign-in has ended.
 */
import { callDeadline } from './deadline';
import { OctogenError, type OctogenErrorData } from './errors';
import { ESSENTIAL, type CallOptions, type CatalogClient } from './client';
import { LookupResponse, SearchPage, type LookupRequest, type SearchRequest } from './schemas';
import { parseRetryAfter } from './ratelimit';
import { EssentialFieldError, parseTolerant } from './tolerant';
import type { z } from 'zod';

export const MCP_PROTOCOL_VERSION = '2025-06-18';
/** The JSON-RPC error code of Octogen's MCP rate limit (only `tools/call` counts). */
export const RATE_LIMITED_CODE = -32029;

export const MCP_TIMEOUTS = { lookupProduct: 15_000, searchProducts: 10_000 } as const;

/** Where the client gets its access token. */
export interface McpAuth {
  token(operation: string): Promise<string>;
  /** After a 401 for `used`: a renewed token (refreshed once, shared). */
  renew(used: string, operation: string): Promise<string>;
  /** Refused again after renewing: the sign-in has ended (throws the error that says so). */
  reject(operation: string): Promise<never>;
}

export interface McpClientOptions {
  url: string;
  auth: McpAuth;
  fetch?: typeof fetch;
  timeouts?: Partial<Record<keyof typeof MCP_TIMEOUTS, number>>;
  onDrift?: (operation: string, paths: string[]) => void;
  clientVersion?: string;
}

interface RpcMessage {
  jsonrpc?: string;
  id?: number | string | null;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

type Fail = (data: Omit<OctogenErrorData, 'operation'>) => never;

/** Read JSON-RPC messages from an SSE body until `done` says one is the answer (or the stream ends). */
export async function readSse(body: ReadableStream<Uint8Array> | null, done: (message: RpcMessage) => boolean): Promise<RpcMessage | undefined> {
  if (!body) return undefined;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const dispatch = (): RpcMessage | undefined => {
    const text = data.join('\n');
    data = [];
    if (!text) return undefined;
    try {
      const message = JSON.parse(text) as RpcMessage;
      return message && typeof message === 'object' && done(message) ? message : undefined;
    } catch {
      return undefined;
    }
  };
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      buffer += ended ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          const found = dispatch();
          if (found) return found;
        } else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        // (event:, id:, retry: and comments are not needed to read one response)
      }
      if (ended) return (buffer.startsWith('data:') && data.push(buffer.slice(buffer.startsWith('data: ') ? 6 : 5)), dispatch());
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** An MCP tool error's code (`{ error, message?, requestId? }`) as the REST error the popup knows. */
export function toolError(operation: string, value: { error: string; message?: unknown; requestId?: unknown }): OctogenError {
  const request = typeof value.requestId === 'string' ? ` (request ${value.requestId.slice(0, 80)})` : '';
  const said = typeof value.message === 'string' && value.message ? `: ${value.message.slice(0, 200)}` : '';
  const code = value.error.slice(0, 64);
  const base = { operation, detail: code, message: `${operation}: ${code}${said}${request}` };
  switch (code) {
    case 'product_not_found':
      return new OctogenError({ ...base, kind: 'http', status: 404 });
    case 'catalog_not_granted':
    case 'not_authorized':
      return new OctogenError({ ...base, kind: 'http', status: 403 });
    case 'invalid_limit':
      return new OctogenError({ ...base, kind: 'http', status: 422 });
    case 'rate_limited':
      return new OctogenError({ ...base, kind: 'http', status: 429, detail: 'rate_limit_exceeded' });
    case 'request_failed':
    default:
      // The service could not do it now: "unavailable", retried like a 502.
      return new OctogenError({ ...base, kind: 'http', status: 502 });
  }
}

/** A JSON-RPC error as the REST error the popup knows: -32029 is the rate limit, with its wait. */
export function rpcError(operation: string, error: NonNullable<RpcMessage['error']>): OctogenError {
  const code = typeof error.code === 'number' ? error.code : 0;
  const text = typeof error.message === 'string' ? error.message.slice(0, 200) : 'error';
  if (code === RATE_LIMITED_CODE) {
    const data = (error.data ?? {}) as { retry_after?: unknown };
    const wait = typeof data.retry_after === 'number' && Number.isFinite(data.retry_after) && data.retry_after >= 0 ? Math.ceil(data.retry_after) : undefined;
    return new OctogenError({
      kind: 'http',
      operation,
      status: 429,
      detail: 'rate_limit_exceeded',
      ...(wait !== undefined ? { retryAfterSec: wait } : {}),
      message: `${operation}: rate limited (MCP ${code})`,
    });
  }
  // Our request did not fit (parse error, invalid request, unknown method or tool, invalid params): sending it again
  // will not help.
  if (code === -32700 || code === -32600 || code === -32601 || code === -32602) return new OctogenError({ kind: 'request', operation, detail: 'mcp_invalid_request', message: `${operation}: the MCP server refused the request (${code} ${text})` });
  return new OctogenError({ kind: 'http', operation, status: 502, detail: 'request_failed', message: `${operation}: the MCP server failed (${code} ${text})` });
}

/** The value of a `tools/call` result: `structuredContent.result`, else JSON in a text content block. */
export function toolValue(operation: string, result: unknown): unknown {
  const r = (result ?? {}) as { structuredContent?: unknown; content?: unknown; isError?: unknown };
  let value: unknown;
  let found = false;
  if (r.structuredContent && typeof r.structuredContent === 'object' && 'result' in r.structuredContent) {
    value = (r.structuredContent as { result: unknown }).result;
    found = true;
  } else if (Array.isArray(r.content)) {
    for (const block of r.content as { type?: unknown; text?: unknown }[]) {
      if (block?.type !== 'text' || typeof block.text !== 'string') continue;
      try {
        value = JSON.parse(block.text);
        found = true;
        break;
      } catch {
        if (r.isError === true) return { error: 'request_failed', message: block.text };
      }
    }
  }
  if (!found) throw new OctogenError({ kind: 'schema', operation, path: '(result)', message: `${operation}: the MCP tool answered no value` });
  const v = value as { error?: unknown } | null;
  if (v && typeof v === 'object' && typeof v.error === 'string') throw toolError(operation, v as { error: string });
  if (r.isError === true) throw toolError(operation, { error: 'request_failed' });
  return value;
}

export class McpClient {
  readonly url: string;
  private readonly fetchImpl: typeof fetch;
  private nextId = 1;
  /** The session (its id, when the server gave one), once initialized. */
  private session: Promise<{ id?: string; version: string }> | undefined;

  constructor(private readonly options: McpClientOptions) {
    this.url = options.url;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  /** Call a tool and answer its value (errors thrown as `OctogenError`s). */
  async callTool(operation: keyof typeof MCP_TIMEOUTS, name: string, args: Record<string, unknown>, call: CallOptions = {}): Promise<unknown> {
    const timeoutMs = call.timeoutMs ?? this.options.timeouts?.[operation] ?? MCP_TIMEOUTS[operation];
    const deadline = callDeadline(timeoutMs, call.signal);
    const fail: Fail = (data) => {
      throw new OctogenError({ operation, ...data });
    };
    try {
      let token = await this.options.auth.token(operation);
      let renewed = false;
      let reinitialized = false;
      for (;;) {
        const outcome = await this.attempt(operation, name, args, token, deadline.signal, fail).catch((error: unknown) => {
          if (error instanceof OctogenError) throw error;
          if (deadline.timedOut) fail({ kind: 'timeout', message: `${operation}: no answer within ${Math.round(timeoutMs / 1000)} s` });
          if (call.signal?.aborted) fail({ kind: 'aborted', message: `${operation}: cancelled` });
          return fail({ kind: 'network', message: `${operation}: could not reach the MCP server` });
        });
        if (outcome.kind === 'value') return outcome.value;
        if (outcome.kind === 'unauthorized') {
          if (renewed) return await this.options.auth.reject(operation);
          renewed = true;
          token = await this.options.auth.renew(token, operation);
          continue;
        }
        // The session is gone (404 with a session id): a new one, once.
        if (reinitialized) fail({ kind: 'http', status: 404, detail: 'mcp_session_lost', message: `${operation}: the MCP server lost the session` });
        reinitialized = true;
      }
    } finally {
      deadline.done();
    }
  }

  private async attempt(
    operation: string,
    name: string,
    args: Record<string, unknown>,
    token: string,
    signal: AbortSignal,
    fail: Fail,
  ): Promise<{ kind: 'value'; value: unknown } | { kind: 'unauthorized' } | { kind: 'session-lost' }> {
    const session = await this.initialized(operation, token, signal, fail);
    if ('kind' in session) return session;
    const answer = await this.post(operation, { method: 'tools/call', params: { name, arguments: args } }, token, signal, fail, session);
    if (answer.kind !== 'message') {
      if (answer.kind === 'session-lost') this.session = undefined;
      return answer;
    }
    if (answer.message.error) throw rpcError(operation, answer.message.error);
    return { kind: 'value', value: toolValue(operation, answer.message.result) };
  }

  /** The session, initialized once (again after it was lost). */
  private async initialized(operation: string, token: string, signal: AbortSignal, fail: Fail) {
    if (!this.session) {
      const starting = (async () => {
        const answer = await this.post(
          operation,
          { method: 'initialize', params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'Octolens', version: this.options.clientVersion ?? '0.1.0' } } },
          token,
          signal,
          fail,
        );
        if (answer.kind !== 'message') throw answer;
        if (answer.message.error) throw rpcError(operation, answer.message.error);
        const result = (answer.message.result ?? {}) as { protocolVersion?: unknown };
        const session = { ...(answer.sessionId ? { id: answer.sessionId } : {}), version: typeof result.protocolVersion === 'string' ? result.protocolVersion : MCP_PROTOCOL_VERSION };
        await this.post(operation, { method: 'notifications/initialized' }, token, signal, fail, session, true);
        return session;
      })();
      this.session = starting;
      starting.catch(() => {
        if (this.session === starting) this.session = undefined;
      });
    }
    try {
      return await this.session;
    } catch (error) {
      if (error && typeof error === 'object' && 'kind' in error && (error.kind === 'unauthorized' || error.kind === 'session-lost')) return error as { kind: 'unauthorized' };
      throw error;
    }
  }

  /** One JSON-RPC message POSTed; answers the response (for a request), or what the HTTP status says. */
  private async post(
    operation: string,
    body: { method: string; params?: unknown },
    token: string,
    signal: AbortSignal,
    fail: Fail,
    session?: { id?: string; version: string },
    notification = false,
  ): Promise<{ kind: 'message'; message: RpcMessage; sessionId?: string } | { kind: 'unauthorized' } | { kind: 'session-lost' }> {
    const id = notification ? undefined : this.nextId++;
    const headers: Record<string, string> = {
      Accept: 'application/json, text/event-stream',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      'MCP-Protocol-Version': session?.version ?? MCP_PROTOCOL_VERSION,
    };
    if (session?.id) headers['Mcp-Session-Id'] = session.id;
    const response = await this.fetchImpl(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', ...(id !== undefined ? { id } : {}), ...body }),
      signal,
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
    });
    if (response.status === 401) {
      void response.body?.cancel().catch(() => undefined);
      // A 401 without WWW-Authenticate is not an OAuth challenge: nothing to renew.
      if (!response.headers.has('www-authenticate')) fail({ kind: 'http', status: 401, detail: 'sign_in_required', message: `${operation}: the MCP server refused the sign-in` });
      return { kind: 'unauthorized' };
    }
    if (response.status === 404 && session?.id) return { kind: 'session-lost' };
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      if (response.status === 403) fail({ kind: 'http', status: 403, detail: 'not_catalog_partner', message: `${operation}: HTTP 403 from the MCP server` });
      const retry = parseRetryAfter(response.headers.get('retry-after'));
      // A JSON-RPC error in an error status (some servers answer the rate limit so).
      let message: RpcMessage | undefined;
      try {
        message = JSON.parse(text) as RpcMessage;
      } catch {
        message = undefined;
      }
      if (message?.error) throw rpcError(operation, message.error);
      fail({ kind: 'http', status: response.status, ...(retry !== undefined && (response.status === 429 || response.status >= 500) ? { retryAfterSec: retry } : {}), message: `${operation}: HTTP ${response.status} from the MCP server` });
    }
    const sessionId = response.headers.get('mcp-session-id') ?? undefined;
    if (notification) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: 'message', message: {}, sessionId };
    }
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    let message: RpcMessage | undefined;
    if (type.includes('text/event-stream')) {
      message = await readSse(response.body, (m) => m.id === id && ('result' in m || 'error' in m));
    } else {
      const text = await response.text();
      try {
        const parsed = JSON.parse(text) as RpcMessage | RpcMessage[];
        message = Array.isArray(parsed) ? parsed.find((m) => m?.id === id) : parsed;
      } catch {
        message = undefined;
      }
    }
    if (!message || typeof message !== 'object' || message.id !== id) {
      fail({ kind: 'schema', status: response.status, path: '(body)', message: `${operation}: the MCP server's answer is not a JSON-RPC response` });
    }
    return { kind: 'message', message: message!, sessionId };
  }
}

/**
 * The catalog through the MCP server: the lookup and the search with the REST shapes, so LookupService and the popup
 * search use it as they use the Platform API client. A search with filters the tool does not take (several catalogs,
 * facets, prices) goes to `fallback` (the key's client) when there is one, and is refused plainly otherwise.
 */
export class McpCatalog implements CatalogClient {
  readonly baseUrl: string;

  constructor(
    private readonly client: McpClient,
    private readonly options: { fallback?: CatalogClient; onDrift?: (operation: string, paths: string[]) => void } = {},
  ) {
    this.baseUrl = client.url;
  }

  private read<S extends z.ZodType>(operation: 'lookupProduct' | 'searchProducts', schema: S, value: unknown): z.output<S> {
    try {
      const { value: parsed, drift } = parseTolerant(schema, value, ESSENTIAL[operation]);
      if (drift.length) this.options.onDrift?.(operation, drift);
      return parsed;
    } catch (error) {
      if (error instanceof EssentialFieldError) {
        throw new OctogenError({ kind: 'schema', operation, path: error.path || '(result)', message: `${operation}: unexpected MCP result at ${error.path || '(result)'}: ${error.reason}` });
      }
      throw error;
    }
  }

  async lookupProduct(body: LookupRequest, call?: CallOptions) {
    if (!body.url) throw new OctogenError({ kind: 'request', operation: 'lookupProduct', message: 'lookupProduct: a product URL is required' });
    const value = await this.client.callTool('lookupProduct', 'lookup_product', { product_url: body.url }, call);
    return this.read('lookupProduct', LookupResponse, value);
  }

  async searchProducts(body: SearchRequest, call?: CallOptions) {
    const unsupported = (['catalogs', 'facets', 'price_min', 'price_max'] as const).filter((k) => {
      const v = body[k];
      return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
    });
    if (unsupported.length) {
      if (this.options.fallback) return this.options.fallback.searchProducts(body, call);
      throw new OctogenError({
        kind: 'config',
        operation: 'searchProducts',
        detail: 'needs_api_key',
        message: 'Searching with price or brand filters needs a Platform API key; sign-in covers lookup and plain search.',
      });
    }
    const args: Record<string, unknown> = {};
    if (body.q) args.query = body.q;
    if (body.catalog) args.catalog = body.catalog;
    if (body.limit !== undefined) args.limit = body.limit;
    if (body.cursor) args.cursor = body.cursor;
    const value = await this.client.callTool('searchProducts', 'search_products', args, call);
    return this.read('searchProducts', SearchPage, value);
  }
}
