/**
 * The popup's "Add to URL list" picker as a small state machine, free of React (components/popup/UrlListPicker.tsx is
 * its view). Opening it loads the organisation's lists and checks the page against each; choosing a list adds the page;
 * "Create" makes a list with the name typed and adds the page to it; a list holding the page can take it out again.
 * Every failure leaves the picker usable and what was typed in place, with the error where it belongs: the name's at
 * the name field, a list's at that list, the loading's at the top.
 */
import { formatNumber, t } from '../i18n';
import { OctogenError, describeError, type OctogenErrorData } from '../octogen/errors';
import type { UrlList, UrlMutationResponse } from '../octogen/schemas';
import { URL_LIST_CAPS } from '../octogen/url-list-caps';
import type { PageList, PageLists } from './types';

export interface PickerApi {
  urlListsForPage(url: string): Promise<PageLists>;
  createUrlList(name: string): Promise<UrlList>;
  addUrlToList(list: UrlList, url: string): Promise<UrlMutationResponse>;
  removeUrlsFromList(list: UrlList, urls: string[]): Promise<UrlMutationResponse>;
}

export interface PickerState {
  status: 'closed' | 'loading' | 'ready' | 'error';
  lists: PageList[];
  /** Why loading failed. */
  error?: OctogenErrorData;
  /** What is under way: a list's id (adding or removing), or 'create'. */
  busy?: string;
  /** A failed add or remove, at its list: the service's error, or the reason it refused the URL (`rejected`). */
  listErrors: Record<string, { title: string; message: string }>;
  name: string;
  /** What is wrong with the name (typed, or as the service answered: 409s). */
  nameError?: string;
  /** The last outcome in words, for the live region. */
  said?: string;
}

export const CLOSED: PickerState = { status: 'closed', lists: [], listErrors: {}, name: '' };

/** The name as it is sent (trimmed), or what is wrong with it. */
export function checkListName(name: string): { name: string } | { problem: string } {
  const trimmed = name.trim();
  if (!trimmed) return { problem: t('urlLists.nameEmpty') };
  if (trimmed.length > URL_LIST_CAPS.nameLength) return { problem: t('urlLists.nameTooLong', { max: formatNumber(URL_LIST_CAPS.nameLength), length: formatNumber(trimmed.length) }) };
  return { name: trimmed };
}

/** A failure as plain error data (an `OctogenError`'s, or a config error with its message). */
export const errorData = (error: unknown, operation: string): OctogenErrorData =>
  error instanceof OctogenError ? error.data : { kind: 'config', operation, message: error instanceof Error ? error.message : String(error) };

const words = (error: OctogenErrorData) => {
  const { title, message } = describeError(error);
  return { title, message };
};

/** "3 URLs" */
export const urlCount = (n: number) => t('urlLists.urls', n, { n: formatNumber(n) });

export class PickerController {
  private state: PickerState = CLOSED;
  private url = '';
  /** Answers of an earlier opening are dropped. */
  private generation = 0;

  constructor(
    private readonly api: PickerApi,
    private readonly onChange: (state: PickerState) => void,
  ) {}

  get current(): PickerState {
    return this.state;
  }

  private set(patch: Partial<PickerState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  private changed(urlListId: string, change: (entry: PageList) => PageList): PageList[] {
    return this.state.lists.map((entry) => (entry.list.urlListId === urlListId ? change(entry) : entry));
  }

  private listError(urlListId: string, error?: { title: string; message: string }): Record<string, { title: string; message: string }> {
    const { [urlListId]: _previous, ...rest } = this.state.listErrors;
    return error ? { ...rest, [urlListId]: error } : rest;
  }

  /** Open for `url` (again: the lists are always checked anew; what the browser remembered is never taken as true). */
  async open(url: string): Promise<void> {
    this.url = url;
    const generation = ++this.generation;
    this.set({ ...CLOSED, name: this.state.name, status: 'loading', said: t('urlLists.loading') });
    try {
      const answer = await this.api.urlListsForPage(url);
      if (generation !== this.generation) return;
      const holding = answer.lists.filter((l) => l.present).map((l) => l.list.name);
      const said = answer.lists.length === 0
        ? t('urlLists.noneCreate')
        : `${t('urlLists.lists', answer.lists.length, { n: formatNumber(answer.lists.length) })} ${holding.length ? t('urlLists.pageIn', { names: holding.join(', ') }) : t('urlLists.pageInNone')}`;
      this.set({ status: 'ready', lists: answer.lists, said });
    } catch (error) {
      if (generation !== this.generation) return;
      const data = errorData(error, 'urlListsForPage');
      this.set({ status: 'error', error: data, said: t('urlLists.failed', { title: describeError(data).title }) });
    }
  }

  /** Load again after an error. */
  retry(): Promise<void> {
    return this.open(this.url);
  }

  close(): void {
    this.generation++;
    this.state = { ...CLOSED, name: this.state.name };
    this.onChange(this.state);
  }

  setName(name: string): void {
    this.set({ name, nameError: undefined });
  }

  /** Add the page to `list`. */
  async add(list: UrlList): Promise<void> {
    if (this.state.busy) return;
    const generation = this.generation;
    this.set({ busy: list.urlListId, listErrors: this.listError(list.urlListId), said: t('urlLists.addingTo', { name: list.name }) });
    try {
      const answer = await this.api.addUrlToList(list, this.url);
      if (generation !== this.generation) return;
      const rejected = answer.rejected.find((r) => r.url === this.url) ?? answer.rejected[0];
      if (rejected && !answer.accepted.length) {
        const error = { title: t('urlLists.refused'), message: rejected.message ?? t('urlLists.refusedWhy', { code: rejected.code }) };
        this.set({ busy: undefined, listErrors: this.listError(list.urlListId, error), said: t('urlLists.notAdded', { name: list.name, message: error.message }) });
        return;
      }
      const lists = this.changed(list.urlListId, (entry) => ({ list: { ...entry.list, urlCount: answer.urlCount }, present: true }));
      this.set({ lists, busy: undefined, said: t('urlLists.addedTo', { name: list.name }) });
    } catch (error) {
      this.failed(generation, list, error, 'addUrlToList', t('urlLists.notAddedShort'));
    }
  }

  /** Take the page out of `list`. */
  async remove(list: UrlList): Promise<void> {
    if (this.state.busy) return;
    const generation = this.generation;
    this.set({ busy: list.urlListId, listErrors: this.listError(list.urlListId), said: t('urlLists.removingFrom', { name: list.name }) });
    try {
      const answer = await this.api.removeUrlsFromList(list, [this.url]);
      if (generation !== this.generation) return;
      const lists = this.changed(list.urlListId, (entry) => ({ list: { ...entry.list, urlCount: answer.urlCount }, present: false }));
      this.set({ lists, busy: undefined, said: t('urlLists.removedFrom', { name: list.name }) });
    } catch (error) {
      this.failed(generation, list, error, 'removeUrlsFromList', t('urlLists.notRemovedShort'));
    }
  }

  private failed(generation: number, list: UrlList, error: unknown, operation: string, what: string): void {
    if (generation !== this.generation) return;
    const data = errorData(error, operation);
    const gone = data.detail === 'url_list_not_found' || data.detail === 'url_list_deleting';
    // A list that is gone (or going) is no longer offered; its error is then said at the top of the picker.
    this.set({
      ...(gone ? { lists: this.state.lists.filter((l) => l.list.urlListId !== list.urlListId) } : {}),
      busy: undefined,
      listErrors: this.listError(list.urlListId, gone ? undefined : words(data)),
      ...(gone ? { error: data } : {}),
      said: t('urlLists.failedAction', { what, title: describeError(data).title, message: describeError(data).message }),
    });
  }

  /** Create a list with the name typed, then add the page to it. */
  async create(): Promise<void> {
    if (this.state.busy) return;
    const checked = checkListName(this.state.name);
    if ('problem' in checked) {
      this.set({ nameError: checked.problem, said: checked.problem });
      return;
    }
    const generation = this.generation;
    this.set({ busy: 'create', nameError: undefined, error: undefined, said: t('urlLists.creatingName', { name: checked.name }) });
    let list: UrlList;
    try {
      list = await this.api.createUrlList(checked.name);
    } catch (error) {
      if (generation !== this.generation) return;
      const data = errorData(error, 'createUrlList');
      const { title, message } = describeError(data);
      this.set({ busy: undefined, nameError: t('urlLists.nameProblem', { title, message }), said: t('urlLists.notCreated', { title, message }) });
      return;
    }
    if (generation !== this.generation) return;
    this.set({ busy: undefined, name: '', lists: [...this.state.lists, { list, present: false }] });
    await this.add(list);
  }
}
