import { useEffect, useId, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import type { LookupResponse } from '../../lib/octogen/schemas';
import { announceMoreLikeThis, MoreLikeThisController, priceLabel, PRICE_OPTIONS, type MoreLikeThisView } from '../../lib/page-actions';
import { ErrorNotice } from '../ErrorNotice';
import { ProductCard } from '../ProductCard';

export interface MoreLikeThisProps {
  tabId: number;
  /** The tab's record the results are like (a new record: mount a new one, keyed by it). */
  lookup: LookupResponse;
  announce: (message: string) => void;
}

/** More like this on the record: the more-like-this endpoint, with a price preference, on the user's click. */
export function MoreLikeThis({ tabId, lookup, announce }: MoreLikeThisProps) {
  const headingId = useId();
  const [view, setView] = useState<MoreLikeThisView>({ preference: 'any', asked: false });
  const [controller] = useState(
    () => new MoreLikeThisController({ fetch: (pricePreference) => send('moreLikeThis', { tabId, pricePreference }), onChange: setView }),
  );
  useEffect(() => () => controller.dispose(), [controller]);

  // Each result is announced once, as it comes (and a kept one when the preference switches back to it).
  const announced = useRef<unknown>(undefined);
  useEffect(() => {
    if (!view.result || announced.current === view.result) return;
    announced.current = view.result;
    announce(announceMoreLikeThis(view.preference, view.result));
  }, [view, announce]);

  const result = view.result;
  const catalogName = lookup.catalogDisplayName ?? undefined;
  return (
    <section className="more-like-this" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{t('moreLike.heading')}</h2>
      </div>
      <fieldset>
        <legend>{t('moreLike.price')}</legend>
        {PRICE_OPTIONS.map((preference) => (
          <label key={preference}>
            <input
              type="radio"
              name={`${headingId}-price`}
              value={preference}
              checked={view.preference === preference}
              onChange={() => controller.choose(preference)}
            />{' '}
            {priceLabel(preference)}
          </label>
        ))}
      </fieldset>
      <div className="notice-actions">
        <button type="button" onClick={() => controller.ask()} aria-disabled={result?.phase === 'loading'}>
          {t('moreLike.button')}
        </button>
      </div>
      {result?.phase === 'loading' && (
        <p className="muted" aria-busy="true">
          {t('moreLike.finding')}
        </p>
      )}
      {result?.phase === 'error' && result.error && (
        <ErrorNotice
          error={result.error}
          at={result.errorAt}
          context={t('moreLike.button')}
          onRetry={() => controller.ask()}
          onOpenOptions={() => void browser.runtime.openOptionsPage()}
        />
      )}
      {result?.phase === 'done' && result.items.length === 0 && (
        <p className="muted">{view.preference === 'any' ? t('moreLike.nothing') : view.preference === 'lower' ? t('moreLike.nothingLower') : t('moreLike.nothingHigher')}</p>
      )}
      {result?.phase === 'done' && result.items.length > 0 && (
        <ul aria-label={t('moreLike.button')} className="cards">
          {result.items.map((item) => (
            <ProductCard
              key={item.uuid || item.productUrl}
              item={item}
              currency={item.catalogKey && item.catalogKey === lookup.product.catalogKey ? lookup.product.currency : undefined}
              catalogName={item.catalogKey && item.catalogKey === lookup.catalogKey ? catalogName : undefined}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
