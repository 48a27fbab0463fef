import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { browser } from 'wxt/browser';
import type { KnownCurrencies } from '../../lib/format';
import { formatNumber, t } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import type { CatalogSummary } from '../../lib/octogen/schemas';
import { SearchController, initialSearchState, type SearchViewState } from '../../lib/search-controller';
import { EMPTY_FORM, type SearchForm } from '../../lib/search-state';
import { lastSearchItem, recentSearchesItem } from '../../lib/storage';
import { ErrorNotice } from '../ErrorNotice';
import { ProductCard } from '../ProductCard';

export const PAGE_SIZE = 20;
const MAX_RECENT = 10;

export interface SearchPanelProps {
  /** A query handed over from the Product tab ("More like this", "Search your catalogs"). */
  initialQuery?: { q: string; nonce: number };
  announce: (message: string) => void;
  active: boolean;
  /** Catalogs whose currency a record already looked up tells (search results carry none). */
  currencies?: KnownCurrencies;
}

/** Search through the background, cancelling the background's request when the controller aborts. */
function searchThroughBackground(request: Parameters<typeof send<'searchProducts'>>[1]['request'], signal: AbortSignal) {
  const requestId = crypto.randomUUID();
  signal.addEventListener('abort', () => void send('cancelRequest', { requestId }).catch(() => undefined), { once: true });
  return send('searchProducts', { request, requestId });
}

export function SearchPanel({ initialQuery, announce, active, currencies }: SearchPanelProps) {
  const [view, setView] = useState<SearchViewState>(initialSearchState);
  const [catalogs, setCatalogs] = useState<CatalogSummary[] | null | undefined>(undefined);
  const [recent, setRecent] = useState<string[]>([]);
  const [activeIndex, setActiveIndex] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const handedOver = useRef(false);
  const ids = { q: useId(), catalog: useId(), min: useId(), max: useId(), brand: useId(), count: useId() };

  const controller = useMemo(
    () =>
      new SearchController({
        pageSize: PAGE_SIZE,
        search: searchThroughBackground,
        onChange: setView,
        onSearched: (form) => {
          void lastSearchItem.setValue(form);
          const q = form.q.trim();
          if (!q) return;
          void recentSearchesItem.getValue().then((list) => {
            const next = [q, ...list.filter((r) => r !== q)].slice(0, MAX_RECENT);
            setRecent(next);
            void recentSearchesItem.setValue(next);
          });
        },
      }),
    [],
  );
  useEffect(() => () => controller.dispose(), [controller]);

  // Announce outcomes (result counts) to screen readers.
  useEffect(() => {
    if (view.status === 'done') {
      const n = view.items.length;
      const query = view.searched;
      announce(
        view.added !== n
          ? t('search.moreResults', view.added, { n: formatNumber(view.added), total: formatNumber(n) })
          : view.nextCursor
            ? t('search.resultsMore', { n: formatNumber(n), query })
            : t('search.results', n, { n: formatNumber(n), query }),
      );
    } else if (view.status === 'error') announce(t('search.failed'));
  }, [view.status, view.items.length, view.added, view.nextCursor, view.searched, announce]);

  // Restore the last search and the recent ones; load the catalogs for the filter.
  useEffect(() => {
    void Promise.all([lastSearchItem.getValue(), recentSearchesItem.getValue()]).then(([last, recents]) => {
      setRecent(recents);
      if (!handedOver.current && last) {
        if (last.q.trim() || last.catalog || last.brand || last.priceMin || last.priceMax) controller.submit(last);
        else controller.input(last);
      }
    });
    send('listCatalogs').then(setCatalogs, () => setCatalogs(null));
  }, [controller]);

  useEffect(() => {
    if (active) inputRef.current?.focus();
  }, [active]);

  useEffect(() => {
    if (!initialQuery) return;
    handedOver.current = true;
    controller.submit({ ...EMPTY_FORM, q: initialQuery.q });
  }, [controller, initialQuery]);

  const form = view.form;
  const errors = view.fieldErrors;
  const change = (patch: Partial<SearchForm>, immediate = false) => {
    const next = { ...form, ...patch };
    if (immediate) controller.submit(next);
    else controller.input(next);
  };

  const clear = () => {
    controller.clear();
    void lastSearchItem.setValue(null);
    setActiveIndex(-1);
    inputRef.current?.focus();
    announce(t('search.cleared'));
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
    } else if (event.key === 'ArrowDown' && (event.target === inputRef.current || listRef.current?.contains(event.target as Node))) {
      event.preventDefault();
      focusResult(event.target === inputRef.current ? 0 : activeIndex + 1);
    } else if (event.key === 'ArrowUp' && listRef.current?.contains(event.target as Node)) {
      event.preventDefault();
      if (activeIndex <= 0) {
        setActiveIndex(-1);
        inputRef.current?.focus();
      } else focusResult(activeIndex - 1);
    } else if (event.key === 'Enter' && listRef.current?.contains(event.target as Node)) {
      const link = (event.target as HTMLElement).closest('a');
      if (link) {
        event.preventDefault();
        void browser.tabs.create({ url: link.href });
      }
    }
  };

  const catalogName = (key: string | null | undefined) => catalogs?.find((c) => c.catalog === key)?.displayName;
  const field = (id: string, error: string | undefined) => ({
    id,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  });
  const fieldError = (id: string, error: string | undefined) =>
    error ? (
      <p id={`${id}-error`} className="field-error">
        {error}
      </p>
    ) : null;
  const results = view.items;
  const loading = view.status === 'loading';

  return (
    <div className="search" onKeyDown={onKeyDown}>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          controller.submit(form);
        }}
      >
        <label htmlFor={ids.q}>{t('search.label')}</label>
        <div className="row">
          <input
            ref={inputRef}
            {...field(ids.q, errors.q)}
            type="search"
            value={form.q}
            autoComplete="off"
            placeholder={t('search.placeholder')}
            onChange={(e) => change({ q: e.target.value })}
          />
          <button type="submit">{t('search.submit')}</button>
        </div>
        {fieldError(ids.q, errors.q)}
        <details className="filters" open={Boolean(form.catalog || form.brand || form.priceMin || form.priceMax || errors.catalog || errors.priceMin || errors.priceMax || errors.brand) || undefined}>
          <summary>{t('search.filters')}</summary>
          {catalogs !== null && catalogs !== undefined ? (
            <div className="field">
              <label htmlFor={ids.catalog}>{t('search.catalog')}</label>
              <select {...field(ids.catalog, errors.catalog)} value={form.catalog} onChange={(e) => change({ catalog: e.target.value }, true)}>
                <option value="">{t('search.allCatalogs')}</option>
                {catalogs.map((c) => (
                  <option key={c.catalog} value={c.catalog}>
                    {c.displayName}
                  </option>
                ))}
              </select>
            </div>
          ) : catalogs === null ? (
            <div className="field">
              <label htmlFor={ids.catalog}>{t('search.catalog')}</label>
              <input
                {...field(ids.catalog, errors.catalog)}
                value={form.catalog}
                placeholder={t('search.catalogKey')}
                onChange={(e) => change({ catalog: e.target.value })}
              />
            </div>
          ) : null}
          {fieldError(ids.catalog, errors.catalog)}
          <div className="row">
            <div className="field">
              <label htmlFor={ids.min}>{t('search.minPrice')}</label>
              <input {...field(ids.min, errors.priceMin)} inputMode="decimal" value={form.priceMin} onChange={(e) => change({ priceMin: e.target.value })} />
              {fieldError(ids.min, errors.priceMin)}
            </div>
            <div className="field">
              <label htmlFor={ids.max}>{t('search.maxPrice')}</label>
              <input {...field(ids.max, errors.priceMax)} inputMode="decimal" value={form.priceMax} onChange={(e) => change({ priceMax: e.target.value })} />
              {fieldError(ids.max, errors.priceMax)}
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.brand}>{t('search.brand')}</label>
            <input {...field(ids.brand, errors.brand)} value={form.brand} onChange={(e) => change({ brand: e.target.value })} />
            {fieldError(ids.brand, errors.brand)}
          </div>
        </details>
      </form>

      {view.status === 'idle' && recent.length > 0 && (
        <section aria-labelledby="recent-heading" className="recent">
          <div className="section-head">
            <h2 id="recent-heading">{t('search.recent')}</h2>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setRecent([]);
                void recentSearchesItem.setValue([]);
                announce(t('search.recentCleared'));
              }}
            >
              {t('search.clearRecent')}
            </button>
          </div>
          <ul aria-label={t('search.recent')} className="chips">
            {recent.map((q) => (
              <li key={q}>
                <button type="button" dir="auto" className="bidi" onClick={() => change({ q }, true)}>
                  {q}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {loading && (
        <p className="muted" aria-busy="true">
          {t('search.searching')}
        </p>
      )}
      {view.error && (
        <ErrorNotice
          error={view.error}
          at={view.errorAt}
          onRetry={() => controller.submit(form)}
          onOpenOptions={() => void browser.runtime.openOptionsPage()}
        />
      )}
      {view.status === 'done' && results.length === 0 && <p className="muted">{t('search.noResults', { query: view.searched })}</p>}
      {results.length > 0 && (
        <>
          <p id={ids.count} className="muted">
            {view.nextCursor
              ? t('search.countMore', { n: formatNumber(results.length), query: view.searched })
              : t('search.count', results.length, { n: formatNumber(results.length), query: view.searched })}
          </p>
          <ul ref={listRef} aria-label={t('search.resultsLabel')} aria-describedby={ids.count} className="cards" aria-busy={loading || undefined}>
            {results.map((item, i) => (
              <ProductCard
                key={item.uuid || item.productUrl}
                item={item}
                catalogName={catalogName(item.catalogKey)}
                currency={item.catalogKey ? currencies?.[item.catalogKey] : undefined}
                active={i === activeIndex}
              />
            ))}
          </ul>
          {view.nextCursor && (
            <button type="button" className="load-more" disabled={view.status === 'loading-more'} onClick={() => controller.loadMore()}>
              {view.status === 'loading-more' ? t('common.loading') : t('search.loadMore')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
