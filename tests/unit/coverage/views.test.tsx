// @vitest-environment happy-dom
/**
 * The coverage views with the real background behind them (WXT's fake browser, a fake API): the popup's Store
 * coverage after a 404 and the options page's Coverage requests, by role and accessible name.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CoverageRequests } from '../../../components/options/CoverageRequests';
import { CoveragePanel } from '../../../components/popup/CoveragePanel';
import { startBackground } from '../../../lib/background';
import { CHECK_NOW_MIN_MS } from '../../../lib/background/coverage';
import { COVERAGE_ALARM } from '../../../lib/coverage/store';
import { FIXTURE, json } from '../helpers/background';
import { resetCredentials, saveKey } from '../helpers/credentials';

vi.mock('../../../lib/platform', () => import('../helpers/platform-mock'));

const { KEY, BASE } = FIXTURE;
const PAGE = 'https://greenhouse.example/products/fern';
const task = (over: Record<string, unknown> = {}) => ({ taskId: 'vt_1', domain: 'greenhouse.example', status: 'running', phase: 'sampling_products', phaseLabel: 'Sampling product pages', progressPercent: 30, ...over });

let routes: Record<string, () => Response>;
let background: ReturnType<typeof startBackground>;
let clock: number;

beforeEach(async () => {
  fakeBrowser.reset();
  resetCredentials();
  await saveKey(KEY, BASE);
  const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
    const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender);
    return answers.find((a: unknown) => a !== undefined);
  }) as typeof fakeBrowser.runtime.sendMessage);
  routes = { 'GET /domains': () => json(200, { domains: [{ host: 'shop.example', catalog: 'shop', catalogDisplayName: 'Shop' }] }, { etag: '"d1"' }) };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const route = routes[`${init?.method ?? 'GET'} ${String(input).replace(BASE, '')}`];
    return route ? route() : json(404, { detail: 'Not Found' });
  });
  clock = Date.now();
  background = startBackground({ fetch: fetch as unknown as typeof globalThis.fetch, now: () => clock });
});

afterEach(() => {
  cleanup();
  background.stop();
  vi.restoreAllMocks();
});

describe('popup: Store coverage', () => {
  it('says the store is not covered, requests coverage, and follows the voyage to "now covered" (the alarm, popup open)', async () => {
    routes['POST /voyage'] = () => json(202, task({ status: 'queued', phase: 'discovering_site', phaseLabel: 'Queued', progressPercent: 0 }));
    const announce = vi.fn();
    const onRetry = vi.fn();
    render(<CoveragePanel pageUrl={PAGE} onRetry={onRetry} announce={announce} />);
    const region = await screen.findByRole('region', { name: 'Store coverage' });
    await within(region).findByText('greenhouse.example is not covered by your catalogs.');
    fireEvent.click(within(region).getByRole('button', { name: 'Request coverage' }));
    const bar = await within(region).findByRole('progressbar', { name: 'Coverage of greenhouse.example' });
    expect(bar.getAttribute('value')).toBe('0');
    expect(within(region).getByText('Coverage requested for greenhouse.example.')).toBeTruthy();
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Coverage requested for greenhouse.example. Queued, 0 %.'));
    // Focus goes to the request's status (the button it replaced is gone).
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Coverage requested for greenhouse.example.'));

    // The alarm reads progress; the view follows storage.
    routes['GET /voyage/vt_1'] = () => json(200, task());
    await act(async () => {
      await fakeBrowser.alarms.onAlarm.trigger({ name: COVERAGE_ALARM, scheduledTime: Date.now() });
      await background.coverage.idle();
    });
    await waitFor(() => expect(within(region).getByRole('progressbar', { name: 'Coverage of greenhouse.example' }).getAttribute('value')).toBe('30'));
    expect(within(region).getByText(/Phase: Sampling product pages/)).toBeTruthy();

    routes['GET /voyage/vt_1'] = () => json(200, task({ status: 'completed', phase: 'complete', progressPercent: 100 }));
    routes['GET /domains'] = () => json(200, { domains: [{ host: 'greenhouse.example', catalog: 'g', catalogDisplayName: 'G' }] }, { etag: '"d2"' });
    // Check now, a little later than the alarm's read (it reads a voyage at most once per CHECK_NOW_MIN_MS).
    clock += CHECK_NOW_MIN_MS;
    fireEvent.click(within(region).getByRole('button', { name: 'Check now' }));
    await within(region).findByText('greenhouse.example is now covered.');
    expect(announce).toHaveBeenCalledWith('greenhouse.example is now covered.');
    fireEvent.click(within(region).getByRole('button', { name: 'Look up again' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('says when a voyage under way was joined', async () => {
    routes['POST /voyage'] = () => json(200, task());
    render(<CoveragePanel pageUrl={PAGE} onRetry={() => undefined} announce={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Request coverage' }));
    await screen.findByText('Joined a coverage request already under way for greenhouse.example.');
  });

  it.each([
    [429, { detail: { code: 'voyage_quota_exceeded', violations: [{ dimension: 'calendar_month', limit: 20, used: 20, resetsAt: null }] } }, 'Coverage request: Coverage quota used up'],
    [409, { detail: 'voyage_domain_blocked' }, 'Coverage request: Store cannot be covered'],
  ])('shows a refused request (%i) with its message, and the button stays', async (status, body, title) => {
    routes['POST /voyage'] = () => json(status, body);
    render(<CoveragePanel pageUrl={PAGE} onRetry={() => undefined} announce={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Request coverage' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(title)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Request coverage' })).toBeTruthy();
  });

  it('on a covered store, offers no request', async () => {
    render(<CoveragePanel pageUrl="https://www.shop.example/p/1" onRetry={() => undefined} announce={() => undefined} />);
    await screen.findByText('shop.example is covered by your catalogs, but this product is not in them yet.');
    expect(screen.queryByRole('button', { name: 'Request coverage' })).toBeNull();
  });
});

describe('options: Coverage requests', () => {
  it('lists the organisation’s voyages and the quota, and refreshes', async () => {
    let items = [task({ createdAt: '2026-12-07T12:00:00Z' })];
    routes['GET /voyage?limit=50'] = () => json(200, { items, quotas: { monthly: { limit: 20, used: 3, resetsAt: '2027-01-01T00:00:00Z' }, concurrent: { limit: 3, used: 1 } } });
    render(<CoverageRequests />);
    const list = await screen.findByRole('list', { name: 'Coverage requests' });
    expect(within(list).getByRole('heading', { name: 'greenhouse.example' })).toBeTruthy();
    expect(within(list).getByRole('progressbar', { name: 'Coverage of greenhouse.example' }).getAttribute('value')).toBe('30');
    const quota = screen.getByRole('group', { name: 'Voyage quota' });
    expect(within(quota).getByText(/^3 of 20 this month, resets/)).toBeTruthy();
    expect(within(quota).getByText('1 of 3 at a time')).toBeTruthy();
    items = [...items, task({ taskId: 'vt_2', domain: 'fails.example', status: 'failed', phase: 'failed', error: { code: 'x', message: 'No product pages found.' } })];
    fireEvent.click(screen.getByRole('button', { name: 'Refresh coverage requests' }));
    await screen.findByText('Error: No product pages found.');
    expect(screen.getByRole('status', { name: 'Coverage requests status' }).textContent).toBe('2 coverage requests.');
  });

  it('shows a failure in its own section (no alert), with Retry that loads it', async () => {
    routes['GET /voyage?limit=50'] = () => json(503, { detail: 'voyage_unavailable' });
    render(<CoverageRequests />);
    const region = screen.getByRole('region', { name: 'Coverage requests' });
    await within(region).findByText('Could not load coverage requests: Coverage service busy.');
    expect(within(region).getByText('The coverage service is temporarily unavailable. Try again in a moment.')).toBeTruthy();
    // Not an alert: the page opened, the user did not act here (other sections' alerts stay theirs).
    expect(screen.queryByRole('alert')).toBeNull();
    routes['GET /voyage?limit=50'] = () => json(200, { items: [], quotas: null });
    fireEvent.click(within(region).getByRole('button', { name: 'Retry' }));
    await within(region).findByText('No coverage requests yet.');
    expect(within(region).getByRole('group', { name: 'Voyage quota' }).textContent).toContain('None given');
  });
});
