import { browser } from 'wxt/browser';
import { HISTORY_PAGE } from '../../lib/history/types';
import { t } from '../../lib/i18n';

/** The popup header's way to the History page, opened in a new tab (it reads nothing until opened). */
export function HistoryLink() {
  return (
    <button type="button" className="link-button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL(HISTORY_PAGE) })}>
      {t('historyLink.label')}
    </button>
  );
}
