import { lazy, Suspense, useId, useState } from 'react';
import type { Detection } from '../lib/detect/types';
import { availabilityLabel, displayImage, formatPrice, relativeTime, safeHttpUrl } from '../lib/format';
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
  const title = product.title?.trim() || 'Untitled product';
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
          <h2 id={headingId} className="record-title" {...{ elementtiming: TIMING.record }}>
            {title}
          </h2>
          {fromPage && (
            <p id={sourceId} className="record-source">
              <span className="badge">Resolved from this page</span> <span className="visually-hidden">(not from your catalogs)</span>
            </p>
          )}
          {product.brand?.name && <p className="record-brand">{product.brand.name}</p>}
          <p className="record-price">
            {price ?? 'No price'}
            {markedDown && (
              <>
                {' '}
                <span className="visually-hidden">was </span>
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
            <dt>Catalog</dt>
            <dd>{catalogName}</dd>
          </>
        )}
        {identityUrl && (
          <>
            <dt>Canonical URL</dt>
            <dd className="mono wrap">{identityUrl}</dd>
          </>
        )}
        {ids.gtin && (
          <>
            <dt>GTIN</dt>
            <dd className="mono">{ids.gtin}</dd>
          </>
        )}
        {ids.productId && (
          <>
            <dt>Product ID</dt>
            <dd className="mono">{ids.productId}</dd>
          </>
        )}
        {ids.productGroupId && (
          <>
            <dt>Group ID</dt>
            <dd className="mono">{ids.productGroupId}</dd>
          </>
        )}
        {skus.length > 0 && (
          <>
            <dt>SKU</dt>
            <dd className="mono">{skus.length > 3 ? `${skus.slice(0, 3).join(', ')} +${skus.length - 3}` : skus.join(', ')}</dd>
          </>
        )}
        {product.categories.length > 0 && (
          <>
            <dt>Categories</dt>
            <dd>{product.categories.map((c) => c.name).join(' › ')}</dd>
          </>
        )}
        {product.rating?.average != null && (
          <>
            <dt>Rating</dt>
            <dd>
              {product.rating.average.toFixed(1)} of 5{product.rating.count != null ? ` (${product.rating.count} reviews)` : ''}
            </dd>
          </>
        )}
        {updated && (
          <>
            <dt>Updated</dt>
            <dd>
              <time dateTime={product.updatedAt ?? undefined}>{updated}</time>
            </dd>
          </>
        )}
      </dl>

      {product.variants.length > 0 && (
        <details className="variants">
          <summary>
            {product.variants.length} variant{product.variants.length === 1 ? '' : 's'}
          </summary>
          <table>
            <caption className="visually-hidden">Variants</caption>
            <thead>
              <tr>
                <th scope="col">Size</th>
                <th scope="col">Colour</th>
                <th scope="col">SKU</th>
                <th scope="col">Stock</th>
              </tr>
            </thead>
            <tbody>
              {product.variants.map((v, i) => (
                <tr key={v.sku ?? i}>
                  <td>{v.size ?? '–'}</td>
                  <td>{v.color?.label ?? '–'}</td>
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
            Open product page
          </a>
        )}
        <button type="button" onClick={() => void copyJson()}>
          Copy as JSON
        </button>
        <button type="button" aria-expanded={auditOpen} aria-controls={auditId} onClick={() => setAuditOpen(!auditOpen)}>
          Audit
        </button>
        <span role="status" className="copy-status">
          {copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'Could not copy to the clipboard.' : ''}
        </span>
      </div>
      <div id={auditId}>
        {auditOpen && (
          <Suspense fallback={<p className="muted" aria-busy="true">Loading the audit…</p>}>
            <Audit lookup={lookup} detection={detection} announce={announce} />
          </Suspense>
        )}
      </div>
    </article>
  );
}
