/**
 * Where a lookup's record came from, in plain words: its source, how it matched, the four URL fields and what each
 * means, its age, its warnings and the request id to quote to support. Pure (no React, no zod).
 */
import { relativeTime } from '../format';
import type { LookupResponse } from '../octogen/schemas';
import { t } from '../i18n';
import { cleanText } from './normalize';

export const SOURCE_LABELS: Record<string, string> = {
  get indexed() {
    return t('auditLabels.sourceIndexed');
  },
  get on_demand() {
    return t('auditLabels.sourceOnDemand');
  },
  get client_html() {
    return t('auditLabels.sourceClientHtml');
  },
};

export function sourceLabel(source: string | undefined): string {
  if (!source) return t('auditLabels.sourceNotGiven');
  return SOURCE_LABELS[source] ?? cleanText(source, 60) ?? t('audit.notGiven');
}

const MATCHED_VIA: Record<string, string> = {
  get exact() {
    return t('auditLabels.viaExact');
  },
  get normalized_exact() {
    return t('auditLabels.viaNormalizedExact');
  },
  get normalized_alias() {
    return t('auditLabels.viaNormalizedAlias');
  },
  get loose() {
    return t('auditLabels.viaLoose');
  },
  get structural_alias() {
    return t('auditLabels.viaStructuralAlias');
  },
};

/** `matchedVia` in words; undefined when the service did not say (on-demand and page records). */
export function matchedViaLabel(matchedVia: string | null | undefined): string | undefined {
  const value = cleanText(matchedVia, 120);
  if (!value) return undefined;
  const learned = /^learned_alias:(.+)$/.exec(value);
  if (learned) return t('auditLabels.viaLearned', { rule: learned[1]! });
  return MATCHED_VIA[value] ?? value;
}

export const URL_FIELDS = ['requestedUrl', 'normalizedUrl', 'resolvedUrl', 'canonicalUrl'] as const;
export type UrlField = (typeof URL_FIELDS)[number];

export const URL_FIELD_MEANINGS: Record<UrlField, { label: string; meaning: string }> = {
  requestedUrl: {
    get label() {
      return t('auditLabels.requestedUrl');
    },
    get meaning() {
      return t('auditLabels.requestedUrlMeaning');
    },
  },
  normalizedUrl: {
    get label() {
      return t('auditLabels.normalizedUrl');
    },
    get meaning() {
      return t('auditLabels.normalizedUrlMeaning');
    },
  },
  resolvedUrl: {
    get label() {
      return t('auditLabels.resolvedUrl');
    },
    get meaning() {
      return t('auditLabels.resolvedUrlMeaning');
    },
  },
  canonicalUrl: {
    get label() {
      return t('auditLabels.canonicalUrl');
    },
    get meaning() {
      return t('auditLabels.canonicalUrlMeaning');
    },
  },
};

const WARNINGS: Record<string, string> = {
  get source_url_missing() {
    return t('auditLabels.warnSourceUrlMissing');
  },
  get product_fields_clamped() {
    return t('auditLabels.warnFieldsClamped');
  },
};

/** A warning code in plain words (an unknown code is shown as it came, so nothing is hidden). */
export function warningText(code: string): string {
  return WARNINGS[code] ?? t('auditLabels.warnOther', { code: cleanText(code, 200) ?? t('auditLabels.warnUnknown') });
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
