/**
 * "Add to URL list" on the record: what this browser knows of the page's lists ("In URL list: Watch", from the local
 * membership store, no network call), and a button that opens the picker (lib/url-lists/picker.ts). The picker is a
 * disclosure: focus moves into it when it opens and back to its button when it closes (Close, or Escape).
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { send } from '../../lib/messaging';
import { listsOfPage, membershipItem, type ListRef } from '../../lib/url-lists/membership';
import { CLOSED, PickerController, urlCount, type PickerApi, type PickerState } from '../../lib/url-lists/picker';
import { describeError } from '../../lib/octogen/errors';
import { URL_LIST_CAPS } from '../../lib/octogen/schemas';
import { ErrorNotice } from '../ErrorNotice';

const api: PickerApi = {
  urlListsForPage: (url) => send('urlListsForPage', { url }),
  createUrlList: (name) => send('createUrlList', { name }),
  addUrlToList: (list, url) => send('addUrlToList', { urlListId: list.urlListId, name: list.name, url }),
  removeUrlsFromList: (list, urls) => send('removeUrlsFromList', { urlListId: list.urlListId, urls }),
};

/** The lists the browser last learned hold `url`, kept up to date while shown. */
export function useMembership(url: string): ListRef[] {
  const [lists, setLists] = useState<ListRef[]>([]);
  useEffect(() => {
    let live = true;
    void membershipItem.getValue().then((m) => live && setLists(listsOfPage(m, url)), () => undefined);
    const stop = membershipItem.watch((m) => setLists(listsOfPage(m, url)));
    return () => {
      live = false;
      stop();
    };
  }, [url]);
  return lists;
}

export function UrlListPicker({ url, announce }: { url: string; announce: (message: string) => void }) {
  const [state, setState] = useState<PickerState>(CLOSED);
  const controller = useMemo(() => new PickerController(api, setState), []);
  const membership = useMembership(url);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const wasOpen = useRef(false);
  const ids = { panel: useId(), heading: useId(), name: useId(), nameError: useId() };
  const open = state.status !== 'closed';

  useEffect(() => {
    if (state.said) announce(state.said);
  }, [state.said, announce]);
  // Focus into the picker when it opens, back to its button when it closes.
  useEffect(() => {
    if (open && !wasOpen.current) headingRef.current?.focus();
    if (!open && wasOpen.current) buttonRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  useEffect(() => () => controller.close(), [controller]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    controller.close();
  };
  // Buttons stay enabled while busy (aria-disabled; the controller ignores a second action): a disabled button would
  // drop the keyboard focus out of the picker.
  const busy = state.busy !== undefined;

  return (
    <section className="url-lists" aria-label="URL lists">
      {membership.length > 0 && (
        <p className="muted" data-testid="url-list-membership">
          {membership.length === 1 ? 'In URL list: ' : 'In URL lists: '}
          {membership.map((l) => l.name).join(', ')}
        </p>
      )}
      <button
        type="button"
        ref={buttonRef}
        aria-expanded={open}
        aria-controls={open ? ids.panel : undefined}
        onClick={() => (open ? controller.close() : void controller.open(url))}
      >
        Add to URL list
      </button>
      {open && (
        <div id={ids.panel} role="group" aria-labelledby={ids.heading} className="notice" onKeyDown={onKeyDown}>
          <h2 id={ids.heading} ref={headingRef} tabIndex={-1}>
            Add this page to a URL list
          </h2>
          {state.status === 'loading' && (
            <p className="muted" aria-busy="true">
              Loading your URL lists…
            </p>
          )}
          {state.error && <ErrorNotice error={state.error} onRetry={() => void controller.retry()} autoRetry={false} context="URL lists" />}
          {state.status === 'error' && state.error && !['retry', 'wait'].includes(describeError(state.error).action) && (
            <button type="button" onClick={() => void controller.retry()}>
              Try again
            </button>
          )}
          {state.status === 'ready' && state.lists.length === 0 && <p className="muted">You have no URL lists yet.</p>}
          {state.lists.length > 0 && (
            <ul aria-label="Your URL lists" className="url-list-choices">
              {state.lists.map(({ list, present, checkError }) => {
                const error = state.listErrors[list.urlListId];
                const working = state.busy === list.urlListId;
                return (
                  <li key={list.urlListId}>
                    <strong>{list.name}</strong>{' '}
                    <span className="muted">
                      {urlCount(list.urlCount)}
                      {list.status === 'provisioning' ? ', provisioning' : ''}
                    </span>{' '}
                    {present === true && <span>This page is in this list.</span>}
                    {present === null && <span className="muted">Could not check this list{checkError ? ` (${checkError.detail ?? checkError.kind})` : ''}.</span>}{' '}
                    {present === true ? (
                      <button type="button" aria-label={`Remove this page from ${list.name}`} aria-disabled={busy || undefined} aria-busy={working || undefined} onClick={() => void controller.remove(list)}>
                        {working ? 'Removing…' : 'Remove'}
                      </button>
                    ) : (
                      <button type="button" aria-label={`Add this page to ${list.name}`} aria-disabled={busy || undefined} aria-busy={working || undefined} onClick={() => void controller.add(list)}>
                        {working ? 'Adding…' : 'Add'}
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
              <label htmlFor={ids.name}>New list name</label>
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
                  {state.busy === 'create' ? 'Creating…' : 'Create list and add'}
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
            <button type="button" onClick={() => controller.close()}>
              Close
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
