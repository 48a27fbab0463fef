import { Fragment, useEffect, useId, useMemo, useRef, useState } from 'react';
import { auditPage, auditSummary, compareRecord, countStates, STATE_LABELS, type AuditRow } from '../lib/audit/compare';
import { provenance } from '../lib/audit/provenance';
import { reportJson, reportText } from '../lib/audit/report';
import type { Detection } from '../lib/detect/types';
import { formatNumber, t } from '../lib/i18n';
import type { LookupResponse } from '../lib/octogen/schemas';
import './audit.css';

/**
 * The catalog audit (lib/audit): loaded only when a record with a page is shown, so the popup's first paint does not
 * carry it. `AuditNote` is the record's differences note; `Audit` the view behind the record's Audit button.
 */
export interface AuditProps {
  lookup: LookupResponse;
  detection?: Detection;
}

function useRows({ lookup, detection }: AuditProps): AuditRow[] {
  return useMemo(() => compareRecord(auditPage(detection), lookup), [lookup, detection]);
}

/** Where what the page shows differs from the catalog record (price, currency, stock, GTIN): the audit's summary. */
export function AuditNote(props: AuditProps) {
  const diffs = auditSummary(useRows(props));
  if (!props.detection || diffs.length === 0) return null;
  return (
    <div className="notice notice-info" role="note" aria-label={t('audit.differences')}>
      {diffs.map((d) => (
        <p key={d.field}>{d.message}</p>
      ))}
    </div>
  );
}

type CopyState = { kind: 'idle' } | { kind: 'copied'; format: string } | { kind: 'failed'; format: string; text: string; reason: string };

export function Audit({ lookup, detection, announce }: AuditProps & { announce?: (message: string) => void }) {
  const rows = useRows({ lookup, detection });
  const prov = useMemo(() => provenance(lookup), [lookup]);
  const headingId = useId();
  const [copy, setCopy] = useState<CopyState>({ kind: 'idle' });
  const fallbackRef = useRef<HTMLTextAreaElement>(null);
  const counts = countStates(rows);
  const summary = t('audit.summary', {
    different: formatNumber(counts.different),
    same: formatNumber(counts.same),
    pageOnly: formatNumber(counts['page-only']),
    catalogOnly: formatNumber(counts['catalog-only']),
  });

  useEffect(() => {
    announce?.(t('audit.announce', { summary }));
    // Announced once, when the view opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (copy.kind !== 'failed') return;
    fallbackRef.current?.focus();
    fallbackRef.current?.select();
  }, [copy]);

  const copyReport = async (format: 'text' | 'JSON') => {
    const input = { rows, provenance: prov, title: lookup.product.title ?? undefined, pageUrl: detection?.url, generatedAt: new Date().toISOString() };
    const text = format === 'text' ? reportText(input) : reportJson(input);
    try {
      if (!navigator.clipboard?.writeText) throw new Error(t('audit.noClipboard'));
      await navigator.clipboard.writeText(text);
      setCopy({ kind: 'copied', format });
    } catch (error) {
      const reason = error instanceof Error && error.message ? error.message : t('audit.browserRefused');
      setCopy({ kind: 'failed', format, text, reason });
    }
  };

  return (
    <section className="audit" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('audit.heading')}</h3>
      {!detection && <p className="muted">{t('audit.unread')}</p>}
      <p className="muted">{summary}</p>
      <div className="audit-scroll">
        <table className="audit-table">
          <caption className="visually-hidden">{t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.colField')}</th>
              <th scope="col">{t('audit.colPage')}</th>
              <th scope="col">{t('audit.colCatalog')}</th>
              <th scope="col">{t('audit.colResult')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.field} className={`audit-${r.state}`}>
                <th scope="row">{r.label}</th>
                <td className="wrap">{r.page ?? <span className="muted">—</span>}</td>
                <td className="wrap">{r.catalog ?? <span className="muted">—</span>}</td>
                <td>
                  <span className={`audit-state audit-state-${r.state}`}>
                    {r.flagged ? '⚠ ' : ''}
                    {STATE_LABELS[r.state]}
                  </span>
                  {r.note && <span className="audit-note">{r.note}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby={`${headingId}-prov`}>
        <h4 id={`${headingId}-prov`}>{t('audit.provenance')}</h4>
        <dl className="facts audit-provenance">
          <dt>{t('audit.source')}</dt>
          <dd>{prov.sourceLabel}</dd>
          <dt>{t('audit.matchedVia')}</dt>
          <dd>{prov.matchedVia ? t('audit.matchedViaValue', { label: prov.matchedViaLabel ?? prov.matchedVia, code: prov.matchedVia }) : t('audit.notGiven')}</dd>
          {prov.catalog && (
            <>
              <dt>{t('audit.catalog')}</dt>
              <dd>{prov.catalog}</dd>
            </>
          )}
          {prov.urls.map((u) => (
            <Fragment key={u.field}>
              <dt>{u.label}</dt>
              <dd>
                <span className="mono wrap">{u.value ?? t('audit.notGiven')}</span>
                <span className="audit-note">{u.meaning}</span>
              </dd>
            </Fragment>
          ))}
          <dt>{t('audit.recordUpdated')}</dt>
          <dd>{prov.updatedAt ? <time dateTime={prov.updatedAt}>{prov.age}</time> : t('audit.notGiven')}</dd>
          <dt>{t('audit.warnings')}</dt>
          <dd>
            {prov.warnings.length ? (
              <ul className="audit-warnings">
                {prov.warnings.map((w, i) => (
                  <li key={i}>{w.text}</li>
                ))}
              </ul>
            ) : (
              t('audit.none')
            )}
          </dd>
          <dt>{t('audit.requestId')}</dt>
          <dd className="mono">{prov.requestId ?? t('audit.requestIdNone')}</dd>
        </dl>
      </section>

      <div className="record-actions">
        <button type="button" onClick={() => void copyReport('text')}>
          {t('audit.copyText')}
        </button>
        <button type="button" onClick={() => void copyReport('JSON')}>
          {t('audit.copyJson')}
        </button>
        <span role="status" className="copy-status">
          {copy.kind === 'copied' ? t(copy.format === 'text' ? 'audit.copiedText' : 'audit.copiedJson') : copy.kind === 'failed' ? t('audit.copyFailed', { reason: copy.reason }) : ''}
        </span>
      </div>
      {copy.kind === 'failed' && (
        <div>
          <label htmlFor={`${headingId}-fallback`}>{t('audit.fallback')}</label>
          <textarea id={`${headingId}-fallback`} ref={fallbackRef} readOnly rows={6} value={copy.text} className="mono audit-fallback" />
        </div>
      )}
    </section>
  );
}
