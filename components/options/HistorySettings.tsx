import { useEffect, useId, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { HISTORY_PAGE, type HistoryStatus } from '../../lib/history/types';
import { formatNumber, t } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { describeError, OctogenError } from '../../lib/octogen/errors';

/** The History page (entrypoints/history, branch i26-views: until it is merged, WXT's typed paths do not list it). */
const historyPageUrl = () => browser.runtime.getURL(HISTORY_PAGE);

const kb = (bytes: number) => t('historySettings.kb', { n: formatNumber(Math.max(1, Math.round(bytes / 1024))) });

function failure(e: unknown): string {
  if (e instanceof OctogenError) return `${describeError(e.data).title}. ${e.data.message}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The options page's **Lookup history**: the off switch, **Clear history** (confirmed first, announced) and a link to
 * the History page. Every change goes through the background, the history's one writer.
 */
export function HistorySettings() {
  const ids = { heading: useId(), help: useId() };
  const [status, setStatus] = useState<HistoryStatus | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const clearRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    send('historyStatus').then(setStatus, (e: unknown) => setError(t('historySettings.readFailed', { reason: failure(e) })));
  }, []);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  /** Resolves with whether the action succeeded. */
  async function run(action: () => Promise<HistoryStatus>, done: (s: HistoryStatus) => string): Promise<boolean> {
    setBusy(true);
    setError('');
    try {
      const next = await action();
      setStatus(next);
      setMessage(done(next));
      return true;
    } catch (e) {
      setError(t('historySettings.changeFailed', { reason: failure(e) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const cancel = () => {
    setConfirming(false);
    clearRef.current?.focus();
  };

  return (
    <section aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('historySettings.heading')}</h2>
      <p id={ids.help}>
        {status
          ? t('historySettings.helpBounded', { max: formatNumber(status.maxEntries), mb: formatNumber(Math.round(status.maxBytes / 1024 / 1024)) })
          : t('historySettings.help')}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          aria-describedby={ids.help}
          checked={status?.enabled ?? false}
          disabled={!status}
          onChange={(e) => {
            const enabled = e.target.checked;
            const was = status;
            // Shown at once; put back if the background could not save it.
            setStatus((s) => s && { ...s, enabled });
            void run(
              () => send('setHistoryEnabled', { enabled }),
              (s) => (s.enabled ? t('historySettings.on') : t('historySettings.off')),
            ).then((ok) => !ok && setStatus(was));
          }}
        />{' '}
        {t('historySettings.keep')}
      </label>
      {status && (
        <p className="muted">
          {status.count ? t('historySettings.kept', status.count, { n: formatNumber(status.count), size: kb(status.bytes) }) : t('historySettings.none')}
        </p>
      )}
      <div className="notice-actions">
        <button type="button" ref={clearRef} aria-disabled={busy || undefined} onClick={() => !busy && setConfirming(true)}>
          {t('historySettings.clear')}
        </button>
        <a href={historyPageUrl()} target="_blank" rel="noopener">
          {t('historySettings.open')}
        </a>
      </div>
      {confirming && (
        <div className="notice" role="group" aria-label={t('historySettings.confirmLabel')} onKeyDown={(e) => e.key === 'Escape' && cancel()}>
          <p>{status?.count ? t('historySettings.confirmCount', status.count, { n: formatNumber(status.count) }) : t('historySettings.confirm')}</p>
          <div className="notice-actions">
            <button
              type="button"
              ref={confirmRef}
              onClick={() => {
                setConfirming(false);
                clearRef.current?.focus();
                void run(() => send('clearHistory'), () => t('historySettings.cleared'));
              }}
            >
              {t('historySettings.deleteAll')}
            </button>
            <button type="button" onClick={cancel}>
              {t('historySettings.cancel')}
            </button>
          </div>
        </div>
      )}
      <div role="status" aria-live="polite" aria-label={t('historySettings.status')} className="status">
        {message && <p>{message}</p>}
      </div>
      {error && (
        <div role="alert" className="notice notice-error">
          <p>{error}</p>
        </div>
      )}
    </section>
  );
}
