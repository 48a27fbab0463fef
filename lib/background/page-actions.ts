/**
 * Past the 404 (#23), the background's half: "Look up from this page" and "More like this". Both run only on the
 * user's click in the popup (extension pages only: lib/messaging.ts refuses them from content scripts).
 *
 * - `resolveFromPage`: the tab's HTML and address are read at that moment (lib/page-capture.ts), from the document
 *   that was looked up (a tab that moved on, or reloaded, is not read for it), capped at PAGE_HTML_MAX_BYTES (over it
 *   nothing is sent), and sent to `POST /products/resolve-from-html`; the record becomes the tab's through the lookup
 *   service, the only writer of tab state.
 * - `moreLikeThis`: `POST /products/more-like-this` for the tab's record: by its uuid when it comes from the index,
 *   else by its product URL (a record resolved from the page has no uuid), with the price preference asked for.
 */
import { cleanUrl, sameSite } from '../detect/url';
import type { LookupService } from '../lookup/service';
import { excludeSelf } from '../lookup/similar';
import type { Handlers } from '../messaging';
import { OctogenError } from '../octogen/errors';
import { MORE_LIKE_THIS_LIMIT_DEFAULT, type LookupResponse, type MoreLikeThisRequest } from '../octogen/schemas';
import { capturePage, PAGE_HTML_MAX_BYTES, type CapturedPage } from '../page-capture';
import type { Clients } from './clients';

const RESOLVE = 'resolveProductFromHtml';
const MIB = 1024 * 1024;

/** An error before anything was sent (its `detail` is described in lib/octogen/errors.ts). */
const refused = (detail: string, message: string) => new OctogenError({ kind: 'request', operation: RESOLVE, detail, message });

/** What more-like-this compares with: an indexed record by its uuid, any other (resolved from a page) by its URL. */
export function moreLikeThisSource(lookup: LookupResponse): MoreLikeThisRequest['source'] {
  const { uuid, productUrl } = lookup.product;
  return lookup.source !== 'client_html' && uuid ? { uuid } : { url: productUrl };
}

export function createPageActions(
  clients: Clients,
  service: LookupService,
  capture: (tabId: number) => Promise<CapturedPage> = capturePage,
): Pick<Handlers, 'resolveFromPage' | 'moreLikeThis'> {
  return {
    async resolveFromPage({ tabId }) {
      const client = await clients.required(RESOLVE);
      const state = await service.state(tabId);
      const identity = state?.identity;
      if (!state || !identity) throw refused('page_changed', 'The tab has no looked-up page to read.');
      let page: CapturedPage;
      try {
        page = await capture(tabId);
      } catch (error) {
        throw refused('page_unreadable', `Could not read the page: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Still the document that was looked up (Chrome tells documents apart; elsewhere, at least the same site).
      const otherDocument = state.documentId !== undefined && page.documentId !== undefined && page.documentId !== state.documentId;
      if (otherDocument || !sameSite(page.url, identity)) throw refused('page_changed', 'The tab shows another document than the one looked up.');
      if (page.html === undefined) {
        throw refused('request_body_too_large', `The page's HTML is over ${PAGE_HTML_MAX_BYTES / MIB} MiB (${(page.bytes / MIB).toFixed(1)} MiB); nothing was sent.`);
      }
      // The address as the lookup sends addresses: tracking parameters removed.
      const lookup = await client.resolveProductFromHtml({ html: page.html, url: cleanUrl(page.url) ?? page.url });
      return service.resolvedFromPage(tabId, identity, lookup);
    },

    async moreLikeThis({ tabId, pricePreference }) {
      const client = await clients.required('moreLikeThisProducts');
      const lookup = (await service.state(tabId))?.lookup.data;
      if (!lookup) {
        throw new OctogenError({ kind: 'request', operation: 'moreLikeThisProducts', message: 'No product is shown in this tab to compare with.' });
      }
      const answer = await client.moreLikeThisProducts({
        source: moreLikeThisSource(lookup),
        price_preference: pricePreference,
        limit: MORE_LIKE_THIS_LIMIT_DEFAULT,
      });
      return { ...answer, items: excludeSelf(answer.items, lookup.product) };
    },
  };
}
