/**
 * The detector's token for its document: one per isolated world (the same for every injection and report of a
 * document), random, and in the only form the background accepts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { documentToken } from '../../lib/detector-bridge';
import { documentOf } from '../../lib/lookup/sanitize';

const TOKEN = Symbol.for('octolens.document');
const scope = globalThis as unknown as Record<symbol, unknown>;

afterEach(() => {
  delete scope[TOKEN];
});

describe('documentToken', () => {
  it('is one per document: the same for every later injection and report there, another in a new document', () => {
    const first = documentToken();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(documentToken()).toBe(first);
    delete scope[TOKEN]; // a new document: a new isolated world
    expect(documentToken()).not.toBe(first);
  });

  it("is what the background takes for the document when the browser gives no id, and never over the browser's", () => {
    const token = documentToken();
    expect(documentOf(undefined, { url: 'https://shop.example/p', documentToken: token })).toBe(`token:${token}`);
    expect(documentOf('DOC-A', { documentToken: token })).toBe('DOC-A');
    for (const bad of [undefined, null, 'x', { documentToken: token.toUpperCase() }, { documentToken: `${token} ` }]) expect(documentOf(undefined, bad)).toBeUndefined();
  });
});
