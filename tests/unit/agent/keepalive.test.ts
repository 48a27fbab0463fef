/**
 * The keep-alive of an Ask turn in flight (issue #21 defect 8): a trivial extension API call every 20 s while held,
 * none once released; nested holds; a browser without the API (the fake browser, where the call throws) is harmless.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeepAlive, KEEP_ALIVE_INTERVAL_MS, keepAliveWhile } from '../../../lib/agent/keepalive';
import { touchExtensionApi } from '../../../lib/platform';

describe('createKeepAlive', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls the API every 20 s while held (under Chrome’s 30 s idle limit), and stops when released', async () => {
    expect(KEEP_ALIVE_INTERVAL_MS).toBeLessThan(30_000);
    const ping = vi.fn(async () => undefined);
    const keepAlive = createKeepAlive(ping);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ping).not.toHaveBeenCalled();
    const release = keepAlive.hold();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(ping).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(160_000); // a 3-minute answer
    expect(ping).toHaveBeenCalledTimes(9);
    release();
    release(); // twice: no effect
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ping).toHaveBeenCalledTimes(9);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds nest: the calls go on until the last release', async () => {
    const ping = vi.fn();
    const keepAlive = createKeepAlive(ping, 1_000);
    const first = keepAlive.hold();
    const second = keepAlive.hold();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ping).toHaveBeenCalledTimes(2); // one timer, not two
    first();
    first();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ping).toHaveBeenCalledTimes(4);
    second();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ping).toHaveBeenCalledTimes(4);
    // Held again later: it starts again.
    const third = keepAlive.hold();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ping).toHaveBeenCalledTimes(5);
    third();
  });

  it('keepAliveWhile releases however the work ends', async () => {
    const ping = vi.fn();
    const keepAlive = createKeepAlive(ping, 1_000);
    await expect(keepAliveWhile(keepAlive, async () => 'ok')).resolves.toBe('ok');
    await expect(keepAliveWhile(keepAlive, async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(vi.getTimerCount()).toBe(0);
    await expect(keepAliveWhile(undefined, async () => 1)).resolves.toBe(1);
  });

  it('is harmless where the API fails or is missing: the fake browser (no getPlatformInfo), a rejecting call', async () => {
    fakeBrowser.reset();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      for (const ping of [touchExtensionApi, () => Promise.reject(new Error('no')), () => { throw new Error('sync'); }]) {
        const release = createKeepAlive(ping, 1_000).hold();
        await vi.advanceTimersByTimeAsync(3_000);
        release();
      }
      await vi.runAllTimersAsync();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
