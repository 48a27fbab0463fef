/**
 * Rate-limit headers of the Platform API.
 *
 * Every response carries `X-RateLimit-Limit` (requests per minute for the organisation), `X-RateLimit-Remaining`
 * (tokens left) and `X-RateLimit-Reset` (Unix epoch SECONDS when the bucket is full again; an absolute time, not a
 * delta). A 429 adds `Retry-After` (integer seconds; an HTTP date is also legal HTTP and is read too).
 */

export interface RateLimitPosture {
  limit: number;
  remaining: number;
  /** Epoch seconds when the bucket is fully refilled. */
  resetAt: number;
  /** Epoch milliseconds when the headers were read. */
  observedAt: number;
}

interface HeaderReader {
  get(name: string): string | null;
}

function intHeader(headers: HeaderReader, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw == null || !/^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return undefined;
  return Math.floor(Number(raw));
}

export function parseRateLimit(headers: HeaderReader, nowMs = Date.now()): RateLimitPosture | undefined {
  const limit = intHeader(headers, 'x-ratelimit-limit');
  const remaining = intHeader(headers, 'x-ratelimit-remaining');
  const resetAt = intHeader(headers, 'x-ratelimit-reset');
  if (limit === undefined || remaining === undefined || resetAt === undefined) return undefined;
  return { limit, remaining: Math.max(0, remaining), resetAt, observedAt: nowMs };
}

/** `Retry-After` in seconds (delta-seconds or HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/**
 * How long to wait before the next request after a 429: `Retry-After` when given, else until `X-RateLimit-Reset`
 * (epoch seconds), else undefined (the caller falls back to its own backoff).
 */
export function secondsUntilRetry(
  retryAfter: number | undefined,
  posture: RateLimitPosture | undefined,
  nowMs = Date.now(),
): number | undefined {
  if (retryAfter !== undefined) return retryAfter;
  if (posture) return Math.max(0, Math.ceil(posture.resetAt - nowMs / 1000));
  return undefined;
}
