/**
 * AgentClient against the sandbox over real HTTP (JSON and streaming answers, auth, validation, retries before the
 * stream, stream faults, abort, timeout), plus a few cases only a fake fetch can produce.
 */
import { describe, expect, it } from 'vitest';
import { AGENT_ERROR_DETAILS, AgentClient, describeAgentError } from '../../../lib/agent/client';
import type { AgentEvent } from '../../../lib/agent/schemas';
import { OctogenError } from '../../../lib/octogen/errors';
import { DEMO_AGENT_KEY } from '../../../sandbox/agent/index';
import { useSandbox } from '../helpers/sandbox';

const current = useSandbox();

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };
const client = (options: Partial<ConstructorParameters<typeof AgentClient>[0]> = {}) =>
  new AgentClient({ baseUrl: current().origin, apiKey: DEMO_AGENT_KEY, retry: FAST_RETRY, ...options });

async function queueFault(spec: Record<string, unknown>) {
  const r = await fetch(`${current().origin}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });
  expect(r.status).toBe(201);
}

const searchRequests = () => current().journal.list().filter((e) => e.path === '/catalog/search');

async function failure(promise: Promise<unknown>): Promise<OctogenError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OctogenError);
    expect((error as OctogenError).message).not.toContain(DEMO_AGENT_KEY);
    return error as OctogenError;
  }
  throw new Error('expected a failure');
}

describe('configuration', () => {
  it('refuses a base URL that fails checkBaseUrl, and an empty key', () => {
    for (const baseUrl of ['', 'ftp://x', 'http://agent.example.com', 'https://user:pw@agent.example.com', 'https://a.example.com/?q=1']) {
      expect(() => new AgentClient({ baseUrl, apiKey: 'k' }), baseUrl).toThrow(OctogenError);
    }
    expect(() => new AgentClient({ baseUrl: 'https://agent.example.com', apiKey: ' ' })).toThrow(/key/);
    expect(new AgentClient({ baseUrl: 'https://agent.example.com/', apiKey: 'k' }).baseUrl).toBe('https://agent.example.com');
  });
});

describe('against the sandbox', () => {
  it('health()', async () => {
    expect(await client().health()).toEqual({ status: 'healthy', service: 'catalog-agent-api' });
    const health = current().journal.list().find((e) => e.path === '/catalog/health')!;
    expect(health.headers['x-api-key']).toBeUndefined();
  });

  it('search() in JSON mode returns the answer and sends the key only as X-API-Key', async () => {
    const events: AgentEvent[] = [];
    const answer = await client().search({ query: 'water bottle under $40', session_id: 'c-json' }, { onEvent: (e) => events.push(e) });
    expect(answer.streamed).toBe(false);
    expect(answer.session_id).toBe('c-json');
    expect(answer.text).toMatch(/^I found/);
    expect(answer.data.products.length).toBeGreaterThan(0);
    expect(answer.data.summary?.total_results).toBe(answer.data.products.length);
    expect(events).toEqual([]);
    const [entry] = searchRequests();
    expect(entry!.body).toEqual({ query: 'water bottle under $40', session_id: 'c-json' });
    expect(entry!.headers['x-api-key']).toBe(`${DEMO_AGENT_KEY.slice(0, 6)}…`);
    expect(entry!.headers.authorization).toBeUndefined();
  });

  it('search() in streaming mode dispatches events as they arrive and assembles the answer', async () => {
    const events: { event: AgentEvent; at: number }[] = [];
    const started = Date.now();
    const answer = await client().search(
      { query: 'rain jacket', session_id: 'c-stream', streaming: true },
      { onEvent: (event) => events.push({ event, at: Date.now() - started }) },
    );
    const names = events.map((e) => e.event.event);
    expect(names[0]).toBe('start');
    expect(names[names.length - 1]).toBe('done');
    expect(names.filter((n) => n === 'text_chunk').length).toBeGreaterThanOrEqual(3);
    expect(events[events.length - 1]!.at - events[0]!.at).toBeGreaterThanOrEqual(100);
    const chunks = events.flatMap((e) => (e.event.event === 'text_chunk' ? [e.event.content] : []));
    expect(answer).toMatchObject({ streamed: true, session_id: 'c-stream', text: chunks.join('') });
    const json = await client().search({ query: 'rain jacket', session_id: 'c-stream-json' });
    expect(answer.text).toBe(json.text);
    expect(answer.data.products.map((p) => p.id)).toEqual(json.data.products.map((p) => p.id));
  });

  it('events() yields each event before the stream ends', async () => {
    const iterator = client().events({ query: 'kettle', streaming: true });
    const first = await iterator.next();
    expect(first.value).toMatchObject({ event: 'start' });
    // The first event is there well before the done event is sent (~40 ms per event).
    const names: string[] = [];
    for await (const event of iterator) names.push(event.event);
    expect(names[names.length - 1]).toBe('done');
  });

  it('a follow-up in the same session refines; the session id comes back', async () => {
    const c = client();
    const first = await c.search({ query: 'water bottle under $40', streaming: true });
    expect(first.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const second = await c.search({ query: 'cheaper ones', session_id: first.session_id, streaming: true });
    expect(second.text).toMatch(/^Refining your search/);
    for (const p of second.data.products) expect(p.price!).toBeLessThanOrEqual(30);
  });

  it('401: a typed http error with the detail, described as a key problem', async () => {
    const error = await failure(client({ apiKey: 'wrong-key' }).search({ query: 'kettle' }));
    expect(error.data).toMatchObject({ kind: 'http', status: 401, detail: 'Invalid or missing API key', operation: 'agentSearch' });
    expect(describeAgentError(error.data).action).toBe('open-options');
    expect(searchRequests()).toHaveLength(1); // not retried
  });

  it('refuses a request that does not fit the contract before sending; maps a server 422 to field errors', async () => {
    const local = await failure(client().search({ query: '', max_results: 99 }));
    expect(local.kind).toBe('request');
    expect(local.data.fieldErrors!.map((f) => f.loc.join('.'))).toEqual(['body.query', 'body.max_results']);
    expect(searchRequests()).toHaveLength(0);
    const remote = await failure(client().search({ query: 'kettle', price_filtering: true, min_price: 50, max_price: 10 }));
    expect(remote.data).toMatchObject({ kind: 'http', status: 422, detail: 'validation_error' });
    expect(remote.data.fieldErrors![0]).toMatchObject({ loc: ['body'], type: 'value_error' });
  });

  it('retries 5xx before the stream starts', async () => {
    await queueFault({ path: '/catalog/search', status: 503, times: 2 });
    const retries: number[] = [];
    const answer = await client({ retry: { ...FAST_RETRY, onRetry: (attempt) => retries.push(attempt) } }).search({ query: 'mug', streaming: true });
    expect(answer.data.products.length).toBeGreaterThan(0);
    expect(retries).toEqual([1, 2]);
    expect(searchRequests()).toHaveLength(3);
  });

  it('gives up after the last attempt with the 5xx', async () => {
    await queueFault({ path: '/catalog/search', status: 500, times: 5 });
    const error = await failure(client().search({ query: 'mug' }));
    expect(error.data).toMatchObject({ kind: 'http', status: 500 });
    expect(searchRequests()).toHaveLength(3);
    expect(describeAgentError(error.data).action).toBe('retry');
  });

  it('never retries once the stream has started: a cut stream is a network error, the chunks already dispatched', async () => {
    await queueFault({ path: '/catalog/search', breakAfterEvents: 3 });
    const events: AgentEvent[] = [];
    const error = await failure(client().search({ query: 'rain jacket', streaming: true }, { onEvent: (e) => events.push(e) }));
    expect(error.data).toMatchObject({ kind: 'network', detail: AGENT_ERROR_DETAILS.streamInterrupted });
    expect(events.map((e) => e.event)).toEqual(['start', 'text_chunk', 'text_chunk']);
    expect(searchRequests()).toHaveLength(1);
    expect(describeAgentError(error.data).title).toMatch(/cut off/);
  });

  it('a malformed NDJSON line is a schema error naming the line', async () => {
    const raw = '{"event":"start","session_id":"x"}\n{"event":"text_chunk","content":"Hel\n{"event":"done","session_id":"x","data":{}}\n';
    await queueFault({ path: '/catalog/search', status: 200, raw, headers: { 'content-type': 'application/x-ndjson' } });
    const events: AgentEvent[] = [];
    const error = await failure(client().search({ query: 'kettle', streaming: true }, { onEvent: (e) => events.push(e) }));
    expect(error.data).toMatchObject({ kind: 'schema', path: 'line 2' });
    expect(error.message).toContain('{"event":"text_chunk","content":"Hel');
    expect(events.map((e) => e.event)).toEqual(['start']);
    expect(searchRequests()).toHaveLength(1);
  });

  it('a stream that ends without done is an incomplete answer; unknown events are ignored', async () => {
    const raw = '{"event":"start","session_id":"x"}\n{"event":"heartbeat"}\n{"event":"text_chunk","content":"Hello"}\n';
    await queueFault({ path: '/catalog/search', status: 200, raw, headers: { 'content-type': 'application/x-ndjson' } });
    const events: AgentEvent[] = [];
    const error = await failure(client().search({ query: 'kettle', streaming: true }, { onEvent: (e) => events.push(e) }));
    expect(error.data).toMatchObject({ kind: 'network', detail: AGENT_ERROR_DETAILS.streamIncomplete });
    expect(events.map((e) => e.event)).toEqual(['start', 'text_chunk']);
  });

  it('an error event is dispatched, then thrown as an agent error', async () => {
    const events: AgentEvent[] = [];
    const error = await failure(client().search({ query: '__error__', streaming: true }, { onEvent: (e) => events.push(e) }));
    expect(events.map((e) => e.event)).toEqual(['start', 'text_chunk', 'error']);
    expect(error.data).toMatchObject({ kind: 'http', status: 200, detail: AGENT_ERROR_DETAILS.agentError });
    expect(error.message).toContain('sandbox trigger __error__');
    expect(describeAgentError(error.data).title).toMatch(/assistant/);
  });

  it('aborting via the signal cancels the stream (aborted), and an aborted signal sends nothing', async () => {
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    const error = await failure(
      client().search(
        { query: 'rain jacket', streaming: true },
        {
          signal: controller.signal,
          onEvent: (e) => {
            events.push(e);
            if (e.event === 'text_chunk') controller.abort();
          },
        },
      ),
    );
    expect(error.kind).toBe('aborted');
    expect(events.map((e) => e.event)).toEqual(['start', 'text_chunk']);
    const before = searchRequests().length;
    const already = new AbortController();
    already.abort();
    expect((await failure(client().search({ query: 'x' }, { signal: already.signal }))).kind).toBe('aborted');
    expect(searchRequests()).toHaveLength(before);
  });

  it('times out the whole turn: before the answer and during the stream', async () => {
    await queueFault({ path: '/catalog/search', delayMs: 400 });
    const slow = await failure(client({ timeoutMs: 100 }).search({ query: 'mug' }));
    expect(slow.kind).toBe('timeout');
    expect(searchRequests()).toHaveLength(1); // a timeout is not retried
    const events: AgentEvent[] = [];
    const mid = await failure(client().search({ query: 'rain jacket', streaming: true }, { timeoutMs: 120, onEvent: (e) => events.push(e) }));
    expect(mid.kind).toBe('timeout');
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => e.event === 'done')).toBe(false);
  });
});

describe('with a fake fetch', () => {
  const json = (body: unknown, init: ResponseInit = {}) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' }, ...init });

  it('turns a JSON answer to a streaming request into start, text_chunk, done', async () => {
    const fetchFake: typeof fetch = async () => json({ text: 'All in one.', session_id: 's', data: { products: [{ id: 'a' }] } });
    const events: AgentEvent[] = [];
    const answer = await new AgentClient({ baseUrl: 'https://agent.example.com', apiKey: 'k', fetch: fetchFake }).search(
      { query: 'q', streaming: true },
      { onEvent: (e) => events.push(e) },
    );
    expect(events.map((e) => e.event)).toEqual(['start', 'text_chunk', 'done']);
    expect(answer).toMatchObject({ text: 'All in one.', session_id: 's', streamed: false });
  });

  it('retries connection failures before the answer, then reports a network error', async () => {
    let calls = 0;
    const fetchFake: typeof fetch = async () => {
      calls++;
      throw new TypeError('fetch failed');
    };
    const error = await failure(new AgentClient({ baseUrl: 'https://agent.example.com', apiKey: 'k', fetch: fetchFake, retry: FAST_RETRY }).search({ query: 'q' }));
    expect(error.kind).toBe('network');
    expect(error.detail).toBeUndefined();
    expect(calls).toBe(3);
  });

  it('reports a non-JSON answer as a schema error, and sends the documented headers', async () => {
    let seen: RequestInit | undefined;
    const fetchFake: typeof fetch = async (_url, init) => {
      seen = init;
      return new Response('<html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    };
    const error = await failure(new AgentClient({ baseUrl: 'https://agent.example.com', apiKey: 'secret-k', fetch: fetchFake }).search({ query: 'q' }));
    expect(error.data).toMatchObject({ kind: 'schema', path: '(body)' });
    const headers = seen!.headers as Record<string, string>;
    expect(headers['X-API-Key']).toBe('secret-k');
    expect(headers.Accept).toBe('application/json');
    expect(seen!.credentials).toBe('omit');
  });
});
