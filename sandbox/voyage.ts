/**
 * Voyage (`POST /voyage`, `GET /voyage`, `GET /voyage/{task_id}`; contract notes §3.9): a crawl of a new store,
 * shared per domain, walking its phases on a clock.
 *
 * - The phase is computed from the time since the voyage started (no timers): every `stepMs` it moves one step,
 *   queued → discovering_site → sampling_products → building_extraction → publishing_catalog → complete (5 steps).
 * - A fresh voyage answers 202 and consumes quota (monthly and a concurrent slot); a domain with an active voyage,
 *   a completed one, or a catalog already covering it is joined: 200, no quota.
 * - When a voyage completes, `tick()` publishes its catalog (generated products, see uncatalogued.ts) into the
 *   sandbox catalog: `/domains`, lookup, search and `/catalogs` see it.
 * - Domains: `blocked.example`, `blocked.localhost` (and their subdomains) are refused with 409
 *   `voyage_domain_blocked`; a domain whose first label is `fails` (`fails.localhost`, `fails.example`) fails in
 *   building_extraction.
 */
import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ERROR_EXAMPLES } from './api-common';
import {
  VOYAGE_FINAL_STATUSES,
  VoyageListQuery,
  VoyageListResponse,
  VoyageStartRequest,
  VoyageTask,
  type VoyageQuotas,
  type VoyageTask as VoyageTaskT,
} from '../lib/octogen/schemas';
import type { SandboxCatalog } from './catalog';
import { voyageCatalog } from './uncatalogued';

export const VOYAGE_STEP_MS_DEFAULT = 2000;
export const VOYAGE_MONTHLY_LIMIT_DEFAULT = 20;
export const VOYAGE_CONCURRENT_LIMIT_DEFAULT = 3;
export const BLOCKED_DOMAINS: readonly string[] = ['blocked.example', 'blocked.localhost'];

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The service's domain normalisation: lowercase; scheme, path, port and a leading `www.` stripped. */
export function normalizeVoyageDomain(input: string): string | undefined {
  let s = input.trim().toLowerCase();
  if (!s || /\s/.test(s)) return undefined;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  s = s.split(/[/?#]/, 1)[0] ?? '';
  if (s.includes('@') || s.startsWith('[')) return undefined;
  s = s.replace(/:\d*$/, '').replace(/\.+$/, '');
  if (s.startsWith('www.')) s = s.slice(4);
  try {
    s = new URL(`http://${s}`).hostname;
  } catch {
    return undefined;
  }
  if (!DOMAIN.test(s)) return undefined;
  // Not a registrable domain: IP addresses, numeric top-level labels.
  if (/\.\d+$/.test(s)) return undefined;
  return s;
}

export function isBlockedDomain(domain: string): boolean {
  return BLOCKED_DOMAINS.some((b) => domain === b || domain.endsWith(`.${b}`));
}

const FAILS = (domain: string) => domain.split('.')[0] === 'fails';

interface Step {
  status: VoyageTaskT['status'];
  phase: VoyageTaskT['phase'];
  phaseLabel: string;
  from: number;
  to: number;
}
/** Step i holds for [i, i+1) × stepMs after the start; step 5 and later: complete. */
export const VOYAGE_STEPS: readonly Step[] = [
  { status: 'queued', phase: 'discovering_site', phaseLabel: 'Queued', from: 0, to: 0 },
  { status: 'running', phase: 'discovering_site', phaseLabel: 'Discovering the site', from: 5, to: 25 },
  { status: 'running', phase: 'sampling_products', phaseLabel: 'Sampling product pages', from: 25, to: 50 },
  { status: 'running', phase: 'building_extraction', phaseLabel: 'Building the extraction', from: 50, to: 75 },
  { status: 'running', phase: 'publishing_catalog', phaseLabel: 'Publishing the catalog', from: 75, to: 95 },
];
export const VOYAGE_COMPLETE_STEP = VOYAGE_STEPS.length;
/** A `fails` domain fails when it would enter this step (publishing_catalog). */
const FAIL_STEP = 4;

interface VoyageRecord {
  seq: number;
  taskId: string;
  domain: string;
  startedAt: number;
  /** Joined a domain a catalog already covered: complete from the start, nothing to publish. */
  preexisting: boolean;
  /** A fresh dispatch (consumed quota). */
  fresh: boolean;
  published: boolean;
  catalogKey?: string;
  productCount?: number;
}

export interface VoyageOptions {
  stepMs?: number;
  monthlyLimit?: number;
  concurrentLimit?: number;
  now?: () => number;
  /** The sandbox's public origin: generated store pages of `*.localhost` domains live on its port. */
  origin: string;
}

export type StartOutcome =
  | { status: 200 | 202; task: VoyageTaskT }
  | { status: 409 | 422; detail: string }
  | { status: 429; detail: { code: 'voyage_quota_exceeded'; violations: { dimension: string; limit: number; used: number; resetsAt: string | null }[] } };

const iso = (ms: number) => new Date(ms).toISOString();

function monthStart(ms: number): Date {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** Every voyage of the (single) organisation, and the catalog they publish into. */
export class Voyages {
  readonly stepMs: number;
  readonly monthlyLimit: number;
  readonly concurrentLimit: number;
  private readonly now: () => number;
  private readonly records: VoyageRecord[] = [];
  private seq = 0;

  constructor(
    private readonly catalog: SandboxCatalog,
    private readonly options: VoyageOptions,
  ) {
    this.stepMs = Math.max(1, options.stepMs ?? VOYAGE_STEP_MS_DEFAULT);
    this.monthlyLimit = options.monthlyLimit ?? VOYAGE_MONTHLY_LIMIT_DEFAULT;
    this.concurrentLimit = options.concurrentLimit ?? VOYAGE_CONCURRENT_LIMIT_DEFAULT;
    this.now = options.now ?? Date.now;
  }

  private step(record: VoyageRecord, now: number): number {
    if (record.preexisting) return VOYAGE_COMPLETE_STEP;
    return Math.max(0, Math.floor((now - record.startedAt) / this.stepMs));
  }

  private failed(record: VoyageRecord, now: number): boolean {
    return !record.preexisting && FAILS(record.domain) && this.step(record, now) >= FAIL_STEP;
  }

  private isFinal(record: VoyageRecord, now: number): boolean {
    return this.failed(record, now) || this.step(record, now) >= VOYAGE_COMPLETE_STEP;
  }

  /** The public view of a voyage at `now`. */
  view(record: VoyageRecord, now = this.now()): VoyageTaskT {
    const step = this.step(record, now);
    const base = { taskId: record.taskId, domain: record.domain, createdAt: iso(record.startedAt) };
    if (this.failed(record, now)) {
      const at = record.startedAt + FAIL_STEP * this.stepMs;
      return {
        ...base,
        status: 'failed',
        phase: 'failed',
        phaseLabel: 'Failed',
        progressPercent: VOYAGE_STEPS[FAIL_STEP - 1]!.to,
        updatedAt: iso(at),
        completedAt: iso(at),
        error: { code: 'extraction_failed', message: 'No reliable product extraction could be built for this site.' },
        result: null,
      };
    }
    if (step >= VOYAGE_COMPLETE_STEP) {
      this.publish(record);
      const at = record.preexisting ? record.startedAt : record.startedAt + VOYAGE_COMPLETE_STEP * this.stepMs;
      return {
        ...base,
        status: 'completed',
        phase: 'complete',
        phaseLabel: 'Complete',
        progressPercent: 100,
        updatedAt: iso(at),
        completedAt: iso(at),
        error: null,
        result: {
          catalog: record.catalogKey ?? '',
          productCount: record.productCount ?? null,
          endpoints: { search: '/v1/products/search', lookup: '/v1/products/lookup' },
        },
      };
    }
    const s = VOYAGE_STEPS[step]!;
    const fraction = Math.min(1, (now - record.startedAt - step * this.stepMs) / this.stepMs);
    return {
      ...base,
      status: s.status,
      phase: s.phase,
      phaseLabel: s.phaseLabel,
      progressPercent: Math.floor(s.from + (s.to - s.from) * fraction),
      updatedAt: iso(record.startedAt + step * this.stepMs),
      completedAt: null,
      error: null,
      result: null,
    };
  }

  /** Publish completed voyages' catalogs (call before answering any request). */
  tick(now = this.now()): void {
    for (const record of this.records) if (!record.published && this.step(record, now) >= VOYAGE_COMPLETE_STEP && !this.failed(record, now)) this.publish(record);
  }

  private publish(record: VoyageRecord): void {
    if (record.published || record.preexisting) return;
    record.published = true;
    const completedAt = iso(record.startedAt + VOYAGE_COMPLETE_STEP * this.stepMs);
    const { catalog, products } = voyageCatalog(record.domain, this.options.origin, completedAt);
    this.catalog.addCatalog(catalog, products);
    record.catalogKey = catalog.catalog;
    record.productCount = products.length;
  }

  quotas(now = this.now()): VoyageQuotas & { concurrent: { limit: number; used: number }; monthly: { limit: number; used: number; periodStart: string; resetsAt: string } } {
    const start = monthStart(now);
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    return {
      concurrent: { limit: this.concurrentLimit, used: this.records.filter((r) => r.fresh && !this.isFinal(r, now)).length },
      monthly: {
        limit: this.monthlyLimit,
        used: this.records.filter((r) => r.fresh && r.startedAt >= start.getTime()).length,
        periodStart: start.toISOString().slice(0, 10),
        resetsAt: next.toISOString(),
      },
    };
  }

  start(rawDomain: string): StartOutcome {
    const now = this.now();
    this.tick(now);
    const domain = normalizeVoyageDomain(rawDomain);
    if (!domain) return { status: 422, detail: 'voyage_invalid_domain' };
    if (isBlockedDomain(domain)) return { status: 409, detail: 'voyage_domain_blocked' };
    // Join: an active voyage, or a completed one whose catalog is live.
    const existing = [...this.records].reverse().find((r) => r.domain === domain && !this.failed(r, now));
    if (existing) return { status: 200, task: this.view(existing, now) };
    const covering = this.catalog.domains().find((d) => d.host === domain);
    if (covering) {
      const record = this.add(domain, now, { preexisting: true, fresh: false });
      record.catalogKey = covering.catalog;
      record.productCount = this.catalog.catalog(covering.catalog)?.productCount;
      return { status: 200, task: this.view(record, now) };
    }
    const quotas = this.quotas(now);
    const violations: { dimension: string; limit: number; used: number; resetsAt: string | null }[] = [];
    if (quotas.monthly.used >= quotas.monthly.limit) {
      violations.push({ dimension: 'calendar_month', limit: quotas.monthly.limit, used: quotas.monthly.used, resetsAt: quotas.monthly.resetsAt });
    }
    if (quotas.concurrent.used >= quotas.concurrent.limit) {
      violations.push({ dimension: 'concurrent', limit: quotas.concurrent.limit, used: quotas.concurrent.used, resetsAt: null });
    }
    if (violations.length) return { status: 429, detail: { code: 'voyage_quota_exceeded', violations } };
    return { status: 202, task: this.view(this.add(domain, now, { preexisting: false, fresh: true }), now) };
  }

  private add(domain: string, now: number, flags: { preexisting: boolean; fresh: boolean }): VoyageRecord {
    const seq = ++this.seq;
    const taskId = `vyg_${createHash('sha256').update(`${seq}:${domain}:${now}`).digest('hex').slice(0, 24)}`;
    const record: VoyageRecord = { seq, taskId, domain, startedAt: now, published: false, ...flags };
    this.records.push(record);
    return record;
  }

  get(taskId: string): VoyageTaskT | undefined {
    const record = this.records.find((r) => r.taskId === taskId);
    return record && this.view(record);
  }

  /** Newest first, optionally by status; cursor = the last item's sequence number (opaque). */
  list(query: { status?: string; cursor?: string; limit: number }): { items: VoyageTaskT[]; nextCursor: string | null } | 'invalid_cursor' {
    const now = this.now();
    let before = Infinity;
    if (query.cursor !== undefined) {
      const seq = decodeCursor(query.cursor, 'v');
      if (seq === undefined) return 'invalid_cursor';
      before = seq;
    }
    const matching = [...this.records]
      .reverse()
      .filter((r) => r.seq < before)
      .map((r) => ({ r, task: this.view(r, now) }))
      .filter(({ task }) => !query.status || task.status === query.status);
    const page = matching.slice(0, query.limit);
    const more = matching.length > query.limit;
    return { items: page.map((x) => x.task), nextCursor: more ? encodeCursor(page[page.length - 1]!.r.seq, 'v') : null };
  }

  /** For tests and the info hook. */
  get size(): number {
    return this.records.length;
  }
}

/** Opaque cursors: base64url of `{"k": kind, "s": seq}`. */
export function encodeCursor(seq: number, kind: string): string {
  return Buffer.from(JSON.stringify({ k: kind, s: seq })).toString('base64url');
}
export function decodeCursor(cursor: string, kind: string): number | undefined {
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown; s?: unknown };
    return value && value.k === kind && Number.isSafeInteger(value.s) && (value.s as number) >= 0 ? (value.s as number) : undefined;
  } catch {
    return undefined;
  }
}

/** A FastAPI-style 422 for a malformed cursor on a route whose 422 is a validation array. */
export const invalidCursorItems = (cursor: string) => [
  { type: 'value_error', loc: ['query', 'cursor'], msg: 'Value error, invalid_cursor', input: cursor, ctx: { error: 'invalid_cursor' } },
];

const detailString = z.object({ detail: z.string() });
const errorJson = (description: string, schema: z.ZodType = detailString) => ({ description, content: { 'application/json': { schema } } });
const QuotaExceeded = z.object({
  detail: z.union([
    z.string(),
    z.object({
      code: z.literal('voyage_quota_exceeded'),
      violations: z.array(z.object({ dimension: z.string(), limit: z.number().int(), used: z.number().int(), resetsAt: z.string().nullable() })),
    }),
  ]),
});

/** `GET /voyage`'s query as it arrives (strings); unknown parameters are ignored, as FastAPI does. */
/**
 * What the sandbox writes: the contract's tolerant VoyageTask with `progressPercent` as the document's integer (the
 * reader's `.catch(0)` has no OpenAPI form).
 */
const VoyageTaskOut = VoyageTask.extend({ progressPercent: z.number().int().min(0).max(100) });
const VoyageListOut = VoyageListResponse.extend({ items: z.array(VoyageTaskOut) });

const ListQuery = z.object({
  ...VoyageListQuery.shape,
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerVoyage(v1: OpenAPIHono<any>, voyages: Voyages): void {
  const errors = ERROR_EXAMPLES;
  const common = { security: [{ BearerApiKey: [] }], tags: ['platform-voyage-api'] };
  v1.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/voyage',
      operationId: 'startVoyage',
      summary: 'Request coverage of a new ecommerce domain',
      request: { body: { content: { 'application/json': { schema: VoyageStartRequest } }, required: true } },
      responses: {
        200: { description: 'Joined an existing voyage (no quota).', content: { 'application/json': { schema: VoyageTaskOut } } },
        202: { description: 'A new voyage (consumes quota).', content: { 'application/json': { schema: VoyageTaskOut } } },
        401: errors[401],
        403: errorJson('`voyage_org_type_forbidden` (fault injection only).'),
        409: errorJson('`voyage_domain_blocked`'),
        422: errors[422],
        429: errorJson('`voyage_quota_exceeded` (structured) or `rate_limit_exceeded`.', QuotaExceeded),
        503: errorJson('`voyage_unavailable` (fault injection only).'),
      },
    }),
    (c) => {
      const outcome = voyages.start(c.req.valid('json').domain);
      if ('task' in outcome) return c.json(outcome.task, outcome.status);
      if (outcome.status === 429) return c.json({ detail: outcome.detail }, 429);
      return c.json({ detail: outcome.detail }, outcome.status);
    },
  );
  v1.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/voyage',
      operationId: 'listVoyages',
      summary: "List your organization's voyages, newest first, with quotas",
      request: { query: ListQuery },
      responses: {
        200: { description: 'A page of voyages and the quotas.', content: { 'application/json': { schema: VoyageListOut } } },
        401: errors[401],
        403: errorJson('`voyage_org_type_forbidden` (fault injection only).'),
        422: errors[422],
        429: errorJson('`rate_limit_exceeded`', QuotaExceeded),
      },
    }),
    (c) => {
      const query = c.req.valid('query');
      const page = voyages.list({ status: query.status, cursor: query.cursor, limit: query.limit ?? 50 });
      if (page === 'invalid_cursor') return c.json({ detail: invalidCursorItems(query.cursor ?? '') }, 422);
      return c.json({ ...page, quotas: voyages.quotas() }, 200);
    },
  );
  v1.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/voyage/{task_id}',
      operationId: 'getVoyage',
      summary: 'Poll a voyage',
      request: { params: z.object({ task_id: z.string() }) },
      responses: {
        200: { description: 'The voyage now.', content: { 'application/json': { schema: VoyageTaskOut } } },
        401: errors[401],
        403: errorJson('`voyage_org_type_forbidden` (fault injection only).'),
        404: errorJson('`voyage_not_found`'),
        422: errors[422],
        429: errorJson('`rate_limit_exceeded`', QuotaExceeded),
        503: errorJson('`voyage_unavailable` (fault injection only).'),
      },
    }),
    (c) => {
      const task = voyages.get(c.req.valid('param').task_id);
      if (!task) return c.json({ detail: 'voyage_not_found' }, 404);
      return c.json(task, 200);
    },
  );
}

export { VOYAGE_FINAL_STATUSES };
