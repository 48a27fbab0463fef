/**
 * Set the extension up as the options page's Save does (the e2e tests, `npm start`, the benchmark): messages to the
 * background from one of the extension's own pages. That is the only way keys are stored: the background keeps each
 * key with the base URL it is for in the extension's IndexedDB (lib/credentials.ts), where no content script reaches.
 * Used with Playwright (Chromium) here and with puppeteer (Firefox, tests/firefox/harness.ts).
 */
import type { BrowserContext } from '@playwright/test';
import { envelope } from '../../lib/wire';

export interface ExtensionSetup {
  /** The Platform API key; null: none (a saved one is removed). */
  apiKey: string | null;
  baseUrl: string;
  /** The catalog agent API and its key; none by default. */
  agent?: { baseUrl: string; apiKey: string };
  /** Advanced per-operation timeouts (settings.timeoutsMs). */
  timeoutsMs?: Record<string, number>;
  /** Sign in with Octogen's MCP server URL (#24; e.g. the sandbox's `<origin>/partner/mcp`). */
  mcpUrl?: string;
}

/** What to evaluate in an extension page, and its argument: the options page's messages for `setup`. */
export function setupScript(setup: ExtensionSetup) {
  const { apiKey, baseUrl, agent, timeoutsMs, mcpUrl } = setup;
  const messages = [
    ...(apiKey === null ? [envelope('removeKey', { which: 'platform' })] : []),
    envelope('saveSettings', {
      platform: { baseUrl, apiKey: apiKey ?? undefined },
      agent: { baseUrl: agent?.baseUrl ?? '', apiKey: agent?.apiKey },
      autoDetect: { mode: 'off', sites: [] },
    }),
    ...(mcpUrl ? [envelope('saveMcpUrl', { mcpUrl })] : []),
  ];
  const run = async ({ messages, timeoutsMs }: { messages: unknown[]; timeoutsMs?: Record<string, number> }) => {
    // `browser` in Firefox (whose `chrome` takes callbacks in MV2), `chrome` in Chromium.
    const c = (globalThis as any).browser ?? (globalThis as any).chrome;
    // Settings that are not the options page's (timeouts) are written directly; Save keeps them.
    await c.storage.local.set({ settings: { autoDetect: { mode: 'off', sites: [] }, ...(timeoutsMs ? { timeoutsMs } : {}) }, settings$: { v: 3 } });
    const problems: string[] = [];
    for (const message of messages as { type: string }[]) {
      const answer = await c.runtime.sendMessage(message);
      if (!answer?.ok) problems.push(`${message.type}: ${answer?.error?.message ?? 'no answer'}`);
    }
    return problems;
  };
  return { run, arg: { messages, timeoutsMs } };
}

export function throwIfRefused(refused: string[]): void {
  if (refused.length) throw new Error(`Octolens refused the setup: ${refused.join('; ')}`);
}

export async function configureExtension(context: BrowserContext, extensionId: string, setup: ExtensionSetup): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    const { run, arg } = setupScript(setup);
    throwIfRefused(await page.evaluate(run, arg));
  } finally {
    await page.close();
  }
}
