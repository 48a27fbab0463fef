/**
 * Changes in words, for the popup's "Changes since your last lookup" and the History page: each change's label, its
 * values before and after, and a note (a drop, a rise, a currency change). Pure and zod-free.
 */
import { formatPrice } from '../format';
import type { Change, Stock } from './types';

export interface ChangeLine {
  label: string;
  from: string;
  to: string;
  /** E.g. "lower", "higher", "currency changed: prices not compared". */
  note?: string;
}

export const stockLabel = (stock: Stock) => (stock === 'in_stock' ? 'In stock' : 'Out of stock');

const price = (amount: number | undefined, currency?: string) => formatPrice(amount, currency) ?? 'unknown';

export function describeChange(change: Change): ChangeLine {
  switch (change.field) {
    case 'price':
    case 'originalPrice':
      return {
        label: change.field === 'price' ? 'Price' : 'Original price',
        from: price(change.from, change.currency),
        to: price(change.to, change.currency),
        note: change.to < change.from ? 'lower' : 'higher',
      };
    case 'currency':
      return { label: 'Price', from: price(change.priceFrom, change.from), to: price(change.priceTo, change.to), note: `currency changed from ${change.from} to ${change.to}: prices not compared` };
    case 'availability':
      return { label: 'Availability', from: stockLabel(change.from), to: stockLabel(change.to) };
    case 'title':
      return { label: 'Title', from: change.from, to: change.to };
    case 'catalog':
      return { label: 'Catalog', from: change.from, to: change.to };
  }
}

/** One sentence, for a screen reader's announcement. */
export function describeChanges(changes: Change[]): string {
  return changes
    .map(describeChange)
    .map((line) => `${line.label} ${line.from} to ${line.to}${line.note ? ` (${line.note})` : ''}`)
    .join('; ');
}

/** The date and time of a lookup, as the user's locale writes them. */
export function formatLookupTime(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}
