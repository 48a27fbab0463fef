import { useCallback, useEffect, useRef, useState } from 'react';
import { dateText, phaseText, progressOf, quotaLines, statusText } from '../../lib/coverage/view';
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
      ? 'Loading coverage requests…'
      : load.phase === 'done'
        ? `${load.list.items.length} coverage request${load.list.items.length === 1 ? '' : 's'}.`
        : `Could not load coverage requests: ${failure!.title}.`;

  return (
    <section aria-labelledby="coverage-requests-heading">
      <h2 id="coverage-requests-heading">Coverage requests</h2>
      <p className="muted">Stores your organisation asked Octogen to cover (from the popup's Request coverage), and its quota for them.</p>
      <div role="status" aria-live="polite" aria-label="Coverage requests status" className="status">
        {status}
      </div>
      {failure && (
        <div className="notice notice-error">
          <p>{failure.message}</p>
          <div className="notice-actions">
            <button type="button" onClick={refresh}>
              Retry
            </button>
          </div>
        </div>
      )}
      {quota !== undefined && (
        <div role="group" aria-label="Voyage quota">
          <dl className="quota">
            {quota === null && (
              <>
                <dt>Voyage quota</dt>
                <dd>None given for this key.</dd>
              </>
            )}
            {quota?.monthly && (
              <>
                <dt>This month</dt>
                <dd>{quota.monthly}</dd>
              </>
            )}
            {quota?.concurrent && (
              <>
                <dt>At a time</dt>
                <dd>{quota.concurrent}</dd>
              </>
            )}
          </dl>
        </div>
      )}
      {list && list.items.length === 0 && <p>No coverage requests yet.</p>}
      {list && list.items.length > 0 && (
        <ul aria-label="Coverage requests" className="coverage-list">
          {list.items.map((task) => (
            <li key={task.taskId}>
              <h3>{task.domain}</h3>
              <p>
                {phaseText(task)} · {statusText(task.status)}
              </p>
              <progress aria-label={`Coverage of ${task.domain}`} value={progressOf(task)} max={100}>
                {progressOf(task)} %
              </progress>
              <p className="muted">
                {[
                  dateText(task.createdAt) && `Requested ${dateText(task.createdAt)}`,
                  dateText(task.updatedAt) && `updated ${dateText(task.updatedAt)}`,
                  dateText(task.completedAt) && `completed ${dateText(task.completedAt)}`,
                ]
                  .filter(Boolean)
                  .join(', ')}
              </p>
              {task.error && (
                <p role="note">
                  Error: {task.error.message ?? task.error.code}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" onClick={() => load.phase !== 'loading' && refresh()} aria-disabled={load.phase === 'loading'}>
          Refresh coverage requests
        </button>
      </div>
    </section>
  );
}
