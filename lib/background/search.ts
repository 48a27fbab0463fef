/** Popup search and the catalog list: through the configured client, cached (lib/cache.ts), cancellable. */
import { createCache } from '../cache';
import { withRetry } from '../octogen/retry';
import type { CatalogSummary, SearchPage } from '../octogen/schemas';
import { CACHE_POLICIES } from '../caches';
import type { Handlers } from '../messaging';
import type { Clients } from './clients';

export function createSearch(clients: Clients, now: () => number): Pick<Handlers, 'searchProducts' | 'cancelRequest' | 'listCatalogs'> {
  const pages = createCache<SearchPage>(CACHE_POLICIES.search, now);
  const catalogs = createCache<CatalogSummary[] | null>(CACHE_POLICIES.catalogs, now);
  const inflight = new Map<string, AbortController>();

  return {
    async searchProducts({ request, requestId }) {
      const client = await clients.catalogRequired('searchProducts');
      const key = `${client.baseUrl} ${JSON.stringify(request)}`;
      const cached = await pages.get(key);
      if (cached?.fresh) return cached.value;
      const controller = new AbortController();
      if (requestId) inflight.set(requestId, controller);
      try {
        const page = await withRetry(() => client.searchProducts(request, { signal: controller.signal }), { signal: controller.signal });
        void pages.set(key, page);
        return page;
      } finally {
        if (requestId) inflight.delete(requestId);
      }
    },
    cancelRequest({ requestId }) {
      inflight.get(requestId)?.abort();
      inflight.delete(requestId);
    },
    async listCatalogs() {
      const client = await clients.required('listCatalogs');
      const cached = await catalogs.get(client.baseUrl);
      if (cached?.fresh) return cached.value;
      const list = await withRetry(() => client.listCatalogs());
      void catalogs.set(client.baseUrl, list);
      return list;
    },
  };
}
