/**
 * The catalogues (#27): every key of the English one exists in every locale, with the same placeholders, and each
 * message is one the browser can use. Read as the browser gets them (@wxt-dev/i18n's build step, scripts/lib/locales.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cataloguedErrorIds } from '../../../lib/octogen/errors';
import { chromeMessages, LOCALES_DIR, localeNames, type ChromeMessages } from '../../../scripts/lib/locales';

/** The languages the issue asks for, complete. */
const REQUIRED = ['de', 'en', 'es', 'fr', 'ja'];

/** Named `{x}` and positional `$1` placeholders of a message (every plural form together). */
export function placeholders(message: string): string[] {
  const names = [...message.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => `{${m[1]}}`);
  const positional = [...message.matchAll(/(?<!\$)\$([1-9])/g)].map((m) => `$${m[1]}`);
  return [...new Set([...names, ...positional])].sort();
}

const catalogues = new Map<string, ChromeMessages>();
for (const locale of localeNames()) catalogues.set(locale, await chromeMessages(locale));
const en = catalogues.get('en')!;
/** Whether a key is a plural message in the English source (its forms joined with " | "). */
const source = parse(readFileSync(resolve(LOCALES_DIR, 'en.yml'), 'utf8')) as Record<string, unknown>;
const pluralKeys = new Set<string>();
(function walk(node: unknown, path: string[]) {
  if (!node || typeof node !== 'object') return;
  const keys = Object.keys(node);
  if (keys.length && keys.every((k) => k === 'n' || Number.isFinite(Number(k)))) pluralKeys.add(path.join('_'));
  else for (const k of keys) walk((node as Record<string, unknown>)[k], [...path, k]);
})(source, []);

describe('locale catalogues', () => {
  it('has English, German, French, Spanish and Japanese', () => {
    expect(REQUIRED.filter((l) => !catalogues.has(l))).toEqual([]);
  });

  for (const [locale, messages] of catalogues) {
    if (locale === 'en') continue;
    describe(locale, () => {
      it('has every English key, and no other', () => {
        expect(Object.keys(en).filter((k) => !(k in messages))).toEqual([]);
        expect(Object.keys(messages).filter((k) => !(k in en))).toEqual([]);
      });
      it('has the same placeholders as English in every message', () => {
        const differ = Object.keys(en)
          .filter((k) => k in messages)
          .filter((k) => placeholders(en[k]!.message).join() !== placeholders(messages[k]!.message).join())
          .map((k) => `${k}: ${placeholders(en[k]!.message).join(' ')} vs ${placeholders(messages[k]!.message).join(' ')}`);
        expect(differ).toEqual([]);
      });
      it('has plurals where English has them, and only there', () => {
        // A plural's forms are joined by " | " (1 form: Japanese; 3: 0, 1 and other, as French counts).
        const wrong = Object.keys(en).filter((k) => k in messages && !pluralKeys.has(k) && messages[k]!.message.includes(' | '));
        expect(wrong).toEqual([]);
        const tooMany = [...pluralKeys].filter((k) => (messages[k]?.message.split(' | ').length ?? 0) > 3);
        expect(tooMany).toEqual([]);
      });
    });
  }

  it('has no empty message, no key the browser would confuse (names are case-insensitive), no stray " | "', () => {
    for (const [locale, messages] of catalogues) {
      expect(Object.entries(messages).filter(([, m]) => !m.message.trim()).map(([k]) => `${locale}:${k}`)).toEqual([]);
      const lower = Object.keys(messages).map((k) => k.toLowerCase());
      expect(lower.filter((k, i) => lower.indexOf(k) !== i)).toEqual([]);
      expect(Object.keys(messages).filter((k) => !/^[A-Za-z0-9_]+$/.test(k))).toEqual([]);
    }
    expect(Object.keys(en).filter((k) => !pluralKeys.has(k) && en[k]!.message.includes(' | '))).toEqual([]);
  });

  it('has the words of every catalogued error (their keys are built at run time)', () => {
    const missing = cataloguedErrorIds().flatMap((id) => [`errors_${id}_title`, `errors_${id}_message`]).filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it("has the manifest's name, description, action title and command", () => {
    const config = readFileSync(resolve(import.meta.dirname, '../../../wxt.config.ts'), 'utf8');
    const used = [...config.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThanOrEqual(4);
    expect(used.filter((k) => !(k in en))).toEqual([]);
    // The stores' limits: a name of at most 45 characters (Chrome), a description of at most 132.
    for (const messages of catalogues.values()) {
      expect(messages.extName!.message.length).toBeLessThanOrEqual(45);
      expect(messages.extDescription!.message.length).toBeLessThanOrEqual(132);
    }
  });
});
