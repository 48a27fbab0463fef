/**
 * The shape of the lookup core, pinned (issue #22): one writer of tab state (lib/lookup), one module that spells the
 * wire (lib/wire.ts), a background index that only wires, and functions in lib/lookup short enough to read.
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
