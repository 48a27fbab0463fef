/** How coverage requests and the voyage quota read, in the popup and the options page alike: plain words, one place. */
import type { VoyageQuotas, VoyageTask } from '../octogen/schemas';
import type { CoverageRequest } from './store';
import { isFinished } from './store';

const STATUS: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  in_review: 'In review',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const words = (code: string) => code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const statusText = (status: string) => STATUS[status] ?? words(status);
/** The phase as the service labels it, or its code in words. */
export const phaseText = (task: Pick<VoyageTask, 'phase' | 'phaseLabel'>) => task.phaseLabel?.trim() || words(task.phase);
export const progressOf = (task: Pick<VoyageTask, 'progressPercent'>) => Math.round(Math.min(100, Math.max(0, task.progressPercent || 0)));

export function dateText(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export type CoverageOutcome =
  | { kind: 'under-way'; headline: string }
  | { kind: 'covered'; headline: string }
  | { kind: 'failed'; headline: string; reason: string };

/** What a kept request says to the user. */
export function outcomeOf(request: CoverageRequest): CoverageOutcome {
  const { host, task } = request;
  if (!isFinished(request)) {
    return { kind: 'under-way', headline: request.joined ? `Joined a coverage request already under way for ${host}.` : `Coverage requested for ${host}.` };
  }
  if (task.status === 'completed') {
    return { kind: 'covered', headline: request.covered === false ? `Coverage of ${host} is complete.` : `${host} is now covered.` };
  }
  const reason = task.error?.message?.trim() || request.checkError?.message || `The coverage request ended: ${statusText(task.status).toLowerCase()}.`;
  return { kind: 'failed', headline: `Coverage of ${host} did not complete.`, reason };
}

/** One line for the live region: the outcome, and the phase while under way. */
export function announcement(request: CoverageRequest): string {
  const outcome = outcomeOf(request);
  if (outcome.kind === 'under-way') return `${outcome.headline} ${phaseText(request.task)}, ${progressOf(request.task)} %.`;
  if (outcome.kind === 'failed') return `${outcome.headline} ${outcome.reason}`;
  return outcome.headline;
}

/** The organisation's voyage quota in words (null: the service gave none). */
export function quotaLines(quotas: VoyageQuotas | null | undefined): { monthly?: string; concurrent?: string } | null {
  if (!quotas) return null;
  const lines: { monthly?: string; concurrent?: string } = {};
  const m = quotas.monthly;
  if (m && (m.used != null || m.limit != null)) {
    const resets = dateText(m.resetsAt);
    lines.monthly = `${m.used ?? '?'} of ${m.limit ?? 'unlimited'} this month${resets ? `, resets ${resets}` : ''}`;
  }
  const c = quotas.concurrent;
  if (c && (c.used != null || c.limit != null)) lines.concurrent = `${c.used ?? '?'} of ${c.limit ?? 'unlimited'} at a time`;
  return lines;
}
