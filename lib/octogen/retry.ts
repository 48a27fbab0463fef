/**
 * The one retry policy: network errors, timeouts, 5xx and 429 are retried; other 4xx never are.
 * Exponential backoff with full jitter, a small cap on attempts and an overall deadline. A 429 waits exactly
 * `Retry-After` (or until `X-RateLimit-Reset`); a wait longer than `maxSleepSec` is not slept through: the error is
 * handed back with its `retryAfterSec` so the UI can count down and retry.
 */
import { OctogenError, isRetryable, type OctogenErrorData } from './errors';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Give up (with the last error) when the next wait would end after this many ms from the start. */
  deadlineMs?: number;
  /** Longest server-requested wait slept through here; longer ones go back to the caller. */
  maxSleepSec?: number;
  signal?: AbortSignal;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Told before each wait (attempt number that failed, the error, the wait in ms). */
  onRetry?: (attempt: number, error: OctogenErrorData, waitMs: number) => void;
}

export const RETRY_DEFAULTS = { maxAttempts: 3, baseDelayMs: 400, maxDelayMs: 5_000, deadlineMs: 30_000, maxSleepSec: 30 };

/** Full jitter: a uniformly random wait in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function withRetry<T>(run: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const o = { ...RETRY_DEFAULTS, ...options };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (!(error instanceof OctogenError) || !isRetryable(error.data) || attempt >= o.maxAttempts) throw error;
      if (options.signal?.aborted) throw error;
      const serverWait = error.data.retryAfterSec;
      let waitMs: number;
      if (serverWait !== undefined && (error.data.status === 429 || error.data.status === 503)) {
        if (serverWait > o.maxSleepSec) throw error;
        waitMs = serverWait * 1000;
      } else {
        waitMs = backoffDelay(attempt, o.baseDelayMs, o.maxDelayMs, random);
      }
      if (now() - started + waitMs > o.deadlineMs) throw error;
      options.onRetry?.(attempt, error.data, waitMs);
      try {
        await sleep(waitMs, options.signal);
      } catch {
        throw new OctogenError({ ...error.data, kind: 'aborted', message: `${error.data.operation}: cancelled` });
      }
    }
  }
}
