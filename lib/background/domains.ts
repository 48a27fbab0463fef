/**
 * The stores the partner's catalogs cover: `GET /domains` per base URL, kept in the one `domains` cache
 * (lib/caches.ts), fresh for its max-age, then revalidated with its ETag. Automatic detection and coverage requests
 * both ask here: there is one copy of the list.
 */
import { coveredHosts } from '../autodetect';
import { createCache } from '../cache';
import { CACHE_POLICIES } from '../caches';
import type { OctogenClient } from '../octogen/client';
import type { DomainEntry } from '../octogen/schemas';

interface DomainsSnapshot {
  etag?: string;
  domains: DomainEntry[];
}

export interface Coverage {
  /** Normalised hosts the catalogs cover. */
  hosts: Set<string>;
  /** False when the list could not be had (never fetched, and the service did not answer): `hosts` is then empty. */
  known: boolean;
}

export type DomainsSource = ReturnType<typeof createDomains>;

export function createDomains(now: () => number) {
  const snapshots = createCache<DomainsSnapshot>(CACHE_POLICIES.domains, now);

  /**
   * The covered hosts, from the kept list while fresh (unless `revalidate`: asked again, with its ETag). On a failure
   * the last list known is used; with none, nothing is covered (`known: false`).
   */
  async function coverage(client: OctogenClient, options: { revalidate?: boolean } = {}): Promise<Coverage> {
    const kept = await snapshots.get(client.baseUrl);
    if (kept?.fresh && !options.revalidate) return { hosts: coveredHosts(kept.value.domains), known: true };
    try {
      const result = await client.listDomains({ etag: kept?.value.etag });
      const domains = result.notModified ? (kept?.value.domains ?? []) : result.domains;
      await snapshots.set(client.baseUrl, { etag: result.etag, domains }, { freshMs: (result.maxAgeSec ?? 300) * 1000 });
      return { hosts: coveredHosts(domains), known: true };
    } catch {
      return kept ? { hosts: coveredHosts(kept.value.domains), known: true } : { hosts: new Set(), known: false };
    }
  }

  return { coverage };
}
