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
  let s: string;
  if (typeof value === 'string') s = value;
  else if (typeof value === 'number' && Number.isFinite(value)) s = String(value);
  else return undefined;
  if (s.length > max * 20) s = s.slice(0, max * 20);
  s = decodeEntities(s)
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<\/?[a-z!?/][^>]*>?/gi, ' ')
    .replace(/[<>]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b\u2028\u2029\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length > max) s = s.slice(0, max).trimEnd();
  return s || undefined;
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
 */
export function parsePrice(value: unknown, dotDecimal = false): string | undefined {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value !== 'string') return undefined;
  const s = value.length > 200 ? value.slice(0, 200) : value;
  if (dotDecimal && /^\s*\d+(\.\d+)?\s*$/.test(s)) return formatNumber(parseFloat(s));
  const m = /\d[\d.,'’\s\u00a0\u202f]*/.exec(s);
  if (!m) return undefined;
  let num = m[0].replace(/[\s\u00a0\u202f'’]+(?=\d{3}(?!\d))/g, '').replace(/[\s\u00a0\u202f'’].*$/, '');
  num = num.replace(/[.,]+$/, '');
  const lastDot = num.lastIndexOf('.');
  const lastComma = num.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const group = dec === '.' ? ',' : '.';
    num = num.split(group).join('').replace(dec, '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = num.split(sep);
    const tail = parts[parts.length - 1] ?? '';
    if (parts.length > 2 || (tail.length === 3 && !(dotDecimal && sep === '.'))) num = parts.join('');
    else num = parts.join('.');
  }
  if (!/^\d+(\.\d+)?$/.test(num)) return undefined;
  return formatNumber(parseFloat(num));
}

const SYMBOLS: Array<[RegExp, string]> = [
  [/R\$/, 'BRL'],
  [/€|\beur(o|os)?\b/i, 'EUR'],
  [/£|\bgbp\b/i, 'GBP'],
  [/₹/, 'INR'],
  [/zł|\bzl\b|pln/i, 'PLN'],
  [/kč/i, 'CZK'],
  [/\blei\b|\bron\b/i, 'RON'],
  [/\bkn\b/i, 'HRK'],
  [/₽|руб/i, 'RUB'],
  [/₩|원/, 'KRW'],
  [/₺/, 'TRY'],
  [/₪/, 'ILS'],
  [/ر\.?س|﷼/, 'SAR'],
  [/د\.?إ/, 'AED'],
  [/₫/, 'VND'],
  [/฿/, 'THB'],
  [/₴|грн/i, 'UAH'],
  [/\bchf\b|\bfr\.\s/i, 'CHF'],
  [/\bft\b/i, 'HUF'],
  [/\bлв\b/i, 'BGN'],
  [/円/, 'JPY'],
  [/元/, 'CNY'],
];

const DOLLAR_BY_TLD: Record<string, string> = {
  ca: 'CAD', au: 'AUD', nz: 'NZD', cl: 'CLP', ar: 'ARS', mx: 'MXN', co: 'COP', tw: 'TWD', sg: 'SGD', hk: 'HKD',
  uy: 'UYU', br: 'BRL',
};

function tldOf(host: string | undefined): string {
  if (!host) return '';
  const parts = host.toLowerCase().split('.');
  return parts[parts.length - 1] ?? '';
}

/**
 * ISO 4217 currency from a code or a symbol. Ambiguous symbols ("$", "kr", "Rs", "¥") are resolved from the
 * host's country-code TLD when it has one.
 */
export function normalizeCurrency(value: unknown, host?: string): string | undefined {
  const s = cleanText(value, 40);
  if (!s) return undefined;
  if (/^[A-Za-z]{3}$/.test(s)) return s.toUpperCase();
  const code = /\b([A-Z]{3})\b/.exec(s);
  if (code && /^(USD|EUR|GBP|CHF|CAD|AUD|JPY|CNY|INR|PLN|CZK|SEK|NOK|DKK|RON|HUF|BRL|MXN|ARS|CLP|COP|PEN|TWD|KRW|RUB|TRY|ILS|SAR|AED|PKR|ZAR|NZD|SGD|HKD|THB|VND|UAH|HRK|BGN|IDR|MYR|PHP)$/.test(code[1] as string)) {
    return code[1];
  }
  for (const [re, iso] of SYMBOLS) if (re.test(s)) return iso;
  const tld = tldOf(host);
  if (/\$/.test(s)) return DOLLAR_BY_TLD[tld] ?? 'USD';
  if (/\bkr\b/i.test(s)) return ({ se: 'SEK', no: 'NOK', dk: 'DKK', is: 'ISK' } as Record<string, string>)[tld] ?? 'SEK';
  if (/\brs\.?\b|₨/i.test(s)) return ({ pk: 'PKR', lk: 'LKR', np: 'NPR' } as Record<string, string>)[tld] ?? 'INR';
  if (/¥/.test(s)) return tld === 'cn' ? 'CNY' : 'JPY';
  return undefined;
}

/** schema.org availability (URL or bare name, any case) to InStock/OutOfStock; other states give undefined. */
export function normalizeAvailability(value: unknown): Availability | undefined {
  const s = cleanText(value, 100);
  if (!s) return undefined;
  const key = s.toLowerCase().replace(/^.*[/#:]/, '').replace(/[\s_-]+/g, '');
  if (/^(instock|limitedavailability|instoreonly|onlineonly|available|instockonline|true|yes|1)$/.test(key)) return 'InStock';
  if (/^(outofstock|soldout|discontinued|unavailable|notavailable|outofstockonline|false|no|0)$/.test(key)) return 'OutOfStock';
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

/** The first `max` items of a node list (every scan of the page is capped). */
export function upTo<T>(list: ArrayLike<T>, max: number): T[] {
  return Array.prototype.slice.call(list, 0, max) as T[];
}
