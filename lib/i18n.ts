/**
 * The one way a user-visible string is written (#27): `t('area.key')`, typed by the English catalogue
 * (locales/en.yml; WXT's @wxt-dev/i18n generates `_locales/<lang>/messages.json` and the key types). The messages live
 * in `_locales`, not in the JS. Numbers, prices and dates go through `Intl` in `uiLocale()` (lib/locale.ts), the
 * language of the catalogue the browser picked.
 *
 * Conventions (docs/i18n.md): named placeholders `{name}`; plurals as `{ 1: …, n: … }` (French adds `0:`) called with
 * the count first, `t('k', n, { n: formatNumber(n) })`; data from the catalog or the page is never part of a message's
 * text but a placeholder value, isolated by its element (`dir="auto"`, components/styles.css `.bidi`).
 */
import type { GeneratedI18nStructure } from '#i18n';
import { createI18n } from '@wxt-dev/i18n';

export type MessageKey = keyof GeneratedI18nStructure;
/**
 * `i18n.t` of WXT's `#i18n`, made here with a pure annotation: a bundle that imports this module without calling `t`
 * (popup-early.js through lib/octogen/errors.ts) drops it.
 */
export const t = /* @__PURE__ */ createI18n<GeneratedI18nStructure>().t;
export { formatNumber, formatPrice, uiLocale } from './locale';
