/**
 * Changes in words, for the popup's "Changes since your last lookup" and the History page: each change's label, its
 * values before and after, and a note (a drop, a rise, a currency change). Pure and zod-free.
 */
import { formatPrice } from '../format';
import { t, uiLocale } from '../i18n';
import type { Change, Stock } from './types';

export interface ChangeLine {
  label: string;
  from: string;
  to: string;
  /** E.g. "lower", "higher", "currency changed: prices not compared". */
  note?: string;
}

export const stockLabel = (stock: Stock) => (stock === 'in_stock' ? t('record.inStock') : t('record.outOfStock'));

const price = (amount: number | undefined, currency?: string) => formatPrice(amount, currency) ?? t('changes.unknown');

export function describeChange(change: Change): ChangeLine {
  switch (change.field) {
    case 'price':
    case 'originalPrice':
      return {
        label: change.field === 'price' ? t('changes.price') : t('changes.originalPrice'),
        from: price(change.from, change.currency),
        to: price(change.to, change.currency),
        note: change.to < change.from ? t('changes.lower') : t('changes.higher'),
      };
    case 'currency':
      return {
        label: t('changes.price'),
        from: price(change.priceFrom, change.from),
        to: price(change.priceTo, change.to),
        note: t('changes.currencyChanged', { from: change.from, to: change.to }),
      };
    case 'availability':
      return { label: t('changes.availability'), from: stockLabel(change.from), to: stockLabel(change.to) };
    case 'title':
      return { label: t('changes.title'), from: change.from, to: change.to };
    case 'catalog':
      return { label: t('changes.catalog'), from: change.from, to: change.to };
  }
}

/** One sentence, for a screen reader's announcement. */
export function describeChanges(changes: Change[]): string {
  return changes
    .map(describeChange)
    .map((line) => (line.note ? t('changes.sentenceNote', { label: line.label, from: line.from, to: line.to, note: line.note }) : t('changes.sentence', { label: line.label, from: line.from, to: line.to })))
    .join(t('changes.separator'));
}

/** The date and time of a lookup, as the user's locale writes them. */
export function formatLookupTime(at: number, locale: string = uiLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}
