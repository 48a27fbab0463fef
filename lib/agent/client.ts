/**
 * Client of the catalog agent API: `GET /catalog/health` and `POST /catalog/search` (JSON or NDJSON streaming).
 *
 * - The key travels only in the `X-API-Key` header to the configured base URL (which must pass `checkBaseUrl`); it is
 *   never part of an error or a returned value.
 * - Every failure is an `OctogenError` (kinds `http`, `network`, `timeout`, `aborted`, `schema`, plus `config` /
 *   `request` before anything is sent).
 * - 5xx, 429 and connection failures are retried with backoff (`withRetry`) only BEFORE the answer starts; once a
 *   2xx response has arrived nothing is retried (the agent has already taken the turn into its session memory).
 * - One generous timeout (default 120 s, the doc says 60-180 s) covers the whole turn, stream included; the caller's
 *   signal cancels the fetch and the stream.
 */
import { OctogenError, type OctogenErrorData } from '../octogen/errors';
import { parseRetryAfter } from '../octogen/ratelimit';
import { withRetry, type RetryOptions } from '../octogen/retry';
import { DetailError } from '../octogen/schemas';
import { checkBaseUrl } from '../octogen/urls';
import { NdjsonLineError, readNdjsonRecords } from './ndjson';
import {
  AgentHealth,
  AgentSearchRequest,
  AgentSearchResponse,
  parseAgentEvent,
  type AgentEvent,
  type AgentSearchResponse as AgentSearchResponseT,
} from './schemas';

export type AgentOperation = 'agentHealth' | 'agentSearch';

export const AGENT_TIMEOUT_MS = 120_000;
export const AGENT_HEALTH_TIMEOUT_MS = 10_000;

/** `detail` values this client sets itself on stream failures (see `describeAgentError`). */
import { checkRequest } from '../octogen/request';
import { AGENT_ERROR_DETAILS } from './errors';

export { AGENT_ERROR_DETAILS, describeAgentError } from './errors';

export interface AgentClientOptions {
  /** The agent API's origin (plus a path prefix if any), e.g. `https://agent.example.com`; `/catalog/...` is appended. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Whole-turn timeout for `search` (default 120 s). */
  timeoutMs?: number;
  /** Retry policy before the answer starts (defaults: lib/octogen/retry.ts RETRY_DEFAULTS). */
  retry?: Omit<RetryOptions, 'signal'>;
}

export interface AgentSearchOptions {
  signal?: AbortSignal;
  /** Called with every event as it arrives (streaming); in JSON mode, not called. */
  onEvent?: (event: AgentEvent) => void;
  timeoutMs?: number;
}

/** The outcome of a turn: the doc's JSON answer (in streaming mode, assembled from the events). */
export interface AgentAnswer extends AgentSearchResponseT {
  streamed: boolean;
}

export class AgentClient {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retry: Omit<RetryOptions, 'signal'>;

  constructor(options: AgentClientOptions) {
    const base = checkBaseUrl(options.baseUrl);
    if (!base.ok) throw new OctogenError({ kind: 'config', operation: 'agentClient', message: base.problem });
    if (!options.apiKey || !options.apiKey.trim()) {
      throw new OctogenError({ kind: 'config', operation: 'agentClient', message: 'Enter your catalog agent API key.' });
    }
    this.baseUrl = base.url;
    this.apiKey = options.apiKey.trim();
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? AGENT_TIMEOUT_MS;
    this.retry = options.retry ?? {};
  }

  /** `GET /catalog/health` (no key needed; none is sent). */
  async health(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<AgentHealth> {
    const turn = new Turn('agentHealth', options.timeoutMs ?? AGENT_HEALTH_TIMEOUT_MS, options.signal);
    try {
      const response = await turn.guard(() =>
        this.fetchImpl(`${this.baseUrl}/catalog/health`, { ...FETCH_DEFAULTS, method: 'GET', headers: { Accept: 'application/json' }, signal: turn.signal }),
      );
      if (!response.ok) throw await httpError('agentHealth', response);
      const json = await turn.guard(() => readJson('agentHealth', response));
      const parsed = AgentHealth.safeParse(json);
      if (!parsed.success) throw schemaError('agentHealth', parsed.error.issues[0]?.path.join('.') || '(body)', 'not a health answer');
      return parsed.data;
    } finally {
      turn.dispose();
    }
  }

  /**
   * `POST /catalog/search`. With `streaming: true`, events are dispatched to `onEvent` as they arrive and the
   * assembled answer is returned after `done`; an `error` event, a broken or unfinished stream and a malformed line
   * throw (the text received so far was already dispatched).
   */
  async search(request: AgentSearchRequest, options: AgentSearchOptions = {}): Promise<AgentAnswer> {
    const iterator = this.events(request, options);
    for (;;) {
      const next = await iterator.next();
      if (next.done) return next.value;
    }
  }

  /**
   * `POST /catalog/search` as an async sequence of events. In streaming mode they are the server's events; in JSON
   * mode (or when a server answers JSON to a streaming request) the answer is turned into start, one text_chunk and
   * done, so a caller can use one code path.
   */
  async *events(request: AgentSearchRequest, options: AgentSearchOptions = {}): AsyncGenerator<AgentEvent, AgentAnswer> {
    const operation: AgentOperation = 'agentSearch';
    const body = checkRequest('agentSearch', AgentSearchRequest, request);
    const streaming = body.streaming === true;
    const turn = new Turn(operation, options.timeoutMs ?? this.timeoutMs, options.signal);
    const emit = (event: AgentEvent) => {
      options.onEvent?.(event);
      return event;
    };
    try {
      // Phase 1: until a 2xx response arrives, failures may be retried.
      const response = await withRetry(
        () =>
          turn.guard(async () => {
            const r = await this.fetchImpl(`${this.baseUrl}/catalog/search`, {
              ...FETCH_DEFAULTS,
              method: 'POST',
              headers: {
                'Content-Type': 'application/json',
                Accept: streaming ? 'application/x-ndjson, application/json' : 'application/json',
                'X-API-Key': this.apiKey,
              },
              body: JSON.stringify(body),
              signal: turn.signal,
            });
            if (!r.ok) throw await httpError(operation, r);
            return r;
          }),
        { ...this.retry, signal: turn.signal },
      );

      // Phase 2: the answer. Never retried.
      const contentType = response.headers.get('content-type') ?? '';
      if (!streaming || !/ndjson|jsonl|json-seq|x-json-stream/i.test(contentType)) {
        const json = await turn.guard(() => readJson(operation, response));
        const parsed = AgentSearchResponse.safeParse(json);
        if (!parsed.success) {
          throw schemaError(operation, parsed.error.issues[0]?.path.join('.') || '(body)', 'not a search answer');
        }
        const answer = parsed.data;
        if (streaming) {
          yield emit({ event: 'start', session_id: answer.session_id });
          if (answer.text) yield emit({ event: 'text_chunk', content: answer.text });
          yield emit({ event: 'done', session_id: answer.session_id, data: answer.data });
        }
        return { ...answer, streamed: false };
      }

      if (!response.body) throw schemaError(operation, '(body)', 'empty streaming answer');
      let text = '';
      let sessionId: string | null | undefined;
      const records = readNdjsonRecords(response.body);
      for (;;) {
        const next = await turn.guard(() => records.next(), 'stream');
        if (next.done) break;
        const record = next.value;
        if (!record.ok) {
          await records.return(undefined);
          const e = new NdjsonLineError(record.error);
          throw schemaError(operation, `line ${record.line}`, `${e.reason}: ${record.error.excerpt}`);
        }
        const parsed = parseAgentEvent(record.value);
        if (parsed.kind === 'unknown') continue;
        if (parsed.kind === 'invalid') {
          await records.return(undefined);
          throw schemaError(operation, `line ${record.line}`, parsed.reason);
        }
        const event = parsed.event;
        switch (event.event) {
          case 'start':
            sessionId = event.session_id ?? sessionId;
            yield emit(event);
            break;
          case 'text_chunk':
            text += event.content;
            yield emit(event);
            break;
          case 'error':
            yield emit(event);
            await records.return(undefined);
            throw new OctogenError({
              kind: 'http',
              operation,
              status: response.status,
              detail: AGENT_ERROR_DETAILS.agentError,
              message: `${operation}: the agent reported an error: ${event.message}`,
            });
          case 'done': {
            yield emit(event);
            await records.return(undefined);
            return { text, session_id: event.session_id ?? sessionId, data: event.data, streamed: true };
          }
        }
      }
      throw new OctogenError({
        kind: 'network',
        operation,
        status: response.status,
        detail: AGENT_ERROR_DETAILS.streamIncomplete,
        message: `${operation}: the stream ended before the answer was complete`,
      });
    } finally {
      turn.dispose();
    }
  }
}

const FETCH_DEFAULTS = { credentials: 'omit', redirect: 'error', cache: 'no-store' } as const satisfies RequestInit;

/** One turn's cancellation: the caller's signal and the timeout, mapped to `aborted` / `timeout` / `network`. */
class Turn {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private timedOut = false;
  private readonly onAbort = () => this.controller.abort();

  constructor(
    private readonly operation: AgentOperation,
    private readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
    if (callerSignal?.aborted) this.controller.abort();
    callerSignal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Run a step; translate its failure (unless already an OctogenError) into a typed error. */
  async guard<T>(step: () => Promise<T>, phase: 'request' | 'stream' = 'request'): Promise<T> {
    if (this.controller.signal.aborted) throw this.cancelled();
    try {
      return await step();
    } catch (error) {
      if (error instanceof OctogenError) {
        // withRetry turns an abort during its backoff into `aborted`; a timeout is the real reason then.
        if (error.kind === 'aborted' && this.timedOut) throw this.cancelled();
        throw error;
      }
      if (this.controller.signal.aborted) throw this.cancelled();
      const name = error instanceof Error ? (error.name === 'TypeError' ? 'connection failed' : error.name) : 'unknown';
      throw new OctogenError({
        kind: 'network',
        operation: this.operation,
        ...(phase === 'stream' ? { detail: AGENT_ERROR_DETAILS.streamInterrupted } : {}),
        message:
          phase === 'stream'
            ? `${this.operation}: the stream was interrupted (${name})`
            : `${this.operation}: network error (${name})`,
      });
    }
  }

  cancelled(): OctogenError {
    return this.timedOut
      ? new OctogenError({ kind: 'timeout', operation: this.operation, message: `${this.operation}: no complete answer within ${Math.round(this.timeoutMs / 1000)} s` })
      : new OctogenError({ kind: 'aborted', operation: this.operation, message: `${this.operation}: cancelled` });
  }

  dispose() {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onAbort);
    // Release the connection of an answer nobody reads any more.
    if (!this.controller.signal.aborted) this.controller.abort();
  }
}

async function readJson(operation: AgentOperation, response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw schemaError(operation, '(body)', 'the response is not valid JSON', response.status);
  }
}

function schemaError(operation: AgentOperation, path: string, reason: string, status?: number): OctogenError {
  return new OctogenError({ kind: 'schema', operation, status, path, message: `${operation}: unexpected response at ${path}: ${reason}` });
}

async function httpError(operation: AgentOperation, response: Response): Promise<OctogenError> {
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch {
    json = undefined;
  }
  const data: OctogenErrorData = { kind: 'http', operation, status: response.status, message: `${operation}: HTTP ${response.status}` };
  if (response.status === 429 || response.status === 503) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter !== undefined) data.retryAfterSec = retryAfter;
  }
  const detail = DetailError.safeParse(json);
  if (detail.success) {
    const d = detail.data.detail;
    if (typeof d === 'string') {
      data.detail = d;
      data.message += ` ${d}`;
    } else if (Array.isArray(d)) {
      data.detail = 'validation_error';
      data.fieldErrors = d.map((item) => ({ loc: item.loc, msg: item.msg, type: item.type }));
    }
  }
  return new OctogenError(data);
}
