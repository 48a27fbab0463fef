/**
 * `npm run bench:layers -- [--runs 5] [--rounds 2] [--only <layer>[,<layer>]]`
 *
 * What each speed layer of the one-click lookup buys: the popup section of `npm run bench` on the committed code
 * (HEAD) and on copies of it with one layer taken out, in alternating rounds (all builds, then all again in reverse
 * order), so that a machine's drift falls on every build alike. Each copy is a git worktree of HEAD with one text
 * change (LAYERS below); uncommitted changes are not measured. It prints, per build and round, the median and the
 * worst run of the figures that matter, and writes bench-results/layers-<time>.json.
 *
 * A layer stays only while taking it out makes something measurably slower (docs/performance.md keeps the results,
 * and the layers already taken out with theirs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Row } from './lib/bench-stats';

const ROOT = resolve(import.meta.dirname, '..');

interface Layer {
  /** What the layer does, and what taking it out means. */
  what: string;
  file: string;
  find: string;
  replace: string;
}

/** The speed layers in the code now, each with the change that takes it out. */
export const LAYERS: Record<string, Layer> = {
  'popup-navigation': {
    what: "the lookup started by the popup's page request in the service worker (out: only the popup's own request starts it)",
    file: 'lib/background/index.ts',
    find: 'opening: (tabId) => void service.lookupTab(tabId).catch(() => undefined),',
    replace: 'opening: () => undefined,',
  },
  'address-frame': {
    what: "the known record carried in the tab's popup address, painted before React (out: no record in the address)",
    file: 'lib/wire.ts',
    find: "return `${POPUP_PAGE}?for=${tabId}${frame ? `#${encodeURIComponent(JSON.stringify(frame))}` : ''}`;",
    replace: 'void frame;\n  return `${POPUP_PAGE}?for=${tabId}`;',
  },
  'first-paint-wait': {
    what: 'React replacing a shell that shows a record only after its first paint (out: at once)',
    file: 'components/popup/start/views.ts',
    find: "const views = (shellShowsRecord ? afterFirstPaint() : Promise.resolve()).then(() => import('./mount'));",
    replace: "void afterFirstPaint;\n  const views = Promise.resolve(shellShowsRecord).then(() => import('./mount'));",
  },
  'retailer-address': {
    what: "the lookup leaving from a retailer's product address before the page is read (out: it waits for the page)",
    file: 'lib/lookup/service.ts',
    find: 'if (identity) void run.lookup(identity);',
    replace: 'void identity;',
  },
};

/** The figures compared (bench row metric → short name). */
const FIGURES: Record<string, string> = {
  'record visible, cold (real toolbar popup)': 'cold record',
  'similar items visible, cold (real popup)': 'cold similar',
  'record visible, warm reopen (real popup)': 'warm',
  'real popup, cold: API calls reach the sandbox at': 'API out',
  "real popup, cold, on a retailer's product URL (a granted site): record visible": 'held, retailer',
  'record visible, cold (popup page opened as a tab)': 'tab cold',
  'browser floor: a static page as the real popup, first paint': 'floor',
};

function options() {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, rounds: { type: 'string' }, only: { type: 'string' } }, strict: true });
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(LAYERS);
  for (const name of only) if (!LAYERS[name]) throw new Error(`--only: no layer "${name}" (layers: ${Object.keys(LAYERS).join(', ')})`);
  return { runs: Number(values.runs ?? 5), rounds: Number(values.rounds ?? 2), only };
}

/** A worktree of HEAD with `layer` taken out (none: HEAD as it is). */
function checkout(layer: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), `octolens-layer-${layer ?? 'all'}-`));
  execFileSync('git', ['worktree', 'add', '--detach', '--force', dir, 'HEAD'], { cwd: ROOT, stdio: 'ignore' });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (layer) {
    const { file, find, replace } = LAYERS[layer]!;
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(find)) throw new Error(`${layer}: ${file} no longer has the line this experiment takes out; update LAYERS.`);
    writeFileSync(path, text.replace(find, replace));
  }
  return dir;
}

function bench(dir: string, runs: number): Row[] {
  const result = spawnSync('npx', ['tsx', 'scripts/bench.ts', '--only', 'popup', '--runs', String(runs)], { cwd: dir, stdio: 'ignore' });
  if (result.error) throw result.error;
  return (JSON.parse(readFileSync(join(dir, 'bench-results', 'latest.json'), 'utf8')) as { table: Row[] }).table;
}

const { runs, rounds, only } = options();
const builds = [undefined, ...only];
const dirs = new Map(builds.map((layer) => [layer, checkout(layer)]));
const results: { build: string; round: number; figures: Record<string, { median?: number; worst?: number }> }[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    for (const layer of round % 2 ? builds : [...builds].reverse()) {
      const name = layer ? `without ${layer}` : 'HEAD';
      console.log(`round ${round}: ${name}…`);
      const table = bench(dirs.get(layer)!, runs);
      const figures = Object.fromEntries(
        Object.entries(FIGURES).map(([metric, short]) => {
          const row = table.find((r) => r.metric === metric);
          return [short, { median: row?.p50, worst: row?.max }];
        }),
      );
      results.push({ build: name, round, figures });
      console.log(`  ${Object.entries(figures).map(([k, v]) => `${k} ${v.median?.toFixed(0) ?? '—'} (${v.worst?.toFixed(0) ?? '—'})`).join(', ')}`);
    }
  }
} finally {
  for (const dir of dirs.values()) {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
const out = join(ROOT, 'bench-results', `layers-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ runs, rounds, layers: Object.fromEntries(only.map((l) => [l, LAYERS[l]!.what])), results }, null, 2));
console.log(`\nMedian (worst) in ms, ${runs} opens a build a round. Wrote ${out}`);
