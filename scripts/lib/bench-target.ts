/**
 * Which build the runtime benchmarks load, and a temporary copy of it with extra host permissions.
 *
 * `production` (default): `.output/chrome-mv3` (`npm run build`), what ships. Its manifest only allows
 * https://api.octogen.ai, so the benchmark loads a temporary copy whose manifest also allows loopback (the sandbox)
 * or `<all_urls>` (fixture pages at their real addresses); the JS is byte-for-byte the built one.
 * `sandbox`: `.output/chrome-mv3-sandbox` (`npm run build:sandbox`), as the tests load it. Note that WXT defines
 * `process.env.NODE_ENV` as the mode, so this build ships React's development bundles.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type Target = 'production' | 'sandbox';

export const BUILD_DIRS: Record<Target, string> = {
  production: resolve(import.meta.dirname, '../../.output/chrome-mv3'),
  sandbox: resolve(import.meta.dirname, '../../.output/chrome-mv3-sandbox'),
};

export const BUILD_SCRIPTS: Record<Target, string> = { production: 'build', sandbox: 'build:sandbox' };

/** A temporary copy of a build whose manifest adds `hosts` to host_permissions; `dispose()` removes it. */
export function extensionCopy(dir: string, hosts: string[]): { dir: string; dispose: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'octolens-bench-ext-'));
  const copy = join(parent, 'ext');
  cpSync(dir, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...hosts])];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { dir: copy, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * The detection script the background injects: `CONTENT_SCRIPT_FILE` in lib/platform.ts (read as text: that module
 * imports the browser API), else the first known name present in the build.
 */
export function detectorFile(buildDir: string): string {
  const candidates: string[] = [];
  try {
    const source = readFileSync(resolve(import.meta.dirname, '../../lib/platform.ts'), 'utf8');
    const m = /CONTENT_SCRIPT_FILE\s*=\s*['"]([^'"]+)['"]/.exec(source);
    if (m) candidates.push(m[1]!);
  } catch {
    // fall through to the known names
  }
  candidates.push('/detector.js', '/content-scripts/content.js', '/content-scripts/detector.js');
  const found = candidates.find((c) => existsSync(join(buildDir, c)));
  if (!found) throw new Error(`No detection script in ${buildDir} (looked for ${candidates.join(', ')})`);
  return found.startsWith('/') ? found : `/${found}`;
}

/**
 * Build into a private temporary folder (`wxt build -c <temp config>`: the project's config with its `outDir`
 * replaced and hidden source maps on, which leave the JS byte-for-byte as without them), so that other builds of
 * `.output` running at the same time cannot change the files under measurement. Returns the build folders.
 */
export function buildPrivately(targets: Target[], log: (line: string) => void): { dirs: Partial<Record<Target, string>>; dispose: () => void } {
  const root = resolve(import.meta.dirname, '../..');
  const work = mkdtempSync(join(tmpdir(), 'octolens-bench-build-'));
  const out = join(work, 'out');
  const config = join(work, 'wxt.config.ts');
  writeFileSync(
    config,
    `import base from ${JSON.stringify(join(root, 'wxt.config.ts'))};
const project = base as any;
export default {
  ...project,
  outDir: ${JSON.stringify(out)},
  vite: async (env: any) => {
    const own = typeof project.vite === 'function' ? ((await project.vite(env)) ?? {}) : {};
    return { ...own, build: { ...(own.build ?? {}), sourcemap: 'hidden' } };
  },
};
`,
  );
  const dirs: Partial<Record<Target, string>> = {};
  for (const target of targets) {
    const args = ['build', '-c', config];
    log(`Building (${target}): wxt ${args.join(' ')}…`);
    const started = Date.now();
    const env = { ...process.env, ...(target === 'sandbox' ? { OCTOLENS_SANDBOX: '1' } : {}) };
    const result = spawnSync(join(root, 'node_modules/.bin/wxt'), args, { cwd: root, encoding: 'utf8', env });
    if (result.status !== 0) throw new Error(`wxt build (${target}) failed:\n${(result.stdout + result.stderr).slice(-2000)}`);
    dirs[target] = join(out, target === 'sandbox' ? 'chrome-mv3-sandbox' : 'chrome-mv3');
    log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${dirs[target]}`);
  }
  return { dirs, dispose: () => rmSync(work, { recursive: true, force: true }) };
}
