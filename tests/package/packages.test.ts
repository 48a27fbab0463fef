/**
 * The store packages `npm run zip` made (run it first; `npm run test:package` does both): what each store's automated
 * checks look at that can be checked here. `web-ext lint` runs beside this (package.json `test:package`).
 * - Both manifests name icons at 16, 32, 48 and 128 px, for the extension and its toolbar button, and the PNGs are in
 *   the packages at those sizes.
 * - The Chrome manifest has the fields the Chrome Web Store requires, within their limits.
 * - The store builds contain no test hook (lib/background/test-hook.ts is compiled into the sandbox build only), and no
 *   Function constructor.
 * - `web-ext lint` (Mozilla's add-on linter) finds no error, and no warning but the ones we cannot avoid: react-dom's own
 *   `innerHTML` assignments (UNSAFE_VAR_ASSIGNMENT, in the chunk that bundles react-dom).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_HOOK_PATH } from '../../lib/background/test-hook';
import { zipEntries } from './zip';

const ROOT = resolve(import.meta.dirname, '../..');
const OUTPUT = resolve(process.env.OCTOLENS_PACKAGE_DIR ?? join(ROOT, '.output'));
const SIZES = ['16', '32', '48', '128'];
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

const BUILDS = {
  chrome: { dir: join(OUTPUT, 'chrome-mv3'), zip: join(OUTPUT, `octolens-${version}-chrome.zip`), action: 'action' },
  firefox: { dir: join(OUTPUT, 'firefox-mv2'), zip: join(OUTPUT, `octolens-${version}-firefox.zip`), action: 'browser_action' },
} as const;

type Manifest = Record<string, any>;
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

/** A PNG's width and height (its IHDR chunk). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A manifest string, with `__MSG_name__` resolved from the default locale. */
function text(dir: string, manifest: Manifest, value: unknown): string {
  const key = typeof value === 'string' ? /^__MSG_(\w+)__$/.exec(value)?.[1] : undefined;
  if (!key) return String(value ?? '');
  const messages = JSON.parse(readFileSync(join(dir, '_locales', manifest.default_locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
  const entry = Object.entries(messages).find(([name]) => name.toLowerCase() === key.toLowerCase());
  return entry?.[1].message ?? '';
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

describe.each(Object.entries(BUILDS))('the %s package', (browser, build) => {
  it('exists (run `npm run zip` first)', () => {
    expect(existsSync(join(build.dir, 'manifest.json')), build.dir).toBe(true);
    expect(existsSync(build.zip), build.zip).toBe(true);
  });

  it('names icons at 16, 32, 48 and 128 px for the extension and its toolbar button, all in the package at their size', () => {
    const manifest = manifestOf(build.dir);
    const entries = new Set(zipEntries(build.zip));
    for (const icons of [manifest.icons, manifest[build.action]?.default_icon]) {
      expect(Object.keys(icons ?? {}).sort()).toEqual([...SIZES].sort());
      for (const size of SIZES) {
        const path = String(icons[size]).replace(/^\//, '');
        expect(entries.has(path), `${path} in ${build.zip}`).toBe(true);
        expect(pngSize(readFileSync(join(build.dir, path)))).toEqual({ width: Number(size), height: Number(size) });
      }
    }
    if (browser === 'firefox') expect(Object.keys(manifest.sidebar_action?.default_icon ?? {})).toEqual(expect.arrayContaining(SIZES));
  });

  it('contains no test hook (the sandbox build alone has it)', () => {
    const scripts = files(build.dir).filter((path) => path.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    const hooked = scripts.filter((path) => readFileSync(path, 'utf8').includes(TEST_HOOK_PATH));
    expect(hooked).toEqual([]);
    // No Function constructor (zod's eval probe is replaced at build time: wxt.config.ts noEvalProbe).
    expect(scripts.filter((path) => /\bnew Function\(|\bFunction\(\s*["'`]/.test(readFileSync(path, 'utf8')))).toEqual([]);
    // ...and no loopback access, which only the sandbox build asks for.
    expect(JSON.stringify(manifestOf(build.dir))).not.toMatch(/127\.0\.0\.1|localhost/);
  });
});

describe("the Chrome manifest against the Chrome Web Store's required fields", () => {
  const dir = BUILDS.chrome.dir;
  const manifest = () => manifestOf(dir);

  it('is Manifest V3 with a name (≤ 75 characters), a version Chrome accepts and a description (≤ 132)', () => {
    const m = manifest();
    expect(m.manifest_version).toBe(3);
    const name = text(dir, m, m.name);
    expect(name.length).toBeGreaterThan(0);
    expect(name.length).toBeLessThanOrEqual(75);
    // One to four dot-separated integers, 0-65535, without leading zeros.
    expect(m.version).toMatch(/^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){0,3}$/);
    for (const part of String(m.version).split('.')) expect(Number(part)).toBeLessThanOrEqual(65535);
    const description = text(dir, m, m.description);
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThanOrEqual(132);
    if (m.short_name) expect(text(dir, m, m.short_name).length).toBeLessThanOrEqual(12);
  });

  it('has a 128 px icon (the store requires it), a service worker and no MV2-only keys', () => {
    const m = manifest();
    expect(m.icons?.['128']).toBeTruthy();
    expect(m.background?.service_worker).toBeTruthy();
    expect(existsSync(join(dir, m.background.service_worker))).toBe(true);
    for (const key of ['browser_action', 'page_action', 'browser_specific_settings', 'sidebar_action']) expect(m[key], key).toBeUndefined();
    // Host access in host_permissions, not in permissions.
    expect((m.permissions as string[]).filter((p) => p.includes('://'))).toEqual([]);
  });

  it('names only files that exist in the package', () => {
    const m = manifest();
    const named = [m.action?.default_popup, m.options_ui?.page, m.side_panel?.default_path, m.background?.service_worker].filter(Boolean);
    for (const path of named) expect(existsSync(join(dir, path)), path).toBe(true);
  });
});

describe('web-ext lint of the Firefox package', () => {
  it('finds no error, and no warning but react-dom\'s innerHTML assignments', () => {
    const dir = BUILDS.firefox.dir;
    const bin = join(ROOT, 'node_modules/.bin/web-ext');
    let out: string;
    try {
      out = execFileSync(bin, ['lint', '--source-dir', dir, '--no-config-discovery', '--output', 'json'], { encoding: 'utf8' });
    } catch (error) {
      // Exit code 1 with errors: the report is still on stdout.
      out = String((error as { stdout?: string }).stdout ?? '');
    }
    const report = JSON.parse(out.slice(out.indexOf('{'))) as {
      errors: { code: string; file?: string }[];
      warnings: { code: string; file?: string; message: string }[];
    };
    expect(report.errors).toEqual([]);
    const unavoidable = (w: { code: string; file?: string }) =>
      w.code === 'UNSAFE_VAR_ASSIGNMENT' && Boolean(w.file) && /suppressHydrationWarning/.test(readFileSync(join(dir, w.file!), 'utf8'));
    expect(report.warnings.filter((w) => !unavoidable(w)).map((w) => `${w.code} ${w.file}: ${w.message}`)).toEqual([]);
  }, 180_000);
});
