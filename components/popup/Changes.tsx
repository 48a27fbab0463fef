import { useEffect, useRef } from 'react';
import { describeChange, describeChanges, formatLookupTime } from '../../lib/history/describe';
import { t } from '../../lib/i18n';
import type { TabState } from '../../lib/state';

export interface ChangesProps {
  state: TabState;
  onRefresh: () => void;
  announce: (message: string) => void;
}

/**
 * Beside the record: **Refresh** (looks the product up again past the cache) and, when the record differs from the
 * product's previous lookup, the region **Changes since your last lookup** (from → to, and when that lookup was).
 * The changes come with the tab's state (the background computed them when it recorded the lookup): a reopened popup
 * paints them at once.
 */
export function Changes({ state, onRefresh, announce }: ChangesProps) {
  const lookup = state.lookup;
  const summary = state.changes && state.changes.identity === state.identity && state.changes.changes.length ? state.changes : undefined;
  const announced = useRef('');
  useEffect(() => {
    if (!summary) return;
    const message = t('changes.announce', { when: formatLookupTime(summary.previousAt), changes: describeChanges(summary.changes) });
    if (message === announced.current) return;
    announced.current = message;
    // After the panel's own announcement of the record, made in the same commit.
    const timer = setTimeout(() => announce(message), 0);
    return () => clearTimeout(timer);
  }, [summary, announce]);

  if (!lookup.data || (lookup.phase !== 'done' && lookup.phase !== 'loading')) return null;
  const refreshing = lookup.phase === 'loading';
  return (
    <>
      <div className="record-actions">
        <button
          type="button"
          aria-disabled={refreshing || undefined}
          onClick={() => {
            if (!refreshing) onRefresh();
          }}
        >
          {refreshing ? t('changes.refreshing') : t('changes.refresh')}
        </button>
      </div>
      {summary && lookup.phase === 'done' && (
        <section className="notice" aria-labelledby="changes-heading">
          <h2 id="changes-heading">{t('changes.heading')}</h2>
          <p className="muted">
            {t('changes.lastLookedUp')} <time dateTime={new Date(summary.previousAt).toISOString()}>{formatLookupTime(summary.previousAt)}</time>
          </p>
          <ul aria-label={t('changes.list')}>
            {summary.changes.map((change) => {
              const line = describeChange(change);
              return (
                <li key={change.field}>
                  <strong>{t('changes.label', { label: line.label })}</strong> {line.from} → {line.to}
                  {line.note && <span className="muted"> {t('changes.note', { note: line.note })}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}
