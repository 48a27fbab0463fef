/**
 * The sandbox's catalog agent API (../shared/docs/catalog-agent-api.txt): `GET /catalog/health`,
 * `POST /catalog/search` (JSON or NDJSON streaming, session memory, sponsored placements) and the MCP endpoint `/mcp`.
 * Behaviour and test triggers: ./README.md.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { AGENT_DEFAULTS, AgentSearchRequest } from '../../lib/agent/schemas';
import type { SandboxCatalog } from '../catalog';
import { sleep, type FaultSpec, type JournalEntry } from '../hooks';
import { jsonInvalidItem, toValidationItems } from '../validation';
import { AgentEngine, chunkText, type AgentAnswer, type SessionMemory } from './engine';
import { handleMcp } from './mcp';

/** The documented demo agent key the sandbox accepts when started without `--agent-key`. */
export const DEMO_AGENT_KEY = 'octo_agent_demo_5f2b9c7e1a4d8e3b';
/** The 401 body, for a missing and a wrong key alike (the product doc names none; FastAPI's APIKeyHeader style). */
export const AGENT_UNAUTHORIZED = { detail: 'Invalid or missing API key' } as const;
/** A query that makes the agent fail: JSON mode answers 500, streaming mode sends an `error` event. */
export const AGENT_ERROR_TRIGGER = '__error__';
export const AGENT_ERROR_MESSAGE = 'The catalog agent failed to complete this request (sandbox trigger __error__).';
/** Pause between streamed events, so a client really sees a stream. */
export const STREAM_EVENT_DELAY_MS = 40;
const MAX_SESSIONS = 1000;

export type AgentEnv = { Variables: { fault?: FaultSpec; journalEntry?: JournalEntry } };

export interface AgentOptions {
  agentKey: string;
  catalog: SandboxCatalog;
  /** Override the delay between streamed events (tests). */
  streamDelayMs?: number;
}

export interface AgentSandbox {
  routes: Hono<AgentEnv>;
  engine: AgentEngine;
  sessions: Map<string, SessionMemory>;
}

export function createAgent(options: AgentOptions): AgentSandbox {
  const engine = new AgentEngine(options.catalog);
  const sessions = new Map<string, SessionMemory>();
  const delayMs = options.streamDelayMs ?? STREAM_EVENT_DELAY_MS;
  const routes = new Hono<AgentEnv>();

  const authorized = (c: Context<AgentEnv>) => c.req.header('x-api-key') === options.agentKey;

  routes.get('/catalog/health', (c) => c.json({ status: 'healthy', service: 'catalog-agent-api' }));

  routes.post('/catalog/search', async (c) => {
    // FastAPI reads the JSON body first, then runs the key dependency, then validates the body.
    const text = await c.req.text();
    let body: unknown;
    if (text.trim().length) {
      try {
        body = JSON.parse(text);
      } catch {
        return c.json({ detail: [jsonInvalidItem(text)] }, 422);
      }
    }
    if (!authorized(c)) return c.json(AGENT_UNAUTHORIZED, 401);
    const parsed = AgentSearchRequest.safeParse(body);
    if (!parsed.success) return c.json({ detail: toValidationItems(parsed.error, body) }, 422);
    const request = parsed.data;
    const priceFiltering = request.price_filtering ?? AGENT_DEFAULTS.price_filtering;
    if (priceFiltering && request.min_price != null && request.max_price != null && request.min_price > request.max_price) {
      const message = 'min_price must not be greater than max_price';
      return c.json({ detail: [{ type: 'value_error', loc: ['body'], msg: `Value error, ${message}`, input: body, ctx: { error: message } }] }, 422);
    }

    const sessionId = request.session_id ?? randomUUID();
    const streaming = request.streaming ?? AGENT_DEFAULTS.streaming;
    const failing = request.query.trim() === AGENT_ERROR_TRIGGER;
    let answer: AgentAnswer | undefined;
    if (!failing) {
      answer = engine.answer(
        request.query,
        sessionId,
        {
          maxResults: request.max_results ?? AGENT_DEFAULTS.max_results,
          maxSponsored: request.max_sponsored ?? AGENT_DEFAULTS.max_sponsored,
          minPrice: priceFiltering ? request.min_price : undefined,
          maxPrice: priceFiltering ? request.max_price : undefined,
          marketplaceId: request.marketplace_id,
        },
        sessions.get(sessionId),
      );
      sessions.delete(sessionId);
      sessions.set(sessionId, answer.memory);
      if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    }

    if (!streaming) {
      if (!answer) return c.json({ detail: 'Internal Server Error' }, 500);
      return c.json({ text: answer.text, session_id: sessionId, data: { products: answer.products, summary: answer.summary } }, 200);
    }

    const events: object[] = [{ event: 'start', session_id: sessionId }];
    if (answer) {
      for (const content of chunkText(answer.text)) events.push({ event: 'text_chunk', content });
      events.push({ event: 'done', session_id: sessionId, data: { products: answer.products, summary: answer.summary } });
    } else {
      events.push({ event: 'text_chunk', content: 'Let me look through the catalog… ' });
      events.push({ event: 'error', message: AGENT_ERROR_MESSAGE });
    }
    const fault = c.get('fault');
    const entry = c.get('journalEntry');
    return ndjsonResponse(events, {
      delayMs: fault?.eventDelayMs ?? delayMs,
      breakAfter: fault?.breakAfterEvents,
      onCancel: () => {
        if (entry) entry.cancelled = true;
      },
    });
  });

  routes.all('/mcp', async (c) => {
    if (!authorized(c)) return c.json(AGENT_UNAUTHORIZED, 401);
    return handleMcp(c.req.raw, await c.req.text(), engine);
  });

  return { routes, engine, sessions };
}

/** Mount the agent routes on the sandbox app (the caller puts its journal, CORS and fault middleware in front). */
export function mountAgent(app: { route(path: string, sub: Hono<AgentEnv>): unknown }, options: AgentOptions): AgentSandbox {
  const agent = createAgent(options);
  app.route('/', agent.routes);
  return agent;
}

/**
 * Stream events as NDJSON, one line each, with a pause between them. `breakAfter`: send that many events, then
 * error the stream, which makes the HTTP server cut the connection (no `done`, no clean end of the chunked body).
 */
function ndjsonResponse(events: readonly object[], options: { delayMs: number; breakAfter?: number; onCancel?: () => void }): Response {
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (let i = 0; i < events.length; i++) {
        if (cancelled) return;
        if (options.breakAfter !== undefined && i >= options.breakAfter) {
          await sleep(options.delayMs);
          const cut = new Error('sandbox fault breakAfterEvents: stream cut on purpose');
          cut.stack = cut.message; // @hono/node-server logs it; one line is enough
          controller.error(cut);
          return;
        }
        if (i > 0) await sleep(options.delayMs);
        if (cancelled) return;
        controller.enqueue(encoder.encode(`${JSON.stringify(events[i])}\n`));
      }
      controller.close();
    },
    cancel() {
      cancelled = true;
      options.onCancel?.();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' },
  });
}
