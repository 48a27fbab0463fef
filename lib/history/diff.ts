/**
 * What changed between two snapshots of a product's record. Pure and zod-free (the popup and the History page use
 * it too). A field missing on either side is unknown, never a change. Prices are compared in one currency only: when
 * the currency changed, the change is the currency's (with both prices), never a price drop or rise.
 */
import type { Change, RecordSnapshot } from './types';

/** Prices closer than this are equal (floating-point noise in JSON numbers). */
const CENT = 0.005;

const known = <T>(value: T | undefined | null): value is T => value !== undefined && value !== null;

export function diffSnapshots(previous: RecordSnapshot, next: RecordSnapshot): Change[] {
  const changes: Change[] = [];
  const currencyChanged = known(previous.currency) && known(next.currency) && previous.currency !== next.currency;
  if (currencyChanged) {
    changes.push({
      field: 'currency',
      from: previous.currency!,
      to: next.currency!,
      ...(known(previous.price) ? { priceFrom: previous.price } : {}),
      ...(known(next.price) ? { priceTo: next.price } : {}),
    });
  } else {
    // One currency (or one side's currency unknown: the record's prices are in its catalog's currency, which stays).
    const currency = next.currency ?? previous.currency;
    for (const field of ['price', 'originalPrice'] as const) {
      const from = previous[field];
      const to = next[field];
      if (known(from) && known(to) && Math.abs(from - to) >= CENT) changes.push({ field, from, to, ...(currency ? { currency } : {}) });
    }
  }
  if (known(previous.availability) && known(next.availability) && previous.availability !== next.availability) {
    changes.push({ field: 'availability', from: previous.availability, to: next.availability });
  }
  if (known(previous.title) && known(next.title) && previous.title !== next.title) changes.push({ field: 'title', from: previous.title, to: next.title });
  const catalog = (r: RecordSnapshot) => r.catalogKey;
  if (known(catalog(previous)) && known(catalog(next)) && catalog(previous) !== catalog(next)) {
    changes.push({ field: 'catalog', from: previous.catalogName ?? previous.catalogKey!, to: next.catalogName ?? next.catalogKey! });
  }
  return changes;
}

/** Whether a price change is a drop (false: a rise). Only for `price` and `originalPrice` changes. */
export const isDrop = (change: Extract<Change, { field: 'price' | 'originalPrice' }>) => change.to < change.from;
