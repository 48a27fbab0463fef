/**
 * AgentService.ask with a real AgentClient over a fake streaming fetch (each NDJSON line sent when the test says),
 * an in-memory conversation store that can refuse writes, a fake clock and a fake keep-alive. Issue #21:
 * defect 8 (the worker held alive for every turn in flight) and defect 9 (streamed text written in batches, nothing
 * lost and nothing stuck when the store refuses a write).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentClient } from '../../../lib/agent/client';
import { AGENT_ERROR_DETAILS, describeAgentError } from '../../../lib/agent/errors';
import type { KeepAlive } from '../../../lib/agent/keepalive';
import { AgentService, DEFAULT_ASK_PREFS, type AskPrefs } from '../../../lib/agent/service';
import { emptySessionState, type AgentSessionState, type AgentTurn } from '../../../lib/agent/session';

const BASE = 'https://agent.example';

/** A streaming answer whose lines the test sends one by one (its body fails when the request is aborted, as fetch's). */
function controlledStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: (signal?: AbortSignal | null) => {
      signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
      return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
    },
    send: (event: object) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`)),
    end: () => controller.close(),
    cut: () => controller.error(new TypeError('network error')),
  };
}

function product(i: number, sponsored = false) {
  return {
    id: `p${i}`,
    name: `Bottle ${i}`,
    price: 20 + i,
    currency: 'USD',
    url: `https://shop.example/p${i}`,
    description: 'A long description. '.repeat(40),
    is_sponsored: sponsored,
    ...(sponsored ? { resolvedBidId: `bid_${i}` } : {}),
  };
}

/** The conversation store as storage.local holds it, with a write that a test can make fail. */
function store() {
  let stored: AgentSessionState = emptySessionState();
  const writes: AgentSessionState[] = [];
  const refuse = { when: (_state: AgentSessionState): Error | undefined => undefined };
  return {
    writes,
    refuse,
    get state() {
      return stored;
    },
    readState: async () => structuredClone(stored),
    writeState: async (state: AgentSessionState) => {
      const error = refuse.when(state);
      if (error) throw error;
      stored = structuredClone(state);
      writes.push(stored);
    },
  };
}

function fakeKeepAlive() {
  const events: string[] = [];
  const keepAlive: KeepAlive = {
    hold: () => {
      events.push('hold');
      return () => events.push('release');
    },
  };
  return { keepAlive, events };
}

const lastTurn = (state: AgentSessionState): AgentTurn => state.conversations.at(-1)!.turns.at(-1)!;
const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('AgentService.ask', () => {
  let stream: ReturnType<typeof controlledStream>;
  let db: ReturnType<typeof store>;
  let alive: ReturnType<typeof fakeKeepAlive>;
  let service: AgentService;
  let attribution: unknown[];

  beforeEach(() => {
    vi.useFakeTimers();
    stream = controlledStream();
    db = store();
    alive = fakeKeepAlive();
    attribution = [];
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => stream.response(init?.signal));
    const client = new AgentClient({ baseUrl: BASE, apiKey: 'octo_agent_test', fetch: fetch as unknown as typeof globalThis.fetch });
    service = new AgentService({
      getClient: async () => client,
      readState: db.readState,
      writeState: db.writeState,
      readAttribution: async () => attribution as never,
      writeAttribution: async (log) => void (attribution = log),
      now: () => Date.now(),
      keepAlive: alive.keepAlive,
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const ask = (prefs: AskPrefs = DEFAULT_ASK_PREFS, signal = new AbortController().signal) => {
    let ended = false;
    const turn = service.ask('water bottle', prefs, signal).finally(() => (ended = true));
    return { turn, ended: () => ended };
  };

  /** Send `n` text chunks `everyMs` apart; resolves with their concatenation. */
  async function sendChunks(n: number, everyMs: number): Promise<string> {
    stream.send({ event: 'start', session_id: 's1' });
    let text = '';
    for (let i = 0; i < n; i++) {
      const chunk = `word${i} `;
      text += chunk;
      stream.send({ event: 'text_chunk', content: chunk });
      await tick(everyMs);
    }
    return text;
  }

  it('writes a long streamed answer in batches: far fewer writes than chunks, shown as it comes, the exact text at the end', async () => {
    const { turn } = ask();
    await tick(0);
    const before = db.writes.length; // the new turn
    const text = await sendChunks(200, 10); // 2 s of text
    const whileStreaming = db.writes.slice(before).map((s) => lastTurn(s).text);
    stream.send({ event: 'done', session_id: 's1', data: { products: [product(1), product(2, true)] } });
    stream.end();
    await turn;

    // Shown progressively: the first chunk at once, then the text growing in order...
    expect(whileStreaming[0]).toBe('word0 ');
    expect(whileStreaming.length).toBeGreaterThan(5);
    for (let i = 1; i < whileStreaming.length; i++) expect(whileStreaming[i]!.startsWith(whileStreaming[i - 1]!)).toBe(true);
    // ...in at most one write per 150 ms (2 s: ~14), not one per chunk (200).
    expect(whileStreaming.length).toBeLessThanOrEqual(Math.ceil(2000 / 150) + 1);
    const done = lastTurn(db.state);
    expect(done.status).toBe('done');
    expect(done.text).toBe(text);
    expect(done.products.map((p) => p.id)).toEqual(['p1']);
    expect(done.sponsored.map((p) => p.id)).toEqual(['p2']);
    expect(attribution).toHaveLength(1);
  });

  it('a stream cut midway ends as an error with exactly the text received, chunks not yet written included', async () => {
    const { turn } = ask();
    await tick(0);
    const before = db.writes.length;
    const text = await sendChunks(40, 5);
    stream.send({ event: 'text_chunk', content: 'last words' }); // arrives between two writes
    await tick(1);
    stream.cut();
    await turn;
    const ended = lastTurn(db.state);
    expect(ended.status).toBe('error');
    expect(ended.error?.detail).toBe(AGENT_ERROR_DETAILS.streamInterrupted);
    expect(ended.text).toBe(`${text}last words`);
    expect(db.writes.length - before).toBeLessThan(10);
  });

  it('a stop midway keeps exactly the text received, chunks not yet written included', async () => {
    const controller = new AbortController();
    const { turn } = ask(DEFAULT_ASK_PREFS, controller.signal);
    await tick(0);
    const before = db.writes.length;
    const text = await sendChunks(40, 5);
    stream.send({ event: 'text_chunk', content: 'last words' });
    await tick(1);
    controller.abort();
    await turn;
    const ended = lastTurn(db.state);
    expect(ended.status).toBe('stopped');
    expect(ended.text).toBe(`${text}last words`);
    expect(db.writes.length - before).toBeLessThan(10);
  });

  it('a streaming write the store refuses loses nothing: a later write carries its text', async () => {
    const { turn } = ask();
    await tick(0);
    // The store refuses every write for a while (a busy disk, a full store that was then cleared).
    db.refuse.when = () => new Error('IO error: the disk is busy');
    stream.send({ event: 'start', session_id: 's1' });
    stream.send({ event: 'text_chunk', content: 'I found ' });
    await tick(200);
    stream.send({ event: 'text_chunk', content: '3 bottles' });
    await tick(200);
    db.refuse.when = () => undefined;
    stream.send({ event: 'text_chunk', content: ' for you.' });
    await tick(200);
    expect(lastTurn(db.state).text).toBe('I found 3 bottles for you.');
    expect(lastTurn(db.state).status).toBe('streaming');
    stream.send({ event: 'done', session_id: 's1', data: { products: [product(1)] } });
    stream.end();
    await turn;
    expect(lastTurn(db.state)).toMatchObject({ status: 'done', text: 'I found 3 bottles for you.' });
  });

  it('a store too full for the answer: the turn ends as an error saying so, with the text, never left streaming', async () => {
    const { turn } = ask({ ...DEFAULT_ASK_PREFS, maxResults: 50 });
    await tick(0);
    // storage.local's quota: the text fits, the products do not.
    const quota = JSON.stringify(db.state).length + 2_000;
    db.refuse.when = (state) => (JSON.stringify(state).length > quota ? new Error('QUOTA_BYTES quota exceeded') : undefined);
    const text = await sendChunks(20, 50);
    stream.send({ event: 'done', session_id: 's1', data: { products: Array.from({ length: 30 }, (_, i) => product(i, i % 5 === 1)) } });
    stream.end();
    await expect(turn).resolves.toBeUndefined();
    const ended = lastTurn(db.state);
    expect(ended.status).toBe('error');
    expect(ended.text).toBe(text);
    expect(ended.products).toEqual([]);
    expect(ended.error).toMatchObject({ detail: AGENT_ERROR_DETAILS.storageFailed });
    expect(ended.error?.message).toContain('QUOTA_BYTES quota exceeded');
    expect(describeAgentError(ended.error!).title).toBe('The answer could not be saved');
    // Nothing shown, so no impressions.
    expect(attribution).toEqual([]);
    expect(alive.events).toEqual(['hold', 'release']);
  });

  it('holds the worker alive from the question until the turn has ended in the store: done, error, stop', async () => {
    // Done.
    let asked = ask();
    await tick(0);
    await sendChunks(3, 10);
    expect(alive.events).toEqual(['hold']);
    stream.send({ event: 'done', session_id: 's1', data: { products: [] } });
    stream.end();
    await asked.turn;
    expect(alive.events).toEqual(['hold', 'release']);
    expect(lastTurn(db.state).status).toBe('done');

    // Error.
    alive.events.length = 0;
    stream = controlledStream();
    asked = ask();
    await tick(0);
    await sendChunks(2, 10);
    expect(alive.events).toEqual(['hold']);
    stream.send({ event: 'error', message: 'boom' });
    await asked.turn;
    expect(alive.events).toEqual(['hold', 'release']);
    expect(lastTurn(db.state).status).toBe('error');

    // Stop.
    alive.events.length = 0;
    stream = controlledStream();
    const controller = new AbortController();
    asked = ask(DEFAULT_ASK_PREFS, controller.signal);
    await tick(60_000); // a slow answer: nothing yet
    expect(asked.ended()).toBe(false);
    expect(alive.events).toEqual(['hold']);
    controller.abort();
    await asked.turn;
    expect(alive.events).toEqual(['hold', 'release']);
    expect(lastTurn(db.state).status).toBe('stopped');
  });

  it('a JSON (non-streaming) answer is held alive too, and written once at the end', async () => {
    let answer!: (r: Response) => void;
    const client = new AgentClient({
      baseUrl: BASE,
      apiKey: 'octo_agent_test',
      fetch: (() => new Promise<Response>((resolve) => (answer = resolve))) as unknown as typeof globalThis.fetch,
    });
    service = new AgentService({
      getClient: async () => client,
      readState: db.readState,
      writeState: db.writeState,
      readAttribution: async () => [],
      writeAttribution: async () => undefined,
      now: () => Date.now(),
      keepAlive: alive.keepAlive,
    });
    const asked = ask({ ...DEFAULT_ASK_PREFS, streaming: false });
    await tick(45_000);
    expect(alive.events).toEqual(['hold']);
    const before = db.writes.length;
    answer(new Response(JSON.stringify({ text: 'Here you go.', session_id: 's1', data: { products: [product(1)] } }), { headers: { 'content-type': 'application/json' } }));
    await asked.turn;
    expect(alive.events).toEqual(['hold', 'release']);
    expect(db.writes.length - before).toBe(1);
    expect(lastTurn(db.state)).toMatchObject({ status: 'done', text: 'Here you go.' });
  });
});
