/**
 * No user-visible English written into the views (#27): every word in components/ and entrypoints/ comes from `t`.
 * Read with TypeScript's parser: JSX text, the attributes people read or hear (aria-label, title, placeholder, alt, …)
 * and the string literals inside JSX expressions (`{copied ? 'Copied.' : ''}`). A new string written in English fails
 * here with its file and line; the fix is a key in locales/en.yml (docs/i18n.md). Data (catalog, page) is never a
 * literal, so it is not concerned; what is not a word (' › ', '–', a URL) has no letters or is allowed below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DIRS = ['components', 'entrypoints'];
/** Attributes whose value is read or heard by the user. */
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-valuetext', 'aria-roledescription', 'title', 'placeholder', 'alt', 'label', 'context', 'summary']);
/** Literal text that is not a word of the UI (the product's name, units and symbols are in the catalogue anyway). */
const ALLOWED = new Set(['Octolens']);
/** Views not converted yet (each one listed here is a known gap, said in the report; the list only shrinks). */
const PENDING = new Set<string>([]);

/** An address or host name written as an example (`https://agent.example.com`, `shop.example.com`) is not a word. */
const isAddress = (text: string) => /^(https?:\/\/)?[\w-]+(\.[\w-]+)+(\/\S*)?$/i.test(text.trim());
const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !ALLOWED.has(text.trim()) && !isAddress(text);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx$/.test(name) ? [path] : [];
  });
}

/** Whether a string literal is not text: compared, a key, a call's argument (t('…'), classes, events), a case label. */
function notText(start: ts.Node): boolean {
  let node = start;
  // Through `a ? 'x' : 'y'`, `(…)` and `[…]`: the literal is what its expression is used as.
  while (ts.isConditionalExpression(node.parent) && node.parent.condition !== node || ts.isParenthesizedExpression(node.parent) || ts.isArrayLiteralExpression(node.parent)) {
    if (ts.isArrayLiteralExpression(node.parent)) return true;
    node = node.parent;
  }
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(parent.operatorToken.kind)) return true;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return true;
  if (ts.isElementAccessExpression(parent) || ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isCaseClause(parent) || ts.isLiteralTypeNode(parent)) return true;
  return false;
}

/** The English literals a file shows: `line: text`. */
export function literalStrings(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, value: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${value.trim()}`);
  const inVisibleJsx = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isJsxAttribute(n)) return VISIBLE_ATTRIBUTES.has(n.name.getText(source));
      if (ts.isJsxExpression(n)) return !!n.parent && (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent));
      if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n) || ts.isFunctionLike(n)) return false;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer) && VISIBLE_ATTRIBUTES.has(node.name.getText(source)) && hasWords(node.initializer.text)) {
      report(node, `${node.name.getText(source)}="${node.initializer.text}"`);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !ts.isJsxAttribute(node.parent) && hasWords(node.text) && !notText(node) && inVisibleJsx(node)) {
      report(node, node.text);
    } else if (ts.isTemplateExpression(node) && inVisibleJsx(node) && !notText(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (hasWords(parts)) report(node, node.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no English literal in the views', () => {
  it('finds a literal in text, an attribute and an expression (the check works)', () => {
    const sample = `const A = () => <div aria-label="Octolens views" title={t('x')}><p>Reading this page…</p>{ok ? 'Copied.' : ''}<b>{t('y')}</b>{x === 'copied' && ' › '}</div>;`;
    expect(literalStrings('sample.tsx', sample)).toEqual(['1: aria-label="Octolens views"', '1: Reading this page…', '1: Copied.']);
  });

  for (const dir of DIRS) {
    for (const path of files(resolve(ROOT, dir))) {
      if (PENDING.has(relative(ROOT, path))) continue;
      it(`${relative(ROOT, path)} has none`, () => {
        expect(literalStrings(path)).toEqual([]);
      });
    }
  }
});
