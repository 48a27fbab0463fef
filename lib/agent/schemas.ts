/**
 * The catalog agent API (`POST /catalog/search`, `GET /catalog/health`, NDJSON streaming events), as zod schemas.
 *
 * Source: ../shared/docs/catalog-agent-api.txt, the only description of this surface (contract notes §8).
 * - The request schema is a strict writer: unknown fields are refused (the sandbox answers 422 `extra_forbidden`).
 * - Response and event schemas are tolerant readers: unknown fields are kept, every product field but `id` is
 *   optional, a product that does not fit is dropped (not the whole answer), and small type drifts are coerced
 *   (numeric strings, a `brand` object, a single category string).
 */
import { z } from 'zod';

// zod 4 probes `new Function` for its JIT, which an MV3 extension's CSP reports as a violation.
z.config({ jitless: true });

export const AGENT_DEFAULTS = { max_results: 5, max_sponsored: 2, streaming: false, price_filtering: false } as const;
export const AGENT_LIMITS = { max_results: [1, 50], max_sponsored: [0, 10] } as const;

// ---------------------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------------------

export const AgentSearchRequest = z.strictObject({
  query: z
    .string()
    .min(1, { abort: true })
    .max(2000, { abort: true })
    .refine((q) => q.trim().length > 0, 'query must not be blank'),
  session_id: z.string().min(1).max(200).nullish(),
  user_id: z.string().min(1).max(200).nullish(),
  max_results: z.number().int().min(AGENT_LIMITS.max_results[0]).max(AGENT_LIMITS.max_results[1]).optional(),
  max_sponsored: z.number().int().min(AGENT_LIMITS.max_sponsored[0]).max(AGENT_LIMITS.max_sponsored[1]).optional(),
  streaming: z.boolean().optional(),
  price_filtering: z.boolean().optional(),
  min_price: z.number().min(0).nullish(),
  max_price: z.number().min(0).nullish(),
  marketplace_id: z.string().min(1).max(200).nullish(),
});
export type AgentSearchRequest = z.input<typeof AgentSearchRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Products and answers
// ---------------------------------------------------------------------------------------------------------------

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v),
  z.number(),
);
const optNum = num.nullish().catch(undefined);
const optStr = z.string().nullish().catch(undefined);

export const AgentProduct = z.looseObject({
  id: z.union([z.string().min(1), z.number().transform(String)]),
  name: optStr,
  brand: z
    .preprocess((v) => (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string' ? (v as { name: string }).name : v), z.string())
    .nullish()
    .catch(undefined),
  price: optNum,
  currency: optStr,
  categories: z
    .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.unknown()))
    .transform((items) =>
      items
        .map((c) => (typeof c === 'string' ? c : c && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string' ? (c as { name: string }).name : undefined))
        .filter((c): c is string => typeof c === 'string' && c.length > 0),
    )
    .catch([])
    .default([]),
  image_url: optStr,
  url: optStr,
  similarity_score: optNum,
  rank: optNum,
  is_sponsored: z
    .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean())
    .catch(false)
    .default(false),
  description: optStr,
  availability: optStr,
  resolvedBidId: z.union([z.string(), z.number().transform(String)]).nullish().catch(undefined),
});
export type AgentProduct = z.infer<typeof AgentProduct>;

/** A product list where an item that does not fit is dropped, not the whole list. */
export const AgentProductList = z
  .array(z.unknown())
  .catch([])
  .transform((items) =>
    items.flatMap((item) => {
      const parsed = AgentProduct.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }),
  );

export const AgentSummary = z.looseObject({
  total_results: optNum,
  sponsored_results: optNum,
  organic_results: optNum,
});
export type AgentSummary = z.infer<typeof AgentSummary>;

export const AgentData = z.looseObject({
  products: AgentProductList.default([]),
  summary: AgentSummary.nullish().catch(undefined),
});
export type AgentData = z.infer<typeof AgentData>;

const emptyData = (): AgentData => ({ products: [] });

export const AgentSearchResponse = z.looseObject({
  text: z.string().catch('').default(''),
  session_id: optStr,
  data: z.preprocess((v) => v ?? undefined, AgentData.optional()).transform((d) => d ?? emptyData()),
});
export type AgentSearchResponse = z.infer<typeof AgentSearchResponse>;

export const AgentHealth = z.looseObject({ status: z.string(), service: optStr });
export type AgentHealth = z.infer<typeof AgentHealth>;

// ---------------------------------------------------------------------------------------------------------------
// Streaming events (one JSON object per NDJSON line)
// ---------------------------------------------------------------------------------------------------------------

export const StartEvent = z.looseObject({ event: z.literal('start'), session_id: optStr });
export const TextChunkEvent = z.looseObject({ event: z.literal('text_chunk'), content: z.string() });
export const DoneEvent = z.looseObject({
  event: z.literal('done'),
  session_id: optStr,
  data: z.preprocess((v) => v ?? undefined, AgentData.optional()).transform((d) => d ?? emptyData()),
});
export const ErrorEvent = z.looseObject({
  event: z.literal('error'),
  message: z
    .preprocess((v) => (typeof v === 'string' ? v : v === undefined || v === null ? 'The agent reported an error.' : JSON.stringify(v)), z.string()),
});

export const AgentEvent = z.discriminatedUnion('event', [StartEvent, TextChunkEvent, DoneEvent, ErrorEvent]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventName = AgentEvent['event'];
export const AGENT_EVENT_NAMES: readonly AgentEventName[] = ['start', 'text_chunk', 'done', 'error'];

export type ParsedEvent =
  | { kind: 'event'; event: AgentEvent }
  /** A well-formed object with an event name this client does not know: ignore it (forward compatibility). */
  | { kind: 'unknown'; name: string }
  | { kind: 'invalid'; reason: string };

/** Classify one decoded NDJSON value. */
export function parseAgentEvent(value: unknown): ParsedEvent {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'invalid', reason: 'not a JSON object' };
  const name = (value as { event?: unknown }).event;
  if (typeof name !== 'string') return { kind: 'invalid', reason: 'no "event" name' };
  if (!(AGENT_EVENT_NAMES as readonly string[]).includes(name)) return { kind: 'unknown', name };
  const parsed = AgentEvent.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'invalid', reason: `${name}: ${issue ? `${issue.path.join('.') || '(event)'} ${issue.message}` : 'does not fit'}` };
  }
  return { kind: 'event', event: parsed.data };
}
