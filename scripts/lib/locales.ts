/**
 * The locale catalogues as the browser gets them (#27): locales/<lang>.yml through @wxt-dev/i18n's own build step into
 * `_locales/<lang>/messages.json` form, and `getMessage` with Chrome's semantics ($1…$9, $$). Used by the unit tests'
 * fake browser, the key-parity test and the pseudo-locale generator.
 */
import { readdirSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';

export const LOCALES_DIR = resolve(import.meta.dirname, '../../locales');

export type ChromeMessages = Record<string, { message: string }>;

/** The locales with a catalogue (`en`, `de`, …). */
export function localeNames(dir = LOCALES_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => basename(f, extname(f))).sort();
}

export async function chromeMessages(locale: string, dir = LOCALES_DIR): Promise<ChromeMessages> {
  return generateChromeMessages(await parseMessagesFile(resolve(dir, `${locale}.yml`))) as ChromeMessages;
}

/** `chrome.i18n.getMessage` over one catalogue: `''` for an unknown key, `$1`…`$9` substituted, `$$` a dollar. */
export function getMessageFrom(messages: ChromeMessages) {
  return (key: string, subs?: string | string[]): string => {
    const entry = messages[key];
    if (!entry) return '';
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    return entry.message.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (list[Number(d) - 1] ?? '')));
  };
}
