/**
 * The Catalog Partner MCP server at `/partner/mcp` over real HTTP: the Streamable HTTP transport, Bearer auth and its
 * 401/403 answers, both tools over the REST catalog, tool errors, the shared rate limit, the journal; and the official
 * MCP TypeScript client walking the whole OAuth discovery and sign-in against the sandbox.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../sandbox/server';
import { useSandbox } from '../helpers/sandbox';
import { REDIRECT_URI, decide, signIn } from '../helpers/oauth';

const current = useSandbox({ rateLimitPerMinute: 10_000 });
const HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

async function post(body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${current().origin}/partner/mcp`, { method: 'POST', headers: { ...HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** A signed-in MCP session: its access token and session id, and a JSON-RPC caller. */
async function session(accessToken?: string) {
  const token = accessToken ?? (await signIn(current())).tokens.access_token;
  const auth = { Authorization: `Bearer ${token}` };
  const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } } }, auth);
  const sessionId = init.headers.get('mcp-session-id')!;
  const headers = { ...auth, 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': '2025-06-18' };
  let id = 1;
  const rpc = (method: string, params?: unknown) => post({ jsonrpc: '2.0', id: id++, method, ...(params !== undefined ? { params } : {}) }, headers);
  const call = (name: string, args: Record<string, unknown>) => rpc('tools/call', { name, arguments: args });
  return { token, init, sessionId, headers, rpc, call };
}

const restSearch = async (body: unknown) =>
  (await fetch(`${current().baseUrl}/products/search`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();

describe('the transport', () => {
  it('initialize: protocol 2025-06-18, tools capability, server info, an Mcp-Session-Id', async () => {
    const { init, sessionId } = await session();
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toMatch(/^application\/json/);
    expect(init.json).toEqual({
      jsonrpc: '2.0',
      id: 0,
      result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: expect.any(String), version: expect.any(String) } },
    });
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('notifications/initialized: 202 with no body', async () => {
    const { headers } = await session();
    const r = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
    expect(r.status).toBe(202);
    expect(r.json).toBeUndefined();
  });

  it('tools/list: lookup_product and search_products with their argument names', async () => {
    const { rpc } = await session();
    const r = await rpc('tools/list');
    expect(r.json.result.tools.map((t: any) => t.name)).toEqual(['lookup_product', 'search_products']);
    const [lookup, search] = r.json.result.tools;
    expect(lookup.inputSchema.required).toEqual(['product_url']);
    expect(Object.keys(lookup.inputSchema.properties)).toEqual(['product_url', 'catalogs']);
    expect(Object.keys(search.inputSchema.properties)).toEqual(['catalog', 'query', 'limit', 'cursor']);
  });

  it('requires the session id after initialize (400), refuses an unknown one (404), ends one on DELETE', async () => {
    const { headers, token } = await session();
    const list = { jsonrpc: '2.0', id: 5, method: 'tools/list' };
    expect((await post(list, { Authorization: `Bearer ${token}` })).status).toBe(400);
    expect((await post(list, { ...headers, 'Mcp-Session-Id': 'nope' })).status).toBe(404);
    const del = await fetch(`${current().origin}/partner/mcp`, { method: 'DELETE', headers });
    expect(del.status).toBe(204);
    expect((await post(list, headers)).status).toBe(404);
  });

  it('answers protocol errors: parse error, batch, unknown method, unsupported version, wrong Accept', async () => {
    const { headers, rpc } = await session();
    expect((await post('{"jsonrpc":', headers)).json.error.code).toBe(-32700);
    expect((await post([{ jsonrpc: '2.0', id: 1, method: 'ping' }], headers)).json.error.code).toBe(-32600);
    expect((await rpc('resources/list')).json.error.code).toBe(-32601);
    expect((await rpc('ping')).json.result).toEqual({});
    expect((await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { ...headers, 'MCP-Protocol-Version': '1999-01-01' })).status).toBe(400);
    expect((await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { ...headers, Accept: 'application/json' })).status).toBe(406);
  });
});

describe('auth: 401 with WWW-Authenticate, 403 for a non-partner', () => {
  const metadata = () => `resource_metadata="${current().origin}/.well-known/oauth-protected-resource/partner/mcp"`;
  const initialize = (headers: Record<string, string>) => post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }, headers);

  it('no token: 401, a challenge naming the resource metadata, no error attribute', async () => {
    for (const headers of [{}, { Authorization: 'Bearer' }, { Authorization: 'Basic abc' }] as Record<string, string>[]) {
      const r = await initialize(headers);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe(`Bearer ${metadata()}`);
    }
  });

  it.each([
    ['an unknown token', () => 'oat_not-a-token', 'The access token is not valid.'],
    ['the Platform API key', () => DEMO_API_KEY, 'The access token is not valid.'],
    ['an expired token', () => current().oauth.mintForTest({ ttlSeconds: 0 }), 'The access token expired.'],
    ['a token for another audience', () => current().oauth.mintForTest({ audience: 'https://mcp.octogen.ai' }), 'is not for'],
  ])('%s: 401 invalid_token', async (_name, make, reason) => {
    const r = await initialize({ Authorization: `Bearer ${make()}` });
    expect(r.status).toBe(401);
    const challenge = r.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="[^"]+"$/);
    expect(challenge).toContain(reason);
    expect(challenge).toContain(metadata());
    expect(r.json.error).toBe('invalid_token');
  });

  it('a revoked token: 401 invalid_token, also mid-session', async () => {
    const { clientId, tokens } = await signIn(current());
    const s = await session(tokens.access_token);
    expect((await s.rpc('tools/list')).status).toBe(200);
    await fetch(`${current().origin}/oauth2/revoke`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: tokens.refresh_token, client_id: clientId }) });
    const r = await s.rpc('tools/list');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('The access token was revoked.');
  });

  it('an organisation that is not a catalog partner: 403', async () => {
    const merchant = current().oauth.mintForTest({ organization: { id: 'org_merchant', name: 'Some Merchant', type: 'merchant' } });
    const r = await initialize({ Authorization: `Bearer ${merchant}` });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('forbidden');
  });
});

describe('the tools', () => {
  it('lookup_product: the REST record in structuredContent.result and as JSON text', async () => {
    const product = current().demo.products[3]!;
    const { call } = await session();
    const r = await call('lookup_product', { product_url: product.productUrl });
    expect(r.status).toBe(200);
    const { result } = r.json;
    expect(result.isError).toBeUndefined();
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(result.structuredContent.result) }]);
    const rest = await (await fetch(`${current().baseUrl}/products/lookup`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ url: product.productUrl }) })).json();
    expect({ ...result.structuredContent.result, requestId: 'x' }).toEqual({ ...rest, requestId: 'x' });
    expect(result.structuredContent.result.product.uuid).toBe(product.uuid);
  });

  it('search_products: the same page as REST search, with limit and cursor', async () => {
    const { call } = await session();
    const r = await call('search_products', { query: 'bottle', limit: 3 });
    const value = r.json.result.structuredContent.result;
    expect(value).toEqual(await restSearch({ q: 'bottle', limit: 3 }));
    expect(value.items).toHaveLength(3);
    const next = await call('search_products', { query: 'bottle', limit: 3, cursor: value.nextCursor });
    expect(next.json.result.structuredContent.result).toEqual(await restSearch({ q: 'bottle', limit: 3, cursor: value.nextCursor }));
    const catalog = current().catalog.catalogs[1]!.catalog;
    const one = (await call('search_products', { catalog })).json.result.structuredContent.result;
    expect(one.items).toHaveLength(50);
    expect(one.items.every((i: any) => i.catalogKey === catalog)).toBe(true);
  });

  it.each([
    ['lookup_product', { product_url: 'https://nowhere.example/p/1' }, 'product_not_found'],
    ['lookup_product', { product_url: 'ftp://x/y' }, 'request_failed'],
    ['lookup_product', { product_url: 'https://nowhere.example/p/1', catalogs: ['no-such-catalog'] }, 'catalog_not_granted'],
    ['search_products', { catalog: 'no-such-catalog' }, 'catalog_not_granted'],
    ['search_products', { limit: 0 }, 'invalid_limit'],
    ['search_products', { limit: 101 }, 'invalid_limit'],
    ['search_products', { limit: 2.5 }, 'invalid_limit'],
  ])('%s %j: a tool error %s (HTTP 200, isError, requestId)', async (name, args, error) => {
    const { call } = await session();
    const r = await call(name, args);
    expect(r.status).toBe(200);
    expect(r.json.error).toBeUndefined();
    const value = r.json.result.structuredContent.result;
    expect(value).toEqual({ error, ...(value.message ? { message: expect.any(String) } : {}), requestId: expect.stringMatching(/^req_/) });
    expect(r.json.result.isError).toBe(true);
    expect(JSON.parse(r.json.result.content[0].text)).toEqual(value);
  });

  it('a product of a catalog left out by `catalogs` is not found', async () => {
    const product = current().demo.products[0]!;
    const other = current().catalog.catalogs.find((c) => c.catalog !== product.catalogKey)!.catalog;
    const { call } = await session();
    expect((await call('lookup_product', { product_url: product.productUrl, catalogs: [other] })).json.result.structuredContent.result.error).toBe('product_not_found');
    expect((await call('lookup_product', { product_url: product.productUrl, catalogs: [product.catalogKey] })).json.result.isError).toBeUndefined();
  });

  it('bad arguments are a JSON-RPC invalid-params error (the retired canonical_url too), as is an unknown tool', async () => {
    const { call } = await session();
    expect((await call('lookup_product', {})).json.error.code).toBe(-32602);
    expect((await call('lookup_product', { canonical_url: 'https://x.example/p' })).json.error.code).toBe(-32602);
    expect((await call('search_products', { q: 'bottle' })).json.error.code).toBe(-32602);
    expect((await call('list_catalogs', {})).json.error).toMatchObject({ code: -32602, message: 'Unknown tool: list_catalogs' });
  });

  it('queued tool faults answer not_authorized / request_failed for one call of that tool', async () => {
    const { call } = await session();
    current().faults.add({ path: '/partner/mcp', tool: 'lookup_product', body: { error: 'not_authorized', message: 'Catalog access was withdrawn.' } });
    const product = current().demo.products[0]!;
    // A call of the other tool does not take it.
    expect((await call('search_products', { limit: 1 })).json.result.isError).toBeUndefined();
    const faulted = await call('lookup_product', { product_url: product.productUrl });
    expect(faulted.json.result).toMatchObject({ isError: true, structuredContent: { result: { error: 'not_authorized', message: 'Catalog access was withdrawn.', requestId: expect.any(String) } } });
    expect((await call('lookup_product', { product_url: product.productUrl })).json.result.isError).toBeUndefined();
  });
});

describe('the rate limit', () => {
  const limited = useSandbox({ rateLimitPerMinute: 3 });

  it('tools/call shares the organisation bucket with REST and answers -32029 with retry_after; other methods do not count', async () => {
    const sandbox = limited();
    const token = sandbox.oauth.mintForTest();
    const headers = { ...HEADERS, Authorization: `Bearer ${token}` };
    const send = async (body: unknown, extra: Record<string, string> = {}) => {
      const response = await fetch(`${sandbox.origin}/partner/mcp`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
      return { status: response.status, headers: response.headers, json: response.status === 202 ? undefined : await response.json() };
    };
    const init = await send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: {} });
    const sid = { 'Mcp-Session-Id': init.headers.get('mcp-session-id')! };
    for (let i = 0; i < 5; i++) expect((await send({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, sid)).json.result).toBeDefined();
    // One REST call and two tool calls empty the bucket of 3.
    const rest = await fetch(`${sandbox.baseUrl}/products/search`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(rest.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const ok = await send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search_products', arguments: { limit: 1 } } }, sid);
      expect(ok.json.result.structuredContent.result.items).toHaveLength(1);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
    }
    const r = await send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'lookup_product', arguments: { product_url: 'https://x.example/p' } } }, sid);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ jsonrpc: '2.0', id: 3, error: { code: -32029, message: 'rate_limited', data: { error: 'rate_limited', retry_after: expect.any(Number) } } });
    expect(r.json.error.data.retry_after).toBeGreaterThanOrEqual(1);
    // And REST is limited too: the same bucket.
    const after = await fetch(`${sandbox.baseUrl}/products/search`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(after.status).toBe(429);
    expect((await send({ jsonrpc: '2.0', id: 4, method: 'tools/list' }, sid)).json.result).toBeDefined();
  });
});

describe('the journal', () => {
  it('keeps the JSON-RPC method and tool name, masks the Bearer token', async () => {
    const { call, token } = await session();
    await call('search_products', { query: 'mug', limit: 2 });
    const entries = current().journal.list().filter((e) => e.path === '/partner/mcp');
    expect(entries.map((e) => (e.body as any).method)).toEqual(['initialize', 'tools/call']);
    expect((entries[1]!.body as any).params).toEqual({ name: 'search_products', arguments: { query: 'mug', limit: 2 } });
    expect(entries.every((e) => e.headers.authorization === `Bearer oat_…${token.slice(-4)}`)).toBe(true);
    expect(JSON.stringify(current().journal.list())).not.toContain(token.slice(4, 30));
  });
});

describe('the official MCP TypeScript client', () => {
  it('discovers, registers, signs in (Allow) and calls both tools', async () => {
    const sandbox = current();
    const serverUrl = new URL(`${sandbox.origin}/partner/mcp`);
    const store: { client?: any; tokens?: any; verifier?: string; code?: string } = {};
    const provider: OAuthClientProvider = {
      get redirectUrl() {
        return REDIRECT_URI;
      },
      get clientMetadata() {
        return { client_name: 'SDK test', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
      },
      state: () => 'sdk-state',
      clientInformation: () => store.client,
      saveClientInformation: (info) => void (store.client = info),
      tokens: () => store.tokens,
      saveTokens: (tokens) => void (store.tokens = tokens),
      saveCodeVerifier: (verifier) => void (store.verifier = verifier),
      codeVerifier: () => store.verifier!,
      redirectToAuthorization: async (url) => {
        expect(url.searchParams.get('resource')).toBe(serverUrl.href);
        const html = await (await fetch(url)).text();
        const back = await decide(sandbox, html, 'allow');
        expect(back.location!.searchParams.get('state')).toBe('sdk-state');
        store.code = back.location!.searchParams.get('code')!;
      },
    };
    expect(await auth(provider, { serverUrl })).toBe('REDIRECT');
    expect(await auth(provider, { serverUrl, authorizationCode: store.code })).toBe('AUTHORIZED');
    expect(store.tokens.access_token).toMatch(/^oat_/);

    const client = new Client({ name: 'sdk-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['lookup_product', 'search_products']);
      const product = sandbox.demo.products[5]!;
      const found = await client.callTool({ name: 'lookup_product', arguments: { product_url: product.productUrl } });
      expect((found.structuredContent as any).result.product.uuid).toBe(product.uuid);
      const page = await client.callTool({ name: 'search_products', arguments: { query: 'bottle', limit: 2 } });
      expect((page.structuredContent as any).result.items).toHaveLength(2);
      const missing = await client.callTool({ name: 'lookup_product', arguments: { product_url: 'https://nowhere.example/x' } });
      expect(missing.isError).toBe(true);
    } finally {
      await client.close();
    }
    const grantTypes = sandbox.journal.list().filter((e) => e.path === '/oauth2/token').map((e) => (e.body as any).grant_type);
    expect(grantTypes).toEqual(['authorization_code']);
    expect(sandbox.journal.list().some((e) => e.path === '/oauth2/register')).toBe(true);
  });
});
