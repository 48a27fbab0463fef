/**
 * The API clients, made from the saved credentials: the Platform API client for the saved key and the base URL it
 * was saved for (kept while they do not change), the catalog agent client likewise, and, when signed in with Octogen,
 * the catalog client of the Catalog Partner MCP server (lib/octogen/mcp.ts) with its token manager (lib/auth). A
 * client takes its destination from the credential only, never from `storage.local`; tokens go only to the MCP server
 * they were obtained for. Only the background makes them; the key and the tokens never leave them.
 *
 * Signed in AND with a key: the lookup, its similar items and the popup search go through the sign-in (it is the
 * recommended connection: short-lived, audience-bound tokens); everything else (resolve from page, more like this,
 * coverage, URL lists, the catalog list, automatic detection) uses the key. Signed in without a key, those say so.
 *
 * At the background's start, before any client is made: `storage.local` is closed to content scripts where the
 * browser can do that, and keys an earlier version kept there are moved to the credentials (`ready`).
 */
import { AgentClient } from '../agent/client';
import { DEFAULT_MCP_URL } from '../auth/oauth';
import { sessionSlot } from '../auth/store';
import { TokenManager } from '../auth/tokens';
import { OctogenClient, type CatalogClient } from '../octogen/client';
import { OctogenError } from '../octogen/errors';
import { McpCatalog, McpClient } from '../octogen/mcp';
import type { RateLimitPosture } from '../octogen/ratelimit';
import type { Settings } from '../state';
import { migrateCredentials, readCredentials, restrictStorageToExtension } from '../credentials';
import { loadSettings, rateLimitItem } from '../storage';

export interface ClientDeps {
  fetch?: typeof fetch;
  now: () => number;
}

export type Clients = ReturnType<typeof createClients>;

/** `detail` of the refusal of an operation the sign-in does not cover, without a key. */
export const NEEDS_API_KEY = 'needs_api_key';

/** Close `storage.local` to content scripts, and move old keys out of it; never rejects (a failed move is tried next start). */
export async function prepareStorage(): Promise<void> {
  await Promise.all([
    restrictStorageToExtension(),
    migrateCredentials().catch((error: unknown) =>
      console.warn('Octolens: could not move the keys out of storage.local yet', error instanceof Error ? error.message : error),
    ),
  ]);
}

/** The MCP server the settings name (the default when none). */
export async function mcpUrlSetting(): Promise<string> {
  return (await loadSettings()).mcpUrl || DEFAULT_MCP_URL;
}

export function createClients({ fetch, now }: ClientDeps) {
  const ready = prepareStorage();
  let cached: { fingerprint: string; client: OctogenClient } | undefined;
  const fetchImpl: typeof fetch = fetch ?? ((...args) => globalThis.fetch(...args));
  const tokens = new TokenManager({ slot: sessionSlot(), fetch: fetchImpl, now });
  let mcp: { url: string; client: McpClient } | undefined;

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

  /** The MCP client for the sign-in kept for the configured MCP server, or null when not signed in there. */
  async function signedIn(): Promise<McpClient | null> {
    const [session, url] = await Promise.all([tokens.session(), mcpUrlSetting()]);
    if (!session || session.mcpUrl !== url) return null;
    if (mcp?.url !== url) {
      mcp = {
        url,
        client: new McpClient({
          url,
          fetch: fetchImpl,
          auth: {
            token: (operation) => tokens.accessToken(url, operation),
            renew: (used, operation) => tokens.renew(url, used, operation),
            reject: (operation) => tokens.reject(operation),
          },
        }),
      };
    }
    return mcp.client;
  }

  /**
   * The client of the lookup, its similar items and the popup search: the sign-in's (through MCP) when signed in,
   * else the key's; null when neither. A sign-in that has ended still answers: its calls say "sign in again".
   */
  async function catalog(): Promise<CatalogClient | null> {
    const [client, key] = await Promise.all([signedIn(), platform()]);
    if (!client) return key;
    return new McpCatalog(client, {
      ...(key ? { fallback: key } : {}),
      onDrift: (operation, paths) => console.warn(`Octolens: ${operation} MCP result drifted from the contract at ${paths.join(', ')}`),
    });
  }

  /** The catalog client, or a config error that says what to do. */
  async function catalogRequired(operation: string): Promise<CatalogClient> {
    const client = await catalog();
    if (!client) throw new OctogenError({ kind: 'config', operation, message: 'Sign in with Octogen, or add your Platform API key, in Octolens options.' });
    return client;
  }

  /** The configured Platform API client, or a config error that says what to do. */
  async function required(operation: string): Promise<OctogenClient> {
    const client = await platform();
    if (client) return client;
    if (await signedIn()) {
      throw new OctogenError({
        kind: 'config',
        operation,
        detail: NEEDS_API_KEY,
        message: `${OPERATION_NAMES[operation] ?? 'This action'} needs a Platform API key; sign-in covers lookup and search. Add a key in Octolens options to use it.`,
      });
    }
    throw new OctogenError({ kind: 'config', operation, message: 'Add your Platform API key in Octolens options.' });
  }

  /** The catalog agent client, or null when its URL or key is missing. */
  async function agent(): Promise<AgentClient | null> {
    const { agent: saved } = await credentials();
    if (!saved?.apiKey || !saved.baseUrl) return null;
    return new AgentClient({ baseUrl: saved.baseUrl, apiKey: saved.apiKey, fetch });
  }

  /** Forget the MCP client (its session) after signing in or out, or a new MCP server URL. */
  function resetMcp() {
    mcp = undefined;
  }

  return { make, platform, required, agent, credentials, catalog, catalogRequired, tokens, resetMcp, fetch: fetchImpl };
}

/** What the refusals name, by operation. */
const OPERATION_NAMES: Record<string, string> = {
  resolveProductFromHtml: 'Looking up from this page',
  moreLikeThisProducts: 'More like this',
  listCatalogs: 'The catalog list',
  storeCoverage: 'Checking store coverage',
  startVoyage: 'Requesting coverage',
  getVoyage: 'Following coverage requests',
  listVoyages: 'The coverage requests list',
  listUrlLists: 'URL lists',
  createUrlList: 'URL lists',
  deleteUrlList: 'URL lists',
  listUrlListUrls: 'URL lists',
  addUrlListUrls: 'URL lists',
  checkUrlListUrls: 'URL lists',
  removeUrlListUrls: 'URL lists',
  urlListsForPage: 'URL lists',
};
