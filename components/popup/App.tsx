import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import type { KnownCurrencies } from '../../lib/format';
import { t } from '../../lib/i18n';
import { Tablist } from '../Tablist';
import { HistoryLink } from './HistoryLink';
import { ProductPanel } from './ProductPanel';
import type { TabState } from '../../lib/state';
import type { Kickoff } from './start/early';
import { useTabState } from './start/useTabState';

type TabName = 'product' | 'search' | 'ask';
const TABS: { id: TabName; label: () => string }[] = [
  { id: 'product', label: () => t('popup.tabProduct') },
  { id: 'search', label: () => t('popup.tabSearch') },
  { id: 'ask', label: () => t('popup.tabAsk') },
];

// The Search and Ask views are loaded when first opened: the popup's first paint (and a one-click lookup) does not
// wait for their code.
const SearchPanel = lazy(() => import('./SearchPanel').then((m) => ({ default: m.SearchPanel })));
const AskPanel = lazy(() => import('./AskPanel').then((m) => ({ default: m.AskPanel })));

export function App({ early, initial }: { early: Kickoff; initial?: { state: TabState | null; tabId: number | undefined } }) {
  const [tabId, setTabId] = useState<number | undefined>(initial?.tabId);
  const [tab, setTab] = useState<TabName>('product');
  const [handover, setHandover] = useState<{ q: string; nonce: number } | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  // Search and Ask mount when first opened: a popup used for one lookup makes no other request.
  const [opened, setOpened] = useState<Record<TabName, boolean>>({ product: true, search: false, ask: false });
  useEffect(() => {
    setOpened((o) => (o[tab] ? o : { ...o, [tab]: true }));
  }, [tab]);
  const { state, error, lookup } = useTabState(tabId, early, initial?.state ?? null);
  const poppedOut = early.poppedOut;
  // What the tab's record says about its catalog's currency, for search results (they carry none; #27).
  const record = state?.lookup.data?.product;
  const currencies = useMemo<KnownCurrencies>(
    () => (record?.catalogKey && record.currency ? { [record.catalogKey]: record.currency } : {}),
    [record?.catalogKey, record?.currency],
  );

  useEffect(() => {
    void early.tabId.then(setTabId);
  }, [early]);

  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const openSearch = useCallback((q?: string) => {
    if (q) setHandover({ q, nonce: Date.now() });
    setTab('search');
  }, []);

  return (
    <div className="popup">
      <header className="popup-header">
        <h1>{t('extName')}</h1>
        <div className="header-actions">
          {!poppedOut && tabId !== undefined && (
            <button
              type="button"
              className="link-button"
              onClick={() => void browser.tabs.create({ url: `${browser.runtime.getURL("/popup.html")}?tab=${tabId}` })}
            >
              {t('popup.popOut')}
            </button>
          )}
          {/* #26 seam: History link */}
          <HistoryLink />
          <button type="button" className="link-button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('popup.options')}
          </button>
        </div>
      </header>
      <Tablist tabs={TABS.map((entry) => ({ id: entry.id, label: entry.label() }))} selected={tab} onSelect={setTab} label={t('popup.views')} />
      <div role="tabpanel" id="panel-product" aria-labelledby="tab-product" hidden={tab !== 'product'} className="panel">
        <ProductPanel state={state} messagingError={error} onRetry={() => lookup(true)} onSearch={openSearch} announce={announce} />
      </div>
      <div role="tabpanel" id="panel-search" aria-labelledby="tab-search" hidden={tab !== 'search'} className="panel">
        {opened.search && (
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <SearchPanel initialQuery={handover} announce={announce} active={tab === 'search'} currencies={currencies} />
          </Suspense>
        )}
      </div>
      <div role="tabpanel" id="panel-ask" aria-labelledby="tab-ask" hidden={tab !== 'ask'} className="panel">
        {opened.ask && (
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <AskPanel active={tab === 'ask'} announce={announce} />
          </Suspense>
        )}
      </div>
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </div>
  );
}
