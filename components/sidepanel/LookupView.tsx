import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { followActiveTab, type TabsApi } from '../../lib/active-tab';
import { t } from '../../lib/i18n';
import { ProductPanel } from '../popup/ProductPanel';
import { useTabState } from '../popup/start/useTabState';

interface Props {
  /** The window to follow (`?window=<id>`); else the side panel's own window. */
  windowId?: number;
  onSearch: (query?: string) => void;
  announce: (message: string) => void;
  active: boolean;
}

/**
 * The Lookup view of the side panel: the active tab's product, in the popup's own panel, following the tab the user
 * switches to. It shows what the tab's lookup holds (read and watched, never asked for): switching tabs sends
 * nothing. A tab not looked up yet offers **Look up this page**, which asks the background as the popup would.
 */
export function LookupView({ windowId, onSearch, announce }: Props) {
  // null: the active tab is not known yet; undefined: there is none to follow.
  const [tabId, setTabId] = useState<number | undefined | null>(null);
  const box = useRef<HTMLElement>(null);
  const refocus = useRef(false);
  const onTab = useCallback((id: number | undefined) => {
    // Focus inside the panel of the previous tab would be lost with it: it moves to the view itself.
    const focused = document.activeElement;
    refocus.current = !!box.current && focused !== box.current && box.current.contains(focused);
    setTabId(id);
  }, []);
  useEffect(() => followActiveTab(browser as unknown as TabsApi, { windowId }, onTab), [windowId, onTab]);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    box.current?.focus();
  }, [tabId]);

  return (
    <section ref={box} tabIndex={-1} aria-label={t('lookupView.region')} className="lookup-view">
      {tabId === null && (
        <p className="muted" aria-busy="true">
          {t('lookupView.finding')}
        </p>
      )}
      {tabId === undefined && (
        <div className="notice">
          <p>{t('lookupView.noTab')}</p>
        </div>
      )}
      {typeof tabId === 'number' && <TabLookup key={tabId} tabId={tabId} onSearch={onSearch} announce={announce} onAsked={() => box.current?.focus()} />}
    </section>
  );
}

function TabLookup({ tabId, onSearch, announce, onAsked }: { tabId: number; onSearch: Props['onSearch']; announce: Props['announce']; onAsked: () => void }) {
  const { state, error, lookup, read } = useTabState(tabId, undefined, null, { lookUp: false });
  const [asked, setAsked] = useState(false);
  if (!read) {
    return (
      <p className="muted" aria-busy="true">
        {t('lookupView.loading')}
      </p>
    );
  }
  if (!state && !error && !asked) {
    return (
      <div className="notice">
        <h2>{t('lookupView.notYet')}</h2>
        <p>{t('lookupView.notYetText')}</p>
        <div className="notice-actions">
          <button
            type="button"
            onClick={() => {
              setAsked(true);
              lookup(false);
              onAsked();
            }}
          >
            {t('lookupView.lookUp')}
          </button>
        </div>
      </div>
    );
  }
  return <ProductPanel state={state} messagingError={error} onRetry={() => lookup(true)} onSearch={onSearch} announce={announce} />;
}
