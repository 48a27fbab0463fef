/**
 * The API clients, made from what is stored: the Platform API client for the configured key and base URL (kept while
 * they do not change), and the catalog agent client. Only the background makes them; the key never leaves them.
 */
import { AgentClient } from '../agent/client';
import { OctogenClient } from '../octogen/client';
import { OctogenError } from '../octogen/errors';
import type { RateLimitPosture } from '../octogen/ratelimit';
import type { Settings } from '../state';
import { agentApiKeyItem, apiKeyItem, loadSettings, rateLimitItem } from '../storage';

export interface ClientDeps {
  fetch?: typeof fetch;
  now: () => number;
}

export type Clients = ReturnType<typeof createClients>;

export function createClients({ fetch, now }: ClientDeps) {
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

  /** The configured Platform API client, or null when no key is stored. */
  async function platform(): Promise<OctogenClient | null> {
    const [key, settings] = await Promise.all([apiKeyItem.getValue(), loadSettings()]);
    if (!key) return null;
    const fingerprint = `${key} ${settings.baseUrl} ${JSON.stringify(settings.timeoutsMs ?? {})}`;
    if (cached?.fingerprint === fingerprint) return cached.client;
    // A restarted service worker still knows the rate-limit posture: it lives in storage.
    const rateLimit = (await rateLimitItem.getValue()) ?? undefined;
    cached = { fingerprint, client: make(key, settings.baseUrl, { rateLimit, timeouts: settings.timeoutsMs }) };
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
    const [key, settings] = await Promise.all([agentApiKeyItem.getValue(), loadSettings()]);
    if (!key || !settings.agent.baseUrl) return null;
    return new AgentClient({ baseUrl: settings.agent.baseUrl, apiKey: key, fetch });
  }

  return { make, platform, required, agent };
}
