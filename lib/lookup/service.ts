/**
 * The one-click lookup, owned by the background, and the only writer of tab state.
 *
 * A click (`lookupTab`) starts one run (lib/lookup/run.ts) for the tab: the page is read while, on a retailer's
 * product URL, the lookup already leaves from the tab's address; once read, the page's identity and title go to the
 * same run. Later product changes the clicked document reports (a single-page store) go to that run too, throttled
 * (lib/lookup/follow-gate.ts). Each change of a tab's state is a pure transition (lib/lookup/tab-state.ts) applied
 * here in order, stamped with a strictly increasing `updatedAt`, and stored, where open views watch it (`publish` also
 * hears each one: it sets the page the tab's toolbar button opens).
 * Every browser API and the client come in as dependencies.
 */
import type { Cache } from '../cache';
import type { Detection } from '../detect/types';
import { identityFromAddress } from '../detect/url';
import type { CatalogClient } from '../octogen/client';
import type { LookupResponse } from '../octogen/schemas';
import type { RetryOptions } from '../octogen/retry';
import type { TabState } from '../state';
import type { ChangeSummary } from '../history/types';
import { FOLLOW_POLICY, FollowGate, stoppedNotice, type FollowPolicy } from './follow-gate';
import { Run, sharedRequests, type SharedRequests } from './run';
import { productKey, similarQuery } from './similar';
import { changesKnown, emptyTabState, inFlight, interrupted, navigated, pageRead, resolvedFromPage, stoppedFollowing, unreadable, type CachedLookup } from './tab-state';

/**
 * An unforced `lookupTab` for a tab whose previous one is still running, or ended less than this long ago, gets that
 * one's answer instead of reading the page again: the background starts the lookup as soon as the popup's page is
 * requested (lib/background/popup-navigation.ts), and the popup's own request, a moment later, joins it.
 */
export const JOIN_MS = 1000;

export type DetectOutcome = { detection: Detection; documentId?: string } | { unsupported: string } | { error: string };

/** Where tab states are kept (storage.session: a restarted worker and a newly opened popup read them there). */
export interface TabStore {
  read(tabId: number): Promise<TabState | null>;
  /** The states of these tabs, in one read. */
  readMany(tabIds: number[]): Promise<TabState[]>;
  write(state: TabState): Promise<void>;
  remove(tabId: number): Promise<void>;
}

export interface LookupDeps {
  /** The configured client, or null when no key is stored. */
  getClient(): Promise<CatalogClient | null>;
  /** Reads the tab's page. `onAddress` is told the tab's http(s) address as soon as it is known, before the page is read. */
  detectInTab(tabId: number, onAddress?: (address: string) => void): Promise<DetectOutcome>;
  store: TabStore;
  cache: Cache<CachedLookup>;
  now(): number;
  retry?: Omit<RetryOptions, 'onRetry' | 'signal'>;
  /** Hears each new state as it is produced (before it is stored); best effort. */
  publish?(state: TabState): void;
  follow?: FollowPolicy;
  /**
   * Hears each record the network answered (never a cache hit: that record was heard when it was fetched), with what
   * the page showed, and answers what changed since the product's previous lookup, which goes into the tab's state
   * (the lookup history, lib/background/history.ts). Best effort.
   */
  recorded?(fetched: FetchedRecord): Promise<ChangeSummary | null>;
}

/** A record the network answered for a tab, and the page's reading. */
export interface FetchedRecord {
  tabId: number;
  identity: string;
  lookup: LookupResponse;
  detection?: Detection;
}

/** What the service keeps per tab. */
interface Tab {
  /** The tab's state, once read from the store (`loaded`). */
  state: TabState | null;
  loaded: Promise<void>;
  writes: Promise<void>;
  run?: Run;
  /** The latest `lookupTab`, for joining (JOIN_MS). */
  latest?: { answer: Promise<TabState>; endedAt?: number };
  gate: FollowGate;
  /** A product change that waits for the gate; the latest report replaces it. */
  deferred?: { detection: Detection; documentId?: string; timer: ReturnType<typeof setTimeout>; waiters: ((state: TabState | null) => void)[] };
  closed?: boolean;
}

export class LookupService {
  private readonly tabs = new Map<number, Tab>();
  private readonly requests: SharedRequests;
  private readonly policy: FollowPolicy;

  constructor(private readonly deps: LookupDeps) {
    this.requests = sharedRequests(deps.retry);
    this.policy = deps.follow ?? FOLLOW_POLICY;
  }

  private tab(tabId: number): Tab {
    let tab = this.tabs.get(tabId);
    if (!tab) {
      const created: Tab = { state: null, loaded: Promise.resolve(), writes: Promise.resolve(), gate: new FollowGate(this.policy, this.deps.now) };
      created.loaded = this.deps.store.read(tabId).then(
        (state) => void (created.state ??= state),
        () => undefined,
      );
      this.tabs.set(tabId, (tab = created));
    }
    return tab;
  }

  /** The tab's state as the service knows it (null: nothing yet). */
  async state(tabId: number): Promise<TabState | null> {
    const tab = this.tab(tabId);
    await tab.loaded;
    return tab.state;
  }

  /**
   * Apply a change to the tab's state, after every change asked for before it. A change that returns the state it
   * was given (or null) writes nothing. Resolves with the tab's state after it.
   */
  private apply(tabId: number, change: (state: TabState | null) => TabState | null): Promise<TabState | null> {
    const tab = this.tab(tabId);
    return tab.loaded.then(() => {
      const next = tab.closed ? null : change(tab.state);
      if (next && next !== tab.state) this.commit(tab, next);
      return tab.state;
    });
  }

  private commit(tab: Tab, next: TabState): void {
    // Strictly increasing per tab: views keep the newest of the states they hear of.
    next.updatedAt = Math.max(this.deps.now(), (tab.state?.updatedAt ?? 0) + 1e-3);
    tab.state = next;
    this.deps.publish?.(next);
    tab.writes = tab.writes.then(() => this.deps.store.write(next)).catch(() => undefined);
  }

  /** A new run for the tab, which becomes its current one (a previous run's results are never shown after this). */
  private startRun(tabId: number, client: Promise<CatalogClient | null>, force: boolean): Run {
    const tab = this.tab(tabId);
    const run: Run = new Run({
      client,
      cache: this.deps.cache,
      requests: this.requests,
      force,
      now: this.deps.now,
      current: () => tab.run === run && !tab.closed,
      apply: (change) => void this.apply(tabId, (s) => (tab.run === run ? change(s ?? emptyTabState(tabId, this.deps.now())) : s)),
    });
    tab.run = run;
    return run;
  }

  /** Resolves with the tab's state once its writes so far are stored. */
  private async settled(tabId: number): Promise<TabState> {
    const tab = this.tab(tabId);
    await tab.loaded;
    await tab.writes;
    return tab.state ?? emptyTabState(tabId, this.deps.now());
  }

  /**
   * Detect the tab's page and look it up. Resolves with the final state. Unforced, it joins a lookup of the same tab
   * still running or just ended (JOIN_MS); `force` (the user's Retry) always reads the page again.
   */
  lookupTab(tabId: number, options: { force?: boolean } = {}): Promise<TabState> {
    const tab = this.tab(tabId);
    const previous = tab.latest;
    if (!options.force && previous && (previous.endedAt === undefined || this.deps.now() - previous.endedAt < JOIN_MS)) return previous.answer;
    const entry: NonNullable<Tab['latest']> = { answer: this.readAndLookUp(tabId, options.force ?? false) };
    tab.latest = entry;
    const ended = () => void (entry.endedAt = this.deps.now());
    entry.answer.then(ended, ended);
    return entry.answer;
  }

  private async readAndLookUp(tabId: number, force: boolean): Promise<TabState> {
    const client = this.deps.getClient();
    client.catch(() => undefined);
    const run = this.startRun(tabId, client, force);
    this.tab(tabId).gate.reset();
    // Reading the page starts at once; on a retailer's product URL the lookup leaves from the address meanwhile.
    const reading = this.deps
      .detectInTab(tabId, (address) => {
        const identity = identityFromAddress(address);
        if (identity) void run.lookup(identity);
      })
      .catch((error: unknown): DetectOutcome => ({ error: `Could not read the page: ${error instanceof Error ? error.message : String(error)}` }));
    // A tab that already has a state keeps showing it while the page is read again (a navigation clears it, so it is
    // this page's); only a first look shows "reading".
    await this.apply(tabId, (s) => s ?? emptyTabState(tabId, this.deps.now()));
    const outcome = await reading;
    if (this.tab(tabId).run !== run) return this.settled(tabId);
    if ('detection' in outcome) await this.detected(tabId, run, outcome.detection, outcome.documentId, client);
    else if ('unsupported' in outcome) await this.apply(tabId, (s) => unreadable(s!, 'unsupported', outcome.unsupported, this.deps.now()));
    else await this.apply(tabId, (s) => unreadable(s!, 'error', outcome.error, this.deps.now()));
    return this.settled(tabId);
  }

  /** The page told what it is: a product is looked up by its identity, its similar items by its title. */
  private async detected(tabId: number, run: Run, detection: Detection, documentId: string | undefined, client: Promise<CatalogClient | null>) {
    const configured = (await client.catch(() => null)) !== null;
    if (this.tab(tabId).run !== run) return;
    await this.apply(tabId, (s) => pageRead(s ?? emptyTabState(tabId, this.deps.now()), detection, documentId, configured));
    if (!detection.isProduct || !configured) return;
    void run.lookup(detection.url);
    run.similar(similarQuery(detection.fields.title));
    await run.settled();
    await this.record(tabId, run);
  }

  /** The record the run fetched, if any, goes to the history; what changed since the previous lookup, to the tab. */
  private async record(tabId: number, run: Run): Promise<void> {
    const fetched = this.deps.recorded ? run.takeFetched() : undefined;
    if (!fetched) return;
    const detection = this.tab(tabId).state?.detect.detection;
    const changes = await this.deps.recorded!({ tabId, ...fetched, detection }).catch(() => null);
    await this.apply(tabId, (s) => s && changesKnown(s, fetched.identity, changes));
  }

  /**
   * A product change reported by the clicked document (a single-page store), or by automatic detection: looked up if
   * the product changed, throttled and capped per tab (FollowGate). Resolves with the tab's state after it.
   */
  async onDetected(tabId: number, detection: Detection, documentId?: string): Promise<TabState | null> {
    const tab = this.tab(tabId);
    await tab.loaded;
    const shown = tab.state;
    if (shown?.detect.detection?.url === detection.url && shown.lookup.phase !== 'error') return shown;
    const admission = tab.gate.admit();
    if (admission.go) return this.follow(tabId, detection, documentId);
    if ('stopped' in admission) return this.apply(tabId, (s) => s && stoppedFollowing(s, stoppedNotice(this.policy)));
    // Too soon after the last one: the latest report goes when the gate allows.
    return new Promise((resolve) => {
      const waiters = [...(tab.deferred?.waiters ?? []), resolve];
      if (tab.deferred) clearTimeout(tab.deferred.timer);
      const timer = setTimeout(() => {
        tab.deferred = undefined;
        void this.onDetected(tabId, detection, documentId).then((state) => waiters.forEach((w) => w(state)));
      }, admission.waitMs);
      tab.deferred = { detection, documentId, timer, waiters };
    });
  }

  private async follow(tabId: number, detection: Detection, documentId?: string): Promise<TabState | null> {
    const tab = this.tab(tabId);
    // A popup opened from now on asks afresh rather than joining the click's answer.
    tab.latest = undefined;
    const client = this.deps.getClient();
    // (A product whose lookup failed is asked for again, not joined.)
    const run = tab.run && tab.state?.lookup.phase !== 'error' ? tab.run : this.startRun(tabId, client, false);
    await this.detected(tabId, run, detection, documentId ?? tab.state?.documentId, client);
    return this.settled(tabId);
  }

  /**
   * A record the user had resolved from the page's own HTML (lib/background/page-actions.ts): the tab's record while
   * the tab still shows `identity`, and remembered for it like a lookup's (a reopened popup, whose opening looks the
   * tab up again, shows it rather than the "not in your catalogs" it replaced). Resolves with the tab's state after it.
   */
  async resolvedFromPage(tabId: number, identity: string, lookup: LookupResponse): Promise<TabState> {
    const next = await this.apply(tabId, (s) => s && resolvedFromPage(s, identity, lookup, this.deps.now()));
    if (next?.identity === identity && next.lookup.data) {
      await this.deps.cache.set(productKey(identity), { lookup: next.lookup.data, similar: next.similar.data }).catch(() => undefined);
    }
    return this.settled(tabId);
  }

  /** The tab went to `url`. Whatever a run still has in flight for the page it left is never shown on the new one. */
  navigated(tabId: number, url: string): Promise<TabState | null> {
    return this.apply(tabId, (s) => {
      if (!s || s.pageUrl === url || s.detect.detection?.url === url) return s;
      // (A page still being read is not dropped: a tab that was arriving at its page when the popup opened is read
      // once it is there.)
      if (s.detect.phase !== 'pending') this.forget(tabId);
      return navigated(s, url, this.deps.now());
    });
  }

  private forget(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    tab.run = undefined;
    tab.latest = undefined;
    if (tab.deferred) clearTimeout(tab.deferred.timer);
    tab.deferred = undefined;
  }

  /** The tab is gone: so is its state. */
  async closed(tabId: number): Promise<void> {
    const tab = this.tab(tabId);
    this.forget(tabId);
    tab.closed = true;
    this.tabs.delete(tabId);
    await tab.writes;
    await this.deps.store.remove(tabId).catch(() => undefined);
  }

  /**
   * After a restart of the service worker: what the previous one left in flight is settled as interrupted. The open
   * tabs' states are read at once, in one read (never the whole storage area).
   */
  async recover(tabIds: number[], bootedAt: number): Promise<void> {
    const left = (await this.deps.store.readMany(tabIds).catch(() => [])).filter((s) => s.updatedAt < bootedAt && inFlight(s));
    const settle = (s: TabState | null) => (s && s.updatedAt < bootedAt && inFlight(s) ? interrupted(s, this.deps.now()) : s);
    await Promise.all(left.map((s) => this.apply(s.tabId, settle)));
  }
}
