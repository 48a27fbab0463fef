/** The kept coverage requests: one per store, bounded, finished ones pruned; and how they read (lib/coverage/view.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isFinalStatus, KEEP_FINISHED_MS, MAX_REQUESTS, pruned, readRequests, updateRequests, upserted, type CoverageRequest } from '../../../lib/coverage/store';
import { announcement, outcomeOf, phaseText, progressOf, quotaLines } from '../../../lib/coverage/view';
import { VOYAGE_FINAL_STATUSES, VOYAGE_STATUSES, VoyageTask } from '../../../lib/octogen/schemas';

const request = (host: string, at: number, status = 'running', over: Partial<CoverageRequest> = {}): CoverageRequest => ({
  host,
  baseUrl: 'https://api.octogen.ai/v1',
  joined: false,
  task: VoyageTask.parse({ taskId: `t-${host}`, domain: host, status, phase: status === 'completed' ? 'complete' : 'sampling_products', progressPercent: 40 }),
  requestedAt: at,
  checkedAt: at,
  ...(status === 'completed' || status === 'failed' ? { finishedAt: at } : {}),
  ...over,
});

describe('coverage store', () => {
  beforeEach(() => fakeBrowser.reset());

  it('takes a voyage as finished exactly on the contract’s final statuses', () => {
    expect(VOYAGE_STATUSES.filter(isFinalStatus)).toEqual([...VOYAGE_FINAL_STATUSES]);
  });

  it('keeps one request per store, newest first', () => {
    const list = upserted([request('a.example', 1), request('b.example', 2)], request('a.example', 3), 10);
    expect(list.map((r) => [r.host, r.requestedAt])).toEqual([
      ['a.example', 3],
      ['b.example', 2],
    ]);
  });

  it('prunes finished ones after a day, and at the cap drops finished ones first, then the oldest', () => {
    const now = 10 * KEEP_FINISHED_MS;
    expect(pruned([request('old.example', 0, 'completed'), request('new.example', now - 1000, 'completed')], now).map((r) => r.host)).toEqual(['new.example']);
    // Under way: never pruned for age.
    expect(pruned([request('slow.example', 0)], now)).toHaveLength(1);
    const many = Array.from({ length: MAX_REQUESTS }, (_, i) => request(`s${i}.example`, now - 100 + i));
    const withFinished = [...many.slice(0, -1), request('done.example', now - 1000, 'completed'), request('extra.example', now)];
    const kept = pruned(withFinished, now);
    expect(kept).toHaveLength(MAX_REQUESTS);
    expect(kept.map((r) => r.host)).not.toContain('done.example');
    const full = pruned([...many, request('extra.example', now)], now);
    expect(full).toHaveLength(MAX_REQUESTS);
    expect(full.map((r) => r.host)).not.toContain('s0.example');
  });

  it('writes in order, under one key, and reads an unusable stored value as nothing', async () => {
    await Promise.all([
      updateRequests((l) => upserted(l, request('a.example', 1), 1), () => 1),
      updateRequests((l) => upserted(l, request('b.example', 2), 2), () => 2),
    ]);
    expect((await readRequests(3)).map((r) => r.host)).toEqual(['b.example', 'a.example']);
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(['coverageRequests']);
    await fakeBrowser.storage.local.set({ coverageRequests: [{ host: 1 }, 'x', request('c.example', 1)] });
    expect((await readRequests(3)).map((r) => r.host)).toEqual(['c.example']);
    await fakeBrowser.storage.local.set({ coverageRequests: 'garbage' });
    expect(await readRequests(3)).toEqual([]);
  });
});

describe('coverage wording', () => {
  it('says joined or requested, the phase and progress, covered, or why it failed', () => {
    expect(announcement(request('a.example', 1))).toBe('Coverage requested for a.example. Sampling products, 40 %.');
    expect(outcomeOf(request('a.example', 1, 'running', { joined: true })).headline).toBe('Joined a coverage request already under way for a.example.');
    expect(outcomeOf(request('a.example', 1, 'completed', { covered: true })).headline).toBe('a.example is now covered.');
    const failed = request('a.example', 1, 'failed');
    failed.task = { ...failed.task, error: { code: 'x', message: 'No product pages found.' } };
    expect(outcomeOf(failed)).toMatchObject({ kind: 'failed', reason: 'No product pages found.' });
    expect(phaseText({ phase: 'building_extraction', phaseLabel: null })).toBe('Building extraction');
    expect(phaseText({ phase: 'x', phaseLabel: 'Publishing the catalog' })).toBe('Publishing the catalog');
    expect(progressOf({ progressPercent: 140 })).toBe(100);
  });

  it('puts the quota in words', () => {
    const lines = quotaLines({ monthly: { limit: 20, used: 3, resetsAt: '2027-01-01T00:00:00Z' }, concurrent: { limit: 3, used: 1 } });
    expect(lines?.monthly).toMatch(/^3 of 20 this month, resets /);
    expect(lines?.concurrent).toBe('1 of 3 at a time');
    expect(quotaLines(null)).toBeNull();
  });
});
