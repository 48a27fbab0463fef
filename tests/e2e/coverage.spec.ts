/**
 * Coverage requests (voyages), in real Chromium against the sandbox: a product page on an uncovered store
 * (`<name>.localhost`, which the sandbox serves and no catalog covers) → the popup says so → Request coverage →
 * the voyage's phases advance (read by the extension's alarm, also with the popup closed) → complete → the store is
 * covered and the next lookup shows the record. Also the options page's list with the voyage quota, and refusals.
 *
 * The sandbox moves a voyage one step every 2 s (5 steps). The alarm's real period is 5 minutes (the service's
 * pace); the test makes it fire now by scheduling the extension's own alarm from its service worker
 * (`chrome.alarms.create(name, { when: now })`), so the alarm path itself is what advances the state.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, Worker } from '@playwright/test';
import { COVERAGE_ALARM, COVERAGE_KEY } from '../../lib/coverage/policy';
import { uncoveredStoreHandles, voyageCatalog } from '../../sandbox/uncatalogued';
import { expect, fault, test, type Extension } from './fixtures';
import type { RunningSandbox } from '../../sandbox/start';

test.use({ grantedOrigins: ['http://*.localhost/*'] });

/** axe-core's WCAG 2.1 A/AA violations on the page (rule ids), as tests/e2e/a11y.spec.ts checks every other state. */
const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/** A store no earlier test has asked coverage for (the sandbox's voyages last as long as its worker). */
function uncoveredStore(sandbox: RunningSandbox, label: string) {
  const name = `${label}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const host = `${name}.localhost`;
  const handle = uncoveredStoreHandles(name)[0]!;
  const url = `http://${host}:${new URL(sandbox.origin).port}/products/${handle}`;
  // The record a completed voyage publishes for this page.
  const title = voyageCatalog(host, sandbox.origin, new Date().toISOString()).products.find((p) => p.productUrl === url)?.title;
  if (!title) throw new Error(`No published product for ${url}`);
  return { host, url, title };
}

interface KeptTask {
  status: string;
  phase: string;
  progressPercent: number;
}

/** Fire the extension's coverage alarm now (as the browser would at its time) and read what it kept. */
async function fireAlarm(worker: Worker, host: string): Promise<KeptTask & { covered?: boolean }> {
  return worker.evaluate(
    async ({ name, host, key }) => {
      const chrome = (globalThis as any).chrome;
      const read = async () => ((await chrome.storage.local.get(key))[key] ?? []) as any[];
      const before = JSON.stringify(await read());
      await chrome.alarms.create(name, { when: Date.now() });
      // Wait for the alarm's poll to write (or for a second to pass: nothing changed).
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (JSON.stringify(await read()) !== before) break;
      }
      const request = (await read()).find((r) => r.host === host);
      return { ...request?.task, covered: request?.covered };
    },
    { name: COVERAGE_ALARM, host, key: COVERAGE_KEY },
  );
}

async function requestCoverage(ext: Extension, url: string, host: string): Promise<{ popup: Page; tabId: number }> {
  const { tabId } = await ext.openPage(url);
  const popup = await ext.openPopup(tabId);
  const coverage = popup.getByRole('region', { name: 'Store coverage' });
  await expect(coverage.getByText(`${host} is not covered by your catalogs.`)).toBeVisible();
  await coverage.getByRole('button', { name: 'Request coverage' }).click();
  await expect(coverage.getByText(`Coverage requested for ${host}.`)).toBeVisible();
  await expect(coverage.getByRole('progressbar', { name: `Coverage of ${host}` })).toBeVisible();
  return { popup, tabId };
}

test.describe('coverage requests', () => {
  test('uncovered store → Request coverage → phases advance with the popup closed → covered → the next lookup shows the record', async ({ ext, sandbox }) => {
    await ext.configure();
    const { host, url, title } = uncoveredStore(sandbox, 'greenhouse');
    const { popup, tabId } = await requestCoverage(ext, url, host);
    // The lookup found nothing (the store is not covered), the coverage fact came from /domains, one voyage started.
    const voyage = sandbox.journal.list().filter((e) => e.path === '/v1/voyage' && e.method === 'POST');
    expect(voyage.map((e) => [e.status, e.body])).toEqual([[202, { domain: host }]]);
    await popup.close();

    // Popup closed: the alarm reads progress until the voyage completes.
    const worker = await ext.worker();
    const seen: string[] = [];
    await expect
      .poll(
        async () => {
          const task = await fireAlarm(worker, host);
          if (task.phase && seen.at(-1) !== task.phase) seen.push(task.phase);
          return task.status;
        },
        { timeout: 30_000, intervals: [1500] },
      )
      .toBe('completed');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe('complete');
    // /domains was read again with its ETag when it completed (it changed: the store is in it now).
    const domains = sandbox.journal.list().filter((e) => e.path === '/v1/domains');
    expect(domains.at(-1)!.headers['if-none-match']).toBeTruthy();
    expect(domains.at(-1)!.status).toBe(200);
    expect((await fireAlarm(worker, host)).covered).toBe(true);

    // The next lookup asks the API again (the cached "not found" was forgotten) and shows the record.
    sandbox.journal.clear();
    const again = await ext.openPopup(tabId);
    await expect(again.getByRole('region', { name: 'Store coverage' })).toHaveCount(0);
    await expect(again.getByRole('heading', { name: title, exact: true })).toBeVisible();
    expect(sandbox.journal.list().filter((e) => e.path === '/v1/products/lookup').map((e) => e.status)).toEqual([200]);

    // The options page lists it, with the org's voyage quota.
    const options = await ext.context.newPage();
    await options.goto(ext.optionsUrl);
    const list = options.getByRole('list', { name: 'Coverage requests' });
    await expect(list.getByRole('heading', { name: host })).toBeVisible();
    await expect(list.getByRole('progressbar', { name: `Coverage of ${host}` })).toHaveAttribute('value', '100');
    await expect(options.getByRole('group', { name: 'Voyage quota' })).toContainText(/\d+ of 20 this month/);
    await expect(options.getByRole('group', { name: 'Voyage quota' })).toContainText(/of 3 at a time/);
    expect(await axeViolations(options)).toEqual([]);
  });

  test('with the popup open: the phase and progress update from storage, then "now covered" and Look up again', async ({ ext, sandbox }) => {
    await ext.configure();
    const { host, url, title } = uncoveredStore(sandbox, 'fernery');
    const { popup } = await requestCoverage(ext, url, host);
    const coverage = popup.getByRole('region', { name: 'Store coverage' });
    const bar = coverage.getByRole('progressbar', { name: `Coverage of ${host}` });
    const first = Number(await bar.getAttribute('value'));
    // The user's Check now reads progress (no timer of the popup's own).
    await expect
      .poll(
        async () => {
          await coverage.getByRole('button', { name: /Check now|Checking…/ }).click();
          return Number(await bar.getAttribute('value'));
        },
        { timeout: 15_000, intervals: [1000] },
      )
      .toBeGreaterThan(first);
    expect(await axeViolations(popup)).toEqual([]);
    // The alarm (popup still open) takes it to completion; the popup follows storage.
    const worker = await ext.worker();
    await expect.poll(async () => (await fireAlarm(worker, host)).status, { timeout: 30_000, intervals: [1500] }).toBe('completed');
    await expect(coverage.getByText(`${host} is now covered.`)).toBeVisible();
    await coverage.getByRole('button', { name: 'Look up again' }).click();
    await expect(popup.getByRole('region', { name: 'Store coverage' })).toHaveCount(0);
    await expect(popup.getByRole('heading', { name: title, exact: true })).toBeVisible();
    await expect(popup.getByRole('alert')).toHaveCount(0);
  });

  test('a blocked store and a used-up quota each say why, and nothing is kept', async ({ ext, sandbox }) => {
    await ext.configure();
    const port = new URL(sandbox.origin).port;
    const blocked = `http://blocked.localhost:${port}/products/${uncoveredStoreHandles('blocked')[0]}`;
    const { tabId } = await ext.openPage(blocked);
    const popup = await ext.openPopup(tabId);
    const coverage = popup.getByRole('region', { name: 'Store coverage' });
    await coverage.getByRole('button', { name: 'Request coverage' }).click();
    await expect(coverage.getByRole('alert')).toContainText('Store cannot be covered');
    await popup.close();

    const { host, url } = uncoveredStore(sandbox, 'quota');
    await fault(sandbox, {
      method: 'POST',
      path: '/v1/voyage',
      status: 429,
      body: { detail: { code: 'voyage_quota_exceeded', violations: [{ dimension: 'calendar_month', limit: 20, used: 20, resetsAt: '2027-01-01T00:00:00Z' }] } },
    });
    const page = await ext.openPage(url);
    const second = await ext.openPopup(page.tabId);
    const region = second.getByRole('region', { name: 'Store coverage' });
    await expect(region.getByText(`${host} is not covered by your catalogs.`)).toBeVisible();
    await region.getByRole('button', { name: 'Request coverage' }).click();
    await expect(region.getByRole('alert')).toContainText('Coverage quota used up');
    await expect(region.getByRole('alert')).toContainText('The options page shows the quota');
    await expect(region.getByRole('button', { name: 'Request coverage' })).toBeVisible();
    const worker = await ext.worker();
    expect(await worker.evaluate(async (key) => ((await (globalThis as any).chrome.storage.local.get(key))[key] ?? []).length, COVERAGE_KEY)).toBe(0);
  });
});
