/**
 * Opt-in automatic detection: which pages the detector may run on by itself, and the coverage gate that keeps
 * product URLs of stores outside the partner's catalogs inside the browser.
 */
import type { DomainEntry } from './octogen/schemas';
import { normalizeHost } from './octogen/urls';

export type AutoDetectMode = 'off' | 'all' | 'sites';

export interface AutoDetectSettings {
  mode: AutoDetectMode;
  /** Origins (`https://shop.example`) the user chose, for mode `sites`. */
  sites: string[];
}

export const AUTO_DETECT_OFF: AutoDetectSettings = { mode: 'off', sites: [] };
export const ALL_SITES_PATTERNS = ['https://*/*', 'http://*/*'];

/** A site the user typed (`shop.example`, `https://shop.example/x`) as an origin, or undefined if it is not one. */
export function siteOrigin(input: string): string | undefined {
  const trimmed = input.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname.includes('.') && url.hostname !== 'localhost') return undefined;
    if (url.username || url.password) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The match pattern for a chosen site: its scheme and host, without a port. Firefox accepts a pattern with a port but
 * it then matches nothing (found by the Firefox e2e suite: the detector never ran on `http://127.0.0.1:8123`); a pattern
 * without one covers every port of the host in both browsers.
 */
export function sitePattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The match patterns the detector is registered for, and the host permissions the options page asks for them. */
export function matchPatterns(settings: AutoDetectSettings): string[] {
  if (settings.mode === 'all') return ALL_SITES_PATTERNS;
  if (settings.mode === 'sites') return [...new Set(settings.sites.map(sitePattern))];
  return [];
}

/** Hosts covered by the partner's catalogs, normalised as the service does, for a local comparison. */
export function coveredHosts(domains: DomainEntry[]): Set<string> {
  const hosts = new Set<string>();
  for (const entry of domains) {
    const host = normalizeHost(entry.host);
    if (host) hosts.add(host);
  }
  return hosts;
}

/** Whether a page's store is covered: its normalised host is in the set. */
export function isCovered(pageUrl: string, hosts: ReadonlySet<string>): boolean {
  const host = normalizeHost(pageUrl);
  return host !== undefined && hosts.has(host);
}

export type BadgeState = 'none' | 'product' | 'covered' | 'in-catalog';

/**
 * The toolbar button in each state: Octolens's own icon (public/icon, the manifest's default) always, with a badge and
 * a title that say the state. No icon per state: the badge is drawn over the icon's bottom-right corner, which the
 * mark keeps free of anything that names it (assets/icon.svg), and a second icon would tell the state by colour alone.
 */
export const BADGES: Record<BadgeState, { text: string; color: string; title: string }> = {
  none: { text: '', color: '#00000000', title: 'Octolens: look up this product' },
  product: { text: '•', color: '#6e7781', title: 'Octolens: a product page (this store is not in your catalogs)' },
  covered: { text: '…', color: '#0b5cad', title: 'Octolens: a product page from a store in your catalogs' },
  'in-catalog': { text: '✓', color: '#1a7f37', title: 'Octolens: this product is in your catalogs' },
};
