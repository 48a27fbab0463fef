/**
 * "Add to URL list" on the record: what this browser knows of the page's lists ("In URL list: Watch", from the local
 * membership store, no network call), and a button that opens the picker (UrlListPanel.tsx, loaded on first use). The
 * picker is a disclosure: focus moves into it when it opens and back to this button when it closes (Close, Escape).
 */
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { t } from '../../lib/i18n';
import { listsOfPage, membershipItem, type ListRef } from '../../lib/url-lists/membership';

const UrlListPanel = lazy(() => import('./UrlListPanel').then((m) => ({ default: m.UrlListPanel })));

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
  const [open, setOpen] = useState(false);
  const membership = useMembership(url);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const panelId = useId();
  // Focus back to the button when the picker closes.
  useEffect(() => {
    if (!open && wasOpen.current) buttonRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const close = useCallback(() => setOpen(false), []);

  return (
    <section className="url-lists" aria-label={t('urlLists.label')}>
      {membership.length > 0 && (
        <p className="muted">
          {t(membership.length === 1 ? 'urlLists.inList' : 'urlLists.inLists', { names: membership.map((l) => l.name).join(', ') })}
        </p>
      )}
      <button type="button" ref={buttonRef} aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => setOpen((o) => !o)}>
        {t('urlLists.add')}
      </button>
      {open && (
        <Suspense fallback={<p className="muted" aria-busy="true">{t('urlLists.loading')}</p>}>
          <UrlListPanel id={panelId} url={url} announce={announce} onClose={close} />
        </Suspense>
      )}
    </section>
  );
}
