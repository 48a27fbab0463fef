/**
 * The one-click lookup, owned by the background: detect the tab's page, then call `lookupProduct` and
 * `searchProducts` at the same time (about one API round trip), write each result into the tab's state as soon as it
 * arrives, and cache per identity URL. Pure orchestration: every browser API and the client come in as dependencies.
 */
import type { Detection } from '../detect/types';
import { identityFromAddress } from '../detect/url';
import type { OctogenClient } from '../octogen/client';
import { OctogenError, type OctogenErrorData } from '../octogen/errors';
import { withRetry, type RetryOptions } from '../octogen/retry';
import type { LookupResponse, ProductListItem, SearchPage } from '../octogen/schemas';
import { normalizeProductUrl } from '../octogen/urls';
import type { CachedLookup } from '../storage';
import type { SimilarItems, TabState } from '../state';

export const CACHE_TTL_MS = 5 * 60_000;
export const SIMILAR_LIMIT = 12;
/**
 * An unforced `lookupTab` for a tab whose previous one is still running, or ended less than this long ago, gets that
 * one's answer instead of reading the page again: the background starts the lookup as soon as the popup's page is
 * requested (lib/background/popup-navigation.ts), and the popup's own request, a moment later, joins it.
 */
export const JOIN_MS = 1000;

export type DetectOutcome = { detection: Detection; documentId?: string } | { unsupported: string } | { error: string };

export interface LookupDeps {
  /** The configured client, or null when no key is stored. */
  getClient(): Promise<OctogenClient | null>;
  /**
   * Reads the tab's page. `onAddress` is told the tab's http(s) address as soon as it is known, before the page is
   * read: on a retailer's product URL the lookup starts from it (see HeadStart).
   */
  detectInTab(tabId: number, onAddress?: (address: string) => void): Promise<DetectOutcome>;
  readTabState(tabId: number): Promise<TabState | null>;
  writeTabState(state: TabState): Promise<void>;
  readCache(identityUrl: string): Promise<CachedLookup | null>;
  writeCache(identityUrl: string, value: CachedLookup): Promise<void>;
  now(): number;
  retry?: Omit<RetryOptions, 'onRetry' | 'signal'>;
  /** Hands each new state to open views at once (before it is stored); optional, best effort. */
  publish?(state: TabState): void;
}

export function emptyTabState(tabId: number, now: number): TabState {
  return {
    tabId,
    detect: { phase: 'pending' },
    configured: true,
    lookup: { phase: 'idle' },
    similar: { phase: 'idle' },
    updatedAt: now,
  };
}

/** The query for similar items: the product's title, without store suffixes, capped. */
export function similarQuery(title: string | null | undefined): string | undefined {
  const cleaned = title
    ?.replace(/\s+[|–—-]\s+[^|–—-]{2,40}$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return cleaned ? cleaned : undefined;
}

function sameProduct(item: ProductListItem, record: LookupResponse['product']): boolean {
  if (record.uuid && item.uuid === record.uuid) return true;
  const a = normalizeProductUrl(item.productUrl);
  return a !== undefined && a === normalizeProductUrl(record.productUrl);
}

/** Similar items never include the product itself, nor the same item twice. */
export function excludeSelf(items: ProductListItem[], record: LookupResponse['product'] | undefined): ProductListItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.uuid || item.productUrl;
    if (seen.has(key)) return false;
    seen.add(key);
    return !(record && sameProduct(item, record));
  });
}

type RetryHook = (attempt: number, error: OctogenErrorData, waitMs: number) => void;

/**
 * A lookup started from the tab's address while its page is still being read: on a retailer's product URL the
 * identity is certain before the page is (lib/detect/url.ts identityFromAddress), so the record's one round trip
 * need not wait for the reading. Never a guess: no other address starts anything, so no call is spent on a page that
 * turns out not to be a product. The retries it meets before the page is read are replayed to whoever follows it.
 */
interface HeadStart {
  identity: string;
  /** The request, once the key and the cache have been checked (undefined: none needed, or no key). */
  started: Promise<EarlyLookup | undefined>;
}
/**
 * A request started before anything could show it: its retries are kept for whoever follows it, and its outcome
 * (`settled`, as the popup shows it: `outcome` of its answer or of its error) once it has one.
 */
interface Followed<T, S> {
  request: Promise<T>;
  settled?: S;
  follow(onRetry: RetryHook): void;
}
interface EarlyLookup extends Followed<LookupResponse, TabState['lookup']> {
  client: OctogenClient;
  /** The similar items, asked for by the record's title when the record came while the page was still unread. */
  search?: Followed<SearchPage, TabState['similar']> & { query: string };
}

function followed<T, S>(start: (onRetry: RetryHook) => Promise<T>, outcome: (answer: { value: T } | { error: unknown }) => S): Followed<T, S> {
  let follower: RetryHook | undefined;
  let missed: Parameters<RetryHook> | undefined;
  const request = start((...retry) => {
    if (follower) follower(...retry);
    else missed = retry;
  });
  const f: Followed<T, S> = {
    request,
    follow(onRetry) {
      follower = onRetry;
      // (a retry of a request that has since answered is news no longer)
      if (missed && !f.settled) onRetry(...missed);
    },
  };
  request.then(
    (value) => {
      f.settled = outcome({ value });
    },
    (error: unknown) => {
      f.settled = outcome({ error });
    },
  );
  return f;
}

function asErrorData(error: unknown, operation: string): OctogenErrorData {
  if (error instanceof OctogenError) return error.data;
  return { kind: 'network', operation, message: error instanceof Error ? error.message : String(error) };
}

export class LookupService {
  private readonly runs = new Map<number, number>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly writes = new Map<number, Promise<void>>();
  private readonly stamps = new Map<number, number>();
  /** The latest `lookupTab` per tab, for joining (JOIN_MS). */
  private readonly latest = new Map<number, { answer: Promise<TabState>; endedAt?: number }>();
  private nextRun = 1;

  constructor(private readonly deps: LookupDeps) {}

  /** Identical concurrent requests share one promise. */
  private shared<T>(key: string, run: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const promise = run().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  /** Writes of one tab's state are serialised, so a slower write never overwrites a newer one. */
  private write(state: TabState): Promise<void> {
    // Strictly increasing per tab, whichever run or state object writes: views keep the newest.
    state.updatedAt = Math.max(this.deps.now(), state.updatedAt + 1e-3, (this.stamps.get(state.tabId) ?? 0) + 1e-3);
    this.stamps.set(state.tabId, state.updatedAt);
    const snapshot: TabState = structuredClone(state);
    this.deps.publish?.(snapshot);
    const previous = this.writes.get(state.tabId) ?? Promise.resolve();
    const next = previous.then(() => this.deps.writeTabState(snapshot)).catch(() => undefined);
    this.writes.set(state.tabId, next);
    return next;
  }

  /**
   * Detect the tab's page and look it up. Resolves with the final state. Unforced, it joins a lookup of the same tab
   * still running or just ended (JOIN_MS); `force` (the user's Retry) always reads the page again.
   */
  lookupTab(tabId: number, options: { force?: boolean } = {}): Promise<TabState> {
    const previous = this.latest.get(tabId);
    if (!options.force && previous && (previous.endedAt === undefined || this.deps.now() - previous.endedAt < JOIN_MS)) return previous.answer;
    const entry: { answer: Promise<TabState>; endedAt?: number } = { answer: this.readAndLookUp(tabId, options.force ?? false) };
    this.latest.set(tabId, entry);
    const ended = () => {
      entry.endedAt = this.deps.now();
    };
    entry.answer.then(ended, ended);
    return entry.answer;
  }

  private async readAndLookUp(tabId: number, force: boolean): Promise<TabState> {
    const run = this.nextRun++;
    this.runs.set(tabId, run);
    // Everything the lookup needs before its first request starts at once: reading the page, the tab's state and the
    // client (storage reads); nothing waits for a write.
    const client = this.deps.getClient();
    client.catch(() => undefined);
    let head: HeadStart | undefined;
    let read = false;
    const detecting = this.deps
      .detectInTab(tabId, (address) => {
        if (head) return;
        head = this.headStart(address, client, force);
        // An answer that comes before the page has been read is shown at once: the identity it is for is certain.
        if (head) void this.showEarly(tabId, run, head, () => read);
      })
      .catch((error: unknown): DetectOutcome => ({ error: String(error) }));
    const previous = await this.deps.readTabState(tabId);
    // A tab that already has a state keeps showing it while the page is read again (a navigation clears the state,
    // so it is this page's); only a first look shows "reading".
    const state = previous ?? emptyTabState(tabId, this.deps.now());
    if (!previous) void this.write(state);

    const outcome = await detecting;
    read = true;
    if (this.runs.get(tabId) !== run) return (await this.deps.readTabState(tabId)) ?? state;
    if ('unsupported' in outcome) {
      return this.finish({ ...emptyTabState(tabId, this.deps.now()), detect: { phase: 'unsupported', message: outcome.unsupported } });
    }
    if ('error' in outcome) {
      return this.finish({ ...emptyTabState(tabId, this.deps.now()), detect: { phase: 'error', message: outcome.error } });
    }
    return this.resolve(tabId, outcome.detection, run, force, previous, outcome.documentId, client, head);
  }

  private headStart(address: string, clientPromise: Promise<OctogenClient | null>, force: boolean): HeadStart | undefined {
    const identity = identityFromAddress(address);
    if (!identity) return undefined;
    const cacheKey = normalizeProductUrl(identity) ?? identity;
    const started = Promise.all([clientPromise, this.deps.readCache(cacheKey)]).then(([client, cached]) => {
      if (!client || (!force && cached && this.deps.now() - cached.fetchedAt < CACHE_TTL_MS)) return undefined;
      const early: EarlyLookup = Object.assign(
        followed(
          (onRetry) => this.lookupRequest(client, cacheKey, identity, onRetry),
          (answer): TabState['lookup'] =>
            'value' in answer
              ? { phase: 'done', data: answer.value, fetchedAt: this.deps.now() }
              : { phase: 'error', error: asErrorData(answer.error, 'lookupProduct'), errorAt: this.deps.now() },
        ),
        { client },
      );
      return early;
    });
    return { identity, started: started.catch(() => undefined) };
  }

  /**
   * The early lookup's outcome, written into the tab's state while its page is still being read (`read` false). A
   * record that comes first also names the product, so the similar items are asked for by its title at once rather
   * than after the reading (which then takes that search over instead of making its own).
   */
  private async showEarly(tabId: number, run: number, head: HeadStart, read: () => boolean): Promise<void> {
    const early = await head.started;
    await early?.request.catch(() => undefined);
    const still = () => !read() && this.runs.get(tabId) === run;
    if (!early?.settled || !still()) return;
    const current = await this.deps.readTabState(tabId).catch(() => null);
    // (checked again after the read: the page may have been read meanwhile, and its own states are newer)
    if (!still()) return;
    const shown: TabState = { ...(current ?? emptyTabState(tabId, this.deps.now())), pageUrl: head.identity, lookup: early.settled };
    const record = early.settled.data?.product;
    const query = similarQuery(record?.title);
    const search = query
      ? Object.assign(
          followed(
            (onRetry) => this.searchRequest(early.client, query, onRetry),
            (answer): TabState['similar'] =>
              'value' in answer
                ? { phase: 'done', data: { query, items: excludeSelf(answer.value.items, record).slice(0, SIMILAR_LIMIT) }, fetchedAt: this.deps.now() }
                : { phase: 'error', error: asErrorData(answer.error, 'searchProducts'), errorAt: this.deps.now() },
          ),
          { query },
        )
      : undefined;
    if (search) {
      early.search = search;
      shown.similar = { phase: 'loading' };
    }
    await this.write(shown);
    if (!search) return;
    await search.request.catch(() => undefined);
    if (still() && search.settled) await this.write({ ...shown, similar: search.settled });
  }

  private searchRequest(client: OctogenClient, query: string, onRetry: RetryHook): Promise<SearchPage> {
    return this.shared(`search:${client.baseUrl}:${query}`, () =>
      withRetry(() => client.searchProducts({ q: query, limit: SIMILAR_LIMIT + 1 }), { ...this.deps.retry, onRetry }),
    );
  }

  private lookupRequest(client: OctogenClient, cacheKey: string, identity: string, onRetry: RetryHook): Promise<LookupResponse> {
    return this.shared(`lookup:${client.baseUrl}:${cacheKey}`, () => withRetry(() => client.lookupProduct({ url: identity }), { ...this.deps.retry, onRetry }));
  }

  /**
   * The tab left the page a run is about (a navigation): whatever that run still has in flight is never written,
   * so the new page never shows the previous page's product.
   */
  forget(tabId: number): void {
    this.runs.delete(tabId);
    this.latest.delete(tabId);
  }

  /** A new detection reported by the content script (SPA navigation): look it up if the product changed. */
  async onDetected(tabId: number, detection: Detection, documentId?: string): Promise<TabState> {
    const previous = await this.deps.readTabState(tabId);
    if (previous?.detect.detection?.url === detection.url && previous.lookup.phase !== 'error') return previous;
    const run = this.nextRun++;
    this.runs.set(tabId, run);
    this.latest.delete(tabId);
    return this.resolve(tabId, detection, run, false, null, documentId ?? previous?.documentId);
  }

  private async finish(state: TabState): Promise<TabState> {
    await this.write(state);
    return state;
  }

  private async resolve(
    tabId: number,
    detection: Detection,
    run: number,
    force: boolean,
    previous: TabState | null,
    documentId?: string,
    clientPromise: Promise<OctogenClient | null> = this.deps.getClient(),
    head?: HeadStart,
  ): Promise<TabState> {
    const identity = detection.url;
    const cacheKey = normalizeProductUrl(identity) ?? identity;
    const cachedPromise = detection.isProduct ? this.deps.readCache(cacheKey) : Promise.resolve(null);
    const [client, cached] = await Promise.all([clientPromise, cachedPromise]);
    // Keep what was shown for the same product while refreshing; never show the previous product's data.
    const sameAsBefore = previous?.detect.detection?.url === identity;
    const state: TabState = {
      tabId,
      documentId,
      pageUrl: identity,
      detect: { phase: 'done', detection },
      configured: client !== null,
      lookup: sameAsBefore && previous ? previous.lookup : { phase: 'idle' },
      similar: sameAsBefore && previous ? previous.similar : { phase: 'idle' },
      updatedAt: this.deps.now(),
    };
    if (!detection.isProduct || !client) {
      return this.finish({ ...state, lookup: { phase: 'idle' }, similar: { phase: 'idle' } });
    }

    if (!force && cached && this.deps.now() - cached.fetchedAt < CACHE_TTL_MS) {
      return this.finish({
        ...state,
        lookup: cached.lookup
          ? { phase: 'done', data: cached.lookup, fetchedAt: cached.fetchedAt }
          : { phase: 'error', error: cached.lookupError, errorAt: cached.fetchedAt },
        similar: cached.similar ? { phase: 'done', data: cached.similar, fetchedAt: cached.fetchedAt } : { phase: 'idle' },
      });
    }

    const current = () => this.runs.get(tabId) === run;
    const update = async (change: (s: TabState) => void) => {
      if (!current()) return;
      change(state);
      await this.write(state);
    };
    const onRetry =
      (slot: 'lookup' | 'similar'): RetryHook =>
      (_attempt, error, waitMs) => {
        void update((s) => {
          Object.assign(s[slot], { phase: 'loading', error, errorAt: this.deps.now(), retryAt: this.deps.now() + waitMs });
        });
      };

    // The lookup may be out already, started from the tab's address, and may even have answered: it is then shown as
    // it is, never as loading again.
    const early = head?.identity === identity ? await head.started : undefined;
    early?.follow(onRetry('lookup'));
    // So may the similar items, asked for by the record's title (then never asked for again by the page's).
    const earlySearch = early?.search;
    earlySearch?.follow(onRetry('similar'));
    // Stale while revalidate: an expired cache entry still paints at once while the fresh answer comes.
    if (cached?.lookup && !state.lookup.data) state.lookup = { phase: 'loading', data: cached.lookup, fetchedAt: cached.fetchedAt };
    if (cached?.similar && !state.similar.data) state.similar = { phase: 'loading', data: cached.similar, fetchedAt: cached.fetchedAt };
    state.lookup = early?.settled ?? { ...state.lookup, phase: 'loading', error: undefined };
    const pageQuery = earlySearch ? undefined : similarQuery(detection.fields.title);
    state.similar = earlySearch?.settled ?? (earlySearch || pageQuery ? { ...state.similar, phase: 'loading', error: undefined } : { phase: 'idle' });
    // The requests do not wait for this write; the writes after it are queued behind it.
    void this.write(state);

    const search = (query: string, request = this.searchRequest(client, query, onRetry('similar'))) =>
      request.then(
        async (page) => {
          const record = state.lookup.data?.product;
          const similar: SimilarItems = { query, items: excludeSelf(page.items, record).slice(0, SIMILAR_LIMIT) };
          await update((s) => {
            s.similar = { phase: 'done', data: similar, fetchedAt: this.deps.now() };
          });
          return similar;
        },
        async (error: unknown) => {
          await update((s) => {
            s.similar = { phase: 'error', error: asErrorData(error, 'searchProducts'), errorAt: this.deps.now() };
          });
          return undefined;
        },
      );

    // Lookup and search start together: the popup needs about one round trip, not two in a row. The lookup goes out
    // first: the record is what the popup shows first. It may be out already (`early`).
    const lookupDone = (early?.request ?? this.lookupRequest(client, cacheKey, identity, onRetry('lookup'))).then(
      async (lookup) => {
        await update((s) => {
          s.lookup = { phase: 'done', data: lookup, fetchedAt: this.deps.now() };
          // The search may have answered first: take the product itself out now that we know it.
          if (s.similar.data) s.similar = { ...s.similar, data: { ...s.similar.data, items: excludeSelf(s.similar.data.items, lookup.product) } };
        });
        return lookup;
      },
      async (error: unknown) => {
        await update((s) => {
          s.lookup = { phase: 'error', error: asErrorData(error, 'lookupProduct'), errorAt: this.deps.now() };
        });
        return undefined;
      },
    );
    const searchDone = earlySearch ? search(earlySearch.query, earlySearch.request) : pageQuery ? search(pageQuery) : undefined;

    const lookup = await lookupDone;
    // No title on the page: the similar items can only be asked for once the record names the product.
    const recordQuery = !searchDone && lookup ? similarQuery(lookup.product.title) : undefined;
    const similar = await (searchDone ?? (recordQuery ? search(recordQuery) : Promise.resolve(undefined)));

    if (current()) {
      const definiteMiss = state.lookup.error?.status === 404;
      if (lookup || definiteMiss) {
        await this.deps.writeCache(cacheKey, {
          lookup,
          lookupError: lookup ? undefined : state.lookup.error,
          similar: similar ? { ...similar, items: excludeSelf(similar.items, lookup?.product) } : undefined,
          fetchedAt: this.deps.now(),
        });
      }
    }
    await this.writes.get(tabId);
    return state;
  }
}
