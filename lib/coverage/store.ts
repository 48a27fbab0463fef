/**
 * Coverage requests (voyages) the user made from the popup, kept in `storage.local` under one key so that the
 * background can follow them after the popup closes (an alarm) and any view can show them. This module is their only
 * writer (the background's coverage module calls it); views get a read-only item (`coverageRequestsView`).
 *
 * Bounded: at most MAX_REQUESTS entries, one per store (normalised host); finished ones are pruned KEEP_FINISHED_MS after
 * they finished, and first when the cap is reached. A write that fails (a full quota) throws a CoverageWriteError with
 * a message for the user; the background says so in its answer and loses nothing on the service's side.
 */
import { storage } from 'wxt/utils/storage';
import type { OctogenErrorData } from '../octogen/errors';
import type { VOYAGE_STATUSES, VoyageTask } from '../octogen/schemas';
import { COVERAGE_KEY, KEEP_FINISHED_MS, MAX_REQUESTS } from './policy';

/** One store's coverage request, as Octolens follows it. */
export interface CoverageRequest {
  /** The store's normalised host (lib/octogen/urls.ts normalizeHost): one request per store. */
  host: string;
  /** The API it was asked of (progress is asked there only). */
  baseUrl: string;
  /** True when the service answered 200: a voyage for this store was already under way and was joined. */
  joined: boolean;
  task: VoyageTask;
  /** Epoch ms: when the user asked, when progress was last read. */
  requestedAt: number;
  checkedAt: number;
  /** The last failure to read progress (kept until a read succeeds). */
  checkError?: OctogenErrorData;
  /** Set once the voyage completed and `GET /domains` was read again: whether the store is in it now. */
  covered?: boolean;
  /** Epoch ms when it finished (completed, failed or cancelled). */
  finishedAt?: number;
}

export { COVERAGE_ALARM, KEEP_FINISHED_MS, MAX_REQUESTS, POLL_MINUTES } from './policy';

const item = storage.defineItem<CoverageRequest[]>(`local:${COVERAGE_KEY}`, { fallback: [] });

/**
 * Statuses after which a voyage no longer changes: the contract's VOYAGE_FINAL_STATUSES (a unit test pins them equal),
 * spelled here without a runtime import of the schemas, so that zod stays out of the popup.
 */
const FINAL_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled'] satisfies (typeof VOYAGE_STATUSES)[number][];
export const isFinalStatus = (status: string) => FINAL_STATUSES.includes(status);
export const isFinished = (request: CoverageRequest) => request.finishedAt !== undefined || isFinalStatus(request.task.status);

/** Valid entries only: storage is read tolerantly (an older version's or a hand-edited value is dropped, not thrown). */
function valid(value: unknown): CoverageRequest[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is CoverageRequest =>
      !!r && typeof r === 'object' && typeof r.host === 'string' && typeof r.baseUrl === 'string' && typeof r.task?.taskId === 'string' && typeof r.task?.status === 'string',
  );
}

/** What stays: finished ones for KEEP_FINISHED_MS, then the newest MAX_REQUESTS, finished ones dropped first. */
export function pruned(requests: CoverageRequest[], now: number): CoverageRequest[] {
  const kept = requests.filter((r) => !(isFinished(r) && now - (r.finishedAt ?? r.checkedAt) > KEEP_FINISHED_MS));
  while (kept.length > MAX_REQUESTS) {
    const oldestFinished = kept.reduce<number>((at, r, i) => (isFinished(r) && (at < 0 || r.requestedAt < kept[at]!.requestedAt) ? i : at), -1);
    const drop = oldestFinished >= 0 ? oldestFinished : kept.reduce((at, r, i) => (r.requestedAt < kept[at]!.requestedAt ? i : at), 0);
    kept.splice(drop, 1);
  }
  return kept;
}

/** A store's request put in (replacing that store's previous one), newest first. */
export function upserted(requests: CoverageRequest[], request: CoverageRequest, now: number): CoverageRequest[] {
  return pruned([request, ...requests.filter((r) => r.host !== request.host)], now);
}

export class CoverageWriteError extends Error {}

let queue: Promise<unknown> = Promise.resolve();

/** The kept requests (pruned as read). */
export async function readRequests(now: number): Promise<CoverageRequest[]> {
  return pruned(valid(await item.getValue().catch(() => [])), now);
}

/**
 * Change the kept requests, after every change asked for before it. Resolves with the list as written; rejects with
 * a CoverageWriteError when storage refuses the write.
 */
export function updateRequests(change: (requests: CoverageRequest[]) => CoverageRequest[], now: () => number): Promise<CoverageRequest[]> {
  const next = queue.then(async () => {
    const list = pruned(change(await readRequests(now())), now());
    try {
      await item.setValue(list);
    } catch (error) {
      const why = error instanceof Error ? error.message : 'unknown';
      throw new CoverageWriteError(`Octolens could not save this coverage request to follow its progress (${why}). The options page lists it.`);
    }
    return list;
  });
  queue = next.catch(() => undefined);
  return next;
}

/** The kept requests, for views: read and watch, no setter. */
export const coverageRequestsView = {
  getValue: async () => valid(await item.getValue()),
  watch: (cb: (requests: CoverageRequest[]) => void) => item.watch((value) => cb(valid(value))),
};
