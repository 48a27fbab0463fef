/**
 * The Catalog Partner MCP server at `/partner/mcp`: MCP Streamable HTTP (protocol 2025-06-18), JSON-RPC 2.0 answered
 * as `application/json`, Bearer access tokens from the sandbox's OAuth server (sandbox/oauth.ts), and two tools,
 * `lookup_product` and `search_products`, over the same catalog and logic as REST (sandbox/product-ops.ts).
 *
 * A small handler of its own rather than the SDK's McpServer (which the agent's `/mcp` uses): McpServer turns every
 * error thrown in a tool into an `isError` text result, so the rate limit could not be the JSON-RPC error -32029 the
 * service sends, and its argument validation answers text-only tool errors instead of the service's
 * `{error, message, requestId}` values; sessions would need a server and a transport kept per session.
 */
import { z } from 'zod';
import type { SandboxCatalog } from './catalog';
import { requestId } from './api-common';
import { sleep, type Faults } from './hooks';
import { Bounded, PARTNER_MCP_PATH, type OAuthServer } from './oauth';
import { lookupProduct, searchProducts } from './product-ops';
import { rateLimitHeaders, type TokenBuckets } from './ratelimit';

export const MCP_PROTOCOL_VERSION = '2025-06-18';
const SUPPORTED_VERSIONS = ['2025-06-18', '2025-03-26', '2024-11-05'];
export const MCP_RATE_LIMIT_CODE = -32029;
export const TOOL_ERRORS = ['product_not_found', 'catalog_not_granted', 'invalid_limit', 'not_authorized', 'request_failed'] as const;
export type ToolError = (typeof TOOL_ERRORS)[number];

const LookupArgs = z.strictObject({
  product_url: z.string().min(1),
  catalogs: z.array(z.string().min(1)).max(500).nullish(),
});
const SearchArgs = z.strictObject({
  catalog: z.string().min(1).nullish(),
  query: z.string().nullish(),
  // Checked by the tool itself: out of 1..100 is the `invalid_limit` tool error (no clamping), not a protocol error.
  limit: z.unknown().optional(),
  cursor: z.string().nullish(),
});

export const PARTNER_TOOLS = [
  {
    name: 'lookup_product',
    title: 'Look up a product',
    description: "The canonical record of the product at a URL, from your organisation's catalogs (REST lookupProduct).",
    inputSchema: {
      type: 'object',
      properties: {
        product_url: { type: 'string', description: 'The product page URL.' },
        catalogs: { type: 'array', items: { type: 'string' }, description: 'Only these catalogs (keys).' },
      },
      required: ['product_url'],
      additionalProperties: false,
    },
  },
  {
    name: 'search_products',
    title: 'Search products',
    description: "Search your organisation's catalogs (REST searchProducts): items[] and nextCursor. Omit catalog unless the user asks for one.",
    inputSchema: {
      type: 'object',
      properties: {
        catalog: { type: 'string', description: 'One catalog key.' },
        query: { type: 'string' },
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
        cursor: { type: 'string', description: 'nextCursor of the previous page (a malformed cursor restarts at page 1).' },
      },
      additionalProperties: false,
    },
  },
] as const;

type Id = string | number | null;
const rpcResult = (id: Id, result: unknown) => ({ jsonrpc: '2.0', id, result });
const rpcError = (id: Id, code: number, message: string, data?: unknown) => ({ jsonrpc: '2.0', id, error: { code, message, ...(data !== undefined ? { data } : {}) } });

function toolResult(value: unknown, isError = false) {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: { result: value }, ...(isError ? { isError: true } : {}) };
}
const toolError = (error: ToolError, message?: string) => toolResult({ error, ...(message ? { message } : {}), requestId: requestId() }, true);

export interface PartnerMcpOptions {
  oauth: OAuthServer;
  catalog: () => SandboxCatalog;
  buckets: TokenBuckets;
  faults: Faults;
}

export class PartnerMcp {
  /** Sessions begun by `initialize` (not bound to a token: a refreshed token goes on in the same session). */
  private readonly sessions = new Bounded<string, true>(1000);

  constructor(private readonly options: PartnerMcpOptions) {}

  private unauthorized(reason?: string): Response {
    const metadata = `resource_metadata="${this.options.oauth.resourceMetadataUrl}"`;
    const challenge = reason ? `Bearer error="invalid_token", error_description="${reason}", ${metadata}` : `Bearer ${metadata}`;
    const body = reason
      ? { error: 'invalid_token', error_description: reason }
      : { error: 'invalid_request', error_description: 'Authorization: Bearer <access token> is required.' };
    return Response.json(body, { status: 401, headers: { 'WWW-Authenticate': challenge } });
  }

  /** Answer one HTTP request to `/partner/mcp` (its body text was already read by the journal). */
  async handle(request: Request, bodyText: string): Promise<Response> {
    // --- Who: a valid, unexpired, unrevoked access token for this resource, of a catalog partner -------------------
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
    if (!match) return this.unauthorized();
    const check = this.options.oauth.check(match[1]!);
    if (!check.ok) {
      const reasons = {
        unknown: 'The access token is not valid.',
        expired: 'The access token expired.',
        revoked: 'The access token was revoked.',
        wrong_audience: `The access token is not for ${this.options.oauth.resource}.`,
      };
      return this.unauthorized(reasons[check.reason]);
    }
    const organization = check.grant.organization;
    if (organization.type !== 'catalog_partner') {
      return Response.json(
        { error: 'forbidden', error_description: `The organisation ${organization.name} is not a catalog partner; this server serves catalog_partner organisations only.` },
        { status: 403 },
      );
    }

    // --- The transport: POST of one JSON-RPC message, answered as JSON -----------------------------------------------
    const sessionId = request.headers.get('mcp-session-id');
    if (request.method === 'DELETE') {
      if (!sessionId || !this.sessions.delete(sessionId)) return Response.json(rpcError(null, -32001, 'Session not found'), { status: 404 });
      return new Response(null, { status: 204 });
    }
    if (request.method !== 'POST') {
      // No server-initiated stream (GET): this server only answers requests.
      return Response.json(rpcError(null, -32000, 'Method not allowed.'), { status: 405, headers: { Allow: 'POST, DELETE' } });
    }
    const accept = request.headers.get('accept') ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return Response.json(rpcError(null, -32000, 'Not Acceptable: the client must accept both application/json and text/event-stream.'), { status: 406 });
    }
    if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
      return Response.json(rpcError(null, -32000, 'Unsupported Media Type: send application/json.'), { status: 415 });
    }
    let message: unknown;
    try {
      message = JSON.parse(bodyText);
    } catch {
      return Response.json(rpcError(null, -32700, 'Parse error'), { status: 400 });
    }
    if (Array.isArray(message)) return Response.json(rpcError(null, -32600, 'Invalid Request: batches are not supported (protocol 2025-06-18).'), { status: 400 });
    const msg = (message && typeof message === 'object' ? message : {}) as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    const id: Id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : null;
    if (msg.jsonrpc !== '2.0' || (msg.method !== undefined && typeof msg.method !== 'string')) {
      return Response.json(rpcError(id, -32600, 'Invalid Request'), { status: 400 });
    }
    const version = request.headers.get('mcp-protocol-version');
    if (version && !SUPPORTED_VERSIONS.includes(version)) {
      return Response.json(rpcError(id, -32000, `Bad Request: unsupported MCP-Protocol-Version ${version} (supported: ${SUPPORTED_VERSIONS.join(', ')}).`), { status: 400 });
    }

    if (msg.method === 'initialize') {
      if (id === null) return Response.json(rpcError(null, -32600, 'Invalid Request: initialize needs an id.'), { status: 400 });
      const requested = (msg.params as { protocolVersion?: unknown } | undefined)?.protocolVersion;
      const newSession = crypto.randomUUID();
      this.sessions.set(newSession, true);
      return Response.json(
        rpcResult(id, {
          protocolVersion: typeof requested === 'string' && SUPPORTED_VERSIONS.includes(requested) ? requested : MCP_PROTOCOL_VERSION,
          capabilities: { tools: {} },
          serverInfo: { name: 'octogen-catalog-partner-mcp (sandbox)', version: '1.0.0' },
        }),
        { headers: { 'Mcp-Session-Id': newSession } },
      );
    }
    if (!sessionId) return Response.json(rpcError(id, -32000, 'Bad Request: Mcp-Session-Id header is required (send initialize first).'), { status: 400 });
    if (!this.sessions.has(sessionId)) return Response.json(rpcError(id, -32001, 'Session not found: initialize again.'), { status: 404 });
    // Notifications (no id) and the client's answers (no method) are accepted without an answer.
    if (msg.method === undefined || msg.id === undefined) return new Response(null, { status: 202 });

    switch (msg.method) {
      case 'ping':
        return Response.json(rpcResult(id, {}));
      case 'tools/list':
        return Response.json(rpcResult(id, { tools: PARTNER_TOOLS }));
      case 'tools/call':
        return this.callTool(id, msg.params, organization.id);
      default:
        return Response.json(rpcError(id, -32601, `Method not found: ${msg.method}`));
    }
  }

  private async callTool(id: Id, params: unknown, organizationId: string): Promise<Response> {
    const call = z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() }).safeParse(params);
    if (!call.success) return Response.json(rpcError(id, -32602, 'Invalid params: tools/call needs {name, arguments}.'));
    const { name } = call.data;
    if (!PARTNER_TOOLS.some((t) => t.name === name)) return Response.json(rpcError(id, -32602, `Unknown tool: ${name}`));
    // Only tools/call counts, in the organisation's bucket that REST uses too.
    const bucket = this.options.buckets.take(organizationId);
    const headers = rateLimitHeaders(bucket);
    if (!bucket.allowed) {
      return Response.json(rpcError(id, MCP_RATE_LIMIT_CODE, 'rate_limited', { error: 'rate_limited', retry_after: bucket.retryAfter }), { headers });
    }
    const fault = this.options.faults.take('POST', PARTNER_MCP_PATH, name);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status !== undefined && fault.status !== 200) return Response.json(fault.body ?? { detail: `HTTP ${fault.status}` }, { status: fault.status, headers: fault.headers });
      if (fault.body !== undefined) {
        const value = fault.body as { error?: unknown };
        return Response.json(rpcResult(id, toolResult(value.error ? { requestId: requestId(), ...value } : value, Boolean(value.error))), { headers });
      }
    }
    const args = call.data.arguments ?? {};
    const catalog = this.options.catalog();
    if (name === 'lookup_product') {
      const parsed = LookupArgs.safeParse(args);
      if (!parsed.success) return Response.json(rpcError(id, -32602, `Invalid arguments for lookup_product: ${z.prettifyError(parsed.error)}`));
      const { product_url, catalogs } = parsed.data;
      const missing = catalogs?.find((key) => !catalog.catalog(key));
      if (missing) return Response.json(rpcResult(id, toolError('catalog_not_granted', `Catalog ${missing} is not granted to your organisation.`)), { headers });
      const outcome = lookupProduct(catalog, { url: product_url, catalogs: catalogs ?? undefined });
      if (outcome.kind === 'found') return Response.json(rpcResult(id, toolResult(outcome.value)), { headers });
      if (outcome.kind === 'not_found') return Response.json(rpcResult(id, toolError('product_not_found')), { headers });
      const message = outcome.kind === 'invalid_url' ? `${outcome.detail}: product_url must be an absolute http(s) URL of a public host.` : outcome.message;
      return Response.json(rpcResult(id, toolError('request_failed', message)), { headers });
    }
    const parsed = SearchArgs.safeParse(args);
    if (!parsed.success) return Response.json(rpcError(id, -32602, `Invalid arguments for search_products: ${z.prettifyError(parsed.error)}`));
    const { catalog: key, query, limit, cursor } = parsed.data;
    if (limit !== undefined && limit !== null && !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= 100)) {
      return Response.json(rpcResult(id, toolError('invalid_limit', 'limit must be a whole number from 1 to 100.')), { headers });
    }
    const outcome = searchProducts(catalog, { q: query, catalog: key, cursor, limit: (limit as number | null | undefined) ?? undefined });
    if (outcome.kind === 'catalog_not_found') return Response.json(rpcResult(id, toolError('catalog_not_granted', `Catalog ${key} is not granted to your organisation.`)), { headers });
    if (outcome.kind === 'conflict') return Response.json(rpcResult(id, toolError('request_failed', outcome.message)), { headers });
    return Response.json(rpcResult(id, toolResult(JSON.parse(outcome.json))), { headers });
  }
}
