import { useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { describeChanges } from '../../lib/history/describe';
import { diffSnapshots } from '../../lib/history/diff';
import { historySource, type HistoryLoad } from '../../lib/history/page';
import { historyStatus, listHistory, watchHistory } from '../../lib/history/store';
import type { HistoryEntry } from '../../lib/history/types';
import { exportFileName, filterRows, groupByProduct, isFiltered, NO_FILTER, storesOf, toCsv, toJson, type HistoryFilter, type HistoryRow } from '../../lib/history/view';
import { availabilityLabel, safeHttpUrl } from '../../lib/format';
import { formatNumber, t } from '../../lib/i18n';
import { downloadText } from './download';
import { dateTimeText, PriceChart, priceText } from './PriceChart';
import './history.css';

/** How many lookups, and products, are shown before "Show more" (the exports always hold every one the filter shows). */
const PAGE = 100;
const PRODUCTS_PAGE = 20;

/**
 * The History page: every lookup kept in this browser, newest first, filterable by text and store; per product its
 * timeline and price chart; exports of what the filter shows. It reads the extension's own IndexedDB directly (as
 * any extension page may) and sends nothing anywhere.
 */
export function HistoryApp() {
  const [load, setLoad] = useState<HistoryLoad>({ phase: 'loading' });
  const [filter, setFilter] = useState<HistoryFilter>(NO_FILTER);
  const [limit, setLimit] = useState(PAGE);
  const [productLimit, setProductLimit] = useState(PRODUCTS_PAGE);
  const [announcement, setAnnouncement] = useState('');
  const source = useRef<ReturnType<typeof historySource> | null>(null);
  const filterInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const s = historySource(
      { list: () => listHistory(), enabled: async () => (await historyStatus()).enabled, watch: watchHistory },
      setLoad,
    );
    source.current = s;
    return () => s.stop();
  }, []);

  const rows = load.phase === 'ready' ? load.rows : [];
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const products = useMemo(() => groupByProduct(shown), [shown]);
  const stores = useMemo(() => storesOf(rows), [rows]);
  const filtered = isFiltered(filter);
  const lookupsText = t('historyPage.lookupsCount', shown.length, { n: formatNumber(shown.length) });
  const productsText = t('historyPage.productsCount', products.length, { n: formatNumber(products.length) });
  const summary = filtered
    ? t('historyPage.summaryFiltered', { lookups: lookupsText, products: productsText, total: formatNumber(rows.length) })
    : t('historyPage.summary', { lookups: lookupsText, products: productsText });

  const changeFilter = (next: Partial<HistoryFilter>) => {
    setFilter((f) => ({ ...f, ...next }));
    setLimit(PAGE);
    setProductLimit(PRODUCTS_PAGE);
  };
  const clearFilter = () => {
    changeFilter(NO_FILTER);
    filterInput.current?.focus();
  };
  const exportAs = (kind: 'csv' | 'json') => {
    const now = Date.now();
    if (kind === 'csv') downloadText(toCsv(shown), 'text/csv;charset=utf-8', exportFileName('csv', now));
    else downloadText(toJson(shown, filter, now), 'application/json', exportFileName('json', now));
    setAnnouncement(t('historyPage.exported', { lookups: t('historyPage.lookupsCount', shown.length, { n: formatNumber(shown.length) }), format: kind.toUpperCase() }));
  };

  return (
    <main className="history">
      <header className="history-header">
        <h1>{t('historyPage.heading')}</h1>
        <p className="muted">
          {t('historyPage.intro')}{' '}
          <button type="button" className="link-button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('historyPage.options')}
          </button>
        </p>
      </header>

      {load.phase === 'loading' && (
        <p className="muted" role="status" aria-busy="true">
          {t('historyPage.loading')}
        </p>
      )}
      {load.phase === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{load.message}</p>
          <p>{t('historyPage.nothingDeleted')}</p>
          <div className="notice-actions">
            <button type="button" onClick={() => source.current?.reload()}>
              {t('historyPage.tryAgain')}
            </button>
          </div>
        </div>
      )}
      {load.phase === 'ready' && rows.length === 0 && (
        <section className="notice" aria-labelledby="history-empty">
          <h2 id="history-empty">{t('historyPage.empty')}</h2>
          {load.enabled ? (
            <p>{t('historyPage.emptyOn')}</p>
          ) : (
            <p>{t('historyPage.emptyOff')}</p>
          )}
        </section>
      )}
      {load.phase === 'ready' && rows.length > 0 && (
        <>
          {!load.enabled && <p className="notice notice-info">{t('historyPage.off')}</p>}
          <form role="search" aria-label={t('historyPage.filterLookups')} className="history-filter" onSubmit={(e) => e.preventDefault()}>
            <div className="field">
              <label htmlFor="history-text">{t('historyPage.filter')}</label>
              <input
                id="history-text"
                ref={filterInput}
                type="search"
                value={filter.text}
                placeholder={t('historyPage.filterPlaceholder')}
                onChange={(e) => changeFilter({ text: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="history-store">{t('historyPage.store')}</label>
              <select id="history-store" value={filter.store} onChange={(e) => changeFilter({ store: e.target.value })}>
                <option value="">{t('historyPage.allStores')}</option>
                {stores.map((store) => (
                  <option key={store} value={store}>
                    {store}
                  </option>
                ))}
              </select>
            </div>
          </form>
          <div className="history-bar">
            <p role="status" aria-live="polite" className="history-count">
              {summary}
            </p>
            <div className="history-actions">
              <button type="button" onClick={() => exportAs('csv')} disabled={!shown.length}>
                {t('historyPage.exportCsv')}
              </button>
              <button type="button" onClick={() => exportAs('json')} disabled={!shown.length}>
                {t('historyPage.exportJson')}
              </button>
            </div>
          </div>
          {shown.length === 0 ? (
            <div className="notice">
              <p>{t('historyPage.noMatch')}</p>
              <div className="notice-actions">
                <button type="button" onClick={clearFilter}>
                  {t('historyPage.clearFilter')}
                </button>
              </div>
            </div>
          ) : (
            <div className="history-columns">
              <section aria-labelledby="lookups-heading">
                <h2 id="lookups-heading">{t('historyPage.lookups')}</h2>
                <ol aria-label={t('historyPage.heading')} className="history-list">
                  {shown.slice(0, limit).map((row) => (
                    <LookupItem key={row.id} row={row} />
                  ))}
                </ol>
                {shown.length > limit && (
                  <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
                    {t('historyPage.moreLookups', { n: formatNumber(shown.length - limit) })}
                  </button>
                )}
              </section>
              <section aria-labelledby="products-heading">
                <h2 id="products-heading">{t('historyPage.products')}</h2>
                {products.slice(0, productLimit).map((product) => (
                  <article key={product.key} className="history-product" aria-labelledby={`product-${product.lookups[0]!.id}`}>
                    <h3 id={`product-${product.lookups[0]!.id}`} className="wrap">
                      {product.title}
                    </h3>
                    <p className="muted">{product.store}</p>
                    <PriceChart title={product.title} lookups={product.lookups} />
                    <Timeline title={product.title} lookups={product.lookups} entries={load.entries} />
                  </article>
                ))}
                {products.length > productLimit && (
                  <button type="button" onClick={() => setProductLimit((l) => l + PRODUCTS_PAGE)}>
                    {t('historyPage.moreProducts', { n: formatNumber(products.length - productLimit) })}
                  </button>
                )}
              </section>
            </div>
          )}
        </>
      )}
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </main>
  );
}

function Prices({ row }: { row: HistoryRow }) {
  const parts = [
    row.price !== null ? t('historyPage.catalogPrice', { price: priceText(row.price, row.currency) }) : t('historyPage.catalogPriceUnknown'),
    row.pagePrice !== null ? t('historyPage.pagePrice', { price: priceText(row.pagePrice, row.pageCurrency ?? row.currency) }) : undefined,
    availabilityLabel(row.inStock),
  ].filter(Boolean);
  return <p>{parts.join(' · ')}</p>;
}

function LookupItem({ row }: { row: HistoryRow }) {
  const href = safeHttpUrl(row.productUrl);
  const title = row.title ?? row.productUrl;
  return (
    <li className="history-item">
      <p className="muted">
        <time dateTime={new Date(row.at).toISOString()}>{dateTimeText(row.at)}</time> · {row.store}
        {row.catalog ? ` · ${row.catalog}` : ''}
      </p>
      <p className="wrap">
        {href ? (
          <a href={href} target="_blank" rel="noreferrer noopener">
            {title}
          </a>
        ) : (
          title
        )}
      </p>
      <Prices row={row} />
    </li>
  );
}

/** A product's lookups, newest first, each with what changed since the one before it. */
function Timeline({ title, lookups, entries }: { title: string; lookups: HistoryRow[]; entries: ReadonlyMap<number, HistoryEntry> }) {
  const items = lookups.map((row, i) => {
    const previous = i > 0 ? entries.get(lookups[i - 1]!.id) : undefined;
    const current = entries.get(row.id);
    const changes = previous && current ? diffSnapshots(previous.record, current.record) : [];
    return { row, changes: describeChanges(changes), first: i === 0 };
  });
  return (
    <ol aria-label={t('historyPage.timeline', { title })} className="history-timeline">
      {items.reverse().map(({ row, changes, first }) => (
        <li key={row.id}>
          <time dateTime={new Date(row.at).toISOString()}>{dateTimeText(row.at)}</time>
          <Prices row={row} />
          {changes && <p className="history-changed">{t('historyPage.changed', { changes })}</p>}
          {!first && !changes && <p className="muted">{t('historyPage.noChange')}</p>}
        </li>
      ))}
    </ol>
  );
}
