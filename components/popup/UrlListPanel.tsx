/**
 * The "Add to URL list" picker itself (lib/url-lists/picker.ts is its state): loaded only when the user opens it, so
 * the popup's first paint does not carry it. It loads and checks the lists when it mounts; focus goes to its heading.
 * Escape or Close asks the owner to close it (focus then goes back to the button: UrlListPicker.tsx).
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { t } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { describeError } from '../../lib/octogen/errors';
import { URL_LIST_CAPS } from '../../lib/octogen/url-list-caps';
import { CLOSED, PickerController, urlCount, type PickerApi, type PickerState } from '../../lib/url-lists/picker';
import { ErrorNotice } from '../ErrorNotice';

const api: PickerApi = {
  urlListsForPage: (url) => send('urlListsForPage', { url }),
  createUrlList: (name) => send('createUrlList', { name }),
  addUrlToList: (list, url) => send('addUrlToList', { urlListId: list.urlListId, name: list.name, url }),
  removeUrlsFromList: (list, urls) => send('removeUrlsFromList', { urlListId: list.urlListId, urls }),
};

export interface UrlListPanelProps {
  id: string;
  url: string;
  announce: (message: string) => void;
  onClose: () => void;
}

export function UrlListPanel({ id, url, announce, onClose }: UrlListPanelProps) {
  const [state, setState] = useState<PickerState>(CLOSED);
  const controller = useMemo(() => new PickerController(api, setState), []);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ids = { heading: useId(), name: useId(), nameError: useId() };

  useEffect(() => {
    if (state.said) announce(state.said);
  }, [state.said, announce]);
  // Open (load and check) on mount, focus the heading; an answer that comes after closing is dropped.
  useEffect(() => {
    headingRef.current?.focus();
    void controller.open(url);
    return () => controller.close();
  }, [controller, url]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };
  // Buttons stay enabled while busy (aria-disabled; the controller ignores a second action): a disabled button would
  // drop the keyboard focus out of the picker.
  const busy = state.busy !== undefined;

  return (
    <div id={id} role="group" aria-labelledby={ids.heading} className="notice" onKeyDown={onKeyDown}>
      <h2 id={ids.heading} ref={headingRef} tabIndex={-1}>
        {t('urlLists.heading')}
      </h2>
      {state.status === 'loading' && (
        <p className="muted" aria-busy="true">
          {t('urlLists.loading')}
        </p>
      )}
      {state.error && <ErrorNotice error={state.error} onRetry={() => void controller.retry()} autoRetry={false} context={t('urlLists.label')} />}
      {state.status === 'error' && state.error && !['retry', 'wait'].includes(describeError(state.error).action) && (
        <button type="button" onClick={() => void controller.retry()}>
          {t('urlLists.tryAgain')}
        </button>
      )}
      {state.status === 'ready' && state.lists.length === 0 && <p className="muted">{t('urlLists.none')}</p>}
      {state.lists.length > 0 && (
        <ul aria-label={t('urlLists.yours')} className="url-list-choices">
          {state.lists.map(({ list, present, checkError }) => {
            const error = state.listErrors[list.urlListId];
            const working = state.busy === list.urlListId;
            return (
              <li key={list.urlListId}>
                <strong className="bidi" dir="auto">{list.name}</strong>{' '}
                <span className="muted">
                  {urlCount(list.urlCount)}
                  {list.status === 'provisioning' ? t('urlLists.provisioning') : ''}
                </span>{' '}
                {present === true && <span>{t('urlLists.inThis')}</span>}
                {present === null && (
                  <span className="muted">{checkError ? t('urlLists.couldNotCheckWhy', { why: checkError.detail ?? checkError.kind }) : t('urlLists.couldNotCheck')}</span>
                )}{' '}
                {present === true ? (
                  <button type="button" aria-label={t('urlLists.removeFrom', { name: list.name })} aria-disabled={busy || undefined} aria-busy={working || undefined} onClick={() => void controller.remove(list)}>
                    {working ? t('urlLists.removing') : t('urlLists.remove')}
                  </button>
                ) : (
                  <button type="button" aria-label={t('urlLists.addTo', { name: list.name })} aria-disabled={busy || undefined} aria-busy={working || undefined} onClick={() => void controller.add(list)}>
                    {working ? t('urlLists.adding') : t('urlLists.addButton')}
                  </button>
                )}
                {error && (
                  <p className="field-error" role="alert">
                    {error.title}: {error.message}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {state.status !== 'loading' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void controller.create();
          }}
        >
          <label htmlFor={ids.name}>{t('urlLists.newName')}</label>
          <div className="row">
            <input
              id={ids.name}
              value={state.name}
              maxLength={URL_LIST_CAPS.nameLength * 2}
              aria-invalid={state.nameError ? true : undefined}
              aria-describedby={state.nameError ? ids.nameError : undefined}
              onChange={(event) => controller.setName(event.target.value)}
            />
            <button type="submit" aria-disabled={busy || undefined} aria-busy={state.busy === 'create' || undefined}>
              {state.busy === 'create' ? t('urlLists.creating') : t('urlLists.create')}
            </button>
          </div>
          {state.nameError && (
            <p id={ids.nameError} className="field-error" role="alert">
              {state.nameError}
            </p>
          )}
        </form>
      )}
      <div className="notice-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
