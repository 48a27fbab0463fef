import { useEffect, useRef } from 'react';
import { t } from '../lib/i18n';
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

  // A countdown in place of the description's own "Retrying in N s." (describeError's `base` is the message without it).
  const message = description.action === 'wait' && waitUntil !== undefined
    ? `${description.base ?? description.message} ${seconds > 0 ? t('error.retrying', { seconds }) : t('error.retryingNow')}`
    : description.message;
  const technical = [error.status ? t('error.http', { status: error.status }) : error.kind, error.detail, error.path].filter(Boolean).join(' · ');

  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">
        <strong>{context ? t('common.contextual', { context, title: description.title }) : description.title}</strong>
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
            {t('common.openOptions')}
          </button>
        )}
        {(description.action === 'retry' || description.action === 'wait') && onRetry && (
          <button type="button" onClick={onRetry}>
            {description.action === 'wait' && seconds > 0 ? t('common.retryNow') : t('common.retry')}
          </button>
        )}
        {description.action === 'search' && onSearch && (
          <button type="button" onClick={onSearch}>
            {t('common.searchCatalogs')}
          </button>
        )}
      </div>
      <details>
        <summary>{t('common.details')}</summary>
        <p className="mono">{technical}</p>
      </details>
    </div>
  );
}
