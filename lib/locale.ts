/**
 * The UI's language and the number formats in it, with no dependency (#27): the popup's early script
 * (components/popup/start/first-frame.ts) uses it before any module loads, so it calls the browser's i18n directly.
 * Everything else writes strings with `t` (lib/i18n.ts).
 */
interface I18nApi {
  getMessage(key: string, subs?: string[]): string;
  getUILanguage(): string;
}
const api = (): I18nApi | undefined => {
  const g = globalThis as unknown as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  return g.browser?.i18n ?? g.chrome?.i18n;
};

/** One message by its `_locales` name (`area_key`), for code that runs before `t` is loaded; '' when unknown. */
export function message(name: string, subs?: string[]): string {
  try {
    return api()?.getMessage(name, subs) ?? '';
  } catch {
    return '';
  }
}

let locale: string | undefined;
/**
 * The UI's language for `Intl` (e.g. `de`, `en-GB`): the browser's UI language when the catalogue the browser picked
 * is in that language (its region kept), else the picked catalogue's own (`meta.locale`), so that numbers and dates are
 * always in the language of the text around them (Chromium started with `--lang=de` answers in German while
 * `getUILanguage()` still says `en-US`).
 */
export function uiLocale(): string {
  if (locale === undefined) {
    const picked = message('meta_locale') || 'en';
    let ui = '';
    try {
      ui = api()?.getUILanguage() ?? '';
    } catch {
      // No i18n API here (a test's fake browser without it): the catalogue decides.
    }
    locale = ui && ui.toLowerCase().split(/[-_]/)[0] === picked.split('-')[0] ? ui : picked;
  }
  return locale;
}

/** A number in the UI's language (1,234 / 1.234 / 1 234). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions, locale = uiLocale()): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/**
 * A price in the UI's language: with its currency when the code is a valid ISO 4217 one, else the bare amount (two
 * decimals). Whether a bare amount needs the "catalog currency" mark is the caller's (lib/format.ts `priceParts`).
 */
export function formatPrice(amount: number | null | undefined, currency?: string | null, locale = uiLocale()): string | undefined {
  if (amount == null || !Number.isFinite(amount)) return undefined;
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return formatNumber(amount, { style: 'currency', currency }, locale);
    } catch {
      // An unknown currency code: fall through to the plain number.
    }
  }
  return formatNumber(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 }, locale);
}
