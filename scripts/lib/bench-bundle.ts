/**
 * Bundle sizes of the built extension, gzipped at level 9: the content script, the background, the popup (every JS
 * file popup.html loads: its module scripts and modulepreloads, then the static imports of those chunks,
 * transitively) and the options page likewise. Dynamic imports are listed apart (loaded later, on demand).
 *
 * `analyzeBuild()` explains a size: the same build again with source maps (in a temporary folder), every generated
 * byte attributed to the npm package or our folder its mapping names.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface EntrySize {
  name: string;
  files: FileSize[];
  raw: number;
  gzip: number;
  /** Files reached only through dynamic `import()`. */
  lazy: FileSize[];
}

export interface BundleResult {
  dir: string;
  entries: Record<'content' | 'background' | 'popup' | 'options', EntrySize>;
  composition: Record<string, Composition>;
}

function size(dir: string, file: string): FileSize {
  const bytes = readFileSync(join(dir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+\.js)["']\s*\)/g;

/** `/chunks/x.js` or `./x.js` relative to `from` (a path inside the build, with a leading slash). */
function resolveRef(from: string, ref: string): string {
  if (ref.startsWith('/')) return ref;
  return posix.normalize(posix.join(posix.dirname(from), ref));
}

/** Every JS file reached from `roots` through static imports; dynamic ones apart. */
function jsGraph(dir: string, roots: string[]): { files: string[]; lazy: string[] } {
  const seen = new Set<string>();
  const lazy = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    seen.add(file);
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) queue.push(resolveRef(file, m[1]!));
    for (const m of text.matchAll(DYNAMIC_IMPORT)) lazy.add(resolveRef(file, m[1]!));
  }
  return { files: [...seen], lazy: [...lazy].filter((f) => !seen.has(f)) };
}

/** The JS an HTML page loads: module scripts, classic scripts and modulepreloads, then their static imports. */
function htmlEntry(dir: string, name: string, html: string): EntrySize {
  const text = readFileSync(join(dir, html), 'utf8');
  const roots = [
    ...[...text.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/g)].map((m) => m[1]!),
    ...[...text.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g)].map((m) => m[1]!),
  ].map((ref) => resolveRef(`/${html}`, ref));
  const graph = jsGraph(dir, roots);
  return entry(dir, name, graph.files, graph.lazy);
}

function entry(dir: string, name: string, files: string[], lazy: string[] = []): EntrySize {
  const sizes = files.map((f) => size(dir, f.replace(/^\//, '')));
  const lazySizes = lazy.filter((f) => existsSync(join(dir, f))).map((f) => size(dir, f.replace(/^\//, '')));
  return { name, files: sizes, raw: sizes.reduce((a, s) => a + s.raw, 0), gzip: sizes.reduce((a, s) => a + s.gzip, 0), lazy: lazySizes };
}

export function bundleSizes(dir: string): Omit<BundleResult, 'composition'> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string };
    action?: { default_popup?: string };
    options_ui?: { page?: string };
  };
  const background = `/${manifest.background?.service_worker ?? 'background.js'}`;
  const content = '/content-scripts/content.js';
  const bg = jsGraph(dir, [background]);
  const cs = jsGraph(dir, [content]);
  return {
    dir,
    entries: {
      content: entry(dir, 'content script', cs.files, cs.lazy),
      background: entry(dir, 'background', bg.files, bg.lazy),
      popup: htmlEntry(dir, 'popup', manifest.action?.default_popup ?? 'popup.html'),
      options: htmlEntry(dir, 'options', manifest.options_ui?.page ?? 'options.html'),
    },
  };
}

/** Group a module path: the npm package (scoped too), else our folder (lib/detect, components/popup, ...). */
function groupOf(root: string, mapDir: string, source: string): string {
  const abs = resolve(mapDir, source.replace(/\?.*$/, ''));
  const clean = abs.startsWith(`${root}/`) ? relative(root, abs) : abs;
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (clean.startsWith('\0') || clean.includes('vite/') || clean.startsWith('__vite')) return '(bundler runtime)';
  const parts = clean.split('/');
  if ((parts[0] === 'lib' || parts[0] === 'components') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : clean;
}

export interface Composition {
  /** Bytes of the built files mapped to a source (unmapped bytes are grouped as "(unmapped)"). */
  total: number;
  groups: { name: string; bytes: number; gzip: number; share: number }[];
}

/**
 * Which sources make up the built JS of an entry: rebuild the sandbox mode with source maps into a temporary
 * folder (`wxt build -c <temp config>` extending the project's config; .output is left alone), then attribute
 * every generated byte to the source its mapping names. `gzip` is each group's bytes gzipped on their own (so the
 * groups do not add up to the entry's gzip size exactly).
 */
export async function analyzeBuild(
  root: string,
  mode: 'production' | 'sandbox',
  log: (line: string) => void = () => undefined,
): Promise<Record<string, Composition>> {
  const { SourceMapConsumer } = await import('source-map-js');
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const work = mkdtempSync(join(tmpdir(), 'octolens-bench-analyze-'));
  try {
    const config = join(work, 'wxt.config.ts');
    const out = join(work, 'out');
    writeFileSync(
      config,
      `import base from ${JSON.stringify(join(root, 'wxt.config.ts'))};\nexport default { ...base, outDir: ${JSON.stringify(out)}, vite: () => ({ build: { sourcemap: true } }) };\n`,
    );
    log(`  bundle: rebuilding (${mode}) with source maps into a temporary folder for the composition…`);
    const args = ['build', ...(mode === 'sandbox' ? ['--mode', 'sandbox'] : []), '-c', config];
    const build = spawnSync(join(root, 'node_modules/.bin/wxt'), args, { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`wxt build for the analysis failed: ${(build.stderr || build.stdout).slice(-500)}`);
    const dir = join(out, mode === 'sandbox' ? 'chrome-mv3-sandbox' : 'chrome-mv3');
    const sizes = bundleSizes(dir);
    const result: Record<string, Composition> = {};
    for (const [name, entrySize] of Object.entries(sizes.entries)) {
      const slices = new Map<string, string[]>();
      let total = 0;
      for (const file of entrySize.files) {
        const path = join(dir, file.file);
        const code = readFileSync(path, 'utf8');
        total += Buffer.byteLength(code);
        if (!existsSync(`${path}.map`)) {
          slices.set('(no source map)', [...(slices.get('(no source map)') ?? []), code]);
          continue;
        }
        const consumer = new SourceMapConsumer(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
        const lines = code.split('\n');
        const mappings: { line: number; column: number; source: string }[] = [];
        consumer.eachMapping((m) => mappings.push({ line: m.generatedLine, column: m.generatedColumn, source: m.source ? groupOf(root, dirname(path), m.source) : '(unmapped)' }));
        mappings.sort((a, b) => a.line - b.line || a.column - b.column);
        let covered = 0;
        for (let i = 0; i < mappings.length; i++) {
          const m = mappings[i]!;
          const next = mappings[i + 1];
          const lineText = lines[m.line - 1] ?? '';
          const end = next && next.line === m.line ? next.column : lineText.length;
          const text = lineText.slice(m.column, end);
          covered += Buffer.byteLength(text);
          slices.set(m.source, [...(slices.get(m.source) ?? []), text]);
        }
        if (Buffer.byteLength(code) > covered) slices.set('(unmapped)', [...(slices.get('(unmapped)') ?? []), ' '.repeat(Buffer.byteLength(code) - covered)]);
      }
      result[name] = {
        total,
        groups: [...slices.entries()]
          .map(([group, parts]) => {
            const text = parts.join('');
            const bytes = Buffer.byteLength(text);
            return { name: group, bytes, gzip: gzipSync(text, { level: 9 }).length, share: total ? bytes / total : 0 };
          })
          .sort((a, b) => b.bytes - a.bytes),
      };
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function benchBundle(
  root: string,
  dir: string,
  options: { analyze?: boolean; mode?: 'production' | 'sandbox'; log?: (line: string) => void } = {},
): Promise<BundleResult> {
  if (!existsSync(join(dir, 'manifest.json')) || !statSync(dir).isDirectory()) throw new Error(`No build in ${dir}`);
  const sizes = bundleSizes(dir);
  let composition: Record<string, Composition> = {};
  if (options.analyze !== false) {
    try {
      composition = await analyzeBuild(root, options.mode ?? 'production', options.log);
    } catch (error) {
      options.log?.(`  bundle: composition unavailable: ${(error as Error).message}`);
    }
  }
  return { ...sizes, composition };
}
