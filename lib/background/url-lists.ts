/**
 * Coverage URL lists: the popup's "Add to URL list" picker and the options page's "URL lists" section call the API
 * through these handlers only (the key stays here). Each handler runs on a user's action in an extension page (the
 * picker opening, a button pressed, the options page opening or its Refresh); none runs by itself.
 *
 * What the answers say about a page's membership is kept in lib/url-lists/membership.ts, a hint for a reopened popup.
 */
import { OctogenError } from '../octogen/errors';
import { keyPrefix } from '../octogen/key';
import type { OctogenClient } from '../octogen/client';
import { withRetry } from '../octogen/retry';
import type { UrlList } from '../octogen/schemas';
import type { Handlers } from '../messaging';
import { added, checked, listGone, removed, updateMembership, type ListRef } from '../url-lists/membership';
import type { PageList } from '../url-lists/types';
import type { Clients } from './clients';

type UrlListHandlers = Pick<
  Handlers,
  'urlListsForPage' | 'listUrlLists' | 'createUrlList' | 'deleteUrlList' | 'listUrlListUrls' | 'addUrlToList' | 'removeUrlsFromList'
>;

/** Reads and set-adds/removes may be sent again; a user waits on them, so briefly. Create and delete are not retried. */
const RETRY = { maxAttempts: 2, maxSleepSec: 5 };

/** The most lists checked against a page (an organisation may have 5: URL_LIST_CAPS.lists). */
const MAX_CHECKED = 20;

const ref = (list: Pick<UrlList, 'urlListId' | 'name'>): ListRef => ({ urlListId: list.urlListId, name: list.name });

/** Whether a list can take URLs: provisioning ones can (the service says so), those being deleted cannot. */
export const offered = (list: UrlList) => list.status !== 'delete_pending';

export function createUrlLists(clients: Clients, now: () => number): UrlListHandlers {
  /** The client, and the scope what it learns is kept under (base URL and the key's non-secret prefix). */
  async function session(operation: string): Promise<{ client: OctogenClient; scope: string }> {
    const client = await clients.required(operation);
    const { platform } = await clients.credentials();
    return { client, scope: `${client.baseUrl} ${platform?.apiKey ? (keyPrefix(platform.apiKey) ?? '') : ''}` };
  }

  /** A 404 for a list means it is gone: forget it in the membership, then fail as asked. */
  async function forgetIfGone<T>(scope: string, urlListId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof OctogenError && error.data.detail === 'url_list_not_found') await updateMembership((m) => listGone(m, scope, urlListId));
      throw error;
    }
  }

  return {
    async urlListsForPage({ url }) {
      const { client, scope } = await session('listUrlLists');
      const page = await withRetry(() => client.listUrlLists({ limit: 100 }), RETRY);
      const lists = page.items.filter(offered).slice(0, MAX_CHECKED);
      let normalizedUrl: string | undefined;
      const results = await Promise.all(
        lists.map(async (list): Promise<PageList> => {
          try {
            const answer = await withRetry(() => client.checkUrlListUrls(list.urlListId, { urls: [url] }), RETRY);
            const result = answer.results.find((r) => r.url === url) ?? answer.results[0];
            normalizedUrl ??= result?.normalizedUrl ?? undefined;
            return { list, present: result?.present ?? false };
          } catch (error) {
            if (!(error instanceof OctogenError)) throw error;
            return { list, present: null, checkError: error.data };
          }
        }),
      );
      // Only lists that answered say anything; a list whose check failed keeps what was known of it.
      await updateMembership((m) => {
        const failed = new Set(results.filter((r) => r.present === null).map((r) => r.list.urlListId));
        const before = m.scope === scope ? (m.pages[url]?.lists ?? []) : [];
        const present = [...before.filter((l) => failed.has(l.urlListId)), ...results.filter((r) => r.present).map((r) => ref(r.list))];
        return checked(m, scope, url, present, now(), normalizedUrl);
      });
      return { url, ...(normalizedUrl ? { normalizedUrl } : {}), lists: results };
    },

    async listUrlLists({ cursor }) {
      const { client } = await session('listUrlLists');
      return withRetry(() => client.listUrlLists({ limit: 100, ...(cursor ? { cursor } : {}) }), RETRY);
    },

    async createUrlList({ name }) {
      const { client } = await session('createUrlList');
      return client.createUrlList({ name });
    },

    async deleteUrlList({ urlListId }) {
      const { client, scope } = await session('deleteUrlList');
      const list = await forgetIfGone(scope, urlListId, () => client.deleteUrlList(urlListId));
      await updateMembership((m) => listGone(m, scope, urlListId));
      return list;
    },

    async listUrlListUrls({ urlListId, cursor }) {
      const { client, scope } = await session('listUrlListUrls');
      return forgetIfGone(scope, urlListId, () =>
        withRetry(() => client.listUrlListUrls(urlListId, { limit: 50, ...(cursor ? { cursor } : {}) }), RETRY),
      );
    },

    async addUrlToList({ urlListId, name, url }) {
      const { client, scope } = await session('addUrlListUrls');
      const answer = await forgetIfGone(scope, urlListId, () => withRetry(() => client.addUrlListUrls(urlListId, { urls: [url] }), RETRY));
      const accepted = answer.accepted.find((a) => a.url === url);
      if (accepted) await updateMembership((m) => added(m, scope, url, { urlListId, name }, now(), accepted.normalizedUrl ?? undefined));
      return answer;
    },

    async removeUrlsFromList({ urlListId, urls }) {
      const { client, scope } = await session('removeUrlListUrls');
      const answer = await forgetIfGone(scope, urlListId, () => withRetry(() => client.removeUrlListUrls(urlListId, { urls }), RETRY));
      const gone = answer.accepted.flatMap((a) => [a.url, ...(a.normalizedUrl ? [a.normalizedUrl] : [])]);
      await updateMembership((m) => removed(m, scope, [...urls, ...gone], urlListId, now()));
      return answer;
    },
  };
}
