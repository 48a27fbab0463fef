/**
 * Search relevance over the demo catalog: precision of the top results for simple queries, through the same search
 * code the sandbox serves. Prints the table so figures can be quoted.
 */
import { describe, expect, it } from 'vitest';
import { SandboxCatalog } from '../../../sandbox/catalog';
import { buildDemoCatalog, DEMO_RELEVANCE_QUERIES } from '../../../sandbox/demo/index';

const K = 5;

describe('search relevance on the demo catalog', () => {
  const demo = buildDemoCatalog('http://127.0.0.1:8787');
  const catalog = new SandboxCatalog(demo.catalogs, demo.products);

  const rows = DEMO_RELEVANCE_QUERIES.map(({ q, expect: relevant }) => {
    const top = catalog.search.rank({ q, limit: K }, K).hits.slice(0, K);
    const hits = top.filter((h) => relevant(h.product)).length;
    const available = demo.products.filter(relevant).length;
    const denominator = Math.min(K, available);
    return { q, precision: denominator ? hits / denominator : 1, hits, denominator, top: top.map((h) => h.product.title) };
  });

  it(`has precision@${K} of at least 0.8 for every query and 0.9 on average`, () => {
    console.table(rows.map(({ q, precision, hits, denominator }) => ({ q, [`P@${K}`]: precision.toFixed(2), hits: `${hits}/${denominator}` })));
    for (const row of rows) expect(row.precision, `${row.q}: ${row.top.join(' | ')}`).toBeGreaterThanOrEqual(0.8);
    const mean = rows.reduce((s, r) => s + r.precision, 0) / rows.length;
    expect(mean).toBeGreaterThanOrEqual(0.9);
  });
});
