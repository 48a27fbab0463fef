/**
 * What the detector content script leaves in the extension's isolated world of a page, so the tiny automatic
 * detection script that runs after it can report without bundling the detector a second time. No imports: both
 * content scripts stay small.
 */
import { envelope } from './wire';

export const REPORT = Symbol.for('octolens.report');
const TOKEN = Symbol.for('octolens.document');

/**
 * A random id of the page's document, kept in the extension's isolated world of that document (the page can neither
 * read nor set it). The detector's answer and its later reports carry it, so the background can tell the document the
 * user clicked from another one where the browser gives no document id (Firefox).
 */
export function documentToken(): string {
  const scope = globalThis as unknown as Record<symbol, string | undefined>;
  scope[TOKEN] ??= Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return scope[TOKEN];
}

type RuntimeApi = { runtime: { sendMessage(message: unknown): Promise<unknown> | void; id?: string } };

/** Send the page's detection to the background; silent when the extension is gone (an orphaned script). */
export function sendDetection(data: unknown): void {
  const g = globalThis as unknown as { browser?: RuntimeApi; chrome?: RuntimeApi };
  const api = (g.browser ?? g.chrome)?.runtime;
  if (!api?.id) return;
  try {
    // A promise (browser, MV3 chrome) or nothing (callback-style chrome); anything else throws into the catch below.
    (api.sendMessage(envelope('detected', data as never)) as Promise<unknown> | undefined)?.catch(() => undefined);
  } catch {
    // The background is unreachable; the next click re-detects anyway.
  }
}
