/**
 * Value normalisation shared by every signal: plain text, safe URLs, prices, currencies, availability, GTINs.
 * Everything here is total: any input (including hostile objects) gives a clean value or undefined, never throws.
 */
import type { Availability } from './types';

export const MAX_TEXT = 300;
export const MAX_DESCRIPTION = 1000;
export const MAX_URL = 2048;

// Named entities worth decoding; any other name is left as written. (No inherited Object property has a 2-6 letter
// lower-case name, so a plain object lookup is safe.)
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
    const lower = e.toLowerCase();
    if (lower[0] !== '#') return ENTITIES[lower] ?? m;
    const code = lower[1] === 'x' ? parseInt(lower.slice(2), 16) : +lower.slice(1);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
  });
}

/**
 * Plain text from any value: entities decoded, tags and angle brackets removed, control characters and runs of
 * white space collapsed, trimmed, capped at `max` characters. Numbers are stringified; anything else is undefined.
 */
export function cleanText(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string' && !Number.isFinite(value)) return undefined;
  return (
    decodeEntities(String(value).slice(0, max * 20))
      .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
      .replace(/<\/?[a-z!?/][^>]*>?/gi, ' ')
      .replace(/[<>]/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b]/g, ' ') // (other invisible separators are \s)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, max)
      .trimEnd() || undefined
  );
}

/** Absolute http(s) URL (resolved against `base`), or undefined. Never returns javascript:, data:, blob: etc. */
export function safeUrl(value: unknown, base?: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  if (!raw || raw.length > MAX_URL) return undefined;
  try {
    const url = new URL(raw, base);
    const href = url.href;
    return /^https?:$/.test(url.protocol) && url.hostname && href.length <= MAX_URL ? href : undefined;
  } catch {
    return undefined;
  }
}

function formatNumber(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 0 || n > 1e12) return undefined;
  return String(Number(n.toFixed(4)));
}

/**
 * Price as a decimal string. Numbers are taken as is; strings are searched for the first number and its grouping
 * and decimal separators are worked out ("1.234,56", "1,234.56", "1 234,56", "1'234.50", "19,-").
 * `dotDecimal` (structured data, where schema.org mandates "." as decimal separator) reads "1.234" as 1.234.
 * `currency` (its code or symbol, when the value's text may not hold it) tells a three-decimal currency.
 */
export function parsePrice(value: unknown, dotDecimal = false, currency: unknown = ''): string | undefined {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value !== 'string') return undefined;
  const s = value.slice(0, 200);
  // Dinars (KWD, BHD, OMR, JOD...) have 1,000 fils: "1.250 KWD" is 1.25, where "1.250 €" is 1250.
  const three = /KWD|BHD|OMR|JOD|TND|LYD|IQD|د\.?[كبت]|ر\.?ع/.test(s + currency);
  // (but "1.299" there is a price written with a thousands separator: no currency but the dinars has three decimals, and
  // stores put the page's text into their structured data)
  if (dotDecimal && /^\s*\d+(\.\d+)?\s*$/.test(s) && (three || !/^\s*[1-9]\d{0,2}\.\d{3}\s*$/.test(s))) return formatNumber(parseFloat(s));
  // The first number (JS \s includes no-break spaces): spaces and apostrophes before three digits group thousands,
  // any other one ends the number (when a line break follows it, the number is left unreadable, as it always was).
  // Linear: a run of separators is matched only from the character before it, never again from inside it.
  let num = (/\d[\d.,'’\s]*/.exec(s)?.[0] ?? '')
    .replace(/([^\s'’])[\s'’]+(?=\d{3}(?!\d))/g, '$1')
    .replace(/[\s'’](?:.*$|([\s\S]*))/, '$1')
    .replace(/([^.,])[.,]+$/, '$1');
  const lastDot = num.lastIndexOf('.');
  const lastComma = num.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the last one is the decimal separator.
    const dec = lastDot > lastComma ? '.' : ',';
    num = num.split(dec === '.' ? ',' : '.').join('').replace(dec, '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    // One kind: grouping when repeated or followed by exactly three digits (but not a "." in structured data, or
    // before a three-decimal currency's fils).
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = num.split(sep);
    num = parts.join(parts.length > 2 || (parts[parts.length - 1]?.length === 3 && !(three && sep === '.')) ? '' : '.');
  }
  return /^\d+(\.\d+)?$/.test(num) ? formatNumber(parseFloat(num)) : undefined;
}

/** Unambiguous symbols and local names, in order of precedence. */
const SYMBOLS: Record<string, RegExp> = {
  BRL: /R\$/,
  EUR: /€|\beur(os?)?\b/i,
  GBP: /£|\bgbp\b/i,
  INR: /₹/,
  PLN: /zł|\bzl\b|pln/i,
  CZK: /kč/i,
  RON: /\blei\b|\bron\b/i,
  HRK: /\bkn\b/i,
  RUB: /₽|руб/i,
  KRW: /₩|원/,
  TRY: /₺/,
  ILS: /₪/,
  SAR: /ر\.?س|﷼/,
  AED: /د\.?إ/,
  VND: /₫/,
  THB: /฿/,
  UAH: /₴|грн/i,
  CHF: /\bchf\b|\bfr\.\s/i,
  HUF: /\bft\b/i,
  BGN: /\bлв\b/i,
  JPY: /円/,
};

/** Ambiguous symbols: the currency by country-code TLD, else the commonest reading. */
const AMBIGUOUS: Array<[RegExp, Record<string, string>, string]> = [
  [/\$/, { ca: 'CAD', au: 'AUD', nz: 'NZD', cl: 'CLP', ar: 'ARS', mx: 'MXN', co: 'COP', tw: 'TWD', sg: 'SGD', hk: 'HKD', uy: 'UYU', br: 'BRL' }, 'USD'],
  [/\bkr\b/i, { se: 'SEK', no: 'NOK', dk: 'DKK', is: 'ISK' }, 'SEK'],
  [/\brs\.?\b|₨/i, { pk: 'PKR', lk: 'LKR', np: 'NPR' }, 'INR'],
  // (元 is Taiwan's and Hong Kong's dollar too)
  [/元/, { tw: 'TWD', hk: 'HKD' }, 'CNY'],
  [/¥/, { cn: 'CNY' }, 'JPY'],
];

/** ISO codes taken as such inside text ("EUR 19,99"): every currency above and a few written only as codes. */
const CODES = new Set([
  'PEN', 'ZAR', 'IDR', 'MYR', 'PHP', 'KWD', 'BHD', 'OMR', 'JOD',
  ...Object.keys(SYMBOLS),
  ...AMBIGUOUS.flatMap(([, byTld, fallback]) => [fallback, ...Object.values(byTld)]),
]);

/**
 * ISO 4217 currency from a code or a symbol. Ambiguous symbols ("$", "kr", "Rs", "¥") are resolved from the
 * host's country-code TLD when it has one.
 */
export function normalizeCurrency(value: unknown, host?: string): string | undefined {
  const s = cleanText(value, 40);
  if (!s) return undefined;
  if (/^[A-Za-z]{3}$/.test(s)) return s.toUpperCase();
  const code = /\b([A-Z]{3})\b/.exec(s)?.[1];
  if (code && CODES.has(code)) return code;
  for (const iso in SYMBOLS) if (SYMBOLS[iso]?.test(s)) return iso;
  const tld = host?.toLowerCase().split('.').pop() ?? '';
  for (const [re, byTld, fallback] of AMBIGUOUS) if (re.test(s)) return byTld[tld] ?? fallback;
  return undefined;
}

/** schema.org availability (URL or bare name, any case) to InStock/OutOfStock; other states give undefined. */
export function normalizeAvailability(value: unknown): Availability | undefined {
  const s = cleanText(value, 100);
  if (!s) return undefined;
  const key = s.toLowerCase().replace(/^.*[/#:]/, '').replace(/[\s_-]+/g, '');
  if (/^(instock(online)?|limitedavailability|instoreonly|onlineonly|available|true|yes|1)$/.test(key)) return 'InStock';
  if (/^(outofstock(online)?|soldout|discontinued|unavailable|notavailable|false|no|0)$/.test(key)) return 'OutOfStock';
  return undefined;
}

/** GTIN-8/12/13/14 digits (separators removed), or undefined. */
export function normalizeGtin(value: unknown): string | undefined {
  const s = cleanText(value, 40);
  if (!s) return undefined;
  const digits = s.replace(/^(gtin|ean|upc|isbn)[^0-9]*/i, '').replace(/[\s-]/g, '');
  return /^(\d{8}|\d{12,14})$/.test(digits) ? digits : undefined;
}

/** Short identifier (sku, mpn): plain text up to 100 characters. */
export function cleanId(value: unknown): string | undefined {
  return cleanText(value, 100);
}

/**
 * The first `max` items of a node list, as an array (every scan of the page is capped). An array rather than a
 * generator: on a first injection the script runs in V8's interpreter, where resuming a generator for each of
 * 1,500 rows costs more than copying them.
 */
export function upTo<T>(list: ArrayLike<T>, max: number): T[] {
  return Array.prototype.slice.call(list, 0, max) as T[];
}
