import { useCallback, useEffect, useRef, useState } from 'react';
import { coverageRequestsView, POLL_MINUTES, type CoverageRequest } from '../../lib/coverage/store';
import { announcement, outcomeOf, phaseText, progressOf, statusText } from '../../lib/coverage/view';
import { formatNumber, t, uiLocale } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { OctogenError, type OctogenErrorData } from '../../lib/octogen/errors';
import { normalizeHost } from '../../lib/octogen/urls';
import { ErrorNotice } from '../ErrorNotice';

export interface CoveragePanelProps {
  /** The page the lookup found nothing for. */
  pageUrl: string;
  /** Look the page up again (the popup's Retry). */
  onRetry: () => void;
  announce: (message: string) => void;
}

const asError = (e: unknown, operation: string): OctogenErrorData =>
  e instanceof OctogenError ? e.data : { kind: 'network', operation, message: e instanceof Error ? e.message : String(e) };

const timeText = (at: number) => new Date(at).toLocaleTimeString(uiLocale(), { hour: '2-digit', minute: '2-digit' });

/**
 * After a lookup found nothing: whether the page's store is covered by the catalogs and, when it is not, Request
 * coverage (a voyage) with its phase and progress, kept current from storage (the background follows it, also with
 * the popup closed). A view: the background decides and keeps everything (lib/background/coverage.ts).
 */
export function CoveragePanel({ pageUrl, onRetry, announce }: CoveragePanelProps) {
  const host = normalizeHost(pageUrl);
  const [covered, setCovered] = useState<boolean | null | undefined>(undefined);
  const [factError, setFactError] = useState<OctogenErrorData | null>(null);
  const [requests, setRequests] = useState<CoverageRequest[]>([]);
  const [busy, setBusy] = useState<'request' | 'check' | null>(null);
  const [actionError, setActionError] = useState<OctogenErrorData | null>(null);
  const [notKept, setNotKept] = useState<string | undefined>();
  const [answered, setAnswered] = useState<CoverageRequest | undefined>();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focusStatus = useRef(false);
  const lastAnnounced = useRef('');

  useEffect(() => {
    let alive = true;
    send('storeCoverage', { url: pageUrl }).then(
      (fact) => alive && setCovered(fact.covered),
      (e: unknown) => alive && setFactError(asError(e, 'storeCoverage')),
    );
    const unwatch = coverageRequestsView.watch((list) => alive && setRequests(list));
    void coverageRequestsView.getValue().then((list) => alive && setRequests(list), () => undefined);
    return () => {
      alive = false;
      unwatch();
    };
  }, [pageUrl]);

  // The store's request as kept (or, when it could not be kept, as the service answered it).
  const request = requests.find((r) => r.host === host) ?? (answered?.host === host ? answered : undefined);

  const requestCoverage = useCallback(() => {
    setBusy('request');
    setActionError(null);
    send('requestCoverage', { url: pageUrl }).then(
      ({ request: made, notKept: why }) => {
        setAnswered(made);
        setNotKept(why);
        focusStatus.current = true;
        setBusy(null);
      },
      (e: unknown) => {
        setActionError(asError(e, 'startVoyage'));
        setBusy(null);
      },
    );
  }, [pageUrl]);

  const checkNow = useCallback(() => {
    setBusy('check');
    setActionError(null);
    send('checkCoverage', { host }).then(
      () => setBusy(null),
      (e: unknown) => {
        setActionError(asError(e, 'getVoyage'));
        setBusy(null);
      },
    );
  }, [host]);

  // Each new outcome or phase is announced once; focus goes to the request's status once it is made.
  const said = request ? announcement(request) : '';
  useEffect(() => {
    if (said && said !== lastAnnounced.current) {
      lastAnnounced.current = said;
      announce(said);
    }
    if (request && focusStatus.current) {
      focusStatus.current = false;
      statusRef.current?.focus();
    }
  }, [said, request, announce]);

  if (!host) return null;
  const outcome = request ? outcomeOf(request) : undefined;

  return (
    <section className="coverage" aria-labelledby="coverage-heading">
      <h2 id="coverage-heading">{t('coverage.heading')}</h2>
      {outcome?.kind === 'under-way' && request && (
        <>
          <p ref={statusRef} tabIndex={-1}>
            <strong>{outcome.headline}</strong>
          </p>
          <p>{t('coverage.phaseStatus', { phase: phaseText(request.task), status: statusText(request.task.status) })}</p>
          <progress aria-label={t('coverage.progress', { host })} value={progressOf(request.task)} max={100}>
            {t('coverage.percent', { n: formatNumber(progressOf(request.task)) })}
          </progress>
          <p className="muted">{t('coverage.lastChecked', { time: timeText(request.checkedAt), minutes: formatNumber(POLL_MINUTES) })}</p>
          {request.checkError && <ErrorNotice error={request.checkError} at={request.checkedAt} autoRetry={false} context={t('coverage.checkingProgress')} />}
          <div className="notice-actions">
            <button type="button" onClick={() => busy === null && checkNow()} aria-disabled={busy !== null}>
              {busy === 'check' ? t('coverage.checking') : t('coverage.checkNow')}
            </button>
          </div>
        </>
      )}
      {outcome?.kind === 'covered' && (
        <>
          <p ref={statusRef} tabIndex={-1}>
            <strong>{outcome.headline}</strong> {t('coverage.lookAgainText')}
          </p>
          <div className="notice-actions">
            <button type="button" onClick={onRetry}>
              {t('coverage.lookAgain')}
            </button>
          </div>
        </>
      )}
      {outcome?.kind === 'failed' && (
        <p ref={statusRef} tabIndex={-1}>
          <strong>{outcome.headline}</strong> {outcome.reason}
        </p>
      )}
      {!outcome && covered === undefined && !factError && (
        <p className="muted" aria-busy="true">
          {t('coverage.checkingCover', { host })}
        </p>
      )}
      {!outcome && covered === true && <p>{t('coverage.coveredNotYet', { host })}</p>}
      {!outcome && (covered === false || covered === null || factError) && (
        <p>{covered === false ? t('coverage.notCovered', { host }) : t('coverage.couldNotCheck', { host })}</p>
      )}
      {(outcome?.kind === 'failed' || (!outcome && covered !== true && (covered !== undefined || factError))) && (
        <div className="notice-actions">
          <button type="button" onClick={() => busy === null && requestCoverage()} aria-disabled={busy !== null}>
            {busy === 'request' ? t('coverage.requesting') : outcome ? t('coverage.requestAgain') : t('coverage.request')}
          </button>
        </div>
      )}
      {notKept && (
        <p className="notice" role="alert">
          {notKept}
        </p>
      )}
      {actionError && (
        <ErrorNotice
          error={actionError}
          autoRetry={false}
          onRetry={busy === null ? (request && outcome?.kind === 'under-way' ? checkNow : requestCoverage) : undefined}
          context={actionError.operation === 'getVoyage' ? t('coverage.checkingProgress') : t('coverage.coverageRequest')}
        />
      )}
    </section>
  );
}
