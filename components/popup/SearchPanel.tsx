import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { browser } from 'wxt/browser';
import { send } from '../../lib/messaging';
import { OctogenError, type OctogenErrorData } from '../../lib/octogen/errors';
import type { CatalogSummary, ProductListItem } from '../../lib/octogen/schemas';
import { buildSearchRequest, EMPTY_FORM, fieldForLoc, mergePages, type FormErrors, type SearchForm } from '../../lib/search-state';
import { lastSearchItem, recentSearchesItem } from '../../lib/storage';
import { ErrorNotice } from '../ErrorNotice';
import { ProductCard } from '../ProductCard';

export const PAGE_SIZE = 20;
const DEBOUNCE_MS = 250;
const MAX_RECENT = 10;

export interface SearchPanelProps {
  /** A query handed over from the Product tab ("More like this", "Search your catalogs"). */
  initialQuery?: { q: string; nonce: number };
  announce: (message: string) => void;
  active: boolean;
}

type Results = { items: ProductListItem[]; nextCursor: string | null; searched: string };

function asError(e: unknown, operation: string): OctogenErrorData {
  return e instanceof OctogenError ? e.data : { kind: 'network', operation, message: String(e) };
}

export function SearchPanel({ initialQuery, announce, active }: SearchPanelProps) {
  const [form, setForm] = useState<SearchForm>(EMPTY_FORM);
  const [formErrors, setFormErrors] = useState<FormErrors & { q?: string; catalog?: string; brand?: string }>({});
  const [catalogs, setCatalogs] = useState<CatalogSummary[] | null | undefined>(undefined);
  const [results, setResults] = useState<Results | null>(null);
  const [loading, setLoading] = useState<'search' | 'more' | null>(null);
  const [error, setError] = useState<{ data: OctogenErrorData; at: number } | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const [activeIndex, setActiveIndex] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const sequence = useRef(0);
  const debounce = useRef<ReturnType<typeof setTimeout>>(undefined);
  const restored = useRef(false);
  const ids = { q: useId(), catalog: useId(), min: useId(), max: useId(), brand: useId(), count: useId() };

  // Restore the last search and the recent ones; load the catalogs for the filter.
  useEffect(() => {
    void Promise.all([lastSearchItem.getValue(), recentSearchesItem.getValue()]).then(([last, recents]) => {
      setRecent(recents);
      if (!restored.current && last && !initialQuery) {
        restored.current = true;
        setForm(last);
        if (last.q.trim()) run(last, undefined);
      }
    });
    send('listCatalogs').then(setCatalogs, () => setCatalogs(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (active) inputRef.current?.focus();
  }, [active]);

  useEffect(() => {
    if (!initialQuery) return;
    const next = { ...EMPTY_FORM, q: initialQuery.q };
    restored.current = true;
    setForm(next);
    run(next, undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialQuery?.nonce]);

  const remember = useCallback(async (q: string) => {
    const trimmed = q.trim();
    if (!trimmed) return;
    const list = [trimmed, ...(await recentSearchesItem.getValue()).filter((r) => r !== trimmed)].slice(0, MAX_RECENT);
    setRecent(list);
    await recentSearchesItem.setValue(list);
  }, []);

  /** Run a search for `f` (a new one, or the next page when `cursor` is given). Stale answers are discarded. */
  function run(f: SearchForm, cursor: string | undefined) {
    clearTimeout(debounce.current);
    const { request, errors } = buildSearchRequest(f, PAGE_SIZE, cursor);
    setFormErrors(errors);
    if (!request) return;
    void lastSearchItem.setValue(f);
    const mine = ++sequence.current;
    setLoading(cursor ? 'more' : 'search');
    setError(null);
    send('searchProducts', request).then(
      (page) => {
        if (mine !== sequence.current) return;
        setLoading(null);
        const searched = [f.q.trim() ? `“${f.q.trim()}”` : 'all products', f.catalog && `in ${f.catalog}`].filter(Boolean).join(' ');
        setResults((current) => {
          const items = cursor && current ? mergePages(current.items, page.items) : mergePages([], page.items);
          const added = items.length - (cursor && current ? current.items.length : 0);
          announce(
            cursor
              ? `${added} more result${added === 1 ? '' : 's'}, ${items.length} in all.`
              : `${items.length}${page.nextCursor ? '+' : ''} result${items.length === 1 ? '' : 's'} for ${searched}.`,
          );
          return { items, nextCursor: page.nextCursor ?? null, searched };
        });
        if (!cursor) {
          setActiveIndex(-1);
          void remember(f.q);
        }
      },
      (e: unknown) => {
        if (mine !== sequence.current) return;
        setLoading(null);
        const data = asError(e, 'searchProducts');
        const fieldErrors: Record<string, string> = {};
        for (const fe of data.fieldErrors ?? []) {
          const field = fieldForLoc(fe.loc);
          if (field) fieldErrors[field] = fe.msg;
        }
        if (Object.keys(fieldErrors).length) setFormErrors(fieldErrors);
        else if (data.status === 404 && data.detail === 'catalog_not_found') setFormErrors({ catalog: 'No catalog with this key is visible to your API key.' });
        else setError({ data, at: Date.now() });
        announce('The search failed.');
      },
    );
  }

  const change = (patch: Partial<SearchForm>, immediate = false) => {
    const next = { ...form, ...patch };
    setForm(next);
    clearTimeout(debounce.current);
    if (!next.q.trim() && !next.catalog && !next.brand && !next.priceMin && !next.priceMax) {
      sequence.current++;
      setResults(null);
      setLoading(null);
      return;
    }
    if (immediate) run(next, undefined);
    else debounce.current = setTimeout(() => run(next, undefined), DEBOUNCE_MS);
  };

  const clear = () => {
    sequence.current++;
    clearTimeout(debounce.current);
    setForm(EMPTY_FORM);
    setResults(null);
    setFormErrors({});
    setError(null);
    void lastSearchItem.setValue(null);
    inputRef.current?.focus();
  };

  const links = () => Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.card-link') ?? []);
  const focusResult = (index: number) => {
    const all = links();
    if (!all.length) return;
    const next = Math.max(0, Math.min(all.length - 1, index));
    setActiveIndex(next);
    all[next]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      clear();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusResult(event.target === inputRef.current ? 0 : activeIndex + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (activeIndex <= 0) {
        setActiveIndex(-1);
        inputRef.current?.focus();
      } else focusResult(activeIndex - 1);
    } else if (event.key === 'Enter' && event.target !== inputRef.current) {
      const link = (event.target as HTMLElement).closest('a');
      if (link) {
        event.preventDefault();
        void browser.tabs.create({ url: link.href });
      }
    }
  };

  const catalogName = (key: string | null | undefined) => catalogs?.find((c) => c.catalog === key)?.displayName;

  return (
    <div className="search" onKeyDown={onKeyDown}>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          run(form, undefined);
        }}
      >
        <label htmlFor={ids.q}>Search products</label>
        <div className="row">
          <input
            ref={inputRef}
            id={ids.q}
            type="search"
            value={form.q}
            autoComplete="off"
            placeholder="e.g. insulated bottle"
            aria-invalid={formErrors.q ? true : undefined}
            aria-describedby={formErrors.q ? `${ids.q}-error` : undefined}
            onChange={(e) => change({ q: e.target.value })}
          />
          <button type="submit">Search</button>
        </div>
        {formErrors.q && (
          <p id={`${ids.q}-error`} className="field-error">
            {formErrors.q}
          </p>
        )}
        <details className="filters">
          <summary>Filters</summary>
          {catalogs === null ? (
            <div className="field">
              <label htmlFor={ids.catalog}>Catalog</label>
              <input
                id={ids.catalog}
                value={form.catalog}
                placeholder="Catalog key (optional)"
                aria-invalid={formErrors.catalog ? true : undefined}
                aria-describedby={formErrors.catalog ? `${ids.catalog}-error` : undefined}
                onChange={(e) => change({ catalog: e.target.value })}
              />
            </div>
          ) : (
            <div className="field">
              <label htmlFor={ids.catalog}>Catalog</label>
              <select
                id={ids.catalog}
                value={form.catalog}
                aria-invalid={formErrors.catalog ? true : undefined}
                aria-describedby={formErrors.catalog ? `${ids.catalog}-error` : undefined}
                onChange={(e) => change({ catalog: e.target.value }, true)}
              >
                <option value="">All catalogs</option>
                {(catalogs ?? []).map((c) => (
                  <option key={c.catalog} value={c.catalog}>
                    {c.displayName}
                  </option>
                ))}
              </select>
            </div>
          )}
          {formErrors.catalog && (
            <p id={`${ids.catalog}-error`} className="field-error">
              {formErrors.catalog}
            </p>
          )}
          <div className="row">
            <div className="field">
              <label htmlFor={ids.min}>Minimum price</label>
              <input
                id={ids.min}
                inputMode="decimal"
                value={form.priceMin}
                aria-invalid={formErrors.priceMin ? true : undefined}
                aria-describedby={formErrors.priceMin ? `${ids.min}-error` : undefined}
                onChange={(e) => change({ priceMin: e.target.value })}
              />
              {formErrors.priceMin && (
                <p id={`${ids.min}-error`} className="field-error">
                  {formErrors.priceMin}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor={ids.max}>Maximum price</label>
              <input
                id={ids.max}
                inputMode="decimal"
                value={form.priceMax}
                aria-invalid={formErrors.priceMax ? true : undefined}
                aria-describedby={formErrors.priceMax ? `${ids.max}-error` : undefined}
                onChange={(e) => change({ priceMax: e.target.value })}
              />
              {formErrors.priceMax && (
                <p id={`${ids.max}-error`} className="field-error">
                  {formErrors.priceMax}
                </p>
              )}
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.brand}>Brand</label>
            <input
              id={ids.brand}
              value={form.brand}
              aria-invalid={formErrors.brand ? true : undefined}
              aria-describedby={formErrors.brand ? `${ids.brand}-error` : undefined}
              onChange={(e) => change({ brand: e.target.value })}
            />
            {formErrors.brand && (
              <p id={`${ids.brand}-error`} className="field-error">
                {formErrors.brand}
              </p>
            )}
          </div>
        </details>
      </form>

      {!results && !loading && recent.length > 0 && (
        <section aria-labelledby="recent-heading" className="recent">
          <div className="section-head">
            <h2 id="recent-heading">Recent searches</h2>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setRecent([]);
                void recentSearchesItem.setValue([]);
                announce('Recent searches cleared.');
              }}
            >
              Clear recent searches
            </button>
          </div>
          <ul aria-label="Recent searches" className="chips">
            {recent.map((q) => (
              <li key={q}>
                <button type="button" onClick={() => change({ q }, true)}>
                  {q}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {loading === 'search' && <p className="muted" aria-busy="true">Searching…</p>}
      {error && <ErrorNotice error={error.data} at={error.at} onRetry={() => run(form, undefined)} onOpenOptions={() => void browser.runtime.openOptionsPage()} />}
      {results && results.items.length === 0 && loading !== 'search' && (
        <p className="muted" role="status">
          No products found for {results.searched}.
        </p>
      )}
      {results && results.items.length > 0 && (
        <>
          <p id={ids.count} className="muted">
            {results.items.length}
            {results.nextCursor ? '+' : ''} result{results.items.length === 1 ? '' : 's'} for {results.searched}
          </p>
          <ul ref={listRef} aria-label="Search results" aria-describedby={ids.count} className="cards">
            {results.items.map((item, i) => (
              <ProductCard key={item.uuid || item.productUrl} item={item} catalogName={catalogName(item.catalogKey)} active={i === activeIndex} />
            ))}
          </ul>
          {results.nextCursor && (
            <button type="button" className="load-more" disabled={loading === 'more'} onClick={() => run(form, results.nextCursor ?? undefined)}>
              {loading === 'more' ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </div>
  );
}
