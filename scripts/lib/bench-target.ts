/**
 * Which build the runtime benchmarks load, and a temporary copy of it with extra host permissions.
 *
 * `production` (default): `.output/chrome-mv3` (`npm run build`), what ships. Its manifest only allows
 * https://api.octogen.ai, so the benchmark loads a temporary copy whose manifest also allows loopback (the sandbox)
 * or `<all_urls>` (fixture pages at their real addresses); the JS is byte-for-byte the built one.
 * `sandbox`: `.output/chrome-mv3-sandbox` (`npm run build:sandbox`), as the tests load it. Note that WXT defines
 * `process.env.NODE_ENV` as the mode, so this build ships React's development bundles.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
