import { useCallback, useEffect, useRef, useState } from 'react';
import { dateText, phaseText, progressOf, quotaLines, statusText } from '../../lib/coverage/view';
import { formatNumber, t } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { describeError, OctogenError, type OctogenErrorData } from '../../lib/octogen/errors';
import type { VoyageListResponse } from '../../lib/octogen/schemas';

type Load = { phase: 'loading'; list?: VoyageListResponse } | { phase: 'done'; list: VoyageListResponse } | { phase: 'error'; error: OctogenErrorData; list?: VoyageListResponse };

/**
 * The options page's "Coverage requests": the organisation's voyages (`GET /voyage`, read when the page opens and on
 * Refresh) with the voyage quota. A failure shows here only; the rest of the page is unaffected.
 */
export function CoverageRequests() {
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const alive = useRef(true);

  const refresh = useCallback(() => {
    setLoad((current) => ({ phase: 'loading', list: 'list' in current ? current.list : undefined }));
    send('listVoyages').then(
      (list) => alive.current && setLoad({ phase: 'done', list }),
      (e: unknown) => {
        const error = e instanceof OctogenError ? e.data : { kind: 'network' as const, operation: 'listVoyages', message: String(e) };
        if (alive.current) setLoad((current) => ({ phase: 'error', error, list: 'list' in current ? current.list : undefined }));
      },
    );
  }, []);

  useEffect(() => {
    alive.current = true;
    refresh();
    return () => {
      alive.current = false;
    };
  }, [refresh]);

  const list = load.list;
  const quota = list ? quotaLines(list.quotas) : undefined;
  // A failure here is this section's only (no alert: the page opened, the user did not act here); said politely.
  const failure = load.phase === 'error' ? describeError(load.error) : undefined;
  const status =
    load.phase === 'loading'
      ? t('coverageRequests.loading')
      : load.phase === 'done'
        ? t('coverageRequests.count', load.list.items.length, { n: formatNumber(load.list.items.length) })
        : t('coverageRequests.couldNotLoad', { title: failure!.title });

  return (
    <section aria-labelledby="coverage-requests-heading">
      <h2 id="coverage-requests-heading">{t('coverageRequests.heading')}</h2>
      <p className="muted">{t('coverageRequests.intro')}</p>
      <div role="status" aria-live="polite" aria-label={t('coverageRequests.statusLabel')} className="status">
        {status}
      </div>
      {failure && (
        <div className="notice notice-error">
          <p>{failure.message}</p>
          <div className="notice-actions">
            <button type="button" onClick={refresh}>
              {t('common.retry')}
            </button>
          </div>
        </div>
      )}
      {quota !== undefined && (
        <div role="group" aria-label={t('coverageRequests.quota')}>
          <dl className="quota">
            {quota === null && (
              <>
                <dt>{t('coverageRequests.quota')}</dt>
                <dd>{t('coverageRequests.quotaNone')}</dd>
              </>
            )}
            {quota?.monthly && (
              <>
                <dt>{t('coverageRequests.thisMonth')}</dt>
                <dd>{quota.monthly}</dd>
              </>
            )}
            {quota?.concurrent && (
              <>
                <dt>{t('coverageRequests.atATime')}</dt>
                <dd>{quota.concurrent}</dd>
              </>
            )}
          </dl>
        </div>
      )}
      {list && list.items.length === 0 && <p>{t('coverageRequests.none')}</p>}
      {list && list.items.length > 0 && (
        <ul aria-label={t('coverageRequests.heading')} className="coverage-list">
          {list.items.map((task) => (
            <li key={task.taskId}>
              <h3>{task.domain}</h3>
              <p>
                {phaseText(task)} · {statusText(task.status)}
              </p>
              <progress aria-label={t('coverage.progress', { host: task.domain })} value={progressOf(task)} max={100}>
                {t('coverage.percent', { n: formatNumber(progressOf(task)) })}
              </progress>
              <p className="muted">
                {[
                  dateText(task.createdAt) && t('coverageRequests.requested', { date: dateText(task.createdAt)! }),
                  dateText(task.updatedAt) && t('coverageRequests.updated', { date: dateText(task.updatedAt)! }),
                  dateText(task.completedAt) && t('coverageRequests.completed', { date: dateText(task.completedAt)! }),
                ]
                  .filter(Boolean)
                  .join(t('coverageRequests.separator'))}
              </p>
              {task.error && (
                <p role="note">
                  {t('coverageRequests.error', { message: task.error.message ?? task.error.code })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" onClick={() => load.phase !== 'loading' && refresh()} aria-disabled={load.phase === 'loading'}>
          {t('coverageRequests.refresh')}
        </button>
      </div>
    </section>
  );
}
