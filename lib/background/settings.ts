/** What the options page asks of the background: the settings it may see, and connection checks. */
import { AgentClient } from '../agent/client';
import { OctogenError } from '../octogen/errors';
import { keyFormatProblem, keyPrefix } from '../octogen/key';
import { checkBaseUrl } from '../octogen/urls';
import type { Handlers } from '../messaging';
import type { ConnectionReport, SettingsView } from '../state';
import { agentApiKeyItem, apiKeyItem, loadSettings, rateLimitItem } from '../storage';
import type { Clients } from './clients';

const configError = (operation: string, message: string) => new OctogenError({ kind: 'config', operation, message });

/** A base URL the user typed, checked (HTTPS, or plain HTTP on loopback), or a config error saying what is wrong. */
function checkedUrl(operation: string, input: string): string {
  const checked = checkBaseUrl(input);
  if (!checked.ok) throw configError(operation, checked.problem);
  return checked.url;
}

export function createSettings(clients: Clients, fetch?: typeof globalThis.fetch): Pick<Handlers, 'getSettings' | 'testConnection' | 'agentHealth'> {
  return {
    /** Settings as the UI may see them: never a key itself. */
    async getSettings(): Promise<SettingsView> {
      const [key, settings, rateLimit, agentKey] = await Promise.all([apiKeyItem.getValue(), loadSettings(), rateLimitItem.getValue(), agentApiKeyItem.getValue()]);
      return {
        baseUrl: settings.baseUrl,
        autoDetect: settings.autoDetect,
        agent: settings.agent,
        hasKey: Boolean(key),
        agentHasKey: Boolean(agentKey),
        keyPrefix: key ? keyPrefix(key) : undefined,
        rateLimit,
      };
    },

    async testConnection({ apiKey, baseUrl }): Promise<ConnectionReport> {
      const key = apiKey ?? (await apiKeyItem.getValue());
      if (!key) throw configError('testConnection', 'Enter your Platform API key first.');
      const problem = keyFormatProblem(key);
      if (problem) throw configError('testConnection', problem);
      const client = clients.make(key, checkedUrl('testConnection', baseUrl ?? (await loadSettings()).baseUrl));
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
      const base = baseUrl ?? (await loadSettings()).agent.baseUrl;
      if (!base) throw configError('agentHealth', 'Enter the agent API URL first.');
      // Health needs no key, and none is sent.
      return new AgentClient({ baseUrl: checkedUrl('agentHealth', base), apiKey: 'unused-for-health', fetch }).health();
    },
  };
}
