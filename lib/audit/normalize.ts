/**
 * How the audit reads a value before comparing it: the rules a person would agree with. Pure, no imports, safe on
 * hostile input (any type, any length): each reader returns undefined for what it cannot read.
 */

/** Longest text the audit keeps of one value (shown, copied); a longer one is cut and marked. */
export const MAX_VALUE = 300;

/** Plain text: control characters dropped, whitespace collapsed, trimmed, at most `max` characters (then "…"). */
export function cleanText(value: unknown, max = MAX_VALUE): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Text for comparing: Unicode-normalised, case-folded, typographic quotes and dashes made plain, ™ ® © dropped. */
export function foldText(value: unknown): string | undefined {
  const text = cleanText(value, 2000);
  if (!text) return undefined;
  return text
    .replace(/[™®©]/g, '')
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"')
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase('en');
}

// ---------------------------------------------------------------------------------------------------------------
// Currency
// ---------------------------------------------------------------------------------------------------------------

/** Currency symbols read as codes. `$` alone is read as USD, `kr` is not read (SEK, NOK, DKK, ISK all use it). */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR', '£': 'GBP', '¥': 'JPY', '￥': 'JPY', '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', '₪': 'ILS',
  '₫': 'VND', '₱': 'PHP', '฿': 'THB', '₴': 'UAH', '₦': 'NGN', 'zł': 'PLN', 'kč': 'CZK', 'r$': 'BRL', 'chf': 'CHF',
  '$': 'USD', 'us$': 'USD', 'usd$': 'USD', 'c$': 'CAD', 'ca$': 'CAD', 'cad$': 'CAD', 'a$': 'AUD', 'au$': 'AUD',
  'nz$': 'NZD', 'hk$': 'HKD', 's$': 'SGD', 'mx$': 'MXN',
};

/** An ISO 4217 code from a code in any case or a currency symbol ("€", "US$", "usd"); undefined otherwise. */
export function normalizeCurrency(value: unknown): string | undefined {
  const text = cleanText(value, 16)?.toLowerCase().replace(/\s+/g, '');
  if (!text) return undefined;
  if (/^[a-z]{3}$/.test(text)) return text.toUpperCase();
  return SYMBOLS[text];
}

/** Currencies written with no minor unit: "1.299" there is one thousand two hundred and ninety-nine. */
const NO_DECIMALS = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'HUF', 'IDR', 'PYG', 'UGX']);

/** Languages that write a decimal comma ("19,99"): the page's `lang`, when known, settles "1,299" and "1.299". */
const DECIMAL_COMMA = /^(de|fr|es|it|nl|pt|pl|cs|sk|sv|da|nb|nn|no|fi|ru|uk|tr|el|hu|ro|bg|hr|sl|sr|lt|lv|et|id|vi|ca|eu|gl|is)\b/i;

/**
 * An amount from a price as pages write it: "19.99", "19,99", "1.299,00", "1,299.00", "1 299,00 €", "$1,299",
 * "CHF 1'299.50", a number. The last of "." and "," before 1–2 digits is the decimal separator; a lone separator
 * before exactly three digits is a thousands separator, unless the page's language writes a decimal comma (or point)
 * and the currency has a minor unit. Undefined for anything that is not one amount (two numbers, words, negative).
 */
export function parseAmount(value: unknown, options: { locale?: string; currency?: string } = {}): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value < MAX_AMOUNT ? value : undefined;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const text = cleanText(value, 64);
  if (!text) return undefined;
  // Keep digits and separators; what remains must be one number (currency words and symbols around it are dropped).
  const core = text.replace(/^\D+/, '').replace(/\D+$/, '');
  if (!core || /-\s*$/.test(text.slice(0, text.indexOf(core))) || !/^\d[\d.,'\u00a0\u202f ]*$/.test(core)) return undefined;
  const compact = core.replace(/['\u00a0\u202f ]/g, '');
  if (!/^\d+([.,]\d+)*$/.test(compact)) return undefined;
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  const last = Math.max(lastDot, lastComma);
  let decimal: '.' | ',' | undefined;
  if (last >= 0) {
    const sep = compact[last] as '.' | ',';
    const digitsAfter = compact.length - last - 1;
    const seps = compact.split('').filter((c) => c === '.' || c === ',');
    const mixed = lastDot >= 0 && lastComma >= 0;
    const currency = normalizeCurrency(options.currency);
    if (mixed) decimal = sep;
    else if (seps.length > 1) decimal = undefined; // "1.299.000": thousands only
    else if (digitsAfter !== 3) decimal = sep;
    else if (currency && NO_DECIMALS.has(currency)) decimal = undefined;
    else if (options.locale) decimal = DECIMAL_COMMA.test(options.locale) === (sep === ',') ? sep : undefined;
    else decimal = undefined; // "1,299" or "1.299" without a language: a thousands separator, as most pages mean it
  }
  const [whole, fraction] = decimal ? [compact.slice(0, compact.lastIndexOf(decimal)), compact.slice(compact.lastIndexOf(decimal) + 1)] : [compact, ''];
  const wholeDigits = whole.replace(/[.,]/g, '');
  // Thousands groups must be groups of three.
  if (decimal && /[.,]/.test(whole) && !/^\d{1,3}([.,]\d{3})+$/.test(whole)) return undefined;
  if (!decimal && /[.,]/.test(compact) && !/^\d{1,3}([.,]\d{3})+$/.test(compact)) return undefined;
  const amount = Number(`${wholeDigits}.${fraction || '0'}`);
  return Number.isFinite(amount) && amount < MAX_AMOUNT ? amount : undefined;
}

/** No price is a trillion: a longer number is a page's junk (an id, a phone number), not an amount. */
const MAX_AMOUNT = 1e12;

// ---------------------------------------------------------------------------------------------------------------
// Availability
// ---------------------------------------------------------------------------------------------------------------

export interface ReadAvailability {
  inStock: boolean;
  /** What the value said, in words ("In stock", "Pre-order (not in stock)"). */
  label: string;
}

const AVAILABILITY: Record<string, ReadAvailability> = {
  instock: { inStock: true, label: 'In stock' },
  limitedavailability: { inStock: true, label: 'Limited availability (in stock)' },
  onlineonly: { inStock: true, label: 'Online only (in stock)' },
  instoreonly: { inStock: true, label: 'In store only (in stock)' },
  outofstock: { inStock: false, label: 'Out of stock' },
  soldout: { inStock: false, label: 'Sold out (out of stock)' },
  discontinued: { inStock: false, label: 'Discontinued (out of stock)' },
  preorder: { inStock: false, label: 'Pre-order (not in stock)' },
  presale: { inStock: false, label: 'Pre-sale (not in stock)' },
  backorder: { inStock: false, label: 'Back-order (not in stock)' },
  madetoorder: { inStock: false, label: 'Made to order (not in stock)' },
  reserved: { inStock: false, label: 'Reserved (not in stock)' },
};

/**
 * Availability in any of its spellings: schema.org URLs over http or https ("https://schema.org/InStock"), the bare
 * term ("InStock"), snake or plain words ("in_stock", "in stock", "Out-of-stock"), a boolean.
 */
export function normalizeAvailability(value: unknown): ReadAvailability | undefined {
  if (typeof value === 'boolean') return value ? AVAILABILITY.instock : AVAILABILITY.outofstock;
  const text = cleanText(value, 80);
  if (!text) return undefined;
  const term = text
    .replace(/^https?:\/\/(www\.)?schema\.org\//i, '')
    .replace(/^schema:/i, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  return AVAILABILITY[term];
}

// ---------------------------------------------------------------------------------------------------------------
// GTIN
// ---------------------------------------------------------------------------------------------------------------

export interface ReadGtin {
  /** The digits as given (spaces and hyphens removed). */
  digits: string;
  /** Zero-padded to 14 digits: GTIN-8, -12, -13 and -14 of one product compare equal. */
  gtin14: string;
  valid: boolean;
  /** The check digit the other digits call for. */
  expectedCheck: number;
}

/** GS1 check digit of the digits before the last. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** A GTIN-8/12/13/14 (spaces and hyphens allowed), its 14-digit form and whether its check digit is right. */
export function readGtin(value: unknown): ReadGtin | undefined {
  const text = cleanText(value, 64)?.replace(/[\s-]/g, '');
  if (!text || !/^\d+$/.test(text) || ![8, 12, 13, 14].includes(text.length)) return undefined;
  const gtin14 = text.padStart(14, '0');
  const expectedCheck = gtinCheckDigit(gtin14.slice(0, 13));
  return { digits: text, gtin14, valid: expectedCheck === Number(gtin14[13]), expectedCheck };
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers, URLs
// ---------------------------------------------------------------------------------------------------------------

/** An SKU or MPN for comparing: case and whitespace ignored. */
export function foldCode(value: unknown): string | undefined {
  return cleanText(value, 200)?.toUpperCase().replace(/\s+/g, '');
}

/**
 * A URL for comparing: http(s) only; host lower-cased without `www.`, scheme, fragment, default port and a trailing
 * slash ignored, query parameters sorted. Undefined for anything else (javascript:, relative, too long).
 */
export function foldUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    url.searchParams.sort();
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    return `${host}${url.port ? `:${url.port}` : ''}${path}${url.search}`;
  } catch {
    return undefined;
  }
}
