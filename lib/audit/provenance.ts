/**
 * Where a lookup's record came from, in plain words: its source, how it matched, the four URL fields and what each
 * means, its age, its warnings and the request id to quote to support. Pure (no React, no zod).
 */
import { relativeTime } from '../format';
import type { LookupResponse } from '../octogen/schemas';
import { cleanText } from './normalize';

export const SOURCE_LABELS: Record<string, string> = {
  indexed: 'Indexed: from your catalog’s index',
  on_demand: 'On demand: read from the store’s page by Octogen for this request',
  client_html: 'Client HTML: read from this page’s HTML, which Octolens sent',
};

export function sourceLabel(source: string | undefined): string {
  if (!source) return 'Not given (an older version of the service)';
  return SOURCE_LABELS[source] ?? cleanText(source, 60) ?? 'Not given';
}

const MATCHED_VIA: Record<string, string> = {
  exact: 'the address exactly as indexed',
  normalized_exact: 'the address once normalised (scheme, www., tracking parameters, parameter order)',
  normalized_alias: 'a known alias of the normalised address',
  loose: 'a loose match (path case and query parameters ignored)',
  structural_alias: 'a structural alias (the same product at another path, e.g. a collection path)',
};

/** `matchedVia` in words; undefined when the service did not say (on-demand and page records). */
export function matchedViaLabel(matchedVia: string | null | undefined): string | undefined {
  const value = cleanText(matchedVia, 120);
  if (!value) return undefined;
  const learned = /^learned_alias:(.+)$/.exec(value);
  if (learned) return `an alias rule the service learned (rule ${learned[1]})`;
  return MATCHED_VIA[value] ?? value;
}

export const URL_FIELDS = ['requestedUrl', 'normalizedUrl', 'resolvedUrl', 'canonicalUrl'] as const;
export type UrlField = (typeof URL_FIELDS)[number];

export const URL_FIELD_MEANINGS: Record<UrlField, { label: string; meaning: string }> = {
  requestedUrl: { label: 'Requested URL', meaning: 'The address Octolens sent, as the service received it.' },
  normalizedUrl: { label: 'Normalized URL', meaning: 'The stable address the index keeps for this product (indexed records); send it again to get the same product.' },
  resolvedUrl: { label: 'Resolved URL', meaning: 'Where the address led after redirects (on-demand records).' },
  canonicalUrl: { label: 'Canonical URL', meaning: 'The address the page declares as its own (JSON-LD url, og:url or link rel=canonical; on-demand and page records).' },
};

const WARNINGS: Record<string, string> = {
  source_url_missing: 'No page address came with the HTML, so the record has no product address of its own.',
  product_fields_clamped: 'Some fields were too long and were shortened (for example a description over 10,000 characters or more than 50 images).',
};

/** A warning code in plain words (an unknown code is shown as it came, so nothing is hidden). */
export function warningText(code: string): string {
  return WARNINGS[code] ?? `The service warned: ${cleanText(code, 200) ?? 'unknown warning'}.`;
}

export interface Provenance {
  source?: string;
  sourceLabel: string;
  matchedVia?: string;
  matchedViaLabel?: string;
  catalog?: string;
  urls: { field: UrlField; label: string; meaning: string; value?: string }[];
  /** ISO time of `product.updatedAt`, and how long ago that was. */
  updatedAt?: string;
  age?: string;
  warnings: { code: string; text: string }[];
  requestId?: string;
}

export function provenance(lookup: LookupResponse, now = Date.now()): Provenance {
  const updated = cleanText(lookup.product.updatedAt, 40);
  const age = relativeTime(updated, now);
  return {
    source: cleanText(lookup.source, 60),
    sourceLabel: sourceLabel(lookup.source),
    matchedVia: cleanText(lookup.matchedVia, 120),
    matchedViaLabel: matchedViaLabel(lookup.matchedVia),
    catalog: cleanText(lookup.catalogDisplayName ?? lookup.catalogKey ?? lookup.product.catalogKey, 120),
    urls: URL_FIELDS.map((field) => ({ field, ...URL_FIELD_MEANINGS[field], value: cleanText(lookup[field], 2000) })),
    updatedAt: age ? updated : undefined,
    age,
    warnings: lookup.warnings.slice(0, 20).map((code) => ({ code: cleanText(code, 200) ?? '', text: warningText(code) })),
    requestId: cleanText(lookup.requestId, 120),
  };
}
