/**
 * Browser APIs that WXT's fake browser does not have (scripting, permissions), behind one small module that unit
 * tests replace.
 */
import { browser, type Browser } from 'wxt/browser';

export const CONTENT_SCRIPT_FILE = '/detector.js';
export const AUTO_DETECT_FILE = '/auto-detect.js';

export interface Injected {
  /** What the detector's main() returned. */
  result: unknown;
  /** The document it ran in (Chrome): later reports from that same document are the same page's SPA navigations. */
  documentId?: string;
}

/** Inject the detection content script into a tab and return what its main() returned. */
export async function injectDetector(tabId: number): Promise<Injected> {
  const results = await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
  const first = results[0] as { result?: unknown; documentId?: string } | undefined;
  return { result: first?.result, documentId: first?.documentId };
}

export const AUTO_DETECT_SCRIPT_ID = 'octolens-auto-detect';

/** (Re-)register the detector for the granted patterns (none: unregister). Only patterns the user granted are used. */
export async function syncDetectorRegistration(patterns: string[]): Promise<string[]> {
  const granted: string[] = [];
  for (const pattern of patterns) {
    if (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) granted.push(pattern);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [AUTO_DETECT_SCRIPT_ID] }).catch(() => []);
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [AUTO_DETECT_SCRIPT_ID] });
  if (granted.length) {
    await browser.scripting.registerContentScripts([
      {
        id: AUTO_DETECT_SCRIPT_ID,
        matches: granted,
        js: [CONTENT_SCRIPT_FILE.slice(1), AUTO_DETECT_FILE.slice(1)],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  }
  return granted;
}

/**
 * The page a tab's toolbar button opens (lib/wire.ts popupPageFor). The browser resets it when the tab goes to another
 * document. A tab that is gone, or a browser that refuses, keeps the default popup, which works without it.
 */
export async function setTabPopup(tabId: number, page: string): Promise<void> {
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  await action.setPopup({ tabId, popup: page }).catch(() => undefined);
}

export async function setBadge(tabId: number, badge: { text: string; color: string; title: string }): Promise<void> {
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  await Promise.all([
    action.setBadgeText({ tabId, text: badge.text }),
    badge.text ? action.setBadgeBackgroundColor({ tabId, color: badge.color }) : Promise.resolve(),
    action.setTitle({ tabId, title: badge.title }),
  ]).catch(() => undefined);
}

/** Request permissions inside a user gesture (call before any await). */
export function requestOrigins(origins: string[]): Promise<boolean> {
  if (origins.length === 0) return Promise.resolve(true);
  return browser.permissions.request({ origins });
}

/**
 * A trivial extension API call. Each one resets Chrome's 30 s idle timer of the service worker (Chrome 110+), which
 * is how Chrome's docs say to keep the worker alive while long work is in flight (lib/agent/keepalive.ts). Firefox has
 * it too; the fake browser lacks it (the call then fails, and the keep-alive ignores that).
 */
export async function touchExtensionApi(): Promise<void> {
  await browser.runtime.getPlatformInfo();
}

/** Listen for ports opened by extension pages (the fake browser has no runtime.onConnect). */
export function listenForPorts(listener: (port: Browser.runtime.Port) => void): () => void {
  browser.runtime.onConnect.addListener(listener);
  return () => browser.runtime.onConnect.removeListener(listener);
}

/** Called when the user grants or removes permissions (e.g. a site for automatic detection). */
export function onPermissionsChanged(listener: () => void): () => void {
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}
