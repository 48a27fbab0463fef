/**
 * Probe: does the service worker live through a slow Ask answer? (docs/worker-lifetime.md)
 *
 *   OCTOLENS_EXTENSION_DIR=<built extension> npx tsx tests/e2e/worker-lifetime-probe.ts
 *   env: DELAY (ms the sandbox holds /catalog/search before answering, default 45000), WATCH (ms to watch after the
 *   question, default 80000), ATTACHED=1 (launch through Playwright, which attaches DevTools to the worker).
 *
 * It starts the sandbox, opens the side panel's Ask view, asks, and prints each change of: whether the worker runs
 * (`chrome.runtime.getContexts` from the page), the stored turn's status and text length, and the UI's answer; then
 * when the worker target came and went, and whether the sandbox saw the request dropped.
 */
import type { Page } from '@playwright/test';
import { launchWithExtension } from '../../scripts/lib/extension';
import { DEMO_API_KEY } from '../../sandbox/server';
import { startSandbox } from '../../sandbox/start';
import { configureFromPage, launchUnattached, type UnattachedPage } from './unattached';

const delayMs = Number(process.env.DELAY ?? 45_000);
const watchMs = Number(process.env.WATCH ?? 80_000);
const attached = process.env.ATTACHED === '1';

/** Playwright's page behind the same small interface as the unattached launcher's. */
function wrap(page: Page): UnattachedPage {
  return {
    evaluate: (expression) => page.evaluate(expression),
    insertText: (text) => page.keyboard.insertText(text),
    reload: async () => void (await page.reload()),
  };
}

const sandbox = await startSandbox({ port: 0 });
let close: () => Promise<void>;
let page: UnattachedPage;
let workerEvents: unknown = '(not observed with ATTACHED=1)';
if (attached) {
  const launched = await launchWithExtension();
  close = launched.close;
  const p = await launched.context.newPage();
  await p.goto(`chrome-extension://${launched.extensionId}/sidepanel.html`);
  page = wrap(p);
} else {
  const browser = await launchUnattached();
  close = browser.close;
  console.log('worker targets attached:', (await browser.workerTargets()).map((t) => t.attached));
  page = await browser.openPage('sidepanel.html');
  workerEvents = browser.workerEvents;
}
const started = Date.now();
const log = (...parts: unknown[]) => console.log(`[+${((Date.now() - started) / 1000).toFixed(1)} s]`, ...parts);
try {
  await configureFromPage(page, { apiKey: DEMO_API_KEY, baseUrl: sandbox.baseUrl, agentBaseUrl: sandbox.origin, agentKey: sandbox.agentKey });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  if (delayMs) sandbox.faults.add({ path: '/catalog/search', delayMs });
  await page.evaluate(`document.querySelector('textarea').focus()`);
  await page.insertText('water bottle');
  await page.evaluate(`[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Send').click()`);
  const asked = Date.now();
  log(`asked (answer held ${delayMs} ms, ${attached ? 'Playwright attached to the worker' : 'nothing attached to the worker'})`);
  let last = '';
  while (Date.now() - asked < watchMs) {
    const now = await page.evaluate<string>(`(async () => {
      const workers = (await chrome.runtime.getContexts({ contextTypes: ['BACKGROUND'] })).length;
      const { conversations } = await chrome.storage.local.get('conversations');
      const turn = conversations?.conversations?.at(-1)?.turns?.at(-1);
      const ui = document.querySelector('.turn-answer')?.textContent?.slice(0, 48);
      return JSON.stringify({ workers, status: turn?.status, text: turn?.text?.length ?? 0, ui });
    })()`);
    if (now !== last) log(`${((Date.now() - asked) / 1000).toFixed(1)} s after the question:`, now);
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log('worker target events (ms since launch):', JSON.stringify(workerEvents));
  log('sandbox journal:', JSON.stringify(sandbox.journal.list().filter((e) => e.path === '/catalog/search').map(({ status, cancelled }) => ({ status, cancelled }))));
} finally {
  await close();
  await sandbox.close();
}
