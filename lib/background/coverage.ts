/**
 * Coverage requests (voyages): the popup's "Request coverage" for a store the partner's catalogs do not cover, its
 * progress followed after the popup closes, and the options page's list of the organisation's voyages.
 *
 * - `storeCoverage`: whether the page's store is covered, from the one `/domains` list (lib/background/domains.ts);
 *   asked only after a lookup found nothing, never on the popup's way to a record.
 * - `requestCoverage`: `POST /voyage` for the page's host (202 a new voyage, 200 joined one under way), kept in
 *   lib/coverage/store.ts, then followed by an alarm (POLL_MINUTES, the service's asked-for pace; Chrome's floor is
 *   30 s). `checkCoverage` reads progress now (the popup's "Check now").
 * - A voyage that completes: `/domains` is read again (with its ETag), and the lookups cached for that store are
 *   forgotten, so the next lookup asks the API.
 * - `listVoyages`: the organisation's voyages and its voyage quota.
 * Nothing here runs unless the user asked: a request, a check, the options page opening; the alarm follows only
 * requests the user made, and is cleared when none is under way.
 */
import { browser } from 'wxt/browser';
import { COVERAGE_ALARM, POLL_MINUTES, readRequests, updateRequests, upserted, isFinalStatus, isFinished, CoverageWriteError, type CoverageRequest } from '../coverage/store';
import type { Handlers } from '../messaging';
import type { OctogenClient } from '../octogen/client';
import { OctogenError } from '../octogen/errors';
import type { VoyageTask } from '../octogen/schemas';
import { normalizeHost } from '../octogen/urls';
import { errorData } from '../lookup/run';
import type { Clients } from './clients';
import type { DomainsSource } from './domains';


export interface CoverageDeps {
  clients: Clients;
  domains: DomainsSource;
  /** Forget what the lookups cached for this store (its products were "not found" before it was covered). */
  forgetHost(host: string): Promise<void>;
  now(): number;
}

type CoverageHandlers = Pick<Handlers, 'storeCoverage' | 'requestCoverage' | 'checkCoverage' | 'listVoyages'>;

function hostOf(url: string, operation: string): string {
  const host = /^https?:\/\//i.test(url) ? normalizeHost(url) : undefined;
  if (!host) throw new OctogenError({ kind: 'config', operation, message: 'This page has no store address Octolens can ask coverage for.' });
  return host;
}

/** Check now reads a voyage at most this often; the service's phases take seconds to minutes. */
export const CHECK_NOW_MIN_MS = 5_000;

export function startCoverage({ clients, domains, forgetHost, now }: CoverageDeps) {
  /** The unfinished requests made of this API (another API's key cannot read them). */
  const underWay = (requests: CoverageRequest[], client: OctogenClient) => requests.filter((r) => r.baseUrl === client.baseUrl && !isFinished(r));

  /** The alarm runs while a request is under way, and not otherwise. */
  async function schedule(): Promise<void> {
    const client = await clients.platform();
    const active = client ? underWay(await readRequests(now()), client).length > 0 : false;
    if (!active) {
      await browser.alarms.clear(COVERAGE_ALARM);
      return;
    }
    const alarm = await browser.alarms.get(COVERAGE_ALARM);
    if (!alarm?.periodInMinutes) await browser.alarms.create(COVERAGE_ALARM, { delayInMinutes: POLL_MINUTES, periodInMinutes: POLL_MINUTES });
  }

  /** What a finished voyage changes: a completed one makes its store covered (read again) and its lookups forgotten. */
  async function finish(client: OctogenClient, request: CoverageRequest, task: VoyageTask): Promise<Partial<CoverageRequest>> {
    if (!isFinalStatus(task.status)) return {};
    if (task.status !== 'completed') return { finishedAt: now() };
    const coverage = await domains.coverage(client, { revalidate: true });
    await forgetHost(request.host);
    return { finishedAt: now(), covered: coverage.hosts.has(request.host) };
  }

  /** Read one request's progress; a failure is kept on it (a voyage the service no longer knows is over). */
  async function progress(client: OctogenClient, request: CoverageRequest): Promise<CoverageRequest> {
    try {
      const task = await client.getVoyage(request.task.taskId);
      return { ...request, task, checkedAt: now(), checkError: undefined, ...(await finish(client, request, task)) };
    } catch (error) {
      const checkError = errorData(error, 'getVoyage');
      const gone = checkError.status === 404;
      return { ...request, checkedAt: now(), checkError, ...(gone ? { finishedAt: now() } : {}) };
    }
  }

  let polling: Promise<CoverageRequest[]> | undefined;
  /**
   * Read the progress of the requests under way (those of `host` only, when given); one poll at a time. A request
   * read less than `minAgeMs` ago is answered as kept (the popup's Check now, pressed again and again, reads each
   * voyage at most once per CHECK_NOW_MIN_MS).
   */
  function poll(host?: string, minAgeMs = 0): Promise<CoverageRequest[]> {
    polling ??= (async () => {
      try {
        const client = await clients.platform();
        if (!client) return readRequests(now());
        const due = underWay(await readRequests(now()), client).filter((r) => (host === undefined || r.host === host) && now() - r.checkedAt >= minAgeMs);
        const read = await Promise.all(due.map((r) => progress(client, r)));
        const byTask = new Map(read.map((r) => [r.task.taskId, r]));
        return await updateRequests((list) => list.map((r) => byTask.get(r.task.taskId) ?? r), now);
      } finally {
        polling = undefined;
        await schedule().catch(() => undefined);
      }
    })();
    return polling;
  }

  const handlers: CoverageHandlers = {
    async storeCoverage({ url }) {
      const host = hostOf(url, 'storeCoverage');
      const coverage = await domains.coverage(await clients.required('storeCoverage'));
      return { host, covered: coverage.known ? coverage.hosts.has(host) : null };
    },
    async requestCoverage({ url }) {
      const host = hostOf(url, 'startVoyage');
      const client = await clients.required('startVoyage');
      const { task, joined } = await client.startVoyage({ domain: host });
      const at = now();
      const request: CoverageRequest = { host, baseUrl: client.baseUrl, joined, task, requestedAt: at, checkedAt: at };
      if (isFinalStatus(task.status)) Object.assign(request, await finish(client, request, task));
      try {
        await updateRequests((list) => upserted(list, request, at), now);
      } catch (error) {
        return { request, notKept: error instanceof CoverageWriteError ? error.message : String(error) };
      }
      await schedule().catch(() => undefined);
      return { request };
    },
    async checkCoverage({ host }) {
      await clients.required('getVoyage');
      return poll(host, CHECK_NOW_MIN_MS);
    },
    async listVoyages() {
      return (await clients.required('listVoyages')).listVoyages({ limit: 50 });
    },
  };

  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === COVERAGE_ALARM) void poll().catch(() => undefined);
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  // Alarms may not outlive a browser restart: the requests still under way are followed again.
  void schedule().catch(() => undefined);

  return {
    handlers,
    /** Resolves once the poll in flight, if any, is done (tests: after firing the alarm). */
    idle: async () => void (await polling?.catch(() => undefined)),
    stop: () => browser.alarms.onAlarm.removeListener(onAlarm),
  };
}
