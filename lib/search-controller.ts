/**
 * The popup's search as a small state machine, free of React: results as you type (debounced), on Enter at once,
 * stale answers discarded, the request in flight aborted when the query changes, pages merged without duplicates.
 */
import { t } from './i18n';
import { OctogenError, type OctogenErrorData } from './octogen/errors';
import type { ProductListItem, SearchPage, SearchRequest } from './octogen/schemas';
import { buildSearchRequest, EMPTY_FORM, fieldForLoc, mergePages, type FormErrors, type SearchForm } from './search-state';

export type FieldErrors = FormErrors & Partial<Record<'q' | 'catalog' | 'brand', string>>;

export interface SearchViewState {
  form: SearchForm;
  status: 'idle' | 'loading' | 'loading-more' | 'done' | 'error';
  items: ProductListItem[];
  nextCursor: string | null;
  /** What the shown results are for, e.g. `“water bottle” in hearth`. */
  searched: string;
  fieldErrors: FieldErrors;
  error?: OctogenErrorData;
  errorAt?: number;
  /** Items added by the last page (for announcements). */
  added: number;
}

export interface SearchControllerOptions {
  search: (request: SearchRequest, signal: AbortSignal) => Promise<SearchPage>;
  onChange: (state: SearchViewState) => void;
  /** Called with the query of every search that answered (recent searches). */
  onSearched?: (form: SearchForm) => void;
  pageSize?: number;
  debounceMs?: number;
  now?: () => number;
}

export const initialSearchState: SearchViewState = {
  form: EMPTY_FORM,
  status: 'idle',
  items: [],
  nextCursor: null,
  searched: '',
  fieldErrors: {},
  added: 0,
};

function describeSearch(form: SearchForm): string {
  const parts = [form.q.trim() ? `“${form.q.trim()}”` : 'all products'];
  if (form.catalog.trim()) parts.push(`in ${form.catalog.trim()}`);
  if (form.brand.trim()) parts.push(`by ${form.brand.trim()}`);
  if (form.priceMin.trim() || form.priceMax.trim()) parts.push(`priced ${form.priceMin.trim() || '0'}–${form.priceMax.trim() || '∞'}`);
  return parts.join(' ');
}

function isEmpty(form: SearchForm): boolean {
  return !form.q.trim() && !form.catalog.trim() && !form.brand.trim() && !form.priceMin.trim() && !form.priceMax.trim();
}

export class SearchController {
  private state: SearchViewState = initialSearchState;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: AbortController | undefined;
  private sequence = 0;
  private readonly pageSize: number;
  private readonly debounceMs: number;

  constructor(private readonly options: SearchControllerOptions) {
    this.pageSize = options.pageSize ?? 20;
    this.debounceMs = options.debounceMs ?? 250;
  }

  get current(): SearchViewState {
    return this.state;
  }

  private set(patch: Partial<SearchViewState>) {
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }

  /** The form changed (typing): search after a pause. */
  input(form: SearchForm) {
    this.cancelPending();
    this.set({ form });
    if (isEmpty(form)) {
      this.sequence++;
      this.set({ status: 'idle', items: [], nextCursor: null, searched: '', fieldErrors: {}, error: undefined });
      return;
    }
    this.timer = setTimeout(() => this.run(form, undefined), this.debounceMs);
  }

  /** Search now (Enter, a filter picked, a handed-over query). */
  submit(form: SearchForm = this.state.form) {
    this.cancelPending();
    this.set({ form });
    this.run(form, undefined);
  }

  /** Follow `nextCursor` and append, without duplicates. */
  loadMore() {
    if (!this.state.nextCursor || this.state.status === 'loading-more') return;
    this.run(this.state.form, this.state.nextCursor);
  }

  /** Escape: empty the form and the results; nothing in flight survives. */
  clear() {
    this.cancelPending();
    this.sequence++;
    this.set({ ...initialSearchState });
  }

  dispose() {
    this.cancelPending();
    this.sequence++;
  }

  private cancelPending() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.inflight?.abort();
    this.inflight = undefined;
  }

  private run(form: SearchForm, cursor: string | undefined) {
    const { request, errors } = buildSearchRequest(form, this.pageSize, cursor);
    if (!request) {
      this.set({ fieldErrors: errors, status: this.state.items.length ? 'done' : 'idle' });
      return;
    }
    this.inflight?.abort();
    const controller = new AbortController();
    this.inflight = controller;
    const mine = ++this.sequence;
    this.set({ status: cursor ? 'loading-more' : 'loading', fieldErrors: {}, error: undefined });
    this.options.search(request, controller.signal).then(
      (page) => {
        if (mine !== this.sequence) return;
        this.inflight = undefined;
        const before = cursor ? this.state.items : [];
        const items = mergePages(before, page.items);
        this.set({
          status: 'done',
          items,
          added: items.length - before.length,
          nextCursor: page.nextCursor ?? null,
          searched: cursor ? this.state.searched : describeSearch(form),
        });
        if (!cursor) this.options.onSearched?.(form);
      },
      (error: unknown) => {
        if (mine !== this.sequence) return;
        this.inflight = undefined;
        const data: OctogenErrorData =
          error instanceof OctogenError ? error.data : { kind: 'network', operation: 'searchProducts', message: String(error) };
        if (data.kind === 'aborted') return;
        const fieldErrors: FieldErrors = {};
        for (const fe of data.fieldErrors ?? []) {
          const field = fieldForLoc(fe.loc);
          if (field) fieldErrors[field] = fe.msg;
        }
        if (data.status === 404 && data.detail === 'catalog_not_found') {
          fieldErrors.catalog = t('search.noCatalog');
        }
        if (Object.keys(fieldErrors).length) this.set({ status: 'error', fieldErrors, error: undefined });
        else this.set({ status: 'error', error: data, errorAt: (this.options.now ?? Date.now)() });
      },
    );
  }
}
