/**
 * What the options page asks of the background: the settings it may see, connection checks, and saving. The options
 * page writes nothing itself: it sends what the user typed here, and the background checks it and saves each key
 * with the base URL it is for (lib/credentials.ts). A saved key goes to another origin only when the user entered it
 * for that origin or confirmed it for it (`keyConfirmedFor`), when testing as when saving.
 */
import { AgentClient } from '../agent/client';
import { AUTO_DETECT_OFF, siteOrigin, type AutoDetectSettings } from '../autodetect';
import { STORAGE_FAILED, storageFailure, updateCredentials, type Credential, type CredentialName, type Credentials, type KeyInput } from '../credentials';
import { OctogenError } from '../octogen/errors';
import { keyFormatProblem, keyPrefix } from '../octogen/key';
import { checkBaseUrl, DEFAULT_API_BASE_URL } from '../octogen/urls';
import type { Handlers } from '../messaging';
import type { ConnectionReport, SettingsView } from '../state';
import { loadSettings, rateLimitItem, settingsItem } from '../storage';
import type { Clients } from './clients';

const configError = (operation: string, message: string, detail?: string) => new OctogenError({ kind: 'config', operation, message, detail });

/** `detail` of the refusal to send a saved key to an origin the user has not confirmed it for. */
export const KEY_NOT_CONFIRMED = 'key_not_confirmed';

const LABEL: Record<CredentialName, { url: string; key: string }> = {
  platform: { url: 'API base URL', key: 'key' },
  agent: { url: 'agent API URL', key: 'agent API key' },
};

/** A base URL the user typed, checked (HTTPS, or plain HTTP on loopback), or a config error saying what is wrong. */
function checkedUrl(operation: string, input: string, which: CredentialName = 'platform', prefix = ''): { url: string; origin: string } {
  const checked = checkBaseUrl(input);
  if (!checked.ok) throw configError(operation, prefix + checked.problem.replace('API base URL', LABEL[which].url));
  return checked;
}

const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/** A key the user typed, checked, or a config error that says what is wrong without repeating it. */
function checkedKey(operation: string, which: CredentialName, input: string, prefix = ''): string {
  if (which === 'platform') {
    const problem = keyFormatProblem(input);
    if (problem) throw configError(operation, prefix + problem);
    return input;
  }
  const key = input.trim();
  if (!/^[\x21-\x7e]{1,512}$/.test(key)) throw configError(operation, `${prefix}The agent API key must be one word of printable characters, without spaces.`);
  return key;
}

/**
 * The key that may go to `origin`: one the user entered, or the saved one when it is for that origin or the user
 * confirmed it for that origin. Otherwise a config error (`KEY_NOT_CONFIRMED`) that says what to do.
 */
function keyFor(operation: string, which: CredentialName, origin: string, input: KeyInput, saved: Credential | undefined, prefix = ''): string | undefined {
  if (input.apiKey !== undefined) return checkedKey(operation, which, input.apiKey, prefix);
  if (!saved?.apiKey) return undefined;
  const savedOrigin = originOf(saved.baseUrl);
  if (savedOrigin === origin || input.keyConfirmedFor === origin) return saved.apiKey;
  const shown = which === 'platform' ? `your saved key (${keyPrefix(saved.apiKey) ?? 'octo_live_'}…)` : 'your saved agent API key';
  const where = savedOrigin ? `is for ${savedOrigin}` : 'has no address yet';
  const box = which === 'platform' ? 'Use my saved key' : 'Use my saved agent key';
  const sentence = `${prefix}${prefix ? shown : shown[0]!.toUpperCase() + shown.slice(1)} ${where}. To send it to ${origin}, tick “${box} … with ${origin}”, or enter a ${LABEL[which].key} for ${origin}.`;
  throw configError(operation, sentence, KEY_NOT_CONFIRMED);
}

/** What to save for one API: the URL typed, with the key entered for it, or the saved key where it may go there. */
function bind(which: CredentialName, input: KeyInput, saved: Credential | undefined): Credential | undefined {
  const prefix = 'Nothing was saved: ';
  if (which === 'agent' && !input.baseUrl.trim()) {
    if (input.apiKey !== undefined) throw configError('saveSettings', `${prefix}enter the agent API URL this key is for.`);
    // No agent API: a saved key stays, for no address (it goes nowhere until the user confirms one).
    return saved?.apiKey ? { baseUrl: '', apiKey: saved.apiKey } : undefined;
  }
  const { url, origin } = checkedUrl('saveSettings', input.baseUrl, which, prefix);
  const apiKey = keyFor('saveSettings', which, origin, input, saved, prefix);
  return apiKey ? { baseUrl: url, apiKey } : { baseUrl: url };
}

/** The options page's input, as sent: checked for shape (only extension pages may send it, and still). */
function readKeyInput(value: unknown, which: CredentialName): KeyInput {
  const v = (value ?? {}) as Record<string, unknown>;
  const optional = (field: string) => {
    const x = v[field];
    if (x === undefined || x === null || x === '') return undefined;
    if (typeof x !== 'string') throw configError('saveSettings', `Nothing was saved: the ${LABEL[which].url} settings were malformed.`);
    return x;
  };
  return { baseUrl: optional('baseUrl') ?? '', apiKey: optional('apiKey'), keyConfirmedFor: optional('keyConfirmedFor') };
}

function readAutoDetect(value: unknown): AutoDetectSettings {
  const v = (value ?? AUTO_DETECT_OFF) as Partial<AutoDetectSettings>;
  const sites = Array.isArray(v.sites) ? v.sites.filter((s): s is string => typeof s === 'string' && siteOrigin(s) === s) : [];
  if (!['off', 'all', 'sites'].includes(v.mode as string)) throw configError('saveSettings', 'Nothing was saved: the automatic detection setting was malformed.');
  return { mode: v.mode!, sites };
}

function storageFailed(operation: string, what: string, error: unknown): OctogenError {
  return new OctogenError({ kind: 'config', operation, detail: STORAGE_FAILED, message: `${what} ${storageFailure(error)}` });
}

export function createSettings(
  clients: Clients,
  fetch?: typeof globalThis.fetch,
): Pick<Handlers, 'getSettings' | 'testConnection' | 'agentHealth' | 'saveSettings' | 'removeKey'> {
  /** Settings as the UI may see them: never a key itself. */
  async function view(saved?: Credentials): Promise<SettingsView> {
    const [credentials, settings, rateLimit] = await Promise.all([saved ?? clients.credentials(), loadSettings(), rateLimitItem.getValue()]);
    const { platform, agent } = credentials;
    return {
      baseUrl: platform?.baseUrl || DEFAULT_API_BASE_URL,
      autoDetect: settings.autoDetect,
      agent: { baseUrl: agent?.baseUrl ?? '' },
      hasKey: Boolean(platform?.apiKey),
      agentHasKey: Boolean(agent?.apiKey),
      keyPrefix: platform?.apiKey ? keyPrefix(platform.apiKey) : undefined,
      rateLimit,
    };
  }

  return {
    getSettings: () => view(),

    async testConnection({ apiKey, baseUrl, keyConfirmedFor }): Promise<ConnectionReport> {
      const saved = (await clients.credentials()).platform;
      const { url, origin } = checkedUrl('testConnection', baseUrl ?? (saved?.baseUrl || DEFAULT_API_BASE_URL));
      const key = keyFor('testConnection', 'platform', origin, { baseUrl: url, apiKey, keyConfirmedFor }, saved);
      if (!key) throw configError('testConnection', 'Enter your Platform API key first.');
      const client = clients.make(key, url);
      // `/me` where the service has it, else `/catalogs`.
      let me = null;
      try {
        me = await client.getMe({ timeoutMs: 10_000 });
      } catch (error) {
        if (!(error instanceof OctogenError) || error.status !== 404) throw error;
      }
      const catalogs = await client.listCatalogs({ timeoutMs: 10_000 });
      return { baseUrl: client.baseUrl, keyPrefix: keyPrefix(key), me, catalogs, rateLimit: client.lastRateLimit };
    },

    async agentHealth({ baseUrl }) {
      const base = baseUrl ?? (await clients.credentials()).agent?.baseUrl;
      if (!base) throw configError('agentHealth', 'Enter the agent API URL first.');
      // Health needs no key, and none is sent.
      return new AgentClient({ baseUrl: checkedUrl('agentHealth', base, 'agent').url, apiKey: 'unused-for-health', fetch }).health();
    },

    /**
     * Save both APIs' URLs and keys (one transaction: a key is never paired with a URL it was not saved for), then the
     * other settings. A failure of the second undoes the first: either all is saved, or nothing, and the error says so.
     */
    async saveSettings(data) {
      const input = { platform: readKeyInput(data?.platform, 'platform'), agent: readKeyInput(data?.agent, 'agent'), autoDetect: readAutoDetect(data?.autoDetect) };
      await clients.credentials();
      let settings;
      try {
        settings = await loadSettings();
      } catch (error) {
        throw storageFailed('saveSettings', 'Nothing was saved.', error);
      }
      let saved: Awaited<ReturnType<typeof updateCredentials>>;
      try {
        saved = await updateCredentials('saveSettings', (current) => ({
          platform: bind('platform', input.platform, current.platform),
          agent: bind('agent', input.agent, current.agent),
        }));
      } catch (error) {
        if (error instanceof OctogenError && error.detail !== STORAGE_FAILED) throw error;
        throw storageFailed('saveSettings', 'Nothing was saved.', error);
      }
      try {
        await settingsItem.setValue({ ...settings, autoDetect: input.autoDetect });
      } catch (error) {
        const undone = await updateCredentials('saveSettings', () => saved.before).then(
          () => true,
          () => false,
        );
        throw storageFailed('saveSettings', undone ? 'Nothing was saved.' : 'Only the keys and API addresses were saved, not automatic detection.', error);
      }
      return view(saved.after);
    },

    async removeKey({ which }) {
      if (which !== 'platform' && which !== 'agent') throw configError('removeKey', 'Unknown key.');
      try {
        const saved = await updateCredentials('removeKey', (current) => {
          const kept = current[which];
          return { ...current, [which]: kept ? { baseUrl: kept.baseUrl } : undefined };
        });
        return view(saved.after);
      } catch (error) {
        if (error instanceof OctogenError && error.detail !== STORAGE_FAILED) throw error;
        throw storageFailed('removeKey', 'The key was not removed.', error);
      }
    },
  };
}
