/**
 * The catalog audit: what the page says and what the catalog record says, field by field, each row marked same,
 * different, only on the page or only in the catalog. The one place that compares page and catalog (the record's
 * "differences" note is its summary). Pure: no React, no zod (the popup loads it).
 */
import type { Detection, DetectedFields } from '../detect/types';
import { displayImage, formatPrice } from '../format';
import type { LookupResponse, ProductView } from '../octogen/schemas';
import { formatNumber, t } from '../i18n';
import { cleanText, foldCode, foldText, foldUrl, normalizeAvailability, normalizeCurrency, parseAmount, readGtin, type ReadGtin } from './normalize';

export const AUDIT_FIELDS = ['title', 'brand', 'price', 'originalPrice', 'currency', 'availability', 'gtin', 'sku', 'mpn', 'variant', 'image', 'categories', 'url'] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];

export const FIELD_LABELS: Record<AuditField, string> = {
  get title() {
    return t('auditLabels.fieldTitle');
  },
  get brand() {
    return t('auditLabels.fieldBrand');
  },
  get price() {
    return t('auditLabels.fieldPrice');
  },
  get originalPrice() {
    return t('auditLabels.fieldOriginalPrice');
  },
  get currency() {
    return t('auditLabels.fieldCurrency');
  },
  get availability() {
    return t('auditLabels.fieldAvailability');
  },
  gtin: 'GTIN',
  sku: 'SKU',
  mpn: 'MPN',
  get variant() {
    return t('auditLabels.fieldVariant');
  },
  get image() {
    return t('auditLabels.fieldImage');
  },
  get categories() {
    return t('auditLabels.fieldCategories');
  },
  url: 'URL',
};

/** `neither`: a field neither side gives (its row stays, so every audit has the same rows). */
export type RowState = 'same' | 'different' | 'page-only' | 'catalog-only' | 'neither';

export const STATE_LABELS: Record<RowState, string> = {
  get same() {
    return t('auditLabels.stateSame');
  },
  get different() {
    return t('auditLabels.stateDifferent');
  },
  get 'page-only'() {
    return t('auditLabels.statePageOnly');
  },
  get 'catalog-only'() {
    return t('auditLabels.stateCatalogOnly');
  },
  get neither() {
    return t('auditLabels.stateNeither');
  },
};

/** normalizeAvailability's words (English; normalize.ts has no imports) in the UI's language. */
const AVAILABILITY_WORDS: Record<string, () => string> = {
  'In stock': () => t('auditLabels.avail_instock'),
  'Limited availability (in stock)': () => t('auditLabels.avail_limitedavailability'),
  'Online only (in stock)': () => t('auditLabels.avail_onlineonly'),
  'In store only (in stock)': () => t('auditLabels.avail_instoreonly'),
  'Out of stock': () => t('auditLabels.avail_outofstock'),
  'Sold out (out of stock)': () => t('auditLabels.avail_soldout'),
  'Discontinued (out of stock)': () => t('auditLabels.avail_discontinued'),
  'Pre-order (not in stock)': () => t('auditLabels.avail_preorder'),
  'Pre-sale (not in stock)': () => t('auditLabels.avail_presale'),
  'Back-order (not in stock)': () => t('auditLabels.avail_backorder'),
  'Made to order (not in stock)': () => t('auditLabels.avail_madetoorder'),
  'Reserved (not in stock)': () => t('auditLabels.avail_reserved'),
};
const availabilityWords = (label: string | undefined) => (label === undefined ? undefined : (AVAILABILITY_WORDS[label]?.() ?? label));

export interface AuditRow {
  field: AuditField;
  label: string;
  state: RowState;
  /** The value as shown (formatted, bounded); undefined when that side has none. */
  page?: string;
  catalog?: string;
  /** Why, in plain words, when the mark alone would not say it (normalised to agree, unreadable, a bad check digit). */
  note?: string;
  /** Something to look at even when the values agree (an invalid GTIN check digit). */
  flagged?: boolean;
}

/**
 * What the page says. The detector's fields, plus what a later detector may add (read when present): the list price
 * before a sale, the breadcrumb's categories, the page's language (to read "1,299" and "1.299").
 */
export interface AuditPage extends Omit<DetectedFields, 'availability'> {
  /** Any spelling (the detector gives "InStock" / "OutOfStock"; pages write schema.org URLs, "in_stock", ...). */
  availability?: string;
  originalPrice?: string;
  categories?: string[] | string;
  /** The page's identity address (its canonical when it declares one). */
  url?: string;
  /** The selected variant, in words. */
  variant?: string;
  /** The page's language (`<html lang>`). */
  lang?: string;
}

/** The audit's view of a detection: its fields, its identity address and the variant its SKU names. */
export function auditPage(detection: Detection | undefined): AuditPage | undefined {
  if (!detection) return undefined;
  const fields = detection.fields as AuditPage;
  const sku = foldCode(fields.sku);
  const selected = sku ? detection.variants.find((v) => foldCode(v.sku) === sku) : undefined;
  const variant = selected ? cleanText([selected.color, selected.size].filter(Boolean).join(' / ') || selected.name) : undefined;
  return { ...fields, url: detection.canonicalUrl ?? detection.url, variant: fields.variant ?? variant };
}

export interface AuditOptions {
  /** Locale prices are shown in (the browser's when omitted). */
  displayLocale?: string;
}

type Side = { shown?: string; key?: string };

/** A row from both sides' shown values and comparison keys. */
function row(field: AuditField, page: Side, catalog: Side, extra: { note?: string; flagged?: boolean; same?: boolean } = {}): AuditRow {
  const state: RowState =
    page.shown === undefined
      ? catalog.shown === undefined
        ? 'neither'
        : 'catalog-only'
      : catalog.shown === undefined
        ? 'page-only'
        : (extra.same ?? (page.key !== undefined && page.key === catalog.key))
          ? 'same'
          : 'different';
  const out: AuditRow = { field, label: FIELD_LABELS[field], state };
  if (page.shown !== undefined) out.page = page.shown;
  if (catalog.shown !== undefined) out.catalog = catalog.shown;
  if (extra.note) out.note = extra.note;
  if (extra.flagged) out.flagged = true;
  return out;
}

const textSide = (value: unknown): Side => ({ shown: cleanText(value), key: foldText(value) });

function textRow(field: AuditField, page: unknown, catalog: unknown): AuditRow {
  const p = textSide(page);
  const c = textSide(catalog);
  const exact = p.shown !== undefined && p.shown === c.shown;
  return row(field, p, c, { note: !exact && p.key && p.key === c.key ? t('auditLabels.noteSameFolded') : undefined });
}

function moneyRows(page: AuditPage, record: ProductView, options: AuditOptions): AuditRow[] {
  const pageCurrency = normalizeCurrency(page.currency);
  const catalogCurrency = normalizeCurrency(record.currency);
  const bothCurrencies = pageCurrency && catalogCurrency;
  const currencyNote = page.currency !== undefined && !pageCurrency ? t('auditLabels.noteBadCurrency') : undefined;
  const currencyRow = row(
    'currency',
    { shown: cleanText(page.currency, 16), key: pageCurrency },
    { shown: cleanText(record.currency, 16), key: catalogCurrency },
    { note: currencyNote ?? (pageCurrency && page.currency !== pageCurrency ? t('auditLabels.noteReadAs', { value: pageCurrency }) : undefined) },
  );

  const amountRow = (field: 'price' | 'originalPrice', pageValue: unknown, catalogValue: number | null | undefined): AuditRow => {
    const shownCurrency = (c?: string) => c ?? pageCurrency ?? catalogCurrency;
    const pageAmount = parseAmount(pageValue, { locale: page.lang, currency: pageCurrency ?? catalogCurrency });
    const catalogAmount = typeof catalogValue === 'number' && Number.isFinite(catalogValue) ? catalogValue : undefined;
    const rawPage = cleanText(pageValue, 64);
    const p: Side = { shown: pageAmount !== undefined ? formatPrice(pageAmount, shownCurrency(pageCurrency), options.displayLocale) : rawPage };
    const c: Side = { shown: catalogAmount !== undefined ? formatPrice(catalogAmount, shownCurrency(catalogCurrency), options.displayLocale) : undefined };
    let note: string | undefined;
    let same = pageAmount !== undefined && catalogAmount !== undefined && Math.abs(pageAmount - catalogAmount) < 0.005;
    if (rawPage !== undefined && pageAmount === undefined) note = t('auditLabels.noteBadPrice');
    else if (bothCurrencies && pageCurrency !== catalogCurrency) {
      same = false;
      note = t('auditLabels.noteCurrencies');
    } else if (same && rawPage !== undefined && !/^\d+(\.\d+)?$/.test(rawPage)) note = t('auditLabels.noteReadRaw', { raw: rawPage, value: String(pageAmount) });
    return row(field, p, c, { same, note });
  };

  return [amountRow('price', page.price, record.currentPrice), amountRow('originalPrice', page.originalPrice, record.originalPrice), currencyRow];
}

function availabilityRow(page: AuditPage, record: ProductView): AuditRow {
  const read = normalizeAvailability(page.availability);
  const raw = cleanText(page.availability, 80);
  const catalog = typeof record.inStock === 'boolean' ? normalizeAvailability(record.inStock) : undefined;
  return row(
    'availability',
    { shown: availabilityWords(read?.label) ?? raw, key: read ? String(read.inStock) : undefined },
    { shown: availabilityWords(catalog?.label), key: catalog ? String(catalog.inStock) : undefined },
    { note: raw !== undefined && !read ? t('auditLabels.noteBadAvailability') : undefined },
  );
}

function gtinRow(page: AuditPage, record: ProductView): AuditRow {
  const rawPage = cleanText(page.gtin, 64);
  const rawCatalog = cleanText(record.identifiers?.gtin, 64);
  const p = readGtin(rawPage);
  const c = readGtin(rawCatalog);
  const notes: string[] = [];
  const badCheck = (side: 'auditLabels.noteCheckPage' | 'auditLabels.noteCheckCatalog', g: ReadGtin | undefined) => {
    if (g && !g.valid) notes.push(t(side, { digit: String(g.expectedCheck) }));
  };
  if (rawPage && !p) notes.push(t('auditLabels.noteNoGtinPage'));
  if (rawCatalog && !c) notes.push(t('auditLabels.noteNoGtinCatalog'));
  badCheck('auditLabels.noteCheckPage', p);
  badCheck('auditLabels.noteCheckCatalog', c);
  if (p && c && p.gtin14 === c.gtin14 && p.digits !== c.digits) notes.push(t('auditLabels.noteGtinPadded'));
  const flagged = (rawPage !== undefined && !p?.valid) || (rawCatalog !== undefined && !c?.valid);
  return row('gtin', { shown: rawPage, key: p?.gtin14 }, { shown: rawCatalog, key: c?.gtin14 }, { note: notes.join(' ') || undefined, flagged });
}

function variantLabel(v: ProductView['variants'][number]): string | undefined {
  const words = [v.color?.label, v.size].filter(Boolean).join(' / ');
  return cleanText(words ? `${words}${v.sku ? ` (${v.sku})` : ''}` : v.sku);
}

function skuRows(page: AuditPage, record: ProductView, lookup: LookupResponse): AuditRow[] {
  const pageSku = foldCode(page.sku);
  const skus = [...new Set(record.variants.map((v) => cleanText(v.sku, 120)).filter((s): s is string => Boolean(s)))];
  const matched = pageSku ? skus.find((s) => foldCode(s) === pageSku) : undefined;
  const groupIds = [record.identifiers?.productGroupId, record.identifiers?.productId].map((s) => cleanText(s, 120)).filter((s): s is string => Boolean(s));
  const groupMatch = !matched && pageSku ? groupIds.find((s) => foldCode(s) === pageSku) : undefined;
  const catalogSku = matched ?? groupMatch ?? (skus.length ? (skus.length > 3 ? `${skus.slice(0, 3).join(', ')} +${skus.length - 3}` : skus.join(', ')) : undefined);
  const skuRow = row(
    'sku',
    { shown: cleanText(page.sku, 120) },
    { shown: catalogSku },
    {
      same: Boolean(matched ?? groupMatch),
      note: groupMatch ? t('auditLabels.noteGroupSku') : !matched && pageSku && skus.length > 1 ? t('auditLabels.noteNoSku', { n: formatNumber(skus.length) }) : undefined,
    },
  );

  const catalogMpn = cleanText((record.identifiers as { mpn?: unknown } | undefined)?.mpn, 120);
  const mpnRow = row('mpn', { shown: cleanText(page.mpn, 120), key: foldCode(page.mpn) }, { shown: catalogMpn, key: foldCode(catalogMpn) }, {
    note: page.mpn && !catalogMpn ? t('auditLabels.noteNoMpn') : undefined,
  });

  // The catalog's variant: the one the page's SKU names, else the one whose address was looked up.
  const asked = foldUrl(lookup.requestedUrl);
  const catalogVariant =
    (pageSku ? record.variants.find((v) => foldCode(v.sku) === pageSku) : undefined) ??
    (asked ? record.variants.find((v) => foldUrl(v.productUrl) === asked) : undefined);
  const pageVariant = cleanText(page.variant);
  const variantRow = row(
    'variant',
    { shown: pageVariant },
    { shown: catalogVariant ? variantLabel(catalogVariant) : undefined },
    { same: Boolean(pageVariant && catalogVariant && (foldCode(catalogVariant.sku) === pageSku || foldText(variantLabel(catalogVariant))?.startsWith(foldText(pageVariant) ?? '\u0000'))) },
  );
  return [skuRow, mpnRow, variantRow];
}

function imageRow(page: AuditPage, record: ProductView): AuditRow {
  const all = [record.primaryImage?.url, record.primaryImage?.cdnUrl, record.imageUrl, ...record.images.flatMap((i) => (typeof i === 'string' ? [i] : [i.url, i.cdnUrl]))];
  const known = new Set(all.map(foldUrl).filter(Boolean));
  const pageImage = foldUrl(page.image) ? cleanText(page.image, 2000) : undefined;
  const shown = displayImage(record);
  return row('image', { shown: pageImage }, { shown: shown ? cleanText(shown, 2000) : undefined }, {
    same: pageImage !== undefined && known.has(foldUrl(pageImage)),
    note: pageImage && shown && !known.has(foldUrl(pageImage)) ? t('auditLabels.noteImage') : undefined,
  });
}

function categoriesRow(page: AuditPage, record: ProductView): AuditRow {
  const list = (value: unknown): string[] =>
    (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s*[›>/|]\s*/) : [])
      .slice(0, 20)
      .map((v) => cleanText(v, 80))
      .filter((v): v is string => Boolean(v));
  const pageList = list(page.categories).filter((c, i) => !(i === 0 && foldText(c) === 'home'));
  const catalogList = list(record.categories.map((c) => c.name));
  const key = (l: string[]) => (l.length ? l.map((c) => foldText(c)).join(' › ') : undefined);
  return row('categories', { shown: pageList.join(' › ') || undefined, key: key(pageList) }, { shown: catalogList.join(' › ') || undefined, key: key(catalogList) });
}

function urlRow(page: AuditPage, lookup: LookupResponse): AuditRow {
  const pageUrl = foldUrl(page.url) ? cleanText(page.url, 2000) : undefined;
  const catalogUrl = cleanText(lookup.product.productUrl, 2000);
  const catalogKeys = new Set([lookup.product.productUrl, lookup.normalizedUrl, lookup.canonicalUrl, lookup.resolvedUrl].map(foldUrl).filter(Boolean));
  return row('url', { shown: pageUrl }, { shown: catalogUrl && foldUrl(catalogUrl) ? catalogUrl : undefined }, {
    same: pageUrl !== undefined && catalogKeys.has(foldUrl(pageUrl)),
  });
}

/** The audit's rows, in AUDIT_FIELDS order. With no page (it could not be read) every catalog value is "only in the catalog". */
export function compareRecord(page: AuditPage | undefined, lookup: LookupResponse, options: AuditOptions = {}): AuditRow[] {
  const p: AuditPage = page ?? {};
  const record = lookup.product;
  const rows = [
    textRow('title', p.title, record.title),
    textRow('brand', p.brand, record.brand?.name),
    ...moneyRows(p, record, options),
    availabilityRow(p, record),
    gtinRow(p, record),
    ...skuRows(p, record, lookup),
    imageRow(p, record),
    categoriesRow(p, record),
    urlRow(p, lookup),
  ];
  const byField = new Map(rows.map((r) => [r.field, r]));
  return AUDIT_FIELDS.map((f) => byField.get(f)!);
}

/** Fields the record's differences note names (what a shopper would notice); the Audit view shows all. */
export const SUMMARY_FIELDS: ReadonlySet<AuditField> = new Set(['price', 'originalPrice', 'currency', 'availability', 'gtin']);

export interface AuditDifference {
  field: AuditField;
  message: string;
}

/** The record's differences note: one sentence per summary field the page and the catalog disagree on. */
export function auditSummary(rows: AuditRow[]): AuditDifference[] {
  return rows
    .filter((r) => r.state === 'different' && SUMMARY_FIELDS.has(r.field))
    .map((r) => ({ field: r.field, message: t('auditLabels.differs', { label: r.label, page: r.page ?? '', catalog: r.catalog ?? '' }) }));
}

export function countStates(rows: AuditRow[]): Record<RowState, number> {
  const counts: Record<RowState, number> = { same: 0, different: 0, 'page-only': 0, 'catalog-only': 0, neither: 0 };
  for (const r of rows) counts[r.state]++;
  return counts;
}
