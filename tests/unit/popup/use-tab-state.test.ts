/**
 * The popup hears each state of its tab up to three times (the background's broadcast, the storage watch, the answer
 * to its request): only a newer stamp replaces what it shows, so the same state heard again renders nothing.
 */
import { describe, expect, it } from 'vitest';
import { newest } from '../../../components/popup/start/useTabState';
import { emptyTabState } from '../../../lib/lookup/tab-state';

describe('newest', () => {
  it('takes the first state, then only newer ones', () => {
    const first = emptyTabState(7, 100);
    expect(newest(null, first)).toBe(first);
    const later = { ...first, updatedAt: 100.001 };
    expect(newest(first, later)).toBe(later);
    expect(newest(later, first)).toBe(later);
  });

  it('keeps the current object for the same state heard again (equal stamp), so React bails out', () => {
    const pushed = emptyTabState(7, 200);
    const fromStorage = structuredClone(pushed);
    expect(newest(pushed, fromStorage)).toBe(pushed);
  });
});
