import { browser } from 'wxt/browser';

/** The popup header's way to the History page, opened in a new tab (it reads nothing until opened). */
export function HistoryLink() {
  return (
    <button type="button" className="link-button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/history.html') })}>
      History
    </button>
  );
}
