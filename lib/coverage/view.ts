/** How coverage requests and the voyage quota read, in the popup and the options page alike: plain words, one place. */
import { formatNumber, t, uiLocale } from '../i18n';
import type { VoyageQuotas, VoyageTask } from '../octogen/schemas';
import type { CoverageRequest } from './store';
import { isFinished } from './store';

const STATUS: Record<string, () => string> = {
  queued: () => t('coverage.statusQueued'),
  running: () => t('coverage.statusRunning'),
  in_review: () => t('coverage.statusInReview'),
  completed: () => t('coverage.statusCompleted'),
  failed: () => t('coverage.statusFailed'),
  cancelled: () => t('coverage.statusCancelled'),
};

const words = (code: string) => code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const statusText = (status: string) => STATUS[status]?.() ?? words(status);
/** The phase as the service labels it, or its code in words. */
export const phaseText = (task: Pick<VoyageTask, 'phase' | 'phaseLabel'>) => task.phaseLabel?.trim() || words(task.phase);
export const progressOf = (task: Pick<VoyageTask, 'progressPercent'>) => Math.round(Math.min(100, Math.max(0, task.progressPercent || 0)));

export function dateText(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toLocaleString(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

export type CoverageOutcome =
  | { kind: 'under-way'; headline: string }
  | { kind: 'covered'; headline: string }
  | { kind: 'failed'; headline: string; reason: string };

/** What a kept request says to the user. */
export function outcomeOf(request: CoverageRequest): CoverageOutcome {
  const { host, task } = request;
  if (!isFinished(request)) {
    return { kind: 'under-way', headline: request.joined ? t('coverage.joined', { host }) : t('coverage.requested', { host }) };
  }
  if (task.status === 'completed') {
    return { kind: 'covered', headline: request.covered === false ? t('coverage.complete', { host }) : t('coverage.nowCovered', { host }) };
  }
  const reason = task.error?.message?.trim() || request.checkError?.message || t('coverage.ended', { status: statusText(task.status).toLocaleLowerCase(uiLocale()) });
  return { kind: 'failed', headline: t('coverage.notComplete', { host }), reason };
}

/** One line for the live region: the outcome, and the phase while under way. */
export function announcement(request: CoverageRequest): string {
  const outcome = outcomeOf(request);
  if (outcome.kind === 'under-way') return t('coverage.underWay', { headline: outcome.headline, phase: phaseText(request.task), n: formatNumber(progressOf(request.task)) });
  if (outcome.kind === 'failed') return t('coverage.failedLine', { headline: outcome.headline, reason: outcome.reason });
  return outcome.headline;
}

/** The organisation's voyage quota in words (null: the service gave none). */
export function quotaLines(quotas: VoyageQuotas | null | undefined): { monthly?: string; concurrent?: string } | null {
  if (!quotas) return null;
  const lines: { monthly?: string; concurrent?: string } = {};
  const m = quotas.monthly;
  if (m && (m.used != null || m.limit != null)) {
    const resets = dateText(m.resetsAt);
    const counts = { used: m.used != null ? formatNumber(m.used) : t('coverage.unknown'), limit: m.limit != null ? formatNumber(m.limit) : t('coverage.unlimited') };
    lines.monthly = resets ? t('coverage.monthlyResets', { ...counts, date: resets }) : t('coverage.monthly', counts);
  }
  const c = quotas.concurrent;
  if (c && (c.used != null || c.limit != null)) {
    lines.concurrent = t('coverage.concurrent', { used: c.used != null ? formatNumber(c.used) : t('coverage.unknown'), limit: c.limit != null ? formatNumber(c.limit) : t('coverage.unlimited') });
  }
  return lines;
}
