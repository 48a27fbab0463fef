/**
 * The content script's size budget: 12 kB gzipped (12,000 B), as `npm run bench -- --only bundle` measures the
 * production build. This builds the detector entry the same way in memory (esbuild bundles it, Terser minifies it
 * with its defaults as wxt.config.ts has Vite do, gzip -9 as the bench does), so it needs no build in .output; it
 * lands within a few dozen bytes of the bench's figure (WXT's wrapper around the script differs slightly).
 */
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { minify } from 'terser';

const BUDGET = 12_000;
/** What the detector may grow by before this test fails: keep a real margin under the budget. */
const MARGIN = 150;

describe('content script size', () => {
  it(`stays under ${BUDGET} B gzipped, with a margin of ${MARGIN} B`, async () => {
    const out = await build({
      entryPoints: [resolve(import.meta.dirname, '../../../entrypoints/detector.ts')],
      bundle: true,
      format: 'iife',
      write: false,
      target: 'chrome110',
      logLevel: 'silent',
    });
    const minified = (await minify(out.outputFiles[0]?.text ?? '')).code ?? '';
    const gzip = gzipSync(minified, { level: 9 }).length;
    expect(minified.length).toBeGreaterThan(10_000); // the detector really was built
    expect(gzip, `detector: ${gzip} B gzipped`).toBeLessThanOrEqual(BUDGET - MARGIN);
  }, 60_000);
});
