/**
 * The sandbox's catalog agent API over real HTTP: health, auth, validation, answers, sponsored placements, streaming,
 * session follow-ups, stream faults and the MCP endpoint.
 */
import { describe, expect, it } from 'vitest';
import { AGENT_ERROR_MESSAGE, DEMO_AGENT_KEY } from '../../sandbox/agent/index';
import { marketplaceId } from '../../sandbox/agent/engine';
import { startSandbox } from '../../sandbox/start';
import { useSandbox } from './helpers/sandbox';

const current = useSandbox();

const KEY = { 'X-API-Key': DEMO_AGENT_KEY };

async function search(body: unknown, headers: Record<string, string> = KEY) {
  const response = await fetch(`${current().origin}/catalog/search`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Read a streaming answer line by line, with the time each line arrived; `error` if the stream broke. */
async function stream(body: Record<string, unknown>) {
  const response = await fetch(`${current().origin}/catalog/search`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...KEY },
    body: JSON.stringify({ ...body, streaming: true }),
  });
  const lines: { at: number; value: any }[] = [];
  const started = Date.now();
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let error: unknown;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) lines.push({ at: Date.now() - started, value: JSON.parse(line) });
      }
    }
  } catch (e) {
    error = e;
  }
  return { response, events: lines.map((l) => l.value), times: lines.map((l) => l.at), rest: buffer, error };
}

async function queueFault(spec: Record<string, unknown>) {
  const r = await fetch(`${current().origin}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });
  expect(r.status).toBe(201);
}

const productById = (id: string) => current().catalog.products.find((p) => p.uuid === id)!;

describe('health and auth', () => {
  it('GET /catalog/health answers without a key', async () => {
    const r = await fetch(`${current().origin}/catalog/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'healthy', service: 'catalog-agent-api' });
  });

  it('answers 401 for a missing or wrong X-API-Key, and accepts the demo key', async () => {
    expect(DEMO_AGENT_KEY).toBe(current().agentKey);
    for (const headers of [{}, { 'X-API-Key': 'wrong' }, { 'X-API-Key': '' }, { Authorization: `Bearer ${DEMO_AGENT_KEY}` }] as Record<string, string>[]) {
      const r = await search({ query: 'kettle' }, headers);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ detail: 'Invalid or missing API key' });
    }
    expect((await search({ query: 'kettle' })).status).toBe(200);
  });

  it('journals agent requests with the key masked', async () => {
    await search({ query: 'kettle' });
    const entry = current().journal.list().find((e) => e.path === '/catalog/search')!;
    expect(entry.status).toBe(200);
    expect(entry.body).toEqual({ query: 'kettle' });
    expect(entry.headers['x-api-key']).not.toContain(DEMO_AGENT_KEY);
    expect(JSON.stringify(current().journal.list())).not.toContain(DEMO_AGENT_KEY);
  });

  it('honours a custom --agent-key', async () => {
    const other = await startSandbox({ port: 0, agentKey: 'my-agent-key' });
    try {
      const call = (key: string) =>
        fetch(`${other.origin}/catalog/search`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': key }, body: '{"query":"mug"}' });
      expect((await call(DEMO_AGENT_KEY)).status).toBe(401);
      expect((await call('my-agent-key')).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('validation (FastAPI-style 422)', () => {
  it.each([
    [{}, 'missing', ['body', 'query']],
    [{ query: '' }, 'string_too_short', ['body', 'query']],
    [{ query: '   ' }, 'value_error', ['body', 'query']],
    [{ query: 5 }, 'string_type', ['body', 'query']],
    [{ query: 'x', max_results: 0 }, 'greater_than_equal', ['body', 'max_results']],
    [{ query: 'x', max_results: 51 }, 'less_than_equal', ['body', 'max_results']],
    [{ query: 'x', max_results: 2.5 }, 'int_from_float', ['body', 'max_results']],
    [{ query: 'x', max_sponsored: 11 }, 'less_than_equal', ['body', 'max_sponsored']],
    [{ query: 'x', streaming: 'yes' }, 'bool_type', ['body', 'streaming']],
    [{ query: 'x', min_price: -1 }, 'greater_than_equal', ['body', 'min_price']],
    [{ query: 'x', colour: 'red' }, 'extra_forbidden', ['body', 'colour']],
  ])('%j -> %s at %j', async (body, type, loc) => {
    const r = await search(body);
    expect(r.status).toBe(422);
    expect(r.json.detail).toHaveLength(1);
    expect(r.json.detail[0]).toMatchObject({ type, loc });
  });

  it('refuses invalid JSON and min_price > max_price when filtering', async () => {
    const bad = await search('{"query": ');
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].type).toBe('json_invalid');
    const crossed = await search({ query: 'kettle', price_filtering: true, min_price: 50, max_price: 10 });
    expect(crossed.status).toBe(422);
    expect(crossed.json.detail[0]).toMatchObject({ type: 'value_error', loc: ['body'] });
  });
});

describe('JSON answers', () => {
  it('answers with text, a session id and products carrying the doc fields', async () => {
    const r = await search({ query: 'I need a water bottle under $40' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.json.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.text).toMatch(/^I found \d+ match(es)? for “water bottle” under \$40 from /);
    const products = r.json.data.products as any[];
    expect(products.length).toBeGreaterThan(0);
    expect(products.length).toBeLessThanOrEqual(5);
    for (const p of products) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining(['id', 'name', 'brand', 'price', 'currency', 'categories', 'image_url', 'url', 'similarity_score', 'rank', 'is_sponsored', 'description', 'availability']),
      );
      expect(p.price).toBeLessThanOrEqual(40);
      expect(['in_stock', 'out_of_stock']).toContain(p.availability);
      expect(p.url).toBe(productById(p.id).productUrl);
      expect(p.similarity_score).toBeGreaterThanOrEqual(0);
      expect(p.similarity_score).toBeLessThanOrEqual(1);
    }
    expect(products.map((p) => p.rank)).toEqual(products.map((_, i) => i + 1));
    const organic = products.filter((p) => !p.is_sponsored);
    expect(organic.every((p) => /water bottle/i.test(p.name))).toBe(true);
    expect(r.json.data.summary).toEqual({
      total_results: products.length,
      sponsored_results: products.length - organic.length,
      organic_results: organic.length,
    });
  });

  it('echoes a given session id; parses "between X and Y"; honours price_filtering bounds', async () => {
    const r = await search({ query: 'kettle between 40 and 60', session_id: 'user-session-123', max_results: 10 });
    expect(r.json.session_id).toBe('user-session-123');
    expect(r.json.text).toContain('between $40 and $60');
    for (const p of r.json.data.products) expect(p.price >= 40 && p.price <= 60).toBe(true);
    const explicit = await search({ query: 'kettle', price_filtering: true, max_price: 50, max_results: 10 });
    for (const p of explicit.json.data.products) expect(p.price).toBeLessThanOrEqual(50);
    const ignored = await search({ query: 'kettle', min_price: 1000, max_results: 10 });
    expect(ignored.json.data.products.length).toBeGreaterThan(0);
  });

  it('is deterministic and says so when nothing matches', async () => {
    const a = await search({ query: 'rain jacket', session_id: 's1' });
    const b = await search({ query: 'rain jacket', session_id: 's2' });
    expect(a.json.text).toBe(b.json.text);
    expect(a.json.data.products.map((p: any) => p.id)).toEqual(b.json.data.products.map((p: any) => p.id));
    const none = await search({ query: 'rain jacket under $1' });
    expect(none.json.data.products).toEqual([]);
    expect(none.json.data.summary).toEqual({ total_results: 0, sponsored_results: 0, organic_results: 0 });
    expect(none.json.text).toMatch(/couldn't find/);
  });

  it('restricts to a marketplace (derived UUID or catalog key); unknown ones find nothing', async () => {
    for (const id of [marketplaceId('hearth'), 'hearth']) {
      const r = await search({ query: 'kettle', marketplace_id: id, max_results: 10 });
      expect(r.json.data.products.length).toBeGreaterThan(0);
      for (const p of r.json.data.products) expect(productById(p.id).catalogKey).toBe('hearth');
    }
    const unknown = await search({ query: 'kettle', marketplace_id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.json.data.products).toEqual([]);
  });

  it('answers 500 for the __error__ trigger', async () => {
    const r = await search({ query: '__error__' });
    expect(r.status).toBe(500);
    expect(r.json).toEqual({ detail: 'Internal Server Error' });
  });
});

describe('sponsored placements', () => {
  it('labels sponsored items with bid ids, never duplicates organic ones, and respects the counts', async () => {
    for (const [query, maxResults, maxSponsored] of [
      ['water bottle', 5, 2],
      ['kettle', 10, 3],
      ['headphones', 3, 2],
      ['backpack', 1, 2],
      ['mug', 8, 0],
    ] as const) {
      const r = await search({ query, session_id: 'ads', max_results: maxResults, max_sponsored: maxSponsored });
      const products = r.json.data.products as any[];
      const sponsored = products.filter((p) => p.is_sponsored);
      const organic = products.filter((p) => !p.is_sponsored);
      expect(products.length).toBeLessThanOrEqual(maxResults);
      expect(sponsored.length).toBeLessThanOrEqual(Math.min(maxSponsored, maxResults - 1));
      expect(organic.length).toBeGreaterThan(0);
      for (const p of sponsored) {
        expect(p.resolvedBidId).toMatch(/^bid_[0-9a-f]{16}$/);
        expect(p.availability).toBe('in_stock');
      }
      for (const p of organic) expect(p).not.toHaveProperty('resolvedBidId');
      const organicIds = new Set(organic.map((p) => p.id));
      expect(sponsored.some((p) => organicIds.has(p.id))).toBe(false);
      expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
      if (maxSponsored === 0) expect(sponsored).toEqual([]);
    }
  });

  it('prefers other brands than the organic results and has two by default for a broad query', async () => {
    const r = await search({ query: 'kettle', session_id: 'brands' });
    const products = r.json.data.products as any[];
    const sponsored = products.filter((p) => p.is_sponsored);
    expect(sponsored).toHaveLength(2);
    expect(r.json.data.summary.sponsored_results).toBe(2);
    expect(products[1].is_sponsored).toBe(true);
  });

  it('derives bid ids from (session, product): stable within a session, different across sessions', async () => {
    const bids = async (session: string) =>
      ((await search({ query: 'water bottle', session_id: session })).json.data.products as any[]).filter((p) => p.is_sponsored).map((p) => `${p.id}:${p.resolvedBidId}`);
    const a1 = await bids('bid-session-a');
    expect(a1.length).toBeGreaterThan(0);
    // Same session, same query again: a follow-up of the same words keeps the same products and bids.
    expect(await bids('bid-session-a')).toEqual(a1);
    const b = await bids('bid-session-b');
    expect(b.map((x) => x.split(':')[0])).toEqual(a1.map((x) => x.split(':')[0]));
    expect(b).not.toEqual(a1);
  });
});

describe('session memory', () => {
  it('"cheaper ones" lowers the price cap within the session only', async () => {
    const first = await search({ query: 'water bottle under $40', session_id: 'conv-1' });
    const follow = await search({ query: 'cheaper ones', session_id: 'conv-1' });
    expect(follow.json.text).toMatch(/^Refining your search for “water bottle”: .*under \$30/);
    const organic = (follow.json.data.products as any[]).filter((p) => !p.is_sponsored);
    expect(organic.length).toBeGreaterThan(0);
    for (const p of follow.json.data.products) {
      expect(p.price).toBeLessThanOrEqual(30);
      expect(p.name).toMatch(/water bottle/i);
    }
    expect(first.json.data.products.length).toBeGreaterThanOrEqual(organic.length);
    // A new session knows nothing of the first.
    const fresh = await search({ query: 'cheaper ones', session_id: 'conv-2' });
    expect(fresh.json.text).not.toMatch(/Refining/);
    expect((fresh.json.data.products as any[]).some((p) => !/water bottle/i.test(p.name))).toBe(true);
  });

  it('"under $X" replaces the cap, "only <brand>" filters by brand, "in <colour>" by colour', async () => {
    await search({ query: 'water bottle', session_id: 'conv-3', max_results: 10 });
    const under = await search({ query: 'under $36', session_id: 'conv-3', max_results: 10 });
    for (const p of under.json.data.products) expect(p.price).toBeLessThanOrEqual(36);
    const brand = await search({ query: 'only Summit Thread', session_id: 'conv-3', max_results: 10, max_sponsored: 0 });
    expect(brand.json.text).toContain('by Summit Thread under $36');
    expect(brand.json.data.products.length).toBeGreaterThan(0);
    for (const p of brand.json.data.products) expect(p.brand).toBe('Summit Thread');

    await search({ query: 'rain jacket', session_id: 'conv-4', max_results: 10 });
    const black = await search({ query: 'in black', session_id: 'conv-4', max_results: 10, max_sponsored: 0 });
    expect(black.json.text).toContain('“rain jacket” in black');
    expect(black.json.data.products.length).toBeGreaterThan(0);
    for (const p of black.json.data.products) {
      expect(p.name).toMatch(/rain jacket/i);
      expect(productById(p.id).colors.map((c) => c.label)).toContain('Black');
    }
  });

  it('adds other words to the previous query, and a new topic or "new search" starts afresh', async () => {
    await search({ query: 'water bottle', session_id: 'conv-5' });
    const more = await search({ query: 'insulated', session_id: 'conv-5', max_sponsored: 0 });
    expect(more.json.text).toContain('“water bottle insulated”');
    for (const p of more.json.data.products) expect(p.name).toMatch(/insulated water bottle/i);
    const topic = await search({ query: 'kettle', session_id: 'conv-5', max_sponsored: 0 });
    expect(topic.json.text).toMatch(/^I found \d+ match(es)? for “kettle”/);
    const reset = await search({ query: 'new search: mug', session_id: 'conv-5', max_sponsored: 0 });
    expect(reset.json.text).toMatch(/^I found \d+ match(es)? for “mug”/);
  });
});

describe('streaming', () => {
  it('sends start, several text chunks spread over time, then done, as NDJSON', async () => {
    const s = await stream({ query: 'rain jacket', session_id: 'stream-1' });
    expect(s.response.status).toBe(200);
    expect(s.response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(s.error).toBeUndefined();
    const names = s.events.map((e) => e.event);
    expect(names[0]).toBe('start');
    expect(names[names.length - 1]).toBe('done');
    const chunks = s.events.filter((e) => e.event === 'text_chunk');
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.length).toBeLessThanOrEqual(6);
    expect(names).toEqual(['start', ...chunks.map(() => 'text_chunk'), 'done']);
    expect(s.events[0]).toEqual({ event: 'start', session_id: 'stream-1' });
    const done = s.events[s.events.length - 1];
    expect(done.session_id).toBe('stream-1');
    expect(done.data.products.length).toBeGreaterThan(0);
    expect(done.data.summary.total_results).toBe(done.data.products.length);
    // The same text as the JSON answer (another session: the first turn of each is the same).
    const json = await search({ query: 'rain jacket', session_id: 'stream-json' });
    expect(chunks.map((c) => c.content).join('')).toBe(json.json.text);
    // Really streamed: the events arrived over time.
    expect(s.times[s.times.length - 1]! - s.times[0]!).toBeGreaterThanOrEqual(100);
  });

  it('breakAfterEvents cuts the connection after N events, without done', async () => {
    await queueFault({ path: '/catalog/search', breakAfterEvents: 2 });
    const s = await stream({ query: 'rain jacket' });
    expect(s.response.status).toBe(200);
    expect(s.events.map((e) => e.event)).toEqual(['start', 'text_chunk']);
    expect(s.error).toBeDefined();
    // The next request is normal again.
    const next = await stream({ query: 'rain jacket' });
    expect(next.error).toBeUndefined();
    expect(next.events[next.events.length - 1].event).toBe('done');
  });

  it('passes a raw fault body through (a malformed NDJSON line)', async () => {
    const raw = '{"event":"start","session_id":"x"}\n{"event":"text_chunk","content":"Hel\n{"event":"done","session_id":"x","data":{}}\n';
    await queueFault({ path: '/catalog/search', status: 200, raw, headers: { 'content-type': 'application/x-ndjson' } });
    const r = await search({ query: 'kettle', streaming: true });
    expect(r.status).toBe(200);
    expect(r.text).toBe(raw);
  });

  it('sends an error event for the __error__ trigger', async () => {
    const s = await stream({ query: '__error__' });
    expect(s.error).toBeUndefined();
    expect(s.events.map((e) => e.event)).toEqual(['start', 'text_chunk', 'error']);
    expect(s.events[2]).toEqual({ event: 'error', message: AGENT_ERROR_MESSAGE });
  });
});

describe('MCP endpoint', () => {
  const mcpHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...KEY };
  const rpc = async (body: unknown, headers: Record<string, string> = mcpHeaders) => {
    const r = await fetch(`${current().origin}/mcp`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : undefined };
  };

  it('refuses a missing key', async () => {
    const r = await rpc({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { ...mcpHeaders, 'X-API-Key': '' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ detail: 'Invalid or missing API key' });
  });

  it('initializes, lists search_products and calls it', async () => {
    const init = await rpc({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'octolens-test', version: '0' } },
    });
    expect(init.status).toBe(200);
    expect(init.json.result.serverInfo.name).toBe('octolens-sandbox-catalog-agent');
    expect(init.json.result.capabilities.tools).toBeDefined();

    const list = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const tool = list.json.result.tools.find((t: any) => t.name === 'search_products');
    expect(Object.keys(tool.inputSchema.properties).sort()).toEqual(
      ['max_price', 'max_results', 'max_sponsored', 'marketplace_id', 'min_price', 'price_filtering', 'query'].sort(),
    );
    expect(tool.inputSchema.required).toEqual(['query']);

    const call = await rpc({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'search_products', arguments: { query: 'running shoes under $150', max_results: 10, max_sponsored: 3 } },
    });
    expect(call.status).toBe(200);
    const result = call.json.result;
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.content[0].text)).toEqual(result.structuredContent);
    const call2 = await rpc({
      jsonrpc: '2.0',
      id: 4,
      method: 'tools/call',
      params: { name: 'search_products', arguments: { query: 'kettle', max_results: 4, max_sponsored: 1, price_filtering: true, max_price: 100 } },
    });
    const products = call2.json.result.structuredContent.products as any[];
    expect(products.length).toBe(4);
    expect(products.filter((p) => p.is_sponsored)).toHaveLength(1);
    for (const p of products) expect(p.price).toBeLessThanOrEqual(100);
  });

  it('answers 405 to GET and DELETE (stateless) and 400 to a body that is not JSON', async () => {
    for (const method of ['GET', 'DELETE']) {
      const r = await fetch(`${current().origin}/mcp`, { method, headers: { ...KEY, Accept: 'text/event-stream' } });
      expect(r.status).toBe(405);
      expect((await r.json()).error.code).toBe(-32000);
    }
    const bad = await fetch(`${current().origin}/mcp`, { method: 'POST', headers: mcpHeaders, body: '{"jsonrpc":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe(-32700);
  });

  it('reports invalid tool arguments as a tool error', async () => {
    const r = await rpc({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'search_products', arguments: { query: '' } } });
    expect(r.status).toBe(200);
    expect(r.json.result.isError).toBe(true);
  });
});
