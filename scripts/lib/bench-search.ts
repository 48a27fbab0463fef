/**
 * Sandbox search benchmark over the shared public catalogs (3,485 products: Best Buy phones + DummyJSON), converted
 * by datasets.ts into a temporary `--catalog` file and served by the real CLI in its own process
 * (`tsx sandbox/cli.ts --port 0 --no-demo --catalog <file> --rate-limit <huge>`, no injected latency), so the
 * client (this process) and the server do not share an event loop.
 *
 * - latency: sequential `POST /v1/products/search` requests over a fixed query mix, client-side wall time per request
 *   (loopback HTTP + validation + search + serialisation), after a warm-up pass;
 * - throughput: the same mix with `concurrency` requests in flight for `seconds`;
 * - in-process: the same queries against `SandboxCatalog.search` directly (the search alone, no HTTP), to tell the
 *   search from the HTTP layer.
 *
 * Query classes: `keyword` (1–2 words, as typed in the Search tab), `typo`, `title` (a product's full title, exactly
 * what the popup sends for similar items: `similarQuery(title)`, limit 13), `filter` (browse with catalog, price or
 * brand facet, no text).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { similarQuery, SIMILAR_LIMIT } from '../../lib/lookup/similar';
import type { SearchRequest } from '../../lib/octogen/schemas';
import { loadCatalogFile, SandboxCatalog } from '../../sandbox/catalog';
import { DEMO_API_KEY } from '../../sandbox/server';
import { summarize, type Summary } from './bench-stats';
import { writeSharedCatalogFile } from './datasets';

const ROOT = resolve(import.meta.dirname, '../..');

export type QueryClass = 'keyword' | 'typo' | 'title' | 'filter';

export interface SearchBenchResult {
  products: number;
  loadMs: number;
  indexMs: number;
  http: { all: Summary; byClass: Record<QueryClass, Summary> };
  inProcess: { all: Summary; byClass: Record<QueryClass, Summary> };
  throughput: { concurrency: number; seconds: number; requests: number; perSecond: number; errors: number };
  slowest: { q: string; ms: number }[];
}

const KEYWORDS = [
  'iphone',
  'samsung galaxy',
  'otterbox case',
  'screen protector',
  'charger',
  'car mount',
  'unlocked',
  'prepaid phone',
  'wireless headphones',
  'apple watch band',
  'battery case',
  'moto',
  'lg',
  'kate spade',
  'mascara',
  'laptop',
  'perfume',
  'sunglasses',
  'kitchen knife',
  'bluetooth speaker',
];
const TYPOS = ['iphnoe', 'samsnug', 'otterbx', 'chargr', 'headphnes', 'protecter', 'motorolla', 'blutooth', 'sunglases', 'laptp'];

export function buildQueries(catalog: SandboxCatalog): { cls: QueryClass; body: SearchRequest }[] {
  const queries: { cls: QueryClass; body: SearchRequest }[] = [];
  for (const q of KEYWORDS) queries.push({ cls: 'keyword', body: { q, limit: 20 } });
  for (const q of TYPOS) queries.push({ cls: 'typo', body: { q, limit: 20 } });
  // 30 titles spread over the catalog, as the popup sends them for similar items.
  const step = Math.max(1, Math.floor(catalog.products.length / 30));
  for (let i = 0; i < catalog.products.length && queries.filter((x) => x.cls === 'title').length < 30; i += step) {
    const q = similarQuery(catalog.products[i]!.title);
    if (q) queries.push({ cls: 'title', body: { q, limit: SIMILAR_LIMIT + 1 } });
  }
  queries.push(
    { cls: 'filter', body: { catalog: 'bestbuy-phones', limit: 20 } },
    { cls: 'filter', body: { price_min: 100, price_max: 300, limit: 20 } },
    { cls: 'filter', body: { facets: [{ name: 'brand_name', values: ['Apple', 'Samsung'] }], limit: 20 } },
    { cls: 'filter', body: { q: 'case', catalog: 'bestbuy-phones', price_max: 40, limit: 20 } },
    { cls: 'filter', body: { limit: 50 } },
  );
  return queries;
}

async function startCli(file: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(
    resolve(ROOT, 'node_modules/.bin/tsx'),
    ['sandbox/cli.ts', '--port', '0', '--no-demo', '--catalog', file, '--rate-limit', '100000000'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const baseUrl = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /API base URL:\s*(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { child, baseUrl };
}

async function post(baseUrl: string, body: SearchRequest): Promise<number> {
  const response = await fetch(`${baseUrl}/products/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

function byClass(samples: { cls: QueryClass; ms: number }[]): Record<QueryClass, Summary> {
  const out = {} as Record<QueryClass, Summary>;
  for (const cls of ['keyword', 'typo', 'title', 'filter'] as const) out[cls] = summarize(samples.filter((s) => s.cls === cls).map((s) => s.ms));
  return out;
}

export async function benchSearch(options: { repeats: number; seconds: number; concurrency: number; log?: (line: string) => void }): Promise<SearchBenchResult> {
  const log = options.log ?? (() => undefined);
  const file = writeSharedCatalogFile();
  try {
    // In-process: the `--catalog` loader and the index, then the search alone.
    let t = performance.now();
    const data = loadCatalogFile(file.path);
    const loadMs = performance.now() - t;
    t = performance.now();
    const catalog = new SandboxCatalog(data.catalogs, data.products);
    const indexMs = performance.now() - t;
    const queries = buildQueries(catalog);
    const toQuery = (b: SearchRequest) => ({
      q: b.q,
      catalogs: b.catalog ? [b.catalog] : undefined,
      facets: b.facets ?? undefined,
      priceMin: b.price_min,
      priceMax: b.price_max,
      limit: b.limit ?? 50,
    });
    for (const { body } of queries) catalog.search.search(toQuery(body)); // warm-up
    const inProc: { cls: QueryClass; ms: number }[] = [];
    for (let r = 0; r < options.repeats; r++) {
      for (const { cls, body } of queries) {
        const s = performance.now();
        catalog.search.search(toQuery(body));
        inProc.push({ cls, ms: performance.now() - s });
      }
    }
    log(`  search: ${data.products.length} products, ${queries.length} queries; in-process done, starting the sandbox CLI…`);

    const { child, baseUrl } = await startCli(file.path);
    try {
      for (const { body } of queries) await post(baseUrl, body); // warm-up
      const http: { cls: QueryClass; ms: number; q: string }[] = [];
      let errors = 0;
      for (let r = 0; r < options.repeats; r++) {
        for (const { cls, body } of queries) {
          const s = performance.now();
          const status = await post(baseUrl, body);
          http.push({ cls, ms: performance.now() - s, q: body.q ?? JSON.stringify(body) });
          if (status !== 200) errors++;
        }
      }
      log(`  search: sequential latency done (${http.length} requests); throughput ${options.concurrency} in flight for ${options.seconds} s…`);
      let requests = 0;
      const deadline = performance.now() + options.seconds * 1000;
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (performance.now() < deadline) {
            const { body } = queries[next++ % queries.length]!;
            const status = await post(baseUrl, body);
            requests++;
            if (status !== 200) errors++;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const slowest = new Map<string, number>();
      for (const s of http) slowest.set(s.q, Math.max(slowest.get(s.q) ?? 0, s.ms));
      return {
        products: data.products.length,
        loadMs,
        indexMs,
        http: { all: summarize(http.map((s) => s.ms)), byClass: byClass(http) },
        inProcess: { all: summarize(inProc.map((s) => s.ms)), byClass: byClass(inProc) },
        throughput: { concurrency: options.concurrency, seconds: elapsed, requests, perSecond: requests / elapsed, errors },
        slowest: [...slowest.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([q, ms]) => ({ q, ms })),
      };
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(dirname(file.path), { recursive: true, force: true });
  }
}
