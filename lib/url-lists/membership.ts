/**
 * What this browser learned about which URL lists hold which pages: from the answers to "is this page in the list"
 * (contains), add and remove. A hint only, so that a reopened popup shows "In URL list: <name>" at once without asking
 * the service; the picker always checks again when it opens. One `storage.local` item, bounded (MAX_PAGES pages,
 * oldest dropped first), scoped to the API base URL and key prefix it was learned with (another key or service starts
 * it afresh). Only the background writes it (lib/background/url-lists.ts); the popup and options page read and watch.
 *
 * The transitions are pure functions of the stored value, tested on their own.
 */
import { storage } from 'wxt/utils/storage';
import { URL_LIST_CAPS } from '../octogen/url-list-caps';

export interface ListRef {
  urlListId: string;
  name: string;
}

export interface PageMembership {
  lists: ListRef[];
  /** The service's normalised form of the page's URL, when it told us. */
  normalizedUrl?: string;
  /** Epoch ms of what we last learned. */
  at: number;
}

export interface Membership {
  /** `<base URL> <key prefix>`: what it was learned with. */
  scope: string;
  /** By the URL the extension sent (the page's identity URL). */
  pages: Record<string, PageMembership>;
}

/** The most pages remembered (about 200 bytes each). */
export const MAX_PAGES = 200;

export const EMPTY_MEMBERSHIP: Membership = { scope: '', pages: {} };

export const membershipItem = storage.defineItem<Membership>('local:urlListMembership', { fallback: EMPTY_MEMBERSHIP });

/** What a page is known to be in (empty: nothing known), whatever the scope: the store holds one scope at a time. */
export function listsOfPage(membership: Membership | null | undefined, url: string | undefined): ListRef[] {
  if (!url || !membership?.pages) return [];
  const page = Object.prototype.hasOwnProperty.call(membership.pages, url) ? membership.pages[url] : undefined;
  return Array.isArray(page?.lists) ? page.lists : [];
}

const inScope = (m: Membership | null | undefined, scope: string): Membership =>
  m && m.scope === scope && m.pages && typeof m.pages === 'object' ? m : { scope, pages: {} };

/** Keep the newest MAX_PAGES pages. */
function bounded(m: Membership): Membership {
  const entries = Object.entries(m.pages);
  if (entries.length <= MAX_PAGES) return m;
  entries.sort(([, a], [, b]) => b.at - a.at);
  return { ...m, pages: Object.fromEntries(entries.slice(0, MAX_PAGES)) };
}

function withPage(m: Membership, url: string, lists: ListRef[], at: number, normalizedUrl?: string): Membership {
  const { [url]: previous, ...rest } = m.pages;
  if (!lists.length) return { ...m, pages: rest };
  const normal = normalizedUrl ?? previous?.normalizedUrl;
  const page: PageMembership = { lists: lists.slice(0, URL_LIST_CAPS.lists), ...(normal ? { normalizedUrl: normal } : {}), at };
  return bounded({ ...m, pages: { ...rest, [url]: page } });
}

/** The picker checked `url` against every list it offers: the page is in exactly those `present`. */
export function checked(m: Membership | null | undefined, scope: string, url: string, present: ListRef[], at: number, normalizedUrl?: string): Membership {
  return withPage(inScope(m, scope), url, present, at, normalizedUrl);
}

/** `url` was added to `list` (the service accepted it). */
export function added(m: Membership | null | undefined, scope: string, url: string, list: ListRef, at: number, normalizedUrl?: string): Membership {
  const s = inScope(m, scope);
  const others = listsOfPage(s, url).filter((l) => l.urlListId !== list.urlListId);
  return withPage(s, url, [...others, list], at, normalizedUrl);
}

/** `urls` (as sent, or as the service normalised them) were removed from the list `urlListId`. */
export function removed(m: Membership | null | undefined, scope: string, urls: string[], urlListId: string, at: number): Membership {
  let s = inScope(m, scope);
  const gone = new Set(urls);
  for (const [url, page] of Object.entries(s.pages)) {
    if (!gone.has(url) && !(page.normalizedUrl && gone.has(page.normalizedUrl))) continue;
    s = withPage(s, url, page.lists.filter((l) => l.urlListId !== urlListId), at);
  }
  return s;
}

/** The list `urlListId` was deleted (or is no longer found): no page is in it. */
export function listGone(m: Membership | null | undefined, scope: string, urlListId: string): Membership {
  let s = inScope(m, scope);
  for (const [url, page] of Object.entries(s.pages)) {
    if (page.lists.some((l) => l.urlListId === urlListId)) s = withPage(s, url, page.lists.filter((l) => l.urlListId !== urlListId), page.at);
  }
  return s;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Apply a transition to the stored value, one at a time. Never rejects: the store is a hint, and a failed write (a
 * full storage quota) must not fail the add or remove the user asked for.
 */
export function updateMembership(change: (m: Membership) => Membership): Promise<void> {
  const run = queue.then(async () => {
    try {
      await membershipItem.setValue(change(await membershipItem.getValue()));
    } catch (error) {
      console.warn(`Octolens: the URL-list membership could not be saved (${error instanceof Error ? error.message : 'unknown'}).`);
    }
  });
  queue = run;
  return run;
}
