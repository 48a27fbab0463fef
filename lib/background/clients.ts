/**
 * The API clients, made from the saved credentials: the Platform API client for the saved key and the base URL it
 * was saved for (kept while they do not change), and the catalog agent client likewise. A client takes its
 * destination from the credential only, never from `storage.local`. Only the background makes them; the key never
 * leaves them.
 *
 * At the background's start, before any client is made: `storage.local` is closed to content scripts where the
 * browser can do that, and keys an earlier version kept there are moved to the credentials (`ready`).
 */
import { AgentClient } from '../agent/client';
import { OctogenClient } from '../octogen/client';
import { OctogenError } from '../octogen/errors';
import type { RateLimitPosture } from '../octogen/ratelimit';
import type { Settings } from '../state';
import { migrateCredentials, readCredentials, restrictStorageToExtension } from '../credentials';
import { loadSettings, rateLimitItem } from '../storage';

export interface ClientDeps {
  fetch?: typeof fetch;
  now: () => number;
}

export type Clients = ReturnType<typeof createClients>;

/** Close `storage.local` to content scripts, and move old keys out of it; never rejects (a failed move is tried next start). */
export async function prepareStorage(): Promise<void> {
  await Promise.all([
    restrictStorageToExtension(),
    migrateCredentials().catch((error: unknown) =>
      console.warn('Octolens: could not move the keys out of storage.local yet', error instanceof Error ? error.message : error),
    ),
  ]);
}

export function createClients({ fetch, now }: ClientDeps) {
  const ready = prepareStorage();
  let cached: { fingerprint: string; client: OctogenClient } | undefined;

  const make = (apiKey: string, baseUrl: string, options: { rateLimit?: RateLimitPosture; timeouts?: Settings['timeoutsMs'] } = {}) =>
    new OctogenClient({
      baseUrl,
      apiKey,
      fetch,
      now,
      rateLimit: options.rateLimit,
      timeouts: options.timeouts,
      onRateLimit: (posture) => void rateLimitItem.setValue(posture),
      onDrift: (operation, paths) => console.warn(`Octolens: ${operation} response drifted from the contract at ${paths.join(', ')}`),
    });

  /** The saved credentials, once the start's move of old keys is done. */
  async function credentials() {
    await ready;
    return readCredentials();
  }

  /** The configured Platform API client, or null when no key is saved. */
  async function platform(): Promise<OctogenClient | null> {
    const [{ platform: saved }, settings] = await Promise.all([credentials(), loadSettings()]);
    if (!saved?.apiKey) return null;
    const fingerprint = `${saved.apiKey} ${saved.baseUrl} ${JSON.stringify(settings.timeoutsMs ?? {})}`;
    if (cached?.fingerprint === fingerprint) return cached.client;
    // A restarted service worker still knows the rate-limit posture: it lives in storage.
    const rateLimit = (await rateLimitItem.getValue()) ?? undefined;
    cached = { fingerprint, client: make(saved.apiKey, saved.baseUrl, { rateLimit, timeouts: settings.timeoutsMs }) };
    return cached.client;
  }

  /** The configured client, or a config error that says what to do. */
  async function required(operation: string): Promise<OctogenClient> {
    const client = await platform();
    if (!client) throw new OctogenError({ kind: 'config', operation, message: 'Add your Platform API key in Octolens options.' });
    return client;
  }

  /** The catalog agent client, or null when its URL or key is missing. */
  async function agent(): Promise<AgentClient | null> {
    const { agent: saved } = await credentials();
    if (!saved?.apiKey || !saved.baseUrl) return null;
    return new AgentClient({ baseUrl: saved.baseUrl, apiKey: saved.apiKey, fetch });
  }

  return { make, platform, required, agent, credentials };
}
