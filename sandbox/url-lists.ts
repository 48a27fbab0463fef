/**
 * Coverage URL lists (`/coverage/url-lists…`; contract notes §3.9 and §6 "Coverage lists"): per-organisation sets of
 * product URLs, normalised server-side.
 *
 * - A list is created `provisioning` (bigQuery null) and turns `active` (with a bigQuery block) `settleMs` later.
 * - Delete answers 202 `delete_pending` and releases the name at once; the list stays readable for `settleMs`, then
 *   answers 404 `url_list_not_found`. Mutations and membership checks on a deleting list answer 409
 *   `url_list_deleting`; a repeated delete answers 202 again (idempotent).
 * - Caps: 5 live lists (409 `url_list_limit_exceeded`), 100,000 URLs per list, batch-atomic (409
 *   `list_url_capacity_exceeded`), 1–1000 URLs per request and ≤ 2048 characters each (422, from the schema).
 * - Paging: opaque cursors; lists newest first, URLs in insertion order. A malformed cursor: 422 `invalid_cursor` on
 *   the URL pages (the documented example), a validation item on the lists page (whose 422 is documented as one).
 */
import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ERROR_EXAMPLES, requestId } from './api-common';
import { isTrackingParam } from '../lib/octogen/urls';
import {
  PageQuery,
  URL_LIST_CAPS,
  UrlContainsResponse,
  UrlList,
  UrlListCreateRequest,
  UrlListPage,
  UrlListUrlsPage,
  UrlMutationResponse,
  UrlsRequest,
  type UrlList as UrlListT,
} from '../lib/octogen/schemas';
import { decodeCursor, encodeCursor, invalidCursorItems } from './voyage';

export const URL_LIST_SETTLE_MS_DEFAULT = 1000;
/** Beyond utm_*: the project's tracking-parameter list (lib/octogen/urls.ts). */
const isTracking = (name: string) => /^utm_/i.test(name) || isTrackingParam(name);

export type NormalizedCoverageUrl = { ok: true; normalizedUrl: string } | { ok: false; message: string };

/**
 * Coverage-list normalisation: absolute http(s) with a dotted hostname; scheme and host lower-cased (the scheme is
 * kept: the service's rule for http is unknown), fragment and trailing slashes dropped, tracking parameters removed,
 * other query parameters kept in their order.
 */
export function normalizeCoverageUrl(raw: string): NormalizedCoverageUrl {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: 'Not an absolute URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'Only http(s) URLs are accepted.' };
  const host = url.hostname.replace(/\.$/, '');
  if (!host.includes('.') || host.startsWith('[')) return { ok: false, message: 'The hostname must be a dotted domain name.' };
  if (url.username || url.password) return { ok: false, message: 'URLs with credentials are not accepted.' };
  const kept = [...url.searchParams.entries()].filter(([name]) => !isTracking(name));
  const query = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, normalizedUrl: `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}${path}${query}` };
}

interface Entry {
  url: string;
  normalizedUrl: string;
  addedAt: number;
  seq: number;
}

interface ListRecord {
  seq: number;
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  urls: Map<string, Entry>;
  urlSeq: number;
}

export interface UrlListsOptions {
  settleMs?: number;
  now?: () => number;
  caps?: { lists?: number; urlsPerList?: number };
}

type Fail<S extends number, D extends string> = { ok: false; status: S; detail: D };

const iso = (ms: number) => new Date(ms).toISOString();

export class UrlLists {
  readonly settleMs: number;
  readonly caps: { lists: number; urlsPerList: number };
  private readonly now: () => number;
  private readonly lists: ListRecord[] = [];
  private seq = 0;

  constructor(options: UrlListsOptions = {}) {
    this.settleMs = options.settleMs ?? URL_LIST_SETTLE_MS_DEFAULT;
    this.now = options.now ?? Date.now;
    this.caps = { lists: options.caps?.lists ?? URL_LIST_CAPS.lists, urlsPerList: options.caps?.urlsPerList ?? URL_LIST_CAPS.urlsPerList };
  }

  private status(list: ListRecord, now: number): 'provisioning' | 'active' | 'delete_pending' | 'gone' {
    if (list.deletedAt !== undefined) return now - list.deletedAt >= this.settleMs ? 'gone' : 'delete_pending';
    return now - list.createdAt >= this.settleMs ? 'active' : 'provisioning';
  }

  private view(list: ListRecord, now: number): UrlListT {
    const status = this.status(list, now);
    const hex = createHash('sha256').update(list.id).digest('hex');
    const activatedAt = list.createdAt + this.settleMs;
    // Provisioned once settleMs passed, unless it was deleted before that.
    const provisioned = now >= activatedAt && (list.deletedAt === undefined || list.deletedAt >= activatedAt);
    return {
      urlListId: list.id,
      name: list.name,
      status: status === 'gone' ? 'delete_pending' : status,
      urlCount: list.urls.size,
      bigQuery: provisioned
        ? {
            exchangeId: `octogen_coverage_${hex.slice(0, 8)}`,
            listingId: `cul_listing_${hex.slice(8, 20)}`,
            sharedDatasetId: `coverage_${hex.slice(20, 32)}`,
            viewId: `url_list_${hex.slice(32, 44)}`,
            readerCount: 0,
            lastExportedAt: null,
            lastRowCount: null,
          }
        : null,
      createdAt: iso(list.createdAt),
      updatedAt: iso(provisioned ? Math.max(list.updatedAt, activatedAt) : list.updatedAt),
    };
  }

  /** A visible list (not torn down); deleting lists included. */
  private find(id: string, now: number): ListRecord | undefined {
    const list = this.lists.find((l) => l.id === id);
    return list && this.status(list, now) !== 'gone' ? list : undefined;
  }

  private live(now: number): ListRecord[] {
    return this.lists.filter((l) => l.deletedAt === undefined && this.status(l, now) !== 'gone');
  }

  create(rawName: string): { ok: true; list: UrlListT } | Fail<409, 'url_list_name_conflict' | 'url_list_limit_exceeded'> {
    const now = this.now();
    const name = rawName.trim();
    const live = this.live(now);
    if (live.some((l) => l.name === name)) return { ok: false, status: 409, detail: 'url_list_name_conflict' };
    if (live.length >= this.caps.lists) return { ok: false, status: 409, detail: 'url_list_limit_exceeded' };
    const seq = ++this.seq;
    const id = `cul_${createHash('sha256').update(`${seq}:${name}:${now}`).digest('hex').slice(0, 26)}`;
    const list: ListRecord = { seq, id, name, createdAt: now, updatedAt: now, urls: new Map(), urlSeq: 0 };
    this.lists.push(list);
    return { ok: true, list: this.view(list, now) };
  }

  get(id: string): UrlListT | undefined {
    const now = this.now();
    const list = this.find(id, now);
    return list && this.view(list, now);
  }

  delete(id: string): { ok: true; list: UrlListT } | Fail<404, 'url_list_not_found'> {
    const now = this.now();
    const list = this.find(id, now);
    if (!list) return { ok: false, status: 404, detail: 'url_list_not_found' };
    if (list.deletedAt === undefined) {
      list.deletedAt = now;
      list.updatedAt = now;
    }
    return { ok: true, list: this.view(list, now) };
  }

  /** Newest first. */
  page(cursor: string | undefined, limit: number): { items: UrlListT[]; nextCursor: string | null } | 'invalid_cursor' {
    const now = this.now();
    let before = Infinity;
    if (cursor !== undefined) {
      const seq = decodeCursor(cursor, 'l');
      if (seq === undefined) return 'invalid_cursor';
      before = seq;
    }
    const visible = [...this.lists].reverse().filter((l) => l.seq < before && this.status(l, now) !== 'gone');
    const items = visible.slice(0, limit);
    return { items: items.map((l) => this.view(l, now)), nextCursor: visible.length > limit ? encodeCursor(items[items.length - 1]!.seq, 'l') : null };
  }

  private mutable(id: string, now: number): ListRecord | Fail<404, 'url_list_not_found'> | Fail<409, 'url_list_deleting'> {
    const list = this.find(id, now);
    if (!list) return { ok: false, status: 404, detail: 'url_list_not_found' };
    if (list.deletedAt !== undefined) return { ok: false, status: 409, detail: 'url_list_deleting' };
    return list;
  }

  private split(urls: string[]) {
    const accepted: { url: string; normalizedUrl: string }[] = [];
    const rejected: { url: string; code: 'invalid_url'; message: string }[] = [];
    for (const url of urls) {
      const n = normalizeCoverageUrl(url);
      if (n.ok) accepted.push({ url, normalizedUrl: n.normalizedUrl });
      else rejected.push({ url, code: 'invalid_url', message: n.message });
    }
    return { accepted, rejected };
  }

  add(id: string, urls: string[]) {
    const now = this.now();
    const list = this.mutable(id, now);
    if ('ok' in list) return list;
    const { accepted, rejected } = this.split(urls);
    const fresh = new Set(accepted.map((a) => a.normalizedUrl).filter((n) => !list.urls.has(n)));
    if (list.urls.size + fresh.size > this.caps.urlsPerList) return { ok: false as const, status: 409 as const, detail: 'list_url_capacity_exceeded' as const };
    for (const a of accepted) {
      if (list.urls.has(a.normalizedUrl)) continue;
      list.urls.set(a.normalizedUrl, { url: a.url, normalizedUrl: a.normalizedUrl, addedAt: now, seq: ++list.urlSeq });
    }
    if (fresh.size) list.updatedAt = now;
    return { ok: true as const, body: { accepted, rejected, urlCount: list.urls.size, requestId: requestId() } };
  }

  remove(id: string, urls: string[]) {
    const now = this.now();
    const list = this.mutable(id, now);
    if ('ok' in list) return list;
    const { accepted, rejected } = this.split(urls);
    let changed = false;
    for (const a of accepted) changed = list.urls.delete(a.normalizedUrl) || changed;
    if (changed) list.updatedAt = now;
    return { ok: true as const, body: { accepted, rejected, urlCount: list.urls.size, requestId: requestId() } };
  }

  contains(id: string, urls: string[]) {
    const now = this.now();
    const list = this.mutable(id, now);
    if ('ok' in list) return list;
    // Every input gets a result; an invalid URL is simply not present (normalised as far as it goes: trimmed).
    const results = urls.map((url) => {
      const n = normalizeCoverageUrl(url);
      const normalizedUrl = n.ok ? n.normalizedUrl : url.trim();
      const entry = n.ok ? list.urls.get(normalizedUrl) : undefined;
      return { url, normalizedUrl, present: !!entry, addedAt: entry ? iso(entry.addedAt) : null };
    });
    return { ok: true as const, body: { results } };
  }

  /** Insertion order. */
  urlsPage(id: string, cursor: string | undefined, limit: number) {
    const now = this.now();
    const list = this.find(id, now);
    if (!list) return { ok: false as const, status: 404 as const, detail: 'url_list_not_found' as const };
    let after = 0;
    if (cursor !== undefined) {
      const seq = decodeCursor(cursor, `u:${list.id}`);
      if (seq === undefined) return { ok: false as const, status: 422 as const, detail: 'invalid_cursor' as const };
      after = seq;
    }
    const items: Entry[] = [];
    let more = false;
    for (const entry of list.urls.values()) {
      if (entry.seq <= after) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(entry);
    }
    return {
      ok: true as const,
      body: {
        items: items.map((e) => ({ url: e.url, normalizedUrl: e.normalizedUrl, addedAt: iso(e.addedAt) })),
        nextCursor: more ? encodeCursor(items[items.length - 1]!.seq, `u:${list.id}`) : null,
      },
    };
  }
}

const detail = z.object({ detail: z.string() });
const errorJson = (description: string) => ({ description, content: { 'application/json': { schema: detail } } });
/** What the sandbox writes: the contract's UrlList with `urlCount` as the document's integer (the reader's `.catch(0)` has no OpenAPI form). */
const UrlListOut = UrlList.extend({ urlCount: z.number().int() });
const UrlListPageOut = UrlListPage.extend({ items: z.array(UrlListOut) });
const Query = z.object({ ...PageQuery.shape, limit: z.coerce.number().int().min(1).max(100).optional() });
const IdParam = z.object({ urlListId: z.string() });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerUrlLists(v1: OpenAPIHono<any>, lists: UrlLists): void {
  const errors = ERROR_EXAMPLES;
  const common = { security: [{ BearerApiKey: [] }], tags: ['platform-coverage-api'] };
  const base = {
    401: errors[401],
    403: errorJson('`url_list_requires_org_api_key` / `api_key_org_type_forbidden` (fault injection only).'),
    422: errors[422],
    429: errors[429],
  };
  const notFound = { 404: errorJson('`url_list_not_found`') };
  const mutationErrors = {
    ...base,
    ...notFound,
    409: errorJson('`url_list_deleting`, `list_url_capacity_exceeded` (add); `url_list_migrating` by fault injection.'),
    413: errorJson('`request_body_too_large`'),
  };

  v1.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/coverage/url-lists',
      operationId: 'createUrlList',
      summary: 'Create a URL list (201, provisioning)',
      request: { body: { content: { 'application/json': { schema: UrlListCreateRequest } }, required: true } },
      responses: {
        201: { description: 'The new list, provisioning.', content: { 'application/json': { schema: UrlListOut } } },
        ...base,
        409: errorJson('`url_list_name_conflict`, `url_list_limit_exceeded`'),
        503: errorJson('`url_lists_unavailable` (fault injection only).'),
      },
    }),
    (c) => {
      const outcome = lists.create(c.req.valid('json').name);
      return outcome.ok ? c.json(outcome.list, 201) : c.json({ detail: outcome.detail }, outcome.status);
    },
  );
  v1.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/coverage/url-lists',
      operationId: 'listUrlLists',
      summary: "The organization's URL lists, newest first",
      request: { query: Query },
      responses: { 200: { description: 'A page of lists.', content: { 'application/json': { schema: UrlListPageOut } } }, ...base },
    }),
    (c) => {
      const { cursor, limit } = c.req.valid('query');
      const page = lists.page(cursor, limit ?? 50);
      if (page === 'invalid_cursor') return c.json({ detail: invalidCursorItems(cursor ?? '') }, 422);
      return c.json(page, 200);
    },
  );
  v1.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/coverage/url-lists/{urlListId}',
      operationId: 'getUrlList',
      summary: 'One URL list',
      request: { params: IdParam },
      responses: { 200: { description: 'The list.', content: { 'application/json': { schema: UrlListOut } } }, ...base, ...notFound },
    }),
    (c) => {
      const list = lists.get(c.req.valid('param').urlListId);
      return list ? c.json(list, 200) : c.json({ detail: 'url_list_not_found' }, 404);
    },
  );
  v1.openapi(
    createRoute({
      ...common,
      method: 'delete',
      path: '/coverage/url-lists/{urlListId}',
      operationId: 'deleteUrlList',
      summary: 'Delete a URL list (202, delete_pending; idempotent)',
      request: { params: IdParam },
      responses: { 202: { description: 'The list, delete_pending.', content: { 'application/json': { schema: UrlListOut } } }, ...base, ...notFound },
    }),
    (c) => {
      const outcome = lists.delete(c.req.valid('param').urlListId);
      return outcome.ok ? c.json(outcome.list, 202) : c.json({ detail: outcome.detail }, outcome.status);
    },
  );
  v1.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/coverage/url-lists/{urlListId}/urls',
      operationId: 'listUrlListUrls',
      summary: "The list's URLs in insertion order",
      request: { params: IdParam, query: Query },
      responses: {
        200: { description: 'A page of URLs.', content: { 'application/json': { schema: UrlListUrlsPage } } },
        ...base,
        ...notFound,
        422: errorJson('`invalid_cursor`, or a validation array.'),
      },
    }),
    (c) => {
      const { cursor, limit } = c.req.valid('query');
      const outcome = lists.urlsPage(c.req.valid('param').urlListId, cursor, limit ?? 50);
      return outcome.ok ? c.json(outcome.body, 200) : c.json({ detail: outcome.detail }, outcome.status);
    },
  );
  const mutation = (path: string, operationId: string, summary: string, schema: z.ZodType, run: (id: string, urls: string[]) => ReturnType<UrlLists['add']> | ReturnType<UrlLists['contains']>) =>
    v1.openapi(
      createRoute({
        ...common,
        method: 'post',
        path,
        operationId,
        summary,
        request: { params: IdParam, body: { content: { 'application/json': { schema: UrlsRequest } }, required: true } },
        responses: { 200: { description: 'Per-URL outcomes.', content: { 'application/json': { schema } } }, ...mutationErrors },
      }),
      (c) => {
        const outcome = run(c.req.valid('param').urlListId, c.req.valid('json').urls);
        return outcome.ok ? c.json(outcome.body as never, 200) : c.json({ detail: outcome.detail }, outcome.status);
      },
    );
  mutation('/coverage/url-lists/{urlListId}/urls', 'addUrlListUrls', 'Add URLs (idempotent set-add, batch-atomic cap)', UrlMutationResponse, (id, urls) => lists.add(id, urls));
  mutation('/coverage/url-lists/{urlListId}/urls/remove', 'removeUrlListUrls', 'Remove URLs (idempotent set-remove)', UrlMutationResponse, (id, urls) => lists.remove(id, urls));
  mutation('/coverage/url-lists/{urlListId}/urls/contains', 'checkUrlListUrls', 'Batched membership check', UrlContainsResponse, (id, urls) => lists.contains(id, urls));
}
