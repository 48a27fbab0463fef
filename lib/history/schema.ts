/**
 * The history's stored layout, versioned, and its tolerant reader. Each field is checked on its own: a field that is
 * not valid is dropped (unknown), never the whole entry; an entry without a valid time and URL is skipped. Entries
 * written by an older version are upgraded as they are read, so the store never has to rewrite them.
 *
 * Versions:
 * - 1: the first draft's flat layout (`price`, `currency`, `inStock`, `catalog`, `pagePrice` beside `url` and `at`).
 * - 2: the record and what the page showed, apart (`record`, `page`); availability as `in_stock` / `out_of_stock`;
 *   original price, catalog name, the record's updated time and `source`.
 */
import { z } from 'zod';
import { normalizeHost, normalizeProductUrl } from '../octogen/urls';
import type { HistoryEntry, PageSnapshot, RecordSnapshot, SnapshotInput, Stock } from './types';

z.config({ jitless: true });

export const HISTORY_SCHEMA_VERSION = 2;

/** The longest text kept per field (titles can be long; nothing needs more). */
export const MAX_FIELD = 500;

const text = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim().slice(0, MAX_FIELD))
  .pipe(z.string().min(1));
const money = z.number().finite().nonnegative().max(1e12);
const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/)
  .transform((s) => s.toUpperCase());
const stock = z.enum(['in_stock', 'out_of_stock']);
const httpUrl = text.refine((s) => /^https?:\/\//i.test(s));

/** A field that is kept when valid, and dropped (unknown) when not. */
const field = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const RecordFields = z.object({
  productUrl: field(httpUrl),
  uuid: field(text),
  title: field(text),
  brand: field(text),
  catalogKey: field(text),
  catalogName: field(text),
  price: field(money),
  originalPrice: field(money),
  currency: field(currency),
  availability: field(stock),
  updatedAt: field(text),
  source: field(text),
});
const PageFields = z.object({ price: field(money), currency: field(currency), availability: field(stock) });
const Base = z.object({ at: z.number().finite().positive(), url: httpUrl, id: field(z.number().int()) });

/** An object without its undefined fields (what is unknown is absent). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const recordOf = (value: unknown): RecordSnapshot => defined(RecordFields.catch({}).parse(value ?? {}));
function pageOf(value: unknown): PageSnapshot | undefined {
  const page = defined(PageFields.catch({}).parse(value ?? {}));
  return Object.keys(page).length ? page : undefined;
}

/** The product an identity URL is about, and its store. */
export function productKeyOf(url: string): string {
  return normalizeProductUrl(url) ?? url;
}
export function hostOf(url: string): string {
  return (normalizeHost(url) ?? '').replace(/^www\./, '');
}

const stockOf = (inStock: unknown): Stock | undefined => (inStock === true ? 'in_stock' : inStock === false ? 'out_of_stock' : undefined);

/** Version 1's flat layout as version 2's record and page. */
function fromV1(raw: Record<string, unknown>): { record: unknown; page: unknown } {
  return {
    record: { uuid: raw.uuid, title: raw.title, brand: raw.brand, catalogKey: raw.catalog, price: raw.price, currency: raw.currency, availability: stockOf(raw.inStock) },
    page: { price: raw.pagePrice, currency: raw.currency },
  };
}

/**
 * A stored entry as the current version, or null when it has no valid time or URL. An entry without a version, or
 * of version 1, is read as version 1; a version newer than this code knows is read as far as its fields are known.
 */
export function readEntry(raw: unknown): HistoryEntry | null {
  if (!raw || typeof raw !== 'object') return null;
  const value = raw as Record<string, unknown>;
  const base = Base.safeParse(value);
  if (!base.success) return null;
  const version = typeof value.version === 'number' && Number.isInteger(value.version) ? value.version : 1;
  const { record, page } = version <= 1 ? fromV1(value) : { record: value.record, page: value.page };
  const url = base.data.url;
  return {
    id: base.data.id ?? 0,
    version: HISTORY_SCHEMA_VERSION,
    at: base.data.at,
    url,
    key: typeof value.key === 'string' && value.key ? value.key : productKeyOf(url),
    host: typeof value.host === 'string' && value.host ? value.host : hostOf(url),
    record: recordOf(record),
    ...(pageOf(page) ? { page: pageOf(page) } : {}),
  };
}

/** What is stored for a lookup (without its `id`, which the store assigns), or null when it is not valid. */
export function storedEntry(input: SnapshotInput): Omit<HistoryEntry, 'id'> | null {
  const entry = readEntry({ ...input, version: HISTORY_SCHEMA_VERSION });
  if (!entry) return null;
  const { id: _id, ...rest } = entry;
  return rest;
}
