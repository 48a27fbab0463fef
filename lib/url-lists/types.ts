/** What the URL-list messages answer (lib/wire.ts Protocol), besides the API's own shapes. Types only. */
import type { OctogenErrorData } from '../octogen/errors';
import type { UrlList } from '../octogen/schemas';

/** One list the picker offers for a page: the list, and whether the page is in it (null: the check failed). */
export interface PageList {
  list: UrlList;
  present: boolean | null;
  /** Why the check failed, when it did. */
  checkError?: OctogenErrorData;
}

/** The lists the picker offers for a page (every list but those being deleted), each checked against the page. */
export interface PageLists {
  url: string;
  /** The service's normalised form of the page's URL, when a check told it. */
  normalizedUrl?: string;
  lists: PageList[];
}
