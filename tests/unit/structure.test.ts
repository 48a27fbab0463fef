/**
 * The shape of the lookup core, pinned (issue #22): one writer of tab state (lib/lookup), one module that spells the
 * wire (lib/wire.ts), a background index that only wires, and functions in lib/lookup short enough to read; and the
 * popup free of zod, whose budget a runtime import of the schemas broke twice in issue #23 (caught then by the bench only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const APP = ['lib', 'components', 'entrypoints'].flatMap(sources);
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const inLookup = (path: string) => path.startsWith('lib/lookup/');

describe('structure', () => {
  it('finds the sources it checks', () => {
    expect(APP).toContain('lib/lookup/service.ts');
    expect(APP).toContain('components/popup/start/early.ts');
    expect(APP.length).toBeGreaterThan(50);
  });

  it('no file outside lib/lookup writes tab state', () => {
    const offenders = APP.filter((path) => {
      if (inLookup(path)) return false;
      const text = read(path);
      const touchesTabState = /\btabKey\(|\btabStateItem\(|\bsessionTabStore\b/.test(text);
      // Readers are fine (the popup reads and watches its tab's state); a write is not.
      const writes = /\b(setValue|removeValue|setItem|setItems|removeItem|removeItems)\(|storage\.session\.(set|remove|clear)\(|\bsessionTabStore\.(write|remove)\(/.test(text);
      return touchesTabState && writes;
    });
    expect(offenders).toEqual([]);
    // The store that writes it is handed to the lookup service by the wiring, and used nowhere else.
    expect(APP.filter((p) => !inLookup(p) && /\bsessionTabStore\b/.test(read(p)))).toEqual(['lib/background/index.ts']);
    // The UI's view of a tab's state has no setter.
    expect(read('lib/storage.ts')).not.toMatch(/tabStateItem[\s\S]{0,300}setValue/);
  });

  it("the wire is spelled in one module: the tab key, the message tag, the envelope, the broadcast", () => {
    const spelled = (pattern: RegExp) => APP.filter((path) => pattern.test(read(path)));
    expect(spelled(/[`'"]tab:/)).toEqual(['lib/wire.ts']);
    expect(spelled(/octolens\/(1|tab-state|ask)\b/)).toEqual(['lib/wire.ts']);
    // Envelopes and broadcasts are built by the wire's helpers, never by hand.
    expect(spelled(/\btag:\s*(MESSAGE_TAG|TAB_STATE_PUSH)\b/)).toEqual(['lib/wire.ts']);
    // So are the Ask port's messages.
    expect(spelled(/type:\s*'(ask|stop)'/)).toEqual(['lib/wire.ts']);
  });

  it('lib/background/index.ts only wires: under 120 lines', () => {
    expect(read('lib/background/index.ts').split('\n').length).toBeLessThan(120);
  });

  it('no function in lib/lookup is over 60 lines', () => {
    const long: string[] = [];
    for (const path of APP.filter(inLookup)) {
      const file = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
          const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > 60) long.push(`${relative(ROOT, join(ROOT, path))}:${start + 1} (${end - start + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    expect(long).toEqual([]);
  });
});

/**
 * Every module a page loads, also lazily: its relative imports and `import()`s, followed to files, without type-only
 * imports (they are erased). Bare package names are returned as they are written.
 */
function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (!/\.(ts|tsx)$/.test(path)) return;
    const source = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
    const specifiers: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
        const named = node.importClause?.namedBindings;
        const onlyTypes =
          !node.importClause?.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
        if (!onlyTypes) specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
      } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier) {
        specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0]!)) {
        specifiers.push(node.arguments[0].text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) {
        seen.add(specifier);
        continue;
      }
      const base = join(path, '..', specifier);
      const file = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((p) => {
        try {
          return statSync(join(ROOT, p)).isFile();
        } catch {
          return false;
        }
      });
      if (file) walk(relative(ROOT, join(ROOT, file)));
    }
  };
  walk(entry);
  return seen;
}

describe('what the popup loads', () => {
  const popup = new Set([...loadedBy('entrypoints/popup/main.tsx'), ...loadedBy('entrypoints/popup-early.ts')]);

  it('finds the modules it checks, the lazily loaded panels included', () => {
    expect(popup).toContain('components/popup/ProductPanel.tsx');
    expect(popup).toContain('components/popup/CoveragePanel.tsx');
    expect(popup).toContain('components/popup/UrlListPanel.tsx');
    expect(popup).toContain('react');
  });

  it("has no zod (the contract's schemas are the background's: 26 kB gzipped the popup would carry)", () => {
    expect([...popup].filter((m) => m === 'zod' || m === 'lib/octogen/schemas.ts')).toEqual([]);
  });
});

/**
 * What the content scripts may not do because Firefox runs them in a sandbox over the page (found by the Firefox e2e
 * suite, issue #27): there, the iterators that `URLSearchParams` (and `FormData`) give from `values()`, `keys()` and
 * `entries()` are not iterable: spreading one throws, and `Array.from` gives []. The object itself is iterable
 * (`for (const [k, v] of params)`, `[...params]`), so that is what our code uses, everywhere (lib/ runs in both).
 */
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
    expect(APP.filter((path) => WEBIDL_ITERATOR.test(read(path)))).toEqual([]);
  });
});
