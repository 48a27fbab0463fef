import { useEffect, useRef } from 'react';
import { describeError, type OctogenErrorData } from '../lib/octogen/errors';
import { useCountdown } from './useCountdown';

export interface ErrorNoticeProps {
  error: OctogenErrorData;
  /** Epoch ms when the error happened (for Retry-After countdowns). */
  at?: number;
  onRetry?: () => void;
  onOpenOptions?: () => void;
  onSearch?: () => void;
  /** Retry by itself when a Retry-After countdown ends. */
  autoRetry?: boolean;
  /** A short context prefix, e.g. "Similar items". */
  context?: string;
}

/** An error the user can act on: plain words, the action to take, and the raw detail in a disclosure. */
export function ErrorNotice({ error, at, onRetry, onOpenOptions, onSearch, autoRetry = true, context }: ErrorNoticeProps) {
  const description = describeError(error);
  const waitUntil = error.retryAfterSec !== undefined && at !== undefined ? at + error.retryAfterSec * 1000 : undefined;
  const seconds = useCountdown(waitUntil);
  const retried = useRef(false);
  useEffect(() => {
    if (autoRetry && waitUntil !== undefined && seconds === 0 && onRetry && !retried.current && Date.now() >= waitUntil) {
      retried.current = true;
      onRetry();
    }
  }, [autoRetry, seconds, waitUntil, onRetry]);

  const message = description.action === 'wait' && waitUntil !== undefined
    ? `${description.message.replace(/ Retrying in \d+ s\.$/, '')} ${seconds > 0 ? `Retrying in ${seconds} s.` : 'Retrying now.'}`
    : description.message;
  const technical = [error.status ? `HTTP ${error.status}` : error.kind, error.detail, error.path].filter(Boolean).join(' · ');

  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">
        <strong>{context ? `${context}: ${description.title}` : description.title}</strong>
      </p>
      <p>{message}</p>
      {error.fieldErrors && error.fieldErrors.length > 1 && (
        <ul>
          {error.fieldErrors.map((f, i) => (
            <li key={i}>
              {f.loc.filter((p) => p !== 'body').join('.')}: {f.msg}
            </li>
          ))}
        </ul>
      )}
      <div className="notice-actions">
        {description.action === 'open-options' && onOpenOptions && (
          <button type="button" onClick={onOpenOptions}>
            Open options
          </button>
        )}
        {(description.action === 'retry' || description.action === 'wait') && onRetry && (
          <button type="button" onClick={onRetry}>
            {description.action === 'wait' && seconds > 0 ? 'Retry now' : 'Retry'}
          </button>
        )}
        {description.action === 'search' && onSearch && (
          <button type="button" onClick={onSearch}>
            Search your catalogs
          </button>
        )}
      </div>
      <details>
        <summary>Details</summary>
        <p className="mono">{technical}</p>
      </details>
    </div>
  );
}
