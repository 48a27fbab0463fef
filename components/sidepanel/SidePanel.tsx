import { lazy, Suspense, useCallback, useState } from 'react';
import { AskPanel } from '../popup/AskPanel';
import { t } from '../../lib/i18n';
import { Tablist } from '../Tablist';

type View = 'lookup' | 'search' | 'ask';
const views = (): { id: View; label: string }[] => [
  { id: 'lookup', label: t('lookupView.tab') },
  { id: 'search', label: t('popup.tabSearch') },
  { id: 'ask', label: t('popup.tabAsk') },
];

// Loaded when first opened: the side panel opens on Ask, as it always did, and costs nothing else until asked.
const LookupView = lazy(() => import('./LookupView').then((m) => ({ default: m.LookupView })));
const SearchPanel = lazy(() => import('../popup/SearchPanel').then((m) => ({ default: m.SearchPanel })));

/**
 * The side panel (Chrome) or sidebar (Firefox): the popup's views with room to spare. **Lookup** shows the active tab's
 * product as the popup does and follows the tab the user switches to; **Ask** is where it opens.
 */
export function SidePanel({ windowId }: { windowId?: number }) {
  const [view, setView] = useState<View>('ask');
  const [opened, setOpened] = useState<Record<View, boolean>>({ lookup: false, search: false, ask: true });
  const [handover, setHandover] = useState<{ q: string; nonce: number } | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const select = useCallback((id: View) => {
    setView(id);
    setOpened((o) => (o[id] ? o : { ...o, [id]: true }));
  }, []);
  const openSearch = useCallback(
    (q?: string) => {
      if (q) setHandover({ q, nonce: Date.now() });
      select('search');
    },
    [select],
  );
  const loading = <p className="muted" aria-busy="true">{t('common.loading')}</p>;
  return (
    <main className="sidepanel">
      <h1>Octolens</h1>
      <Tablist tabs={views()} selected={view} onSelect={select} label={t('popup.views')} />
      <div role="tabpanel" id="panel-lookup" aria-labelledby="tab-lookup" hidden={view !== 'lookup'} className="panel">
        {opened.lookup && (
          <Suspense fallback={loading}>
            <LookupView windowId={windowId} onSearch={openSearch} announce={announce} active={view === 'lookup'} />
          </Suspense>
        )}
      </div>
      <div role="tabpanel" id="panel-search" aria-labelledby="tab-search" hidden={view !== 'search'} className="panel">
        {opened.search && (
          <Suspense fallback={loading}>
            <SearchPanel initialQuery={handover} announce={announce} active={view === 'search'} />
          </Suspense>
        )}
      </div>
      <div role="tabpanel" id="panel-ask" aria-labelledby="tab-ask" hidden={view !== 'ask'} className="panel">
        <AskPanel active={view === 'ask'} announce={announce} />
      </div>
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </main>
  );
}
