import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OctogenError, type OctogenErrorData } from '../../../lib/octogen/errors';
import { backoffDelay, withRetry } from '../../../lib/octogen/retry';

const err = (data: Partial<OctogenErrorData>) => new OctogenError({ kind: 'http', operation: 'lookupProduct', message: 'x', ...data });

describe('backoffDelay (full jitter)', () => {
  it('stays within [0, min(cap, base * 2^(n-1))]', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(5000, 400 * 2 ** (attempt - 1));
      expect(backoffDelay(attempt, 400, 5000, () => 0)).toBe(0);
      expect(backoffDelay(attempt, 400, 5000, () => 0.999999)).toBe(ceiling - 1);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, 400, 5000);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }
    }
  });
});

describe('withRetry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries 5xx and network errors with backoff, then succeeds', async () => {
    const run = vi
      .fn()
      .mockRejectedValueOnce(err({ status: 503 }))
      .mockRejectedValueOnce(err({ kind: 'network' }))
      .mockResolvedValueOnce('ok');
    const waits: number[] = [];
    const promise = withRetry(run, { random: () => 0.5, onRetry: (_a, _e, ms) => waits.push(ms) });
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe('ok');
    expect(run).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([200, 400]);
  });

  it('never retries other 4xx', async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      const run = vi.fn().mockRejectedValue(err({ status }));
      await expect(withRetry(run)).rejects.toMatchObject({ data: { status } });
      expect(run).toHaveBeenCalledTimes(1);
    }
  });

  it('does not retry schema errors or caller cancellations', async () => {
    for (const kind of ['schema', 'aborted', 'request', 'config'] as const) {
      const run = vi.fn().mockRejectedValue(err({ kind }));
      await expect(withRetry(run)).rejects.toBeInstanceOf(OctogenError);
      expect(run).toHaveBeenCalledTimes(1);
    }
  });

  it('waits exactly Retry-After on a 429', async () => {
    const run = vi.fn().mockRejectedValueOnce(err({ status: 429, retryAfterSec: 2 })).mockResolvedValueOnce('ok');
    const promise = withRetry(run);
    await vi.advanceTimersByTimeAsync(1999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(promise).resolves.toBe('ok');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('hands a long wait back to the caller instead of sleeping through it', async () => {
    const run = vi.fn().mockRejectedValue(err({ status: 429, retryAfterSec: 45 }));
    await expect(withRetry(run, { maxSleepSec: 30 })).rejects.toMatchObject({ data: { retryAfterSec: 45 } });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('stops at the attempt cap', async () => {
    const run = vi.fn().mockRejectedValue(err({ status: 502 }));
    const promise = withRetry(run, { maxAttempts: 3, random: () => 0 });
    const settled = promise.catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await settled).toMatchObject({ data: { status: 502 } });
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('gives up when the next wait would pass the overall deadline', async () => {
    const run = vi.fn().mockRejectedValue(err({ status: 429, retryAfterSec: 8 }));
    const promise = withRetry(run, { deadlineMs: 10_000, maxAttempts: 5 });
    const settled = promise.catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await settled).toBeInstanceOf(OctogenError);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('is cancelled by its signal during a wait', async () => {
    const controller = new AbortController();
    const run = vi.fn().mockRejectedValue(err({ status: 503 }));
    const promise = withRetry(run, { signal: controller.signal, random: () => 0.9 });
    const settled = promise.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await settled).toMatchObject({ data: { kind: 'aborted' } });
    expect(run).toHaveBeenCalledTimes(1);
  });
});
