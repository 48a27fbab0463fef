/**
 * Browser APIs that WXT's fake browser does not have (scripting, permissions), behind one small module that unit
 * tests replace.
 */
import { browser } from 'wxt/browser';

export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

/** Inject the detection content script into a tab and return what its main() returned. */
export async function injectDetector(tabId: number): Promise<unknown> {
  const results = await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
  return results[0]?.result;
}

export function originPattern(origin: string): string {
  return `${origin}/*`;
}

export function hasOriginPermission(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(origin)] });
}

/** Must be called synchronously inside a user gesture (before any await), or Firefox refuses it. */
export function requestOriginPermission(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(origin)] });
}
