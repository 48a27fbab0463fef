/**
 * The sandbox's text index ranks exactly as MiniSearch does (the same scores to the last bit and the same order of
 * ties), over the demo catalog's products, for AND and OR queries, with and without prefixes and typo tolerance.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildDemoCatalog, DEMO_RELEVANCE_QUERIES } from '../../../sandbox/demo/index';
import { TextIndex, type TextQuery } from '../../../sandbox/text-index';

const FIELDS = ['title', 'brand', 'categories', 'tags', 'description'] as const;
const BOOST = { title: 3, brand: 2.5, categories: 1.5, tags: 1, description: 0.4 };
const prefix = (term: string) => term.length >= 3;
const fuzzy = (term: string) => (term.length >= 6 ? 2 : term.length >= 4 ? 1 : false);

const { products } = buildDemoCatalog('http://127.0.0.1:8787');
const docs = products.map((p) => [
  p.title ?? '',
  p.brand?.name ?? '',
  [...p.categories.map((c) => c.name), ...p.breadcrumbs.map((b) => b.name)].join(' '),
  p.tags.join(' '),
  p.description ?? '',
]);
const index = new TextIndex(FIELDS, docs);
const mini = new MiniSearch<Record<string, string | number>>({ fields: [...FIELDS], idField: 'id', searchOptions: { boost: BOOST } });
mini.addAll(docs.map((d, id) => Object.fromEntries([['id', id], ...FIELDS.map((f, i) => [f, d[i]!])])));

const queries = [
  ...DEMO_RELEVANCE_QUERIES.map((r) => r.q),
  ...products.filter((_, i) => i % 7 === 0).map((p) => p.title ?? ''),
  'kettle',
  'ketle',
  'mereno skilet bakpack laptpo jackte',
  'wateproof hikng bots',
  'merino wool merino',
  'Apple® iPhone®',
  'usb-c',
  'a',
  'zzzz',
  '',
  ' , ',
];
const even = (doc: number) => doc % 2 === 0;

describe('TextIndex', () => {
  const variants: { name: string; ours: Omit<TextQuery, 'combineWith'>; theirs: SearchOptions }[] = [
    { name: 'all fields, prefix and typos', ours: { fields: Object.entries(BOOST), prefix, fuzzy }, theirs: { prefix, fuzzy } },
    { name: 'short fields, exact', ours: { fields: Object.entries(BOOST).slice(0, 4) }, theirs: { fields: FIELDS.slice(0, 4) } },
    { name: 'filtered', ours: { fields: Object.entries(BOOST), prefix, fuzzy, filter: even }, theirs: { prefix, fuzzy, filter: (r) => even(r.id as number) } },
  ];
  for (const { name, ours, theirs } of variants) {
    for (const combineWith of ['AND', 'OR'] as const) {
      it(`matches MiniSearch: ${name}, ${combineWith}`, () => {
        let nonEmpty = 0;
        for (const q of queries) {
          const expected = mini.search(q, { ...theirs, combineWith }).map((r) => [r.id, r.score]);
          const { hits, total } = index.search(q, { ...ours, combineWith });
          expect(hits.map((h) => [h.doc, h.score]), q).toEqual(expected);
          expect(total).toBe(expected.length);
          // The best few alone come in the same order (ties included).
          for (const limit of [0, 1, 5, 13]) expect(index.search(q, { ...ours, combineWith, limit }).hits.map((h) => [h.doc, h.score]), q).toEqual(expected.slice(0, limit));
          if (expected.length) nonEmpty++;
        }
        expect(nonEmpty).toBeGreaterThan(queries.length / 2);
      });
    }
  }
});
