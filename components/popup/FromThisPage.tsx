import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { FromPageAction, type FromPageView } from '../../lib/page-actions';
import { ErrorNotice } from '../ErrorNotice';

export interface FromThisPageProps {
  tabId: number;
  /** Look the tab up again (the panel's Retry): for a tab that no longer shows the page that was looked up. */
  onLookUpAgain: () => void;
  onSearch: () => void;
  announce: (message: string) => void;
}

/** What the button sends, said beside it (and as its description). */
export const fromPageDisclosure = () => t('fromPage.disclosure');

/** Once the record is in, focus goes to its title (the button the user pressed is gone with the 404). */
function focusRecordWhenShown(deadline = Date.now() + 2000): void {
  const title = document.querySelector<HTMLElement>('.record .record-title');
  if (title) {
    title.tabIndex = -1;
    title.focus();
  } else if (Date.now() < deadline) requestAnimationFrame(() => focusRecordWhenShown(deadline));
}

/** "Not in your catalogs" → Look up from this page: the page's HTML goes to resolve-from-html on this click only. */
export function FromThisPage({ tabId, onLookUpAgain, onSearch, announce }: FromThisPageProps) {
  const descriptionId = useId();
  const [view, setView] = useState<FromPageView>({ phase: 'idle' });
  const [action] = useState(() => new FromPageAction({ resolve: () => send('resolveFromPage', { tabId }), onChange: setView }));
  useEffect(() => () => action.dispose(), [action]);

  const lookUp = () => {
    announce(t('fromPage.sending'));
    void action.run().then((state) => {
      if (!state) return;
      // (The panel announces the record as it does any: "Resolved … from this page.")
      if (state.lookup.phase === 'done') focusRecordWhenShown();
    });
  };
  useEffect(() => {
    if (view.phase === 'error' && view.error) announce(t('fromPage.failed'));
  }, [view, announce]);

  const sending = view.phase === 'sending';
  return (
    <section className="notice from-page" aria-label={t('fromPage.label')}>
      <p id={descriptionId} className="muted">
        {fromPageDisclosure()}
      </p>
      <div className="notice-actions">
        <button type="button" onClick={lookUp} aria-disabled={sending} aria-describedby={descriptionId}>
          {t('fromPage.button')}
        </button>
      </div>
      {sending && (
        <p className="muted" aria-busy="true">
          {t('fromPage.reading')}
        </p>
      )}
      {view.phase === 'error' && view.error && (
        <ErrorNotice
          error={view.error}
          at={view.errorAt}
          context={t('fromPage.label')}
          onRetry={view.error.detail === 'page_changed' ? onLookUpAgain : lookUp}
          onSearch={onSearch}
          onOpenOptions={() => void browser.runtime.openOptionsPage()}
        />
      )}
    </section>
  );
}
