/**
 * The conversation store (pure functions over serializable state) and the attribution log.
 */
import { describe, expect, it } from 'vitest';
import { OctogenError } from '../../../lib/octogen/errors';
import { AgentProduct } from '../../../lib/agent/schemas';
import {
  SESSION_LIMITS,
  addAttribution,
  addTurn,
  appendText,
  clearConversations,
  completeTurn,
  currentConversation,
  deleteConversation,
  emptySessionState,
  failTurn,
  findTurn,
  impressionsOf,
  selectConversation,
  settleInterrupted,
  startConversation,
  stopTurn,
  type AttributionRecord,
} from '../../../lib/agent/session';

function clock() {
  let n = 0;
  let t = 1_000;
  return { newId: () => `id-${++n}`, now: () => (t += 10) };
}

const p = (id: string, extra: Record<string, unknown> = {}) => AgentProduct.parse({ id, ...extra });

describe('conversations', () => {
  it('starts a conversation with a fresh UUID session id', () => {
    const state = startConversation(emptySessionState());
    const conversation = currentConversation(state)!;
    expect(conversation.sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(conversation.turns).toEqual([]);
    const second = startConversation(state);
    expect(currentConversation(second)!.sessionId).not.toBe(conversation.sessionId);
    expect(second.conversations).toHaveLength(2);
  });

  it('streams a turn: add, append chunks, complete with split products; input states are untouched', () => {
    const c = clock();
    const s0 = emptySessionState();
    const s1 = addTurn(s0, 'water bottle under $40', 't1', c); // starts a conversation when there is none
    expect(s0).toEqual(emptySessionState());
    expect(currentConversation(s1)!.turns[0]).toMatchObject({ id: 't1', query: 'water bottle under $40', status: 'streaming', text: '' });
    const s2 = appendText(appendText(s1, 't1', 'I found '), 't1', '3 bottles.');
    expect(findTurn(s1, 't1')!.turn.text).toBe('');
    expect(findTurn(s2, 't1')!.turn.text).toBe('I found 3 bottles.');
    const s3 = completeTurn(
      s2,
      't1',
      {
        products: [p('ad', { is_sponsored: true, resolvedBidId: 'bid_1', rank: 2 }), p('o2', { rank: 3 }), p('o1', { rank: 1 })],
        summary: { total_results: 3, sponsored_results: 1, organic_results: 2 },
      },
      c,
    );
    const turn = findTurn(s3, 't1')!.turn;
    expect(turn.status).toBe('done');
    expect(turn.text).toBe('I found 3 bottles.');
    expect(turn.products.map((x) => x.id)).toEqual(['o1', 'o2']);
    expect(turn.sponsored.map((x) => x.id)).toEqual(['ad']);
    expect(turn.summary?.sponsored_results).toBe(1);
    expect(turn.finishedAt).toBeGreaterThan(turn.startedAt);
    // Chunks after completion are ignored.
    expect(findTurn(appendText(s3, 't1', 'late'), 't1')!.turn.text).toBe('I found 3 bottles.');
    // The state is plain data.
    expect(JSON.parse(JSON.stringify(s3))).toEqual(s3);
  });

  it('JSON mode: complete sets the text; a different server session id is adopted', () => {
    let s = addTurn(emptySessionState(), 'kettle', 't1', clock());
    s = completeTurn(s, 't1', { text: 'Full answer.', products: [], sessionId: 'server-session' });
    expect(findTurn(s, 't1')!.turn.text).toBe('Full answer.');
    expect(currentConversation(s)!.sessionId).toBe('server-session');
  });

  it('keeps partial text on failure and on stop; settles turns left streaming', () => {
    let s = addTurn(emptySessionState(), 'q1', 't1', clock());
    s = appendText(s, 't1', 'Partial ');
    const error = new OctogenError({ kind: 'network', operation: 'agentSearch', detail: 'stream_interrupted', message: 'cut' });
    s = failTurn(s, 't1', error.data);
    expect(findTurn(s, 't1')!.turn).toMatchObject({ status: 'error', text: 'Partial ', error: { kind: 'network', detail: 'stream_interrupted' } });
    s = addTurn(s, 'q2', 't2');
    s = appendText(s, 't2', 'Half');
    s = stopTurn(s, 't2');
    expect(findTurn(s, 't2')!.turn).toMatchObject({ status: 'stopped', text: 'Half' });
    expect(findTurn(stopTurn(s, 't1'), 't1')!.turn.status).toBe('error'); // stop only affects streaming turns
    s = addTurn(s, 'q3', 't3');
    const settled = settleInterrupted(s);
    expect(findTurn(settled, 't3')!.turn.status).toBe('stopped');
    expect(settleInterrupted(settled)).toBe(settled);
    expect(currentConversation(s)!.turns.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
  });

  it('selects, deletes and clears conversations; unknown ids are no-ops', () => {
    const c = clock();
    let s = startConversation(emptySessionState(), c);
    const first = s.currentId!;
    s = startConversation(s, c);
    const second = s.currentId!;
    expect(selectConversation(s, first).currentId).toBe(first);
    expect(selectConversation(s, 'nope')).toBe(s);
    const deleted = deleteConversation(s, second);
    expect(deleted.conversations.map((x) => x.id)).toEqual([first]);
    expect(deleted.currentId).toBe(first);
    expect(deleteConversation(deleted, first)).toEqual({ conversations: [], currentId: null });
    expect(clearConversations()).toEqual(emptySessionState());
    expect(appendText(s, 'no-such-turn', 'x')).toBe(s);
    expect(completeTurn(s, 'no-such-turn', { products: [] })).toBe(s);
  });

  it('caps conversations and turns', () => {
    let s = emptySessionState();
    for (let i = 0; i < SESSION_LIMITS.maxConversations + 3; i++) s = startConversation(s);
    expect(s.conversations).toHaveLength(SESSION_LIMITS.maxConversations);
    for (let i = 0; i < SESSION_LIMITS.maxTurns + 2; i++) s = addTurn(s, `q${i}`, `t${i}`);
    const turns = currentConversation(s)!.turns;
    expect(turns).toHaveLength(SESSION_LIMITS.maxTurns);
    expect(turns[turns.length - 1]!.id).toBe(`t${SESSION_LIMITS.maxTurns + 1}`);
  });
});

describe('attribution log', () => {
  const rec = (over: Partial<AttributionRecord>): AttributionRecord => ({ bidId: 'bid_1', productId: 'p1', kind: 'impression', at: 1, sessionId: 's', turnId: 't1', ...over });

  it('adds an impression once per (bid, turn); clicks always', () => {
    let log: AttributionRecord[] = [];
    log = addAttribution(log, rec({}));
    const same = addAttribution(log, rec({ at: 2 }));
    expect(same).toBe(log);
    log = addAttribution(log, rec({ turnId: 't2' }));
    log = addAttribution(log, rec({ bidId: 'bid_2' }));
    log = addAttribution(log, rec({ kind: 'click', at: 3 }));
    log = addAttribution(log, rec({ kind: 'click', at: 4 }));
    expect(log.map((r) => `${r.kind}:${r.bidId}:${r.turnId}`)).toEqual([
      'impression:bid_1:t1',
      'impression:bid_1:t2',
      'impression:bid_2:t1',
      'click:bid_1:t1',
      'click:bid_1:t1',
    ]);
  });

  it('keeps the newest records within the limit', () => {
    let log: AttributionRecord[] = [];
    for (let i = 0; i < 12; i++) log = addAttribution(log, rec({ kind: 'click', at: i }), 10);
    expect(log).toHaveLength(10);
    expect(log[0]!.at).toBe(2);
  });

  it('lists the impressions of a turn (sponsored items with a bid id only)', () => {
    const turn = { id: 't9', sponsored: [p('a', { is_sponsored: true, resolvedBidId: 'bid_a' }), p('b', { is_sponsored: true })] };
    expect(impressionsOf(turn, 'sess', 42)).toEqual([{ bidId: 'bid_a', productId: 'a', kind: 'impression', at: 42, sessionId: 'sess', turnId: 't9' }]);
  });
});
