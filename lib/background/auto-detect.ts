/**
 * Opt-in automatic detection: the detector registered for the sites the user granted, each product page badged as
 * it loads, and looked up only when its store is covered by the partner's catalogs (`GET /domains`, compared in the
 * browser), so other stores' URLs never leave it. Never in a private window; throttled per tab by the lookup service,
 * and capped across tabs here.
 */
import { BADGES, isCovered, matchPatterns } from '../autodetect';
import type { Detection } from '../detect/types';
import { FollowGate, type FollowPolicy } from '../lookup/follow-gate';
import type { LookupService } from '../lookup/service';
import { onPermissionsChanged, setBadge, syncDetectorRegistration } from '../platform';
import { loadSettings, settingsItem } from '../storage';
import type { Clients } from './clients';
import type { DomainsSource } from './domains';

/** Lookups automatic detection may make across all tabs: a browsing session, not a page reloading itself. */
export const AUTO_LOOKUPS: FollowPolicy = { minIntervalMs: 0, maxPerWindow: 30, windowMs: 10 * 60_000, atCap: 'wait' };

export function startAutoDetect(clients: Clients, service: LookupService, now: () => number, domains: DomainsSource) {
  const gate = new FollowGate(AUTO_LOOKUPS, now);

  /** Badge the page; look it up only when its store is covered (the URL stays local otherwise). */
  async function autoDetected(tabId: number, detection: Detection, documentId: string | undefined, incognito: boolean): Promise<void> {
    const settings = await loadSettings();
    if (settings.autoDetect.mode === 'off' || incognito) return;
    if (!detection.isProduct) return setBadge(tabId, BADGES.none);
    const client = await clients.platform();
    if (!client || !isCovered(detection.url, (await domains.coverage(client)).hosts)) return setBadge(tabId, BADGES.product);
    await setBadge(tabId, BADGES.covered);
    if (!gate.admit().go) return;
    const state = await service.onDetected(tabId, detection, documentId);
    await setBadge(tabId, state?.lookup.phase === 'done' ? BADGES['in-catalog'] : BADGES.covered);
  }

  const sync = async () => {
    const settings = await loadSettings();
    await syncDetectorRegistration(matchPatterns(settings.autoDetect)).catch((error: unknown) =>
      console.warn('Octolens: could not register automatic detection', error instanceof Error ? error.message : error),
    );
  };
  void sync();
  const unwatch = settingsItem.watch(() => void sync());
  const stopPermissions = onPermissionsChanged(() => void sync());

  return {
    autoDetected,
    stop: () => {
      unwatch();
      stopPermissions();
    },
  };
}
