// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchUrlChanges } from '../../../lib/detect/index';

describe('watchUrlChanges', () => {
  let stop: (() => void) | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    window.history.replaceState(null, '', '/start');
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
    vi.useRealTimers();
  });

  it('reports a pushState navigation once the DOM has settled', async () => {
    const seen: string[] = [];
    stop = watchUrlChanges((u) => seen.push(u), { settleMs: 200, maxWaitMs: 2000, pollMs: 0 });
    window.history.pushState(null, '', '/products/mug?variant=2');
    await vi.advanceTimersByTimeAsync(100);
    // The SPA keeps rendering: each mutation pushes the callback back.
    document.body.appendChild(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(150);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(seen).toEqual([`${window.location.origin}/products/mug?variant=2`]);
  });

  it('calls back after maxWaitMs even if the DOM never settles', async () => {
    const seen: string[] = [];
    stop = watchUrlChanges((u) => seen.push(u), { settleMs: 200, maxWaitMs: 1000, pollMs: 0 });
    window.history.pushState(null, '', '/busy');
    for (let i = 0; i < 12; i++) {
      document.body.appendChild(document.createElement('span'));
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(seen).toEqual([`${window.location.origin}/busy`]);
  });

  it('reports replaceState and popstate, and not a change back to the reported URL', async () => {
    const seen: string[] = [];
    stop = watchUrlChanges((u) => seen.push(u), { settleMs: 50, pollMs: 0 });
    // The page's history calls are not seen directly (another JavaScript world); its re-render is.
    const render = () => document.body.appendChild(document.createElement('div'));
    window.history.replaceState(null, '', '/a');
    render();
    await vi.advanceTimersByTimeAsync(100);
    window.history.pushState(null, '', '/b');
    render();
    await vi.advanceTimersByTimeAsync(10);
    window.history.replaceState(null, '', '/a'); // back to the reported URL before settling
    render();
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual([`${window.location.origin}/a`]);
    // A navigation without a DOM change is caught on popstate.
    window.history.pushState(null, '', '/c');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual([`${window.location.origin}/a`, `${window.location.origin}/c`]);
  });

  it('notices changes made behind its back through DOM mutations or polling', async () => {
    const seen: string[] = [];
    stop = watchUrlChanges((u) => seen.push(u), { settleMs: 50, pollMs: 500 });
    const original = Object.getPrototypeOf(window.history).pushState as History['pushState'];
    original.call(window.history, null, '', '/via-mutation');
    document.body.appendChild(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual([`${window.location.origin}/via-mutation`]);
    original.call(window.history, null, '', '/via-poll');
    await vi.advanceTimersByTimeAsync(700);
    expect(seen).toEqual([`${window.location.origin}/via-mutation`, `${window.location.origin}/via-poll`]);
  });

  it('leaves history alone, and after stop() reports nothing more', async () => {
    const before = window.history.pushState;
    const seen: string[] = [];
    const s = watchUrlChanges((u) => seen.push(u), { settleMs: 10, pollMs: 100 });
    expect(window.history.pushState).toBe(before);
    s();
    window.history.pushState(null, '', '/after-stop');
    document.body.appendChild(document.createElement('i'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([]);
  });

  it('a throwing callback does not break the watcher', async () => {
    let calls = 0;
    stop = watchUrlChanges(() => {
      calls++;
      throw new Error('boom');
    }, { settleMs: 10, pollMs: 0 });
    window.history.pushState(null, '', '/x1');
    document.body.appendChild(document.createElement('b'));
    await vi.advanceTimersByTimeAsync(50);
    window.history.pushState(null, '', '/x2');
    document.body.appendChild(document.createElement('b'));
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toBe(2);
  });
});
