import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import type { TabState } from '../../lib/state';
import type { OctogenErrorData } from '../../lib/octogen/errors';
import { formatPrice } from '../../lib/format';
import { formatNumber, t } from '../../lib/i18n';
import { ErrorNotice } from '../ErrorNotice';
import { ProductCard } from '../ProductCard';
import { ProductRecord } from '../ProductRecord';
import { useCountdown } from '../useCountdown';
import { Changes } from './Changes';
import { FromThisPage } from './FromThisPage';
import { MoreLikeThis } from './MoreLikeThis';
import { UrlListPicker } from './UrlListPicker';

export interface ProductPanelProps {
  state: TabState | null;
  messagingError: OctogenErrorData | null;
  onRetry: () => void;
  onSearch: (query?: string) => void;
  announce: (message: string) => void;
}

const openOptions = () => void browser.runtime.openOptionsPage();

/** The store's coverage beside a 404: loaded only when shown, so the popup's main view does not carry it. */
const CoveragePanel = lazy(() => import('./CoveragePanel').then((m) => ({ default: m.CoveragePanel })));

/** True while `busy`, for `maxMs` at most from when it became busy. */
export function useHoldWhile(busy: boolean, maxMs: number): boolean {
  const [expired, setExpired] = useState(false);
  // Reset as soon as the busy period ends (during render, so a next busy period is held from its first frame).
  if (!busy && expired) setExpired(false);
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => setExpired(true), maxMs);
    return () => clearTimeout(timer);
  }, [busy, maxMs]);
  return busy && !expired;
}

/** How long similar items that answered first wait for the record, so that the list does not jump down when it comes. */
export const LIST_WAITS_FOR_RECORD_MS = 150;

function Waiting({ retryAt, label }: { retryAt?: number; label: string }) {
  const seconds = useCountdown(retryAt);
  return (
    <p className="muted" aria-busy="true">
      {retryAt && seconds > 0 ? t('product.waitingRetry', { label, seconds: formatNumber(seconds) }) : t('product.waiting', { label })}
    </p>
  );
}

export function ProductPanel({ state, messagingError, onRetry, onSearch, announce }: ProductPanelProps) {
  const detection = state?.detect.detection;
  const lookup = state?.lookup;
  const similar = state?.similar;
  const lastAnnounced = useRef('');
  // The record is what the user asked for, and shows above the list: similar items that answer first wait a moment
  // for it, so that the list does not jump down when it comes.
  const recordPending = lookup?.phase === 'loading' && !lookup.data;
  const holdList = useHoldWhile(recordPending && !!similar?.data, LIST_WAITS_FOR_RECORD_MS);
  // Still reading the page, with nothing to show yet. (On a retailer's product URL the lookup leaves from the address
  // and its answer may come first: it is shown while the page is still being read.)
  const reading = !state || (state.detect.phase === 'pending' && lookup?.phase !== 'done' && lookup?.phase !== 'error');

  // Announce each new outcome once.
  useEffect(() => {
    let message = '';
    if (reading || !state) message = t('popup.reading');
    else if (state.detect.phase === 'unsupported' || state.detect.phase === 'error') message = state.detect.message ?? t('product.cannotRead');
    else if (!state.configured) message = t('product.addKeyShort');
    else if (state.detect.detection && !state.detect.detection.isProduct) message = t('product.notProductShort');
    else if (lookup?.phase === 'loading') message = t('product.lookingUpNow');
    else if (lookup?.phase === 'done' && lookup.data) {
      const count = similar?.phase === 'done' ? similar.data?.items.length ?? 0 : undefined;
      const title = lookup.data.product.title ?? t('product.theProduct');
      const catalog = lookup.data.catalogDisplayName;
      message = lookup.data.source === 'client_html' ? t('product.resolved', { title }) : catalog ? t('product.foundIn', { title, catalog }) : t('product.found', { title });
      if (count !== undefined) message += ` ${t('product.similarCount', count, { n: formatNumber(count) })}`;
    } else if (lookup?.phase === 'error') message = t('product.lookupFailed');
    if (message && message !== lastAnnounced.current) {
      lastAnnounced.current = message;
      announce(message);
    }
  }, [state, reading, lookup, similar, announce]);

  if (messagingError) {
    return <ErrorNotice error={messagingError} onRetry={onRetry} onOpenOptions={openOptions} />;
  }
  if (reading || !state) {
    // (`!state` is part of `reading`; said again for the type checker)
    return <p className="muted" aria-busy="true">{t('popup.reading')}</p>;
  }
  if (state.detect.phase === 'unsupported' || state.detect.phase === 'error') {
    // (A record can be known although the page could not be read: on a retailer's product URL it came from the address,
    // and the service worker stopped before the page had been read. It stays in view under the notice.)
    return (
      <>
        <div className="notice" role={state.detect.phase === 'error' ? 'alert' : undefined}>
          <p>{state.detect.message ?? t('product.cannotRead')}</p>
          <div className="notice-actions">
            {state.detect.phase === 'error' && (
              <button type="button" onClick={onRetry}>
                {t('common.retry')}
              </button>
            )}
            <button type="button" onClick={() => onSearch()}>
              {t('common.searchCatalogs')}
            </button>
          </div>
        </div>
        {lookup?.phase === 'done' && lookup.data && <ProductRecord lookup={lookup.data} />}
      </>
    );
  }
  if (!state.configured) {
    return (
      <div className="notice">
        <h2>{t('product.addKeyTitle')}</h2>
        <p>{t('product.addKeyText')}</p>
        <div className="notice-actions">
          <button type="button" onClick={openOptions}>
            {t('common.openOptions')}
          </button>
        </div>
      </div>
    );
  }
  if (detection && !detection.isProduct) {
    return (
      <div className="notice">
        <h2>{t('product.notProductTitle')}</h2>
        <p>{t('product.notProductText')}</p>
        <div className="notice-actions">
          <button type="button" onClick={() => onSearch(detection.fields.title)}>
            {t('common.searchCatalogs')}
          </button>
        </div>
      </div>
    );
  }

  const page = detection?.fields;
  return (
    <>
      {lookup?.phase === 'loading' && lookup.data && (
        <>
          <Waiting retryAt={lookup.retryAt} label={t('product.updating')} />
          <ProductRecord lookup={lookup.data} detection={detection} announce={announce} />
        </>
      )}
      {lookup?.phase === 'loading' && !lookup.data && (
        <section aria-label={t('product.thisPage')}>
          {page?.title && <p className="page-title bidi" dir="auto">{page.title}</p>}
          {page?.price && <p className="muted">{t('product.pagePrice', { price: formatPrice(Number(page.price), page.currency) ?? page.price })}</p>}
          <Waiting retryAt={lookup.retryAt} label={t('product.lookingUp')} />
        </section>
      )}
      {lookup?.phase === 'error' && lookup.error && (
        <>
          <ErrorNotice
            error={lookup.error}
            at={lookup.errorAt}
            onRetry={onRetry}
            onOpenOptions={openOptions}
            onSearch={() => onSearch(page?.title)}
          />
          {lookup.error.status === 404 && <FromThisPage tabId={state.tabId} onLookUpAgain={onRetry} onSearch={() => onSearch(page?.title)} announce={announce} />}
          {lookup.error.status === 404 && (state.identity ?? state.pageUrl) && (
            <Suspense fallback={null}>
              <CoveragePanel pageUrl={(state.identity ?? state.pageUrl)!} onRetry={onRetry} announce={announce} />
            </Suspense>
          )}
          {page && (page.title || page.price) && (
            <section className="page-facts" aria-label={t('product.pageSays')}>
              <h2 dir="auto" className="bidi">{page.title ?? t('product.thisPage')}</h2>
              {page.brand && <p dir="auto" className="bidi">{page.brand}</p>}
              {page.price && <p>{formatPrice(Number(page.price), page.currency)}</p>}
              {page.gtin && <p className="mono">{t('product.gtin', { gtin: page.gtin })}</p>}
              {page.sku && <p className="mono">{t('product.sku', { sku: page.sku })}</p>}
            </section>
          )}
        </>
      )}
      {/* #26 seam: Changes since your last lookup, Refresh */}
      <Changes state={state} onRefresh={onRetry} announce={announce} />
      {lookup?.phase === 'done' && lookup.data && <ProductRecord lookup={lookup.data} detection={detection} announce={announce} />}
      {lookup?.phase === 'done' && lookup.data && <UrlListPicker url={state.identity ?? detection?.url ?? lookup.data.product.productUrl} announce={announce} />}
      {lookup?.phase === 'done' && lookup.data && <MoreLikeThis key={lookup.data.product.uuid || lookup.data.product.productUrl} tabId={state.tabId} lookup={lookup.data} announce={announce} />}

      {state.detect.phase === 'pending' && similar?.phase === 'idle' && (
        <p className="muted" aria-busy="true">
          {t('product.readingForSimilar')}
        </p>
      )}

      {(lookup?.phase === 'done' || similar?.phase !== 'idle') && similar && similar.phase !== 'idle' && (
        <section className="similar" aria-labelledby="similar-heading">
          <div className="section-head">
            <h2 id="similar-heading">{t('product.similar')}</h2>
            {similar.data?.query && (
              <button type="button" className="link-button" onClick={() => onSearch(similar.data?.query)}>
                {t('product.searchSimilar')}
              </button>
            )}
          </div>
          {(similar.phase === 'loading' || holdList) && <Waiting retryAt={similar.retryAt} label={t('product.findingSimilar')} />}
          {similar.phase === 'error' && similar.error && (
            <ErrorNotice error={similar.error} at={similar.errorAt} onRetry={onRetry} onOpenOptions={openOptions} context={t('product.similar')} />
          )}
          {!holdList && similar.phase === 'done' && similar.data && similar.data.items.length === 0 && <p className="muted">{t('product.noSimilar')}</p>}
          {!holdList && similar.data && similar.data.items.length > 0 && (
            <ul aria-label={t('product.similar')} className="cards">
              {similar.data.items.map((item) => (
                <ProductCard
                  key={item.uuid || item.productUrl}
                  item={item}
                  currency={item.catalogKey && item.catalogKey === lookup?.data?.product.catalogKey ? lookup.data.product.currency : undefined}
                  catalogName={item.catalogKey && item.catalogKey === lookup?.data?.catalogKey ? (lookup.data.catalogDisplayName ?? undefined) : undefined}
                />
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
