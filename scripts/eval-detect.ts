/**
 * Evaluates lib/detect on folders of saved pages: `npm run eval:detect -- [options] [dir ...]`.
 *
 * Each dir holds `ground-truth.json` (`{ "<id>": { url, pageUrl, isProduct, price?, currency?, sku?, gtin?, mpn?,
 * brand?, availability? } }`, field values as lists of accepted strings) and `html/<id>.html.gz`. With no dir, the
 * shared fixtures `../shared/fixtures/product-pages` and `../shared/fixtures/article-pages` (relative to the repo
 * root) are used. Pages are read where they are; nothing is copied.
 *
 * Every page is parsed with a DOM implementation (linkedom by default, `--dom=happy-dom` for happy-dom; scripts are
 * never executed and no resource is loaded: linkedom has no script engine or loader, happy-dom runs with
 * JavaScript evaluation off and file/CSS/iframe loading disabled), `detect(document, pageUrl)` runs on it with the
 * page's `pageUrl` (the URL with tracking parameters appended), and one JSON line is printed per page:
 * `{"id","isProduct","url","fields":{title,brand,price,currency,sku,gtin,mpn,availability}}` (absent fields left
 * out). A summary follows (text, then one `{"summary": ...}` JSON line).
 *
 * Scoring rules
 * - Product recall: product pages (isProduct true in the truth) detected as products / product pages.
 * - False positives: article pages (isProduct false) detected as products / article pages.
 * - Identity URL (scored on every page, reported for product pages and for all pages): our `url` (as the background
 *   cleans it: detectionIdentity in lib/lookup/sanitize.ts; the detector reports the address as it stands) is right when
 *   (a) after normalising both URLs (scheme ignored; host lower-cased without one leading `www.`; path
 *   percent-decoded, trailing slash ignored; fragments ignored, since they are never sent to a server) the host and
 *   path equal the truth `url`'s, every query parameter of the truth that is not a tracking parameter (per
 *   `isTrackingParam` in lib/octogen/urls.ts) is present with the same value, and every parameter we kept is a
 *   parameter of the truth URL that is not a tracking parameter (so no tracking parameter and nothing invented
 *   survives); or (b) it equals, under the same normalisation with exact parameter-set equality, the page's
 *   declared canonical URL (`<link rel="canonical">`) — the page's own statement of its identity.
 * - Fields (price, currency, sku, gtin, mpn, brand, availability), over all pages of all dirs: a prediction equal
 *   to one of the accepted values is a true positive; a wrong prediction is a false positive and a false negative;
 *   a missing prediction where the truth has a value is a false negative; a prediction where the truth has none is
 *   a false positive. Price is compared as a decimal number; sku, gtin, mpn, brand and availability as exact
 *   strings (trimmed). Currency: our output is ISO 4217 by contract while the benchmark annotates what the page
 *   shows ("€", "£", "$", "zł", "Rs"...), so a truth symbol is mapped to the ISO codes it can denote ("€" → EUR,
 *   "$" → any dollar/peso code, "kr" → SEK/NOK/DKK/ISK...) and we are right when our code is one of them; a truth
 *   given as an ISO code must match exactly.
 * - Timing: wall time of the `detect` call alone (parsing excluded; in Chromium garbage collection is forced before
 *   each call so the previous page's garbage is not collected inside this page's timing), the median of `--runs` (default 5)
 *   calls per page, each on a freshly parsed document (the first call's detection is the one scored); then
 *   p50/p95/p99 and max over pages. The median filters out scheduler noise on a busy machine. With a Node
 *   DOM (linkedom, happy-dom) every tree walk runs in JavaScript, so these are a pessimistic proxy; `--dom=chromium`
 *   measures the real thing: the detector bundled with esbuild runs inside headless Chromium (playwright-core,
 *   `CHROMIUM_PATH` or /usr/bin/chromium) on documents made by DOMParser (inert: no script runs, nothing loads; all
 *   requests are aborted too). The bundle's minified and gzipped sizes are printed as well.
 *
 * Note: happy-dom's HTML parser truncates some of the real pages (e.g. a few hundred elements kept out of thousands,
 * after certain inline scripts), so `--dom=happy-dom` under-reports; linkedom and Chromium agree with each other.
 *
 * Audit field agreement: for the fields the popup's Audit view compares (title, brand, price, original price,
 * currency, availability, GTIN, SKU, MPN, image, URL), the page value we read against the benchmark's truth, per
 * field: agree / differ / only we have a value / only the truth has one (a miss) / neither; "agreement" is agree over
 * the pages where either side has a value. Fields the benchmark does not annotate (title, original price, image) are
 * reported as "no truth" with how often we read them. URL uses the identity URL rule above. Product pages only.
 *
 * Held-out split (`--holdout`): a page is held out when the FNV-1a 32-bit hash of its id (the ground-truth key, i.e.
 * the file name without `.html.gz`) modulo 10 is 0, 1 or 2 (about 30%); the rest is the dev part. The rule was fixed
 * before any detector change for issue 25 and detector work looks only at dev-part misses (`--part=dev --misses`).
 * `--holdout` prints the summary for the dev part, the held-out part, then all pages; `--part=dev|holdout` scores
 * one part only.
 *
 * Options: `--dom=linkedom|happy-dom|chromium`, `--runs=N`, `--gc` (force GC before each timed call in Node too),
 * `--misses` (explain every miss on stderr), `--quiet` (summary only), `--holdout`, `--part=dev|holdout`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { detect } from '../lib/detect/index';
import { isTrackingParam } from '../lib/octogen/urls';
import { detectionIdentity } from '../lib/lookup/sanitize';
import type { Detection } from '../lib/detect/types';

type Truth = {
  url: string;
  pageUrl: string;
  isProduct: boolean;
} & Partial<Record<FieldName, string[]>>;

const FIELDS = ['price', 'currency', 'sku', 'gtin', 'mpn', 'brand', 'availability'] as const;
type FieldName = (typeof FIELDS)[number];
const OUTPUT_FIELDS = ['title', 'brand', 'price', 'currency', 'sku', 'gtin', 'mpn', 'availability', 'image'] as const;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const domName = [...flags].find((f) => f.startsWith('--dom='))?.slice(6) ?? 'linkedom';
const showMisses = flags.has('--misses');
const quiet = flags.has('--quiet');
const runs = Math.max(1, Number([...flags].find((f) => f.startsWith('--runs='))?.slice(7) ?? 5) || 5);
let dirs = args.filter((a) => !a.startsWith('--'));
if (!dirs.length) {
  dirs = [resolve(repoRoot, '../shared/fixtures/product-pages'), resolve(repoRoot, '../shared/fixtures/article-pages')];
}

// ---- DOM ----------------------------------------------------------------------------------------------------------

/** Runs detect on a freshly parsed document `runs` times; returns the first detection and the median time. */
type Runner = { run: (html: string, url: string) => Promise<{ d: Detection; ms: number }>; close: () => Promise<void> };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Node's garbage collector, so a previous page's garbage is not collected while timing this one. */
function nodeGc(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // not available: timings just get noisier
  }
  return () => undefined;
}

async function bundleDetect(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [join(repoRoot, 'lib/detect/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__octolensDetect',
    minify: true,
    write: false,
    target: 'chrome110',
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

async function makeRunner(): Promise<Runner> {
  const gc = flags.has("--gc") ? nodeGc() : () => undefined;
  if (domName === 'chromium') {
    // Real Chromium: the bundled detector runs in a blank page on documents made by DOMParser (inert: no script
    // runs, nothing loads); every network request is aborted anyway.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--js-flags=--expose-gc'],
    });
    const page = await browser.newPage({ javaScriptEnabled: true });
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><title>eval</title>');
    await page.addScriptTag({ content: await bundleDetect() });
    return {
      run: (html, url) =>
        page.evaluate(
          ([h, u, n]) => {
            const g = globalThis as unknown as {
              __octolensDetect: { detect: (d: Document, u: string) => Detection };
              gc?: () => void;
            };
            let first: Detection | undefined;
            const times: number[] = [];
            for (let i = 0; i < n; i++) {
              const doc = new DOMParser().parseFromString(h, 'text/html') as unknown as Document;
              g.gc?.();
              const t0 = performance.now();
              const d = g.__octolensDetect.detect(doc, u);
              times.push(performance.now() - t0);
              first = first ?? d;
            }
            times.sort((a, b) => a - b);
            return { d: first as Detection, ms: times[Math.floor(times.length / 2)] as number };
          },
          [html, url, runs] as const,
        ),
      close: () => browser.close(),
    };
  }
  if (domName === 'happy-dom') {
    const { Window } = await import('happy-dom');
    return {
      run: async (html, url) => {
        const window = new Window({
          url,
          settings: {
            enableJavaScriptEvaluation: false,
            disableJavaScriptFileLoading: true,
            disableCSSFileLoading: true,
            disableIframePageLoading: true,
            disableComputedStyleRendering: true,
            handleDisabledFileLoadingAsSuccess: true,
            navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
          },
        });
        window.document.write(html);
        let d: Detection | undefined;
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          gc();
          const t0 = performance.now();
          const r = detect(window.document as unknown as Document, url);
          times.push(performance.now() - t0);
          d = d ?? r;
        }
        await window.happyDOM.close();
        return { d: d as Detection, ms: median(times) };
      },
      close: async () => undefined,
    };
  }
  if (domName !== 'linkedom') throw new Error(`unknown --dom=${domName} (linkedom, happy-dom or chromium)`);
  const { DOMParser } = await import('linkedom');
  return {
    run: async (html, url) => {
      let d: Detection | undefined;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const document = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
        gc();
        const t0 = performance.now();
        const r = detect(document, url);
        times.push(performance.now() - t0);
        d = d ?? r;
      }
      return { d: d as Detection, ms: median(times) };
    },
    close: async () => undefined,
  };
}

// ---- Scoring -----------------------------------------------------------------------------------------------------

interface NormUrl {
  host: string;
  path: string;
  params: Array<[string, string]>;
}

function normUrl(input: string | undefined): NormUrl | undefined {
  if (!input) return undefined;
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    path = u.pathname;
  }
  path = path.replace(/\/+$/, '') || '/';
  return { host: u.hostname.toLowerCase().replace(/^www\./, ''), path, params: [...u.searchParams.entries()] };
}

const has = (params: Array<[string, string]>, [k, v]: [string, string]) => params.some(([a, b]) => a === k && b === v);

export function urlRight(ours: string, truth: string, canonical: string | undefined): boolean {
  const o = normUrl(ours);
  if (!o) return false;
  const t = normUrl(truth);
  if (t && o.host === t.host && o.path === t.path) {
    const truthIdentity = t.params.filter(([k]) => !isTrackingParam(k));
    if (truthIdentity.every((p) => has(o.params, p)) && o.params.every((p) => has(truthIdentity, p))) return true;
  }
  const c = normUrl(canonical);
  if (c && o.host === c.host && o.path === c.path && o.params.length === c.params.length && o.params.every((p) => has(c.params, p))) {
    return true;
  }
  return false;
}

const DOLLAR = ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'TWD', 'MXN', 'CLP', 'ARS', 'COP', 'UYU'];
const SYMBOL_CODES: Array<[RegExp, string[]]> = [
  [/^R\$$/, ['BRL']],
  [/^(\$|US\$|C\$|A\$|NT\$)$/, DOLLAR],
  [/^€$/, ['EUR']],
  [/^£$/, ['GBP']],
  [/^¥|円|元$/, ['JPY', 'CNY']],
  [/^₹$/, ['INR']],
  [/^zł$/i, ['PLN']],
  [/^kč$/i, ['CZK']],
  [/^lei$/i, ['RON']],
  [/^kn$/i, ['HRK']],
  [/^(rs\.?|₨)$/i, ['PKR', 'INR', 'LKR', 'NPR']],
  [/^kr\.?$/i, ['SEK', 'NOK', 'DKK', 'ISK']],
  [/^(₽|руб\.?)$/i, ['RUB']],
  [/^₩|원$/, ['KRW']],
  [/^₺$/, ['TRY']],
  [/^₪$/, ['ILS']],
  [/^ر\.?س\.?$/, ['SAR']],
  [/^(fr\.?|chf)$/i, ['CHF']],
];

function currencyMatches(ours: string, truth: string): boolean {
  const t = truth.trim();
  if (/^[A-Z]{3}$/.test(t)) return ours === t;
  for (const [re, codes] of SYMBOL_CODES) if (re.test(t)) return codes.includes(ours);
  return false;
}

function valueMatches(field: FieldName, ours: string, truth: string): boolean {
  if (field === 'price') {
    const a = Number(ours);
    const b = Number(truth.trim());
    return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) < 1e-9;
  }
  if (field === 'currency') return currencyMatches(ours, truth);
  return ours.trim() === truth.trim();
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

// ---- Run -----------------------------------------------------------------------------------------------------------

// ---- Held-out split ------------------------------------------------------------------------------------------------

/** FNV-1a 32-bit hash of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

type Part = 'dev' | 'holdout';
/** The split rule (see the header): held out when fnv1a(id) % 10 is 0, 1 or 2. */
export const partOf = (id: string): Part => (fnv1a(id) % 10 < 3 ? 'holdout' : 'dev');

// ---- Audit field agreement -----------------------------------------------------------------------------------------

const AUDIT_FIELDS = ['title', 'brand', 'price', 'originalPrice', 'currency', 'availability', 'gtin', 'sku', 'mpn', 'image', 'url'] as const;
type AuditField = (typeof AUDIT_FIELDS)[number];
type Agreement = { agree: number; differ: number; onlyPage: number; onlyTruth: number; neither: number; read: number };

/** Compares one page's value of an audited field with the truth; 'none' when the benchmark does not annotate it. */
function agreement(f: AuditField, d: Detection, truth: Truth): keyof Agreement | 'none' {
  if (f === 'url') return urlRight(d.url, truth.url, d.canonicalUrl) ? 'agree' : 'differ';
  const ours = d.isProduct ? (d.fields as Record<string, string | undefined>)[f] : undefined;
  if (!(FIELDS as readonly string[]).includes(f)) return 'none';
  const accepted = (truth[f as FieldName] ?? []).filter((v) => typeof v === 'string' && v.trim() !== '');
  if (ours === undefined) return accepted.length ? 'onlyTruth' : 'neither';
  if (!accepted.length) return 'onlyPage';
  return accepted.some((a) => valueMatches(f as FieldName, ours, a)) ? 'agree' : 'differ';
}

// ---- Run -----------------------------------------------------------------------------------------------------------

interface PageResult {
  id: string;
  part: Part;
  truth: Truth;
  d: Detection;
  ms: number;
}

function summarize(results: PageResult[], label: string, bundleBytes: { minified: number; gzip: number }) {
  const counts = { products: 0, detected: 0, articles: 0, falsePositives: 0, urlRightProducts: 0, urlRightAll: 0, pages: 0 };
  const tally = Object.fromEntries(FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<FieldName, { tp: number; fp: number; fn: number }>;
  const agree = Object.fromEntries(
    AUDIT_FIELDS.map((f) => [f, { agree: 0, differ: 0, onlyPage: 0, onlyTruth: 0, neither: 0, read: 0 }]),
  ) as Record<AuditField, Agreement>;
  const times: number[] = [];
  for (const { truth, d, ms } of results) {
    times.push(ms);
    counts.pages++;
    if (truth.isProduct) {
      counts.products++;
      if (d.isProduct) counts.detected++;
    } else {
      counts.articles++;
      if (d.isProduct) counts.falsePositives++;
    }
    if (urlRight(d.url, truth.url, d.canonicalUrl)) {
      counts.urlRightAll++;
      if (truth.isProduct) counts.urlRightProducts++;
    }
    for (const f of FIELDS) {
      const accepted = (truth[f] ?? []).filter((v) => typeof v === 'string' && v.trim() !== '');
      const ours = d.isProduct ? d.fields[f] : undefined;
      const t = tally[f];
      if (ours === undefined) {
        if (accepted.length) t.fn++;
      } else if (!accepted.length) t.fp++;
      else if (accepted.some((a) => valueMatches(f, ours, a))) t.tp++;
      else {
        t.fp++;
        t.fn++;
      }
    }
    if (truth.isProduct) {
      for (const f of AUDIT_FIELDS) {
        const a = agree[f];
        if (f !== 'url' && d.isProduct && (d.fields as Record<string, unknown>)[f] !== undefined) a.read++;
        const k = agreement(f, d, truth);
        if (k !== 'none') a[k]++;
      }
    }
  }
  times.sort((a, b) => a - b);
  const fieldSummary = Object.fromEntries(
    FIELDS.map((f) => {
      const { tp, fp, fn } = tally[f];
      const p = tp + fp ? tp / (tp + fp) : NaN;
      const r = tp + fn ? tp / (tp + fn) : NaN;
      const f1 = p + r ? (2 * p * r) / (p + r) : NaN;
      return [f, { precision: p, recall: r, f1, tp, fp, fn }];
    }),
  );
  const auditSummary = Object.fromEntries(
    AUDIT_FIELDS.map((f) => {
      const a = agree[f];
      const compared = a.agree + a.differ + a.onlyPage + a.onlyTruth;
      const truthless = !(FIELDS as readonly string[]).includes(f) && f !== 'url';
      return [f, truthless ? { truth: false, read: a.read } : { truth: true, agreement: compared ? a.agree / compared : NaN, ...a }];
    }),
  );
  const summary = {
    part: label,
    dom: domName,
    pages: counts.pages,
    productRecall: counts.products ? counts.detected / counts.products : NaN,
    productsDetected: `${counts.detected}/${counts.products}`,
    falsePositiveRate: counts.articles ? counts.falsePositives / counts.articles : NaN,
    falsePositives: `${counts.falsePositives}/${counts.articles}`,
    urlAccuracyProducts: counts.products ? counts.urlRightProducts / counts.products : NaN,
    urlAccuracyAll: counts.pages ? counts.urlRightAll / counts.pages : NaN,
    fields: fieldSummary,
    auditAgreement: auditSummary,
    bundleBytes,
    detectMs: { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times[times.length - 1] ?? NaN },
  };
  const lines = [
    '',
    `== eval:detect summary: ${label} (${counts.pages} pages, DOM: ${domName}) ==`,
    `product recall        ${pct(counts.detected, counts.products)} (${counts.detected}/${counts.products})`,
    `false positives       ${pct(counts.falsePositives, counts.articles)} (${counts.falsePositives}/${counts.articles} article pages)`,
    `identity URL right    ${pct(counts.urlRightProducts, counts.products)} of product pages, ${pct(counts.urlRightAll, counts.pages)} of all pages`,
    'field          P      R      F1     (tp/fp/fn)',
    ...FIELDS.map((f) => {
      const s = fieldSummary[f] as { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };
      return `${f.padEnd(13)}  ${f3(s.precision)}  ${f3(s.recall)}  ${f3(s.f1)}  (${s.tp}/${s.fp}/${s.fn})`;
    }),
    `audit field agreement on ${counts.products} product pages (page value vs truth; agree = same / pages where either has one)`,
    'field          agree   same/differ/only page/only truth/neither',
    ...AUDIT_FIELDS.map((f) => {
      const a = agree[f];
      const s = auditSummary[f] as { truth: boolean; agreement?: number };
      if (!s.truth) return `${f.padEnd(13)}  no truth (read on ${a.read}/${counts.products} pages)`;
      return `${f.padEnd(13)}  ${f3(s.agreement ?? NaN)}   ${a.agree}/${a.differ}/${a.onlyPage}/${a.onlyTruth}/${a.neither}`;
    }),
    `detector bundle       ${(bundleBytes.minified / 1024).toFixed(1)} kB minified, ${(bundleBytes.gzip / 1024).toFixed(1)} kB gzipped (lib/detect, esbuild IIFE)`,
    `detect time (${domName === 'chromium' ? 'Chromium' : `Node/${domName}`}, median of ${runs} runs per page)  p50 ${summary.detectMs.p50.toFixed(2)} ms, p95 ${summary.detectMs.p95.toFixed(2)} ms, p99 ${summary.detectMs.p99.toFixed(2)} ms, max ${summary.detectMs.max.toFixed(2)} ms`,
  ];
  return { lines, summary };
}

/** Explains a page's misses on stderr (`--misses`). */
function explainMisses({ id, truth, d }: PageResult): void {
  const miss = (msg: string) => process.stderr.write(`${msg}\n`);
  const short = id.slice(0, 8);
  if (truth.isProduct && !d.isProduct) miss(`${short} MISSED product ${truth.url} signals=${d.signals.join(',')}`);
  if (!truth.isProduct && d.isProduct) miss(`${short} FALSE POSITIVE ${truth.url} signals=${d.signals.join(',')}`);
  if (!urlRight(d.url, truth.url, d.canonicalUrl)) miss(`${short} URL ${d.url} truth ${truth.url} canonical ${d.canonicalUrl ?? '-'}`);
  for (const f of FIELDS) {
    const accepted = (truth[f] ?? []).filter((v) => typeof v === 'string' && v.trim() !== '');
    const ours = d.isProduct ? d.fields[f] : undefined;
    if (ours === undefined) {
      if (accepted.length) miss(`${short} ${f}: none, truth ${JSON.stringify(accepted)}`);
    } else if (!accepted.length) miss(`${short} ${f}: ${JSON.stringify(ours)}, truth none`);
    else if (!accepted.some((a) => valueMatches(f, ours, a))) miss(`${short} ${f}: ${JSON.stringify(ours)}, truth ${JSON.stringify(accepted)}`);
  }
}

async function main(): Promise<void> {
  const onlyPart = [...flags].find((f) => f.startsWith('--part='))?.slice(7);
  if (onlyPart !== undefined && onlyPart !== 'dev' && onlyPart !== 'holdout') throw new Error(`unknown --part=${onlyPart} (dev or holdout)`);
  const runner = await makeRunner();
  const results: PageResult[] = [];
  for (const dir of dirs) {
    const gtPath = join(dir, 'ground-truth.json');
    if (!existsSync(gtPath)) throw new Error(`${gtPath} not found`);
    const truthById = JSON.parse(readFileSync(gtPath, 'utf8')) as Record<string, Truth>;
    for (const [id, truth] of Object.entries(truthById)) {
      const part = partOf(id);
      if (onlyPart && part !== onlyPart) continue;
      const file = join(dir, 'html', `${id}.html.gz`);
      if (!existsSync(file)) {
        process.stderr.write(`missing ${file}\n`);
        continue;
      }
      const html = gunzipSync(readFileSync(file)).toString('utf8');
      const { d, ms } = await runner.run(html, truth.pageUrl);
      // The identity the background looks up: the detector reports the address as it stands and sanitize cleans it.
      d.url = detectionIdentity(d.url, d.canonicalUrl) ?? '';
      const fields: Record<string, string> = {};
      for (const f of OUTPUT_FIELDS) {
        const v = d.fields[f];
        if (v !== undefined) fields[f] = v;
      }
      if (!quiet) process.stdout.write(`${JSON.stringify({ id, part, isProduct: d.isProduct, url: d.url, fields })}\n`);
      const r = { id, part, truth, d, ms };
      if (showMisses) explainMisses(r);
      results.push(r);
    }
  }
  await runner.close();
  const bundle = await bundleDetect();
  const bundleBytes = { minified: Buffer.byteLength(bundle), gzip: gzipSync(bundle).length };
  const parts: Array<[string, PageResult[]]> = flags.has('--holdout')
    ? [
        ['dev part', results.filter((r) => r.part === 'dev')],
        ['held-out part', results.filter((r) => r.part === 'holdout')],
        ['all pages', results],
      ]
    : [[onlyPart ? `${onlyPart === 'dev' ? 'dev' : 'held-out'} part` : 'all pages', results]];
  for (const [label, rs] of parts) {
    const { lines, summary } = summarize(rs, label, bundleBytes);
    process.stdout.write(`${lines.join('\n')}\n${JSON.stringify({ summary })}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
