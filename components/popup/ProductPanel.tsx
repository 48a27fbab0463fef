import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import type { TabState } from '../../lib/state';
import type { OctogenErrorData } from '../../lib/octogen/errors';
import { formatPrice } from '../../lib/format';
import { ErrorNotice } from '../ErrorNotice';
import { ProductCard } from '../ProductCard';
import { ProductRecord } from '../ProductRecord';
import { useCountdown } from '../useCountdown';
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
      {retryAt && seconds > 0 ? `${label}: the service asked us to wait. Retrying in ${seconds} s.` : `${label}…`}
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
    if (reading || !state) message = 'Reading this page…';
    else if (state.detect.phase === 'unsupported' || state.detect.phase === 'error') message = state.detect.message ?? 'Octolens cannot read this page.';
    else if (!state.configured) message = 'Sign in or add your API key in options.';
    else if (state.detect.detection && !state.detect.detection.isProduct) message = 'This is not a product page.';
    else if (lookup?.phase === 'loading') message = 'Looking up this product…';
    else if (lookup?.phase === 'done' && lookup.data) {
      const count = similar?.phase === 'done' ? similar.data?.items.length ?? 0 : undefined;
      const title = lookup.data.product.title ?? 'the product';
      message = `${lookup.data.source === 'client_html' ? `Resolved ${title} from this page` : `Found ${title}${lookup.data.catalogDisplayName ? ` in ${lookup.data.catalogDisplayName}` : ''}`}.${count !== undefined ? ` ${count} similar item${count === 1 ? '' : 's'}.` : ''}`;
    } else if (lookup?.phase === 'error') message = 'The lookup failed.';
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
    return <p className="muted" aria-busy="true">Reading this page…</p>;
  }
  if (state.detect.phase === 'unsupported' || state.detect.phase === 'error') {
    // (A record can be known although the page could not be read: on a retailer's product URL it came from the address,
    // and the service worker stopped before the page had been read. It stays in view under the notice.)
    return (
      <>
        <div className="notice" role={state.detect.phase === 'error' ? 'alert' : undefined}>
          <p>{state.detect.message ?? 'Octolens cannot read this page.'}</p>
          <div className="notice-actions">
            {state.detect.phase === 'error' && (
              <button type="button" onClick={onRetry}>
                Retry
              </button>
            )}
            <button type="button" onClick={() => onSearch()}>
              Search your catalogs
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
        <h2>Sign in or add your API key</h2>
        <p>To look up products, sign in with Octogen in options (recommended), or add your Octogen Platform API key there.</p>
        <div className="notice-actions">
          <button type="button" onClick={openOptions}>
            Open options
          </button>
        </div>
      </div>
    );
  }
  if (detection && !detection.isProduct) {
    return (
      <div className="notice">
        <h2>Not a product page</h2>
        <p>This page does not look like a single product. Search your catalogs instead.</p>
        <div className="notice-actions">
          <button type="button" onClick={() => onSearch(detection.fields.title)}>
            Search your catalogs
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
          <Waiting retryAt={lookup.retryAt} label="Updating" />
          <ProductRecord lookup={lookup.data} detection={detection} announce={announce} />
        </>
      )}
      {lookup?.phase === 'loading' && !lookup.data && (
        <section aria-label="This page">
          {page?.title && <p className="page-title">{page.title}</p>}
          {page?.price && <p className="muted">Page price: {formatPrice(Number(page.price), page.currency)}</p>}
          <Waiting retryAt={lookup.retryAt} label="Looking up this product" />
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
            <section className="page-facts" aria-label="What this page says">
              <h2>{page.title ?? 'This page'}</h2>
              {page.brand && <p>{page.brand}</p>}
              {page.price && <p>{formatPrice(Number(page.price), page.currency)}</p>}
              {page.gtin && <p className="mono">GTIN {page.gtin}</p>}
              {page.sku && <p className="mono">SKU {page.sku}</p>}
            </section>
          )}
        </>
      )}
      {/* #26 seam: Changes since your last lookup, Refresh */}
      {lookup?.phase === 'done' && lookup.data && <ProductRecord lookup={lookup.data} detection={detection} announce={announce} />}
      {lookup?.phase === 'done' && lookup.data && <UrlListPicker url={state.identity ?? detection?.url ?? lookup.data.product.productUrl} announce={announce} />}
      {lookup?.phase === 'done' && lookup.data && <MoreLikeThis key={lookup.data.product.uuid || lookup.data.product.productUrl} tabId={state.tabId} lookup={lookup.data} announce={announce} />}

      {state.detect.phase === 'pending' && similar?.phase === 'idle' && (
        <p className="muted" aria-busy="true">
          Reading this page for similar items…
        </p>
      )}

      {(lookup?.phase === 'done' || similar?.phase !== 'idle') && similar && similar.phase !== 'idle' && (
        <section className="similar" aria-labelledby="similar-heading">
          <div className="section-head">
            <h2 id="similar-heading">Similar items</h2>
            {similar.data?.query && (
              <button type="button" className="link-button" onClick={() => onSearch(similar.data?.query)}>
                Search similar items
              </button>
            )}
          </div>
          {(similar.phase === 'loading' || holdList) && <Waiting retryAt={similar.retryAt} label="Finding similar items" />}
          {similar.phase === 'error' && similar.error && (
            <ErrorNotice error={similar.error} at={similar.errorAt} onRetry={onRetry} onOpenOptions={openOptions} context="Similar items" />
          )}
          {!holdList && similar.phase === 'done' && similar.data && similar.data.items.length === 0 && <p className="muted">No similar items found.</p>}
          {!holdList && similar.data && similar.data.items.length > 0 && (
            <ul aria-label="Similar items" className="cards">
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
