/**
 * One run per click: the lookup of a tab's product and its similar items, in about one API round trip.
 *
 * `lookup(identity)` and `similar(query)` may be called again and again, by whoever learns something first: the tab's
 * address (on a retailer's product URL the identity is certain before the page is read), the page's reading, and the
 * product changes the page reports later. The first call for an identity starts its lookup; later ones join it. The
 * first query for the similar items wins (the page's title, or the record's when the record answers first); later
 * ones change nothing. Another identity replaces the product being looked up: what is still in flight for the
 * previous one is never shown.
 *
 * Every result goes into the tab's state through `apply` (pure transitions, lib/lookup/tab-state.ts), which does
 * nothing once the run is no longer the tab's current one.
 */
import type { Cache } from '../cache';
import type { CatalogClient } from '../octogen/client';
import { OctogenError, type OctogenErrorData } from '../octogen/errors';
import { withRetry, type RetryOptions } from '../octogen/retry';
import type { LookupResponse, SearchPage } from '../octogen/schemas';
import type { SimilarItems, TabState } from '../state';
import { productKey, similarQuery, SIMILAR_LIMIT, excludeSelf } from './similar';
import { failed, fromCache, lookingUp, recordFound, requested, retrying, similarFound, type CachedLookup, type SlotName } from './tab-state';

type OnRetry = (error: OctogenErrorData, waitMs: number) => void;

/** Identical requests in flight share one promise, across runs and tabs; each is retried by the one retry policy. */
export function sharedRequests(retry: Omit<RetryOptions, 'onRetry' | 'signal'> = {}) {
  const inflight = new Map<string, Promise<unknown>>();
  function shared<T>(key: string, start: () => Promise<T>): Promise<T> {
    const existing = inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const promise = start().finally(() => inflight.delete(key));
    inflight.set(key, promise);
    return promise;
  }
  const options = (onRetry: OnRetry): RetryOptions => ({ ...retry, onRetry: (_attempt, error, waitMs) => onRetry(error, waitMs) });
  return {
    lookup: (client: CatalogClient, identity: string, onRetry: OnRetry): Promise<LookupResponse> =>
      shared(`lookup:${client.baseUrl}:${productKey(identity)}`, () => withRetry(() => client.lookupProduct({ url: identity }), options(onRetry))),
    search: (client: CatalogClient, q: string, onRetry: OnRetry): Promise<SearchPage> =>
      shared(`search:${client.baseUrl}:${q}`, () => withRetry(() => client.searchProducts({ q, limit: SIMILAR_LIMIT + 1 }), options(onRetry))),
  };
}
export type SharedRequests = ReturnType<typeof sharedRequests>;

export interface RunDeps {
  client: Promise<CatalogClient | null>;
  cache: Cache<CachedLookup>;
  requests: SharedRequests;
  /** Apply a change to the tab's state while the run is the tab's current one. */
  apply(change: (state: TabState) => TabState): void;
  /** Whether the run is still the tab's current one. */
  current(): boolean;
  now(): number;
  /** Past the cache (the user's Retry). */
  force: boolean;
}

export function errorData(error: unknown, operation: string): OctogenErrorData {
  if (error instanceof OctogenError) return error.data;
  return { kind: 'network', operation, message: error instanceof Error ? error.message : String(error) };
}

export class Run {
  private product?: ProductLookup;

  constructor(private readonly deps: RunDeps) {}

  /** The identity being looked up, if any. */
  get identity(): string | undefined {
    return this.product?.identity;
  }

  /** Look this product up (once: a second call joins the first). Resolves when its record and similar items are in. */
  lookup(identity: string): Promise<void> {
    if (this.product?.identity !== identity) {
      const product: ProductLookup = new ProductLookup(identity, {
        ...this.deps,
        current: () => this.product === product && this.deps.current(),
        apply: (change) => this.product === product && this.deps.apply(change),
      });
      this.product = product;
      product.start();
    }
    return this.product.done;
  }

  /** Ask for the similar items by this query, unless they were asked for already. */
  similar(query: string | undefined): void {
    this.product?.similar(query);
  }

  /**
   * The record the network answered for the current product (never a cache hit), once: a second call answers nothing
   * until the run fetches it again.
   */
  takeFetched(): { identity: string; lookup: LookupResponse } | undefined {
    const product = this.product;
    const lookup = product?.fetched;
    if (!product || !lookup) return undefined;
    product.fetched = undefined;
    return { identity: product.identity, lookup };
  }

  /** Resolves when the current product's requests are all in. */
  settled(): Promise<void> {
    return this.product?.done ?? Promise.resolve();
  }
}

/** One identity's lookup within a run. */
class ProductLookup {
  private work: Promise<void> = Promise.resolve();
  private query?: string;
  private search?: Promise<SimilarItems | undefined>;
  /** Set once the cache has been consulted and requests may go out. */
  private client?: CatalogClient;
  private lookupError?: OctogenErrorData;
  /** The record as the network answered it, until the run's owner takes it (Run.takeFetched). */
  fetched?: LookupResponse;

  constructor(
    readonly identity: string,
    private readonly deps: RunDeps,
  ) {}

  start(): void {
    this.work = this.run().catch(() => undefined);
  }

  /** Resolves when everything asked for so far is in (similar items asked for later are waited for too). */
  get done(): Promise<void> {
    return Promise.all([this.work, this.search]).then(() => undefined);
  }

  similar(query: string | undefined): void {
    if (!query || this.query !== undefined) return;
    this.query = query;
    if (this.client) this.search = this.searchFor(this.client, query);
  }

  private async run(): Promise<void> {
    const key = productKey(this.identity);
    const [client, cached] = await Promise.all([this.deps.client.catch(() => null), this.deps.force ? undefined : this.deps.cache.get(key)]);
    this.deps.apply((s) => lookingUp(s, this.identity, client !== null));
    if (!client) return;
    if (cached) this.deps.apply((s) => fromCache(s, cached));
    if (cached?.fresh) {
      // The cache answered for the similar items too (or there are none): nothing more is asked.
      this.query ??= cached.value.similar?.query ?? '';
      return;
    }
    this.client = client;
    // The lookup goes out first (the record is what shows first), then the similar items if their query is known.
    const record = this.lookupFor(client);
    if (this.query) this.search = this.searchFor(client, this.query);
    const lookup = await record;
    // No query yet (no title on the page, or the page not read yet): the record names the product.
    if (lookup) this.similar(similarQuery(lookup.product.title));
    const similar = await this.search;
    await this.remember(key, lookup, similar);
  }

  private retry = (slot: SlotName) => (error: OctogenErrorData, waitMs: number) =>
    this.deps.apply((s) => retrying(s, slot, error, waitMs, this.deps.now()));

  private lookupFor(client: CatalogClient): Promise<LookupResponse | undefined> {
    this.deps.apply((s) => requested(s, 'lookup'));
    return this.deps.requests.lookup(client, this.identity, this.retry('lookup')).then(
      (lookup) => {
        this.deps.apply((s) => recordFound(s, lookup, this.deps.now()));
        if (this.deps.current()) this.fetched = lookup;
        return lookup;
      },
      (error: unknown) => {
        this.lookupError = errorData(error, 'lookupProduct');
        this.deps.apply((s) => failed(s, 'lookup', this.lookupError!, this.deps.now()));
        return undefined;
      },
    );
  }

  private searchFor(client: CatalogClient, query: string): Promise<SimilarItems | undefined> {
    this.deps.apply((s) => requested(s, 'similar'));
    return this.deps.requests.search(client, query, this.retry('similar')).then(
      (page) => {
        const found = { query, items: page.items };
        this.deps.apply((s) => similarFound(s, found, this.deps.now()));
        return found;
      },
      (error: unknown) => {
        this.deps.apply((s) => failed(s, 'similar', errorData(error, 'searchProducts'), this.deps.now()));
        return undefined;
      },
    );
  }

  /** A record, or a definite "not in your catalogs", is cached with its similar items. */
  private async remember(key: string, lookup: LookupResponse | undefined, similar: SimilarItems | undefined): Promise<void> {
    if (!this.deps.current() || (!lookup && this.lookupError?.status !== 404)) return;
    await this.deps.cache.set(key, {
      lookup,
      lookupError: lookup ? undefined : this.lookupError,
      similar: similar ? { ...similar, items: excludeSelf(similar.items, lookup?.product).slice(0, SIMILAR_LIMIT) } : undefined,
    });
  }
}
