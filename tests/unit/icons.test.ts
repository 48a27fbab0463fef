/**
 * The icon (issue #27): an SVG source of our own, PNGs at the four sizes the stores and browsers use, readable on light
 * and dark toolbars, named by every page as its favicon and by the toolbar button. (The built manifests and packages:
 * tests/package/packages.test.ts.)
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path));
const SIZES = [16, 32, 48, 128];

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

/** The toolbars the icon sits on: Firefox's and Chrome's light and dark themes. */
const TOOLBARS = { 'Firefox light': '#f9f9fb', 'Chrome light': '#ffffff', 'Firefox dark': '#2b2a33', 'Chrome dark': '#35363a' };

describe('the icon', () => {
  const svg = read('assets/icon.svg').toString('utf8');
  const fill = (id: string) => new RegExp(`id="${id}"[^>]*?(?:fill|stroke)="(#[0-9a-f]{6})"`, 'i').exec(svg)?.[1];

  it('is an SVG of our own with its own background tile', () => {
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 128 128"/);
    expect(fill('tile')).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('stands out on light and dark toolbars (its tile at 3:1 or more against each), and its mark on its tile', () => {
    const tile = fill('tile')!;
    for (const [name, toolbar] of Object.entries(TOOLBARS)) expect(contrast(tile, toolbar), name).toBeGreaterThanOrEqual(3);
    for (const part of ['lens', 'pupil', 'handle']) expect(contrast(fill(part)!, tile), part).toBeGreaterThanOrEqual(3);
  });

  it.each(SIZES)('is rendered to public/icon/%i.png at that size', (size) => {
    const png = read(`public/icon/${size}.png`);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
  });

  /** Every extension page (each entrypoint folder with an index.html), so a new page cannot go without it. */
  const PAGES = readdirSync(join(ROOT, 'entrypoints'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(ROOT, 'entrypoints', e.name, 'index.html')))
    .map((e) => e.name);
  it('covers every page, the history page included', () => expect(PAGES).toEqual(expect.arrayContaining(['popup', 'options', 'sidepanel', 'history'])));
  it.each(PAGES)('is the favicon of the %s page', (page) => {
    const html = read(`entrypoints/${page}/index.html`).toString('utf8');
    expect(html).toMatch(/<link rel="icon" type="image\/png" sizes="16x16" href="\/icon\/16\.png" \/>/);
    expect(html).toMatch(/<link rel="icon" type="image\/png" sizes="32x32" href="\/icon\/32\.png" \/>/);
  });

  it.each(['popup', 'sidepanel'])("is the %s's button icon at every size (manifest.default_icon)", (page) => {
    const html = read(`entrypoints/${page}/index.html`).toString('utf8');
    const meta = /<meta name="manifest\.default_icon" content="([^"]+)"/.exec(html)?.[1] ?? '';
    // JSON5 (WXT parses it so): numeric keys must be quoted.
    for (const size of SIZES) expect(meta).toContain(`'${size}': 'icon/${size}.png'`);
  });
});
