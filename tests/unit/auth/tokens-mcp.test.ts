/**
 * The token manager (refresh before expiry, single-flight, rotation kept, refusal ends the sign-in) and the MCP client
 * (JSON and SSE answers, the session header, 401 → one refresh → one retry, every error mapped onto the REST states),
 * with a scripted fetch; then the catalog over the sandbox's real MCP server.
 */
import { describe, expect, it } from 'vitest';
import { memorySlot, type SignInSession } from '../../../lib/auth/session';
import { TokenManager } from '../../../lib/auth/tokens';
import { describeError, isRetryable, OctogenError } from '../../../lib/octogen/errors';
import { McpCatalog, McpClient, rpcError, toolError, toolValue, type McpAuth } from '../../../lib/octogen/mcp';
import { signIn } from '../helpers/oauth';
import { useSandbox } from '../helpers/sandbox';

const MCP = 'https://mcp.example.com/mcp';
const TOKEN_URL = 'https://auth.example.com/oauth2/token';

function session(overrides: Partial<SignInSession> = {}): SignInSession {
  return {
    mcpUrl: MCP,
    resource: MCP,
    issuer: 'https://auth.example.com',
    tokenEndpoint: TOKEN_URL,
    clientId: 'client-1',
    accessToken: 'oat_1',
    accessExpiresAt: 1_000_000,
    refreshToken: 'ort_1',
    account: {},
    signedInAt: 0,
    ...overrides,
  };
}

/** A token endpoint that rotates: each refresh answers oat_N/ort_N; a rotated-away refresh token is invalid_grant. */
function tokenEndpoint(options: { delayMs?: number; fail?: 'invalid_grant' | 'network' } = {}) {
  let n = 1;
  const sent: string[] = [];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const form = new URLSearchParams(String(init.body));
    sent.push(form.get('refresh_token')!);
    await new Promise((r) => setTimeout(r, options.delayMs ?? 10));
    if (options.fail === 'network') throw new TypeError('Failed to fetch');
    if (options.fail === 'invalid_grant' || form.get('refresh_token') !== `ort_${n}`) {
      return Response.json({ error: 'invalid_grant', error_description: 'refresh token reused' }, { status: 400 });
    }
    n += 1;
    return Response.json({ access_token: `oat_${n}`, token_type: 'Bearer', expires_in: 300, refresh_token: `ort_${n}` });
  }) as unknown as typeof fetch;
  return { fetchImpl, sent };
}

describe('the token manager', () => {
  it('answers the kept token while it is fresh, without a refresh', async () => {
    const { fetchImpl, sent } = tokenEndpoint();
    const tokens = new TokenManager({ slot: memorySlot(session()), fetch: fetchImpl, now: () => 900_000 });
    expect(await tokens.accessToken(MCP, 'lookupProduct')).toBe('oat_1');
    expect(sent).toEqual([]);
  });

  it('two lookups at expiry refresh ONCE, and the rotated refresh token is kept', async () => {
    const { fetchImpl, sent } = tokenEndpoint({ delayMs: 30 });
    const slot = memorySlot(session());
    // Within the refresh margin of expiry.
    const tokens = new TokenManager({ slot, fetch: fetchImpl, now: () => 990_000 });
    const [a, b] = await Promise.all([tokens.accessToken(MCP, 'lookupProduct'), tokens.accessToken(MCP, 'searchProducts')]);
    expect([a, b]).toEqual(['oat_2', 'oat_2']);
    expect(sent).toEqual(['ort_1']);
    expect(slot.value).toMatchObject({ accessToken: 'oat_2', refreshToken: 'ort_2', accessExpiresAt: 990_000 + 300_000, accessLifetimeMs: 300_000 });
    // A caller that read the old token before the refresh finished does not refresh again (it would reuse ort_1).
    expect(await tokens.renew(MCP, 'oat_1', 'lookupProduct')).toBe('oat_2');
    expect(sent).toEqual(['ort_1']);
  });

  it('a 5-second token is refreshed near its end, not on every call', async () => {
    const { fetchImpl, sent } = tokenEndpoint();
    let now = 0;
    const tokens = new TokenManager({ slot: memorySlot(session({ accessExpiresAt: 5_000, accessLifetimeMs: 5_000 })), fetch: fetchImpl, now: () => now });
    expect(await tokens.accessToken(MCP, 'a')).toBe('oat_1');
    now = 3_000;
    expect(await tokens.accessToken(MCP, 'a')).toBe('oat_1');
    now = 4_000;
    expect(await tokens.accessToken(MCP, 'a')).toBe('oat_2');
    expect(sent).toEqual(['ort_1']);
  });

  it('after a 401 renews once for all callers that saw the refused token', async () => {
    const { fetchImpl, sent } = tokenEndpoint({ delayMs: 30 });
    const tokens = new TokenManager({ slot: memorySlot(session()), fetch: fetchImpl, now: () => 0 });
    const renewed = await Promise.all([tokens.renew(MCP, 'oat_1', 'a'), tokens.renew(MCP, 'oat_1', 'b'), tokens.renew(MCP, 'oat_1', 'c')]);
    expect(renewed).toEqual(['oat_2', 'oat_2', 'oat_2']);
    expect(sent).toEqual(['ort_1']);
  });

  it('a refused refresh ends the sign-in: "sign in again", tokens forgotten', async () => {
    const { fetchImpl } = tokenEndpoint({ fail: 'invalid_grant' });
    const slot = memorySlot(session());
    const tokens = new TokenManager({ slot, fetch: fetchImpl, now: () => 2_000_000 });
    const error = await tokens.accessToken(MCP, 'lookupProduct').catch((e: OctogenError) => e);
    expect(error).toBeInstanceOf(OctogenError);
    expect((error as OctogenError).data).toMatchObject({ kind: 'http', status: 401, detail: 'sign_in_required', operation: 'lookupProduct' });
    expect(describeError((error as OctogenError).data)).toMatchObject({ title: 'Sign in again', action: 'open-options' });
    expect(slot.value).toMatchObject({ ended: 'refresh_failed', accessToken: undefined, refreshToken: undefined });
    expect(JSON.stringify((error as OctogenError).data)).not.toMatch(/ort_|oat_/);
  });

  it('a refresh that cannot reach the server keeps the sign-in (retryable)', async () => {
    const { fetchImpl } = tokenEndpoint({ fail: 'network' });
    const slot = memorySlot(session());
    const tokens = new TokenManager({ slot, fetch: fetchImpl, now: () => 2_000_000 });
    const error = (await tokens.accessToken(MCP, 'lookupProduct').catch((e: OctogenError) => e)) as OctogenError;
    expect(error.data).toMatchObject({ kind: 'network', operation: 'lookupProduct' });
    expect(isRetryable(error.data)).toBe(true);
    expect(slot.value).toMatchObject({ accessToken: 'oat_1', refreshToken: 'ort_1' });
  });

  it('sends tokens only to the MCP server they were obtained for', async () => {
    const tokens = new TokenManager({ slot: memorySlot(session()), fetch: tokenEndpoint().fetchImpl, now: () => 0 });
    await expect(tokens.accessToken('https://elsewhere.example/mcp', 'lookupProduct')).rejects.toMatchObject({ detail: 'sign_in_required' });
  });
});

// --- The MCP client ---------------------------------------------------------------------------------------------

type Answer = { status?: number; json?: unknown; sse?: string; headers?: Record<string, string> };

/** A scripted MCP server: initialize and notifications answered; tools/call answered by `call` in order. */
function server(calls: ((token: string) => Answer)[]) {
  const seen: { method: string; headers: Record<string, string> }[] = [];
  let i = 0;
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    const headers = init.headers as Record<string, string>;
    seen.push({ method: body.method, headers });
    const token = headers.Authorization!.replace('Bearer ', '');
    let answer: Answer;
    if (body.method === 'initialize') answer = { json: { jsonrpc: '2.0', id: body.id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} } } }, headers: { 'Mcp-Session-Id': 'sess-1' } };
    else if (body.method === 'notifications/initialized') answer = { status: 202 };
    else {
      answer = calls[Math.min(i++, calls.length - 1)]!(token);
      if (answer.json && typeof answer.json === 'object' && 'jsonrpc' in answer.json) (answer.json as unknown as { id: number }).id = body.id;
      if (answer.sse) answer.sse = answer.sse.replaceAll('"id":0', `"id":${body.id}`);
    }
    const status = answer.status ?? 200;
    if (answer.sse) return new Response(answer.sse, { status, headers: { 'Content-Type': 'text/event-stream', ...answer.headers } });
    if (status === 202) return new Response(null, { status });
    return new Response(answer.json === undefined ? '' : JSON.stringify(answer.json), { status, headers: { 'Content-Type': 'application/json', ...answer.headers } });
  }) as unknown as typeof fetch;
  return { fetchImpl, seen };
}

const result = (value: unknown, extra: object = {}) => ({ json: { jsonrpc: '2.0', id: 0, result: { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: { result: value }, ...extra } } });
const PRODUCT = { product: { uuid: 'p1', productUrl: 'https://shop.example/p/1', title: 'Kettle' }, source: 'indexed' };

function auth(renewTo = 'oat_2') {
  const log: string[] = [];
  const a: McpAuth = {
    token: async () => 'oat_1',
    renew: async (used) => (log.push(`renew ${used}`), renewTo),
    reject: async (operation) => {
      log.push('reject');
      throw new OctogenError({ kind: 'http', status: 401, detail: 'sign_in_required', operation, message: 'sign in again' });
    },
  };
  return { auth: a, log };
}

describe('the MCP client', () => {
  it('initializes once, echoes the session id and protocol version, and reads a JSON answer', async () => {
    const { fetchImpl, seen } = server([() => result(PRODUCT), () => result({ items: [], nextCursor: null })]);
    const catalog = new McpCatalog(new McpClient({ url: MCP, auth: auth().auth, fetch: fetchImpl }));
    expect((await catalog.lookupProduct({ url: 'https://shop.example/p/1' })).product.title).toBe('Kettle');
    await catalog.searchProducts({ q: 'kettle', limit: 5 });
    expect(seen.map((s) => s.method)).toEqual(['initialize', 'notifications/initialized', 'tools/call', 'tools/call']);
    for (const s of seen.slice(1)) expect(s.headers).toMatchObject({ 'Mcp-Session-Id': 'sess-1', 'MCP-Protocol-Version': '2025-06-18' });
    for (const s of seen) expect(s.headers).toMatchObject({ Accept: 'application/json, text/event-stream', Authorization: 'Bearer oat_1' });
  });

  it('reads an SSE answer (a notification first, then the response)', async () => {
    const sse = `event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\nevent: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 0, result: result(PRODUCT).json.result })}\n\n`;
    const { fetchImpl } = server([() => ({ sse })]);
    const catalog = new McpCatalog(new McpClient({ url: MCP, auth: auth().auth, fetch: fetchImpl }));
    expect((await catalog.lookupProduct({ url: 'https://shop.example/p/1' })).product.productUrl).toBe('https://shop.example/p/1');
  });

  it('falls back to JSON in content[].text, validated by the REST schema', async () => {
    const { fetchImpl } = server([() => ({ json: { jsonrpc: '2.0', id: 0, result: { content: [{ type: 'text', text: JSON.stringify(PRODUCT) }] } } }), () => result({ product: { title: 'no url' } })]);
    const catalog = new McpCatalog(new McpClient({ url: MCP, auth: auth().auth, fetch: fetchImpl }));
    expect((await catalog.lookupProduct({ url: 'u' })).product.title).toBe('Kettle');
    await expect(catalog.lookupProduct({ url: 'u' })).rejects.toMatchObject({ data: { kind: 'schema', path: expect.stringMatching(/^product/) } });
  });

  it('on a 401 with WWW-Authenticate renews once and sends again once', async () => {
    const challenge = { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, json: {} };
    const { fetchImpl, seen } = server([(t) => (t === 'oat_1' ? challenge : result(PRODUCT))]);
    const { auth: a, log } = auth();
    const catalog = new McpCatalog(new McpClient({ url: MCP, auth: a, fetch: fetchImpl }));
    expect((await catalog.lookupProduct({ url: 'u' })).product.title).toBe('Kettle');
    expect(log).toEqual(['renew oat_1']);
    expect(seen.filter((s) => s.method === 'tools/call').map((s) => s.headers.Authorization)).toEqual(['Bearer oat_1', 'Bearer oat_2']);
  });

  it('refused again after renewing: the sign-in has ended ("Sign in again"), no third try', async () => {
    const challenge = { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, json: {} };
    const { fetchImpl, seen } = server([() => challenge]);
    const { auth: a, log } = auth();
    const catalog = new McpCatalog(new McpClient({ url: MCP, auth: a, fetch: fetchImpl }));
    await expect(catalog.lookupProduct({ url: 'u' })).rejects.toMatchObject({ data: { detail: 'sign_in_required' } });
    expect(log).toEqual(['renew oat_1', 'reject']);
    expect(seen.filter((s) => s.method === 'tools/call')).toHaveLength(2);
  });

  it('maps every tool error and the JSON-RPC rate limit onto the REST states the popup shows', async () => {
    const cases: [unknown, object, string][] = [
      [{ error: 'product_not_found', requestId: 'req_1' }, { status: 404, detail: 'product_not_found' }, 'Not in your catalogs'],
      [{ error: 'catalog_not_granted' }, { status: 403, detail: 'catalog_not_granted' }, 'Catalog not granted'],
      [{ error: 'not_authorized' }, { status: 403, detail: 'not_authorized' }, 'Not allowed'],
      [{ error: 'invalid_limit', message: 'limit must be 1..100' }, { status: 422, detail: 'invalid_limit' }, 'Request refused'],
      [{ error: 'request_failed' }, { status: 502, detail: 'request_failed' }, 'Service did not finish'],
    ];
    for (const [value, data, title] of cases) {
      const error = (() => {
        try {
          toolValue('lookupProduct', { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: { result: value }, isError: true });
        } catch (e) {
          return e as OctogenError;
        }
        throw new Error('no error');
      })();
      expect(error.data).toMatchObject({ kind: 'http', operation: 'lookupProduct', ...data });
      expect(describeError(error.data).title).toBe(title);
    }
    expect(toolError('x', { error: 'request_failed' }).data.status).toBe(502);
    expect(isRetryable(toolError('x', { error: 'request_failed' }).data)).toBe(true);
    expect(isRetryable(toolError('x', { error: 'product_not_found' }).data)).toBe(false);

    const limited = rpcError('searchProducts', { code: -32029, message: 'rate_limited', data: { error: 'rate_limited', retry_after: 8 } });
    expect(limited.data).toMatchObject({ kind: 'http', status: 429, detail: 'rate_limit_exceeded', retryAfterSec: 8 });
    expect(describeError(limited.data)).toMatchObject({ title: 'Rate limit reached', action: 'wait', message: expect.stringContaining('Retrying in 8 s') });
    expect(rpcError('x', { code: -32602, message: 'bad params' }).data).toMatchObject({ kind: 'request' });
    expect(rpcError('x', { code: -32603, message: 'internal' }).data).toMatchObject({ kind: 'http', status: 502 });
  });

  it('maps HTTP answers: 403 (not a Catalog Partner), 5xx with its wait, a lost session re-initialized once', async () => {
    const forbidden = server([() => ({ status: 403, json: {} })]);
    await expect(new McpCatalog(new McpClient({ url: MCP, auth: auth().auth, fetch: forbidden.fetchImpl })).lookupProduct({ url: 'u' })).rejects.toMatchObject({
      data: { status: 403, detail: 'not_catalog_partner' },
    });
    const down = server([() => ({ status: 503, json: {}, headers: { 'Retry-After': '4' } })]);
    await expect(new McpCatalog(new McpClient({ url: MCP, auth: auth().auth, fetch: down.fetchImpl })).lookupProduct({ url: 'u' })).rejects.toMatchObject({
      data: { status: 503, retryAfterSec: 4 },
    });
    const lost = server([() => ({ status: 404, json: {} }), () => result(PRODUCT)]);
    expect((await new McpCatalog(new McpClient({ url: MCP, auth: auth().auth, fetch: lost.fetchImpl })).lookupProduct({ url: 'u' })).product.title).toBe('Kettle');
    expect(lost.seen.map((s) => s.method)).toEqual(['initialize', 'notifications/initialized', 'tools/call', 'initialize', 'notifications/initialized', 'tools/call']);
  });

  it('a search with filters the tool does not take goes to the key, or is refused plainly', async () => {
    const { fetchImpl } = server([() => result({ items: [] })]);
    const client = new McpClient({ url: MCP, auth: auth().auth, fetch: fetchImpl });
    await expect(new McpCatalog(client).searchProducts({ q: 'x', price_max: 20 })).rejects.toMatchObject({ data: { kind: 'config', detail: 'needs_api_key' } });
    const fallback = { baseUrl: 'k', lookupProduct: async () => PRODUCT as never, searchProducts: async () => ({ items: [], nextCursor: 'via-key' }) };
    expect((await new McpCatalog(client, { fallback }).searchProducts({ q: 'x', price_max: 20 })).nextCursor).toBe('via-key');
  });
});

describe('the catalog over the sandbox’s MCP server', () => {
  const current = useSandbox({ rateLimitPerMinute: 10_000 });

  it('looks up and searches with the REST shapes; a product it does not know is "not found"', async () => {
    const { tokens } = await signIn(current());
    const client = new McpClient({ url: current().oauth.resource, auth: { token: async () => tokens.access_token, renew: async () => tokens.access_token, reject: async () => { throw new Error('rejected'); } } });
    const catalog = new McpCatalog(client);
    const product = current().demo.products[0]!;
    const record = await catalog.lookupProduct({ url: product.productUrl });
    expect(record.product.title).toBe(product.title);
    const page = await catalog.searchProducts({ q: 'water bottle', limit: 3 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThanOrEqual(3);
    await expect(catalog.lookupProduct({ url: 'https://nowhere.example/p/404' })).rejects.toMatchObject({ data: { status: 404, detail: 'product_not_found' } });
  });
});
