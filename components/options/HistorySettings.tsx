import { useEffect, useId, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import type { HistoryStatus } from '../../lib/history/types';
import { send } from '../../lib/messaging';
import { describeError, OctogenError } from '../../lib/octogen/errors';

/** The History page (entrypoints/history, branch i26-views: until it is merged, WXT's typed paths do not list it). */
export const HISTORY_PAGE = '/history.html';
const historyPageUrl = () => (browser.runtime.getURL as (path: string) => string)(HISTORY_PAGE);

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString()} kB`;
const lookups = (n: number) => `${n.toLocaleString()} lookup${n === 1 ? '' : 's'}`;

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
    send('historyStatus').then(setStatus, (e: unknown) => setError(`Could not read the lookup history: ${failure(e)}`));
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
      setError(`${failure(e)} Nothing was changed; try again.`);
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
      <h2 id={ids.heading}>Lookup history</h2>
      <p id={ids.help}>
        Octolens keeps each product you look up (the record and what the page showed, with the time) in this browser only,
        to show what changed since your last lookup. It is never synced or sent anywhere; at most 5,000 lookups (about 4 MB)
        are kept, the oldest going first. Lookups in private windows are never kept.
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
              (s) => (s.enabled ? 'Lookup history is on.' : 'Lookup history is off. What was kept stays until you clear it.'),
            ).then((ok) => !ok && setStatus(was));
          }}
        />{' '}
        Keep a history of my lookups
      </label>
      {status && (
        <p className="muted">
          {status.count ? `${lookups(status.count)} kept (about ${kb(status.bytes)}).` : 'No lookups kept.'}
        </p>
      )}
      <div className="notice-actions">
        <button type="button" ref={clearRef} aria-disabled={busy || undefined} onClick={() => !busy && setConfirming(true)}>
          Clear history
        </button>
        <a href={historyPageUrl()} target="_blank" rel="noopener">
          Open lookup history
        </a>
      </div>
      {confirming && (
        <div className="notice" role="group" aria-label="Clear the lookup history?" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
          <p>Delete every lookup kept in this browser{status?.count ? ` (${lookups(status.count)})` : ''}? This cannot be undone.</p>
          <div className="notice-actions">
            <button
              type="button"
              ref={confirmRef}
              onClick={() => {
                setConfirming(false);
                clearRef.current?.focus();
                void run(() => send('clearHistory'), () => 'Lookup history cleared.');
              }}
            >
              Delete all lookups
            </button>
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div role="status" aria-live="polite" aria-label="Lookup history status" className="status">
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
