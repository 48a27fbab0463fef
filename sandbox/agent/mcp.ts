/**
 * The catalog agent's MCP server at `/mcp` (Streamable HTTP, JSON-RPC 2.0), with the official MCP TypeScript SDK.
 * Stateless: every HTTP request gets a fresh server and transport (no `Mcp-Session-Id`), answered as plain JSON
 * (`enableJsonResponse`). One tool, `search_products`, with the doc's parameters; it answers with the same
 * products as `POST /catalog/search` (no conversation memory: each call stands alone).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';
import { AGENT_DEFAULTS, AGENT_LIMITS } from '../../lib/agent/schemas';
import type { AgentEngine } from './engine';

/** The session id used for bid ids of MCP calls (they have no session). */
export const MCP_SESSION = 'mcp';

export const SEARCH_PRODUCTS_INPUT = {
  query: z.string().min(1).describe('Natural-language query, e.g. "running shoes under $150".'),
  marketplace_id: z.string().min(1).optional().describe('Marketplace UUID (restricts the search to one store).'),
  max_results: z.number().int().min(AGENT_LIMITS.max_results[0]).max(AGENT_LIMITS.max_results[1]).optional().describe('Total products (default 5).'),
  max_sponsored: z.number().int().min(AGENT_LIMITS.max_sponsored[0]).max(AGENT_LIMITS.max_sponsored[1]).optional().describe('Sponsored products (default 2).'),
  price_filtering: z.boolean().optional().describe('Apply min_price / max_price (default false).'),
  min_price: z.number().min(0).optional(),
  max_price: z.number().min(0).optional(),
};

function buildServer(engine: AgentEngine): McpServer {
  const server = new McpServer({ name: 'octolens-sandbox-catalog-agent', version: '1.0.0' });
  server.registerTool(
    'search_products',
    {
      title: 'Search products',
      description: 'Search the catalog in natural language. Returns organic and sponsored products (is_sponsored, resolvedBidId).',
      inputSchema: SEARCH_PRODUCTS_INPUT,
    },
    async (args) => {
      const filtering = args.price_filtering ?? AGENT_DEFAULTS.price_filtering;
      const answer = engine.answer(args.query, MCP_SESSION, {
        maxResults: args.max_results ?? AGENT_DEFAULTS.max_results,
        maxSponsored: args.max_sponsored ?? AGENT_DEFAULTS.max_sponsored,
        minPrice: filtering ? args.min_price : undefined,
        maxPrice: filtering ? args.max_price : undefined,
        marketplaceId: args.marketplace_id,
      });
      const result = { text: answer.text, products: answer.products, summary: answer.summary };
      return { content: [{ type: 'text' as const, text: JSON.stringify(result) }], structuredContent: result };
    },
  );
  return server;
}

/** Answer one HTTP request to `/mcp` (the body was already read by the journal middleware: pass its text). */
export async function handleMcp(request: Request, bodyText: string, engine: AgentEngine): Promise<Response> {
  // Stateless: no standalone SSE stream (GET) and no session to delete (DELETE), as the SDK's stateless examples.
  if (request.method !== 'POST') {
    return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Method not allowed.' } }, { status: 405, headers: { Allow: 'POST' } });
  }
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(bodyText);
  } catch {
    return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }, { status: 400 });
  }
  const server = buildServer(engine);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, { parsedBody });
  } finally {
    // JSON mode: the response is complete here, so the per-request server can go.
    void server.close();
  }
}
