/**
 * The options page's "URL lists": the organisation's coverage URL lists (name, status, URL count, created date), with
 * Create, Delete (confirmed first) and Open (the list's URLs, page by page, each with Remove). It loads when the
 * options page opens, and on Refresh; every other call is a button the user pressed. All calls go through the
 * background (lib/background/url-lists.ts).
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatNumber, t, uiLocale } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { describeError, type OctogenErrorData } from '../../lib/octogen/errors';
import type { UrlList, UrlListUrlsPage } from '../../lib/octogen/schemas';
import { URL_LIST_CAPS } from '../../lib/octogen/url-list-caps';
import { checkListName, errorData, urlCount } from '../../lib/url-lists/picker';
import { ErrorNotice } from '../ErrorNotice';

const STATUS: Record<string, () => string> = {
  provisioning: () => t('urlListsPage.statusProvisioning'),
  active: () => t('urlListsPage.statusActive'),
  delete_pending: () => t('urlListsPage.statusDeletePending'),
};

const created = (at: string | null | undefined) => {
  const date = at ? new Date(at) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toLocaleDateString(uiLocale(), { year: 'numeric', month: 'short', day: 'numeric' }) : '—';
};

/** The open list's URLs, page by page. */
interface Opened {
  list: UrlList;
  items: UrlListUrlsPage['items'];
  nextCursor?: string | null;
  loading: boolean;
  error?: OctogenErrorData;
  removing?: string;
}

export function UrlListsSection() {
  const [lists, setLists] = useState<UrlList[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<OctogenErrorData | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<UrlList | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [said, setSaid] = useState('');
  const ids = { heading: useId(), name: useId(), nameError: useId(), urls: useId() };
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openedRef = useRef<HTMLHeadingElement>(null);
  const returnTo = useRef<string | null>(null);

  // The first load's failure is shown but not announced as an alert: the user is not acting on this section yet.
  const [quietError, setQuietError] = useState(false);
  const load = useCallback(async (quiet = false) => {
    setLoading(true);
    setError(null);
    try {
      const page = await send('listUrlLists', {});
      setLists(page.items);
      setSaid(t('urlLists.lists', page.items.length, { n: formatNumber(page.items.length) }));
    } catch (e) {
      setQuietError(quiet);
      setError(errorData(e, 'listUrlLists'));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(true);
  }, [load]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const openedId = opened?.list.urlListId;
  useEffect(() => {
    if (openedId) openedRef.current?.focus();
  }, [openedId]);

  /** Back to the button that opened something, by its accessible name. */
  const refocus = () => {
    const label = returnTo.current;
    returnTo.current = null;
    if (label) queueMicrotask(() => document.querySelector<HTMLButtonElement>(`button[aria-label="${CSS.escape(label)}"]`)?.focus());
  };

  async function create(event: FormEvent) {
    event.preventDefault();
    if (creating) return;
    const checked = checkListName(name);
    if ('problem' in checked) return setNameError(checked.problem);
    setCreating(true);
    setNameError(null);
    try {
      const list = await send('createUrlList', { name: checked.name });
      setName('');
      setSaid(t('urlListsPage.created', { name: list.name }));
      setLists((current) => [...(current ?? []), list]);
    } catch (e) {
      const { title, message } = describeError(errorData(e, 'createUrlList'));
      setNameError(t('urlLists.nameProblem', { title, message }));
    } finally {
      setCreating(false);
    }
  }

  async function remove(list: UrlList) {
    setConfirming(null);
    try {
      const gone = await send('deleteUrlList', { urlListId: list.urlListId });
      setSaid(t('urlListsPage.deleted', { name: list.name }));
      if (opened?.list.urlListId === list.urlListId) setOpened(null);
      setLists((current) => (current ?? []).map((l) => (l.urlListId === list.urlListId ? { ...l, ...gone } : l)));
      queueMicrotask(() => document.getElementById(ids.heading)?.focus());
    } catch (e) {
      setQuietError(false);
      setError(errorData(e, 'deleteUrlList'));
    }
  }

  async function openList(list: UrlList, cursor?: string) {
    setOpened((o) => ({ list, items: cursor && o ? o.items : [], nextCursor: o?.nextCursor, loading: true }));
    try {
      const page = await send('listUrlListUrls', { urlListId: list.urlListId, ...(cursor ? { cursor } : {}) });
      setOpened((o) => (o && o.list.urlListId === list.urlListId ? { ...o, items: [...o.items, ...page.items], nextCursor: page.nextCursor, loading: false } : o));
      setSaid(t(cursor ? 'urlListsPage.shownMore' : 'urlListsPage.shown', { name: list.name, urls: urlCount(page.items.length) }));
    } catch (e) {
      setOpened((o) => (o && o.list.urlListId === list.urlListId ? { ...o, loading: false, error: errorData(e, 'listUrlListUrls') } : o));
    }
  }

  async function removeUrl(list: UrlList, url: string) {
    setOpened((o) => (o ? { ...o, removing: url, error: undefined } : o));
    try {
      const answer = await send('removeUrlsFromList', { urlListId: list.urlListId, urls: [url] });
      setOpened((o) => (o ? { ...o, removing: undefined, items: o.items.filter((i) => i.url !== url) } : o));
      setLists((current) => (current ?? []).map((l) => (l.urlListId === list.urlListId ? { ...l, urlCount: answer.urlCount } : l)));
      setSaid(t('urlListsPage.removedUrl', { url, name: list.name }));
      queueMicrotask(() => openedRef.current?.focus());
    } catch (e) {
      setOpened((o) => (o ? { ...o, removing: undefined, error: errorData(e, 'removeUrlsFromList') } : o));
    }
  }

  return (
    <section aria-labelledby={ids.heading}>
      <h2 id={ids.heading} tabIndex={-1}>
        {t('urlLists.label')}
      </h2>
      <p className="hint">
        {t('urlListsPage.intro', { max: formatNumber(URL_LIST_CAPS.lists) })}
      </p>
      <div className="row">
        <button type="button" onClick={() => !loading && void load()} aria-disabled={loading || undefined} aria-busy={loading || undefined}>
          {loading ? t('common.loading') : t('urlListsPage.refresh')}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {error && !quietError && <ErrorNotice error={error} onRetry={() => void load()} autoRetry={false} context={t('urlLists.label')} />}
      {error && quietError && (
        <div className="notice notice-error">
          <p className="notice-title">
            <strong>{t('urlListsPage.failed', { title: describeError(error).title })}</strong>
          </p>
          <p>{describeError(error).message}</p>
          <p className="muted">{t('urlListsPage.refreshToRetry')}</p>
        </div>
      )}
      {lists && lists.length === 0 && <p className="muted">{t('urlListsPage.none')}</p>}
      {lists && lists.length > 0 && (
        <table aria-label={t('urlLists.yours')}>
          <thead>
            <tr>
              <th scope="col">{t('urlListsPage.colName')}</th>
              <th scope="col">{t('urlListsPage.colStatus')}</th>
              <th scope="col">{t('urlListsPage.colUrls')}</th>
              <th scope="col">{t('urlListsPage.colCreated')}</th>
              <th scope="col">{t('urlListsPage.colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => (
              <tr key={list.urlListId}>
                <th scope="row">{list.name}</th>
                <td>{STATUS[list.status]?.() ?? list.status}</td>
                <td>{urlCount(list.urlCount)}</td>
                <td>{created(list.createdAt)}</td>
                <td>
                  {list.status !== 'delete_pending' && (
                    <div className="row">
                      <button type="button" aria-label={t('urlListsPage.openName', { name: list.name })} onClick={() => ((returnTo.current = t('urlListsPage.openName', { name: list.name })), void openList(list))}>
                        {t('urlListsPage.open')}
                      </button>
                      <button type="button" aria-label={t('urlListsPage.deleteName', { name: list.name })} onClick={() => ((returnTo.current = t('urlListsPage.deleteName', { name: list.name })), setConfirming(list))}>
                        {t('urlListsPage.delete')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <div
          className="notice"
          role="group"
          aria-label={t('urlListsPage.deleteAsk', { name: confirming.name })}
          onKeyDown={(e) => e.key === 'Escape' && (setConfirming(null), refocus())}
        >
          <p>
            {t('urlListsPage.deleteConfirm', { name: confirming.name, urls: urlCount(confirming.urlCount) })}
          </p>
          <div className="notice-actions">
            <button type="button" ref={confirmRef} onClick={() => void remove(confirming)}>
              {t('urlListsPage.deleteList')}
            </button>
            <button type="button" onClick={() => (setConfirming(null), refocus())}>
              {t('urlListsPage.cancel')}
            </button>
          </div>
        </div>
      )}
      {opened && (
        <section aria-labelledby={ids.urls} className="notice" onKeyDown={(e) => e.key === 'Escape' && (setOpened(null), refocus())}>
          <h3 id={ids.urls} ref={openedRef} tabIndex={-1}>
            {t('urlListsPage.urlsIn', { name: opened.list.name })}
          </h3>
          {opened.error && <ErrorNotice error={opened.error} onRetry={() => void openList(opened.list)} autoRetry={false} context={opened.list.name} />}
          {!opened.loading && opened.items.length === 0 && !opened.error && <p className="muted">{t('urlListsPage.noUrls')}</p>}
          {opened.items.length > 0 && (
            <ul aria-label={t('urlListsPage.urlsIn', { name: opened.list.name })}>
              {opened.items.map((item) => (
                <li key={item.url}>
                  <span className="mono">{item.url}</span>{' '}
                  <button type="button" aria-label={t('urlListsPage.removeUrl', { url: item.url })} aria-disabled={opened.removing !== undefined || undefined} onClick={() => opened.removing === undefined && void removeUrl(opened.list, item.url)}>
                    {opened.removing === item.url ? t('urlLists.removing') : t('urlLists.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {opened.loading && (
            <p className="muted" aria-busy="true">
              {t('urlListsPage.loadingUrls')}
            </p>
          )}
          <div className="notice-actions">
            {opened.nextCursor && !opened.loading && (
              <button type="button" onClick={() => void openList(opened.list, opened.nextCursor ?? undefined)}>
                {t('urlListsPage.loadMore')}
              </button>
            )}
            <button type="button" onClick={() => (setOpened(null), refocus())}>
              {t('urlListsPage.closeList')}
            </button>
          </div>
        </section>
      )}
      <form onSubmit={(e) => void create(e)}>
        <label htmlFor={ids.name}>{t('urlLists.newName')}</label>
        <div className="row">
          <input
            id={ids.name}
            value={name}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? ids.nameError : undefined}
            onChange={(e) => (setName(e.target.value), setNameError(null))}
          />
          <button type="submit" aria-disabled={creating || undefined} aria-busy={creating || undefined}>
            {creating ? t('urlLists.creating') : t('urlListsPage.createList')}
          </button>
        </div>
        {nameError && (
          <p id={ids.nameError} className="field-error" role="alert">
            {nameError}
          </p>
        )}
      </form>
    </section>
  );
}
