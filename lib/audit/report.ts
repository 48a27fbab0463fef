/**
 * The audit as a support ticket wants it: plain text to read, JSON to parse, both with the request id. Pure.
 */
import { countStates, STATE_LABELS, type AuditRow } from './compare';
import type { Provenance } from './provenance';

export interface AuditReportInput {
  rows: AuditRow[];
  provenance: Provenance;
  /** The record's title, and the page's address as the tab showed it. */
  title?: string;
  pageUrl?: string;
  /** When the report was made (ISO). */
  generatedAt: string;
}

const none = '—';

export function reportText({ rows, provenance: p, title, pageUrl, generatedAt }: AuditReportInput): string {
  const counts = countStates(rows);
  const lines = [
    'Octolens catalog audit',
    `Request ID: ${p.requestId ?? 'none given'}`,
    `Product: ${title ?? none}`,
    `Page: ${pageUrl ?? none}`,
    `Made: ${generatedAt}`,
    '',
    'Provenance',
    `  Source: ${p.sourceLabel}${p.source ? ` (${p.source})` : ''}`,
    `  Matched via: ${p.matchedViaLabel ? `${p.matchedViaLabel} (${p.matchedVia})` : 'not given'}`,
    `  Catalog: ${p.catalog ?? none}`,
    ...p.urls.map((u) => `  ${u.label}: ${u.value ?? none}`),
    `  Record updated: ${p.updatedAt ? `${p.updatedAt} (${p.age})` : 'not given'}`,
    `  Warnings: ${p.warnings.length ? p.warnings.map((w) => `${w.text} [${w.code}]`).join(' ') : 'none'}`,
    '',
    `Fields: ${counts.different} different, ${counts.same} same, ${counts['page-only']} only on the page, ${counts['catalog-only']} only in the catalog`,
    ...rows.flatMap((r) => [
      `  ${r.label}: ${STATE_LABELS[r.state]}${r.flagged ? ' (check)' : ''}`,
      `    page:    ${r.page ?? none}`,
      `    catalog: ${r.catalog ?? none}`,
      ...(r.note ? [`    note:    ${r.note}`] : []),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

export function reportJson({ rows, provenance: p, title, pageUrl, generatedAt }: AuditReportInput): string {
  return JSON.stringify(
    {
      report: 'octolens-catalog-audit',
      version: 1,
      requestId: p.requestId ?? null,
      generatedAt,
      product: { title: title ?? null, pageUrl: pageUrl ?? null },
      provenance: {
        source: p.source ?? null,
        matchedVia: p.matchedVia ?? null,
        catalog: p.catalog ?? null,
        ...Object.fromEntries(p.urls.map((u) => [u.field, u.value ?? null])),
        updatedAt: p.updatedAt ?? null,
        warnings: p.warnings.map((w) => w.code),
      },
      summary: countStates(rows),
      fields: rows.map((r) => ({ field: r.field, state: r.state, page: r.page ?? null, catalog: r.catalog ?? null, ...(r.note ? { note: r.note } : {}), ...(r.flagged ? { flagged: true } : {}) })),
    },
    null,
    2,
  );
}
