/**
 * Render the icon (assets/icon.svg) to public/icon/{16,32,48,128}.png, which WXT puts in the manifest's `icons`; the
 * pages' favicons and the toolbar button's `default_icon` name them too. Rendered by the Chromium the e2e tests use
 * (Playwright), at each size from the vector, with a transparent background outside the tile.
 * Run after changing the SVG: `npx tsx scripts/icons.ts`, and commit the PNGs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { ensureChromium } from './lib/chromium';

const ICON_SIZES = [16, 32, 48, 128] as const;
const ROOT = resolve(import.meta.dirname, '..');
const svg = readFileSync(resolve(ROOT, 'assets/icon.svg'), 'utf8');
const out = resolve(ROOT, 'public/icon');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of ICON_SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(resolve(out, `${size}.png`), png);
    console.log(`public/icon/${size}.png (${png.length} B)`);
    await page.close();
  }
} finally {
  await browser.close();
}
