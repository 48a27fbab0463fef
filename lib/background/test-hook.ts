/**
 * SANDBOX BUILD ONLY (tests, `npm start`): entrypoints/background.ts starts it only when the build defines
 * `import.meta.env.OCTOLENS_SANDBOX`, so the store build does not contain it (tests/package checks the bundles).
 *
 * A WebDriver BiDi driver may not open `moz-extension://` pages in Firefox. It navigates a tab instead to
 * `http://127.0.0.1:<any port>/__octolens/open?page=<page>` (loopback only), and this opens `<page>`, one of the
 * extension's own pages (`options.html`, `popup.html?tab=<id>`, `sidepanel.html`), in a new tab the driver then finds
 * among its pages. Nothing else: no message, no API call, no access to anything the page could not reach itself.
 */
import { browser } from 'wxt/browser';

export const TEST_HOOK_PATH = '/__octolens/open';
const PAGES = new Set(['popup.html', 'options.html', 'sidepanel.html']);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The extension page a hook address asks for (`options.html`, `popup.html?tab=3`), or undefined for any other address. */
export function hookedPage(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || url.pathname !== TEST_HOOK_PATH) return undefined;
  const asked = url.searchParams.get('page') ?? '';
  const [file = '', query] = asked.split(/\?(.*)/s, 2);
  if (!PAGES.has(file)) return undefined;
  const params = new URLSearchParams(query ?? '');
  // Only `tab=<id>`: nothing a page could use to make another page of ours do something else.
  const tab = params.get('tab');
  return tab !== null && /^\d+$/.test(tab) ? `${file}?tab=${tab}` : file;
}

export function startTestHook(): () => void {
  const onUpdated = (_tabId: number, change: { url?: string }) => {
    const page = change.url === undefined ? undefined : hookedPage(change.url);
    if (page) void browser.tabs.create({ url: browser.runtime.getURL(`/${page}` as '/options.html'), active: true });
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  return () => browser.tabs.onUpdated.removeListener(onUpdated);
}
