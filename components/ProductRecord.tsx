import { lazy, Suspense, useId, useState } from 'react';
import type { Detection } from '../lib/detect/types';
import { availabilityLabel, displayImage, formatPrice, relativeTime, safeHttpUrl } from '../lib/format';
import { formatNumber, t } from '../lib/i18n';
import type { LookupResponse } from '../lib/octogen/schemas';
import { TIMING } from '../lib/wire';
import { ProductImage } from './ProductImage';

export interface ProductRecordProps {
  lookup: LookupResponse;
  /** What the page itself says, to point out differences (the audit, lib/audit). */
  detection?: Detection;
  announce?: (message: string) => void;
}

/** The audit (the differences note and the Audit view) is loaded once a record shows, off the first paint's path. */
const AuditNote = lazy(() => import('./Audit').then((m) => ({ default: m.AuditNote })));
const Audit = lazy(() => import('./Audit').then((m) => ({ default: m.Audit })));

/** The canonical product record from `lookupProduct`. */
export function ProductRecord({ lookup, detection, announce }: ProductRecordProps) {
  const product = lookup.product;
  const headingId = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const title = product.title?.trim() || t('common.untitled');
  const image = displayImage(product);
  const href = safeHttpUrl(product.productUrl);
  const currency = product.currency;
  const price = formatPrice(product.currentPrice, currency);
  const markedDown = product.originalPrice != null && product.currentPrice != null && product.originalPrice > product.currentPrice;
  const availability = availabilityLabel(product.inStock);
  const catalogName = lookup.catalogDisplayName ?? lookup.catalogKey ?? product.catalogKey;
  const identityUrl = lookup.normalizedUrl ?? lookup.resolvedUrl ?? lookup.canonicalUrl ?? product.productUrl;
  const ids = product.identifiers ?? {};
  const skus = [...new Set(product.variants.map((v) => v.sku).filter((s): s is string => Boolean(s)))];
  const [auditOpen, setAuditOpen] = useState(false);
  const auditId = useId();
  const updated = relativeTime(product.updatedAt);
  // Resolved from the page's own HTML (#23 "Look up from this page"): the page's word, not your catalogs'.
  const fromPage = lookup.source === 'client_html';
  const sourceId = useId();

  const copyJson = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(lookup, null, 2));
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <article className="record" aria-labelledby={headingId} aria-describedby={fromPage ? sourceId : undefined}>
      <div className="record-head">
        {image && <ProductImage className="record-image" src={image} alt={title} size={96} />}
        <div>
          <h2 id={headingId} className="record-title bidi" dir="auto" {...{ elementtiming: TIMING.record }}>
            {title}
          </h2>
          {fromPage && (
            <p id={sourceId} className="record-source">
              <span className="badge">{t('record.fromPage')}</span> <span className="visually-hidden">{t('record.fromPageNote')}</span>
            </p>
          )}
          {product.brand?.name && (
            <p className="record-brand bidi" dir="auto">
              {product.brand.name}
            </p>
          )}
          <p className="record-price">
            {price ?? t('record.noPrice')}
            {markedDown && (
              <>
                {' '}
                <span className="visually-hidden">{t('common.was')} </span>
                <s className="record-was">{formatPrice(product.originalPrice, currency)}</s>
              </>
            )}
            {availability && <span className={`badge ${product.inStock ? 'badge-ok' : 'badge-warn'}`}>{availability}</span>}
          </p>
        </div>
      </div>

      <Suspense fallback={null}>
        <AuditNote lookup={lookup} detection={detection} />
      </Suspense>

      <dl className="facts">
        {catalogName && (
          <>
            <dt>{t('record.catalog')}</dt>
            <dd className="bidi" dir="auto">
              {catalogName}
            </dd>
          </>
        )}
        {identityUrl && (
          <>
            <dt>{t('record.canonicalUrl')}</dt>
            <dd className="mono wrap">{identityUrl}</dd>
          </>
        )}
        {ids.gtin && (
          <>
            <dt>{t('record.gtin')}</dt>
            <dd className="mono">{ids.gtin}</dd>
          </>
        )}
        {ids.productId && (
          <>
            <dt>{t('record.productId')}</dt>
            <dd className="mono">{ids.productId}</dd>
          </>
        )}
        {ids.productGroupId && (
          <>
            <dt>{t('record.groupId')}</dt>
            <dd className="mono">{ids.productGroupId}</dd>
          </>
        )}
        {skus.length > 0 && (
          <>
            <dt>{t('record.sku')}</dt>
            <dd className="mono">{skus.length > 3 ? t('record.more', { list: skus.slice(0, 3).join(', '), more: formatNumber(skus.length - 3) }) : skus.join(', ')}</dd>
          </>
        )}
        {product.categories.length > 0 && (
          <>
            <dt>{t('record.categories')}</dt>
            <dd>
              {product.categories.map((c, i) => (
                <span key={i}>
                  {i > 0 && ' › '}
                  <bdi>{c.name}</bdi>
                </span>
              ))}
            </dd>
          </>
        )}
        {product.rating?.average != null && (
          <>
            <dt>{t('record.rating')}</dt>
            <dd>
              {product.rating.count != null
                ? t('record.ratingReviews', product.rating.count, { average: formatNumber(product.rating.average, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), n: formatNumber(product.rating.count) })
                : t('record.ratingValue', { average: formatNumber(product.rating.average, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
            </dd>
          </>
        )}
        {updated && (
          <>
            <dt>{t('record.updated')}</dt>
            <dd>
              <time dateTime={product.updatedAt ?? undefined}>{updated}</time>
            </dd>
          </>
        )}
      </dl>

      {product.variants.length > 0 && (
        <details className="variants">
          <summary>
            {t('record.variants', product.variants.length, { n: formatNumber(product.variants.length) })}
          </summary>
          <table>
            <caption className="visually-hidden">{t('record.variantsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('record.size')}</th>
                <th scope="col">{t('record.colour')}</th>
                <th scope="col">{t('record.sku')}</th>
                <th scope="col">{t('record.stock')}</th>
              </tr>
            </thead>
            <tbody>
              {product.variants.map((v, i) => (
                <tr key={v.sku ?? i}>
                  <td dir="auto">{v.size ?? '–'}</td>
                  <td dir="auto">{v.color?.label ?? '–'}</td>
                  <td className="mono">{v.sku ?? '–'}</td>
                  <td>{availabilityLabel(v.inStock) ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}

      <div className="record-actions">
        {href && (
          <a className="button" href={href} target="_blank" rel="noopener noreferrer">
            {t('record.openPage')}
          </a>
        )}
        <button type="button" onClick={() => void copyJson()}>
          {t('record.copyJson')}
        </button>
        <button type="button" aria-expanded={auditOpen} aria-controls={auditId} onClick={() => setAuditOpen(!auditOpen)}>
          {t('record.audit')}
        </button>
        <span role="status" className="copy-status">
          {copied === 'copied' ? t('record.copied') : copied === 'failed' ? t('record.copyFailed') : ''}
        </span>
      </div>
      <div id={auditId}>
        {auditOpen && (
          <Suspense fallback={<p className="muted" aria-busy="true">{t('record.loadingAudit')}</p>}>
            <Audit lookup={lookup} detection={detection} announce={announce} />
          </Suspense>
        )}
      </div>
    </article>
  );
}
