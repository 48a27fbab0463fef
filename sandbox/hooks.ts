/**
 * Test hooks, off the `/v1` path: the request journal and fault injection, and who may call them.
 */
import { z } from 'zod';
import { keyPrefix, maskKey } from '../lib/octogen/key';

export interface JournalEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  /** ISO 8601 with milliseconds. */
  time: string;
  /** Where the request came from (the Origin header, when the browser sent one). */
  origin?: string;
  /** For streamed answers: true when the client went away before the stream ended. */
  cancelled?: boolean;
  /** `POST /oauth2/token`: the answer with its tokens masked (a rotation shows as a different masked refresh token). */
  answer?: unknown;
}

/** The Host header of a request to the sandbox on loopback: 127.0.0.1, localhost or [::1], any port. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * Why a request to a test hook is refused, or undefined when it may go on. Hooks change what the sandbox answers and
 * show what it was sent, and a browser on this machine visits arbitrary sites: a hook answers only a loopback `Host`
 * (a page that rebinds its own name to 127.0.0.1 still sends that name) and no `Origin` (Node, curl) or the
 * sandbox's own origin as that Host names it (a page of another site always sends its own on a POST or DELETE).
 */
export function hookRefusal(host: string | undefined, origin: string | undefined): string | undefined {
  let own: string | undefined;
  try {
    if (host && LOOPBACK_HOST.test(host)) own = new URL(`http://${host}`).origin;
  } catch {
    // A port out of range.
  }
  if (!own) return `Test hooks answer only requests to a loopback host (127.0.0.1, localhost or [::1]), not Host ${JSON.stringify(host ?? '')}`;
  if (origin !== undefined && origin !== own) return `Test hooks refuse cross-origin requests: Origin ${JSON.stringify(origin)} is not ${own}`;
  return undefined;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);

/**
 * Mask an API key to its non-secret prefix (`octo_live_0123456789…`), and an OAuth token, code, verifier or
 * id_token to its type prefix and last 4 characters (`oat_…x9Qz`): enough to tell two tokens apart, not to use one.
 */
export function maskToken(value: string): string {
  if (keyPrefix(value)) return maskKey(value);
  if (value.length < 16) return value.length > 0 ? '[redacted]' : '';
  const prefix = /^[a-z]{2,5}_/.exec(value)?.[0] ?? '';
  return `${prefix}…${value.slice(-4)}`;
}

/** Mask secrets to their non-secret prefix: `Bearer octo_live_0123456789…`, `Bearer oat_…x9Qz`. */
export function maskHeader(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name)) return value;
  const bearer = /^(Bearer)\s+(.*)$/i.exec(value);
  // Only the sandbox's own OAuth tokens show their last characters; anything else as a key (a prefix or nothing).
  if (bearer) return `${bearer[1]} ${/^o(?:at|rt|ac)_/.test(bearer[2]!) ? maskToken(bearer[2]!) : maskKey(bearer[2]!)}`;
  if (name === 'x-api-key') return value.length > 8 ? `${value.slice(0, 6)}…` : '[redacted]';
  return '[redacted]';
}

/** Fields of OAuth requests and answers that hold a secret. `grant_type`, `state`, `code_challenge` stay readable. */
const SECRET_FIELDS = new Set(['code', 'code_verifier', 'refresh_token', 'access_token', 'id_token', 'token', 'client_secret']);

/** A copy of an object (a form, a query, a JSON body) with its secret fields masked; anything else as it is. */
export function maskFields<T>(body: T): T {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) masked[name] = SECRET_FIELDS.has(name) && typeof value === 'string' ? maskToken(value) : value;
  return masked as T;
}

/** The last `max` requests, oldest first. */
export class Journal {
  private entries: JournalEntry[] = [];
  constructor(private readonly max = 5000) {}

  add(entry: JournalEntry) {
    this.entries.push(entry);
    // Trimmed once every `max` requests, not on each (a full journal would otherwise shift 5,000 entries per request).
    if (this.entries.length >= 2 * this.max) this.entries.splice(0, this.entries.length - this.max);
  }

  list(): JournalEntry[] {
    return this.entries.length > this.max ? this.entries.slice(this.entries.length - this.max) : this.entries;
  }

  clear() {
    this.entries = [];
  }
}

export const FaultSpec = z.strictObject({
  method: z.string().min(1).optional(),
  path: z.string().startsWith('/'),
  /** Absent: no answer of its own; the request goes on to the real handler after `delayMs`. */
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  times: z.number().int().min(1).optional(),
  /** Send these bytes as the body instead of JSON (e.g. broken JSON). */
  raw: z.string().optional(),
  /** For streaming routes: send this many NDJSON events of the real answer, then break the stream. */
  breakAfterEvents: z.number().int().min(0).optional(),
  /** For streaming routes: the pause between NDJSON events (a slow stream). */
  eventDelayMs: z.number().int().min(0).max(60_000).optional(),
  /**
   * `/partner/mcp` only: the fault applies to a `tools/call` of this tool (after auth), and `body` is the tool's value:
   * `{ error: "not_authorized" }` answers that tool error. Without `tool`, a fault there is an HTTP answer as elsewhere.
   */
  tool: z.string().min(1).optional(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

interface QueuedFault extends FaultSpec {
  remaining: number;
}

export class Faults {
  private queue: QueuedFault[] = [];

  add(spec: FaultSpec) {
    this.queue.push({ ...spec, remaining: spec.times ?? 1 });
  }

  /** Take the first fault queued for this request (for `tool`'s call only, when given), if any. */
  take(method: string, path: string, tool?: string): FaultSpec | undefined {
    const index = this.queue.findIndex(
      (f) => f.path === path && f.tool === tool && (!f.method || f.method.toUpperCase() === method.toUpperCase()),
    );
    if (index < 0) return undefined;
    const fault = this.queue[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(index, 1);
    const { remaining: _remaining, ...spec } = fault;
    return spec;
  }

  list(): (FaultSpec & { remaining: number })[] {
    return this.queue.map((f) => ({ ...f }));
  }

  clear() {
    this.queue = [];
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'rate_limit_exceeded',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The default body of a fault with a status and no body: `{"detail": <reason>}`. */
export function defaultFaultBody(status: number): { detail: string } {
  return { detail: REASONS[status] ?? `HTTP ${status}` };
}
