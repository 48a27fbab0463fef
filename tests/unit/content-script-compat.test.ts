/**
 * What the content scripts may not do because Firefox runs them in a sandbox over the page (found by the Firefox e2e
 * suite, issue #27): there, the iterators that `URLSearchParams` (and `FormData`) give from `values()`, `keys()` and
 * `entries()` are not iterable: spreading one throws, and `Array.from` gives []. The object itself is iterable
 * (`for (const [k, v] of params)`, `[...params]`), so that is what our code uses, everywhere (lib/ runs in both).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** `params.values()`, `url.searchParams.entries()`, `new URLSearchParams(x).keys()`, `formData.entries()`... */
const WEBIDL_ITERATOR = /(searchParams|URLSearchParams\([^)]*\)|\b\w*[pP]arams|\b\w*[fF]orm[dD]ata)\s*\.\s*(values|keys|entries)\s*\(\s*\)/;

describe('content-script compatibility (Firefox)', () => {
  it('the pattern finds the calls Firefox content scripts cannot iterate', () => {
    for (const bad of ['[...page.searchParams.values()]', 'url.searchParams.entries()', 'new URLSearchParams(q).keys()', 'params.values()', 'formData.entries()']) {
      expect(bad).toMatch(WEBIDL_ITERATOR);
    }
    for (const fine of ['[...url.searchParams]', 'url.searchParams.get("a")', 'new Map().values()', 'Object.entries(x)']) {
      expect(fine).not.toMatch(WEBIDL_ITERATOR);
    }
  });

  it('no source iterates URLSearchParams or FormData through values(), keys() or entries()', () => {
    const offenders = ['lib', 'entrypoints', 'components'].flatMap(sources).filter((path) => WEBIDL_ITERATOR.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
