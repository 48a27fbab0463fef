/**
 * A reopened popup's very first frame, before React has loaded (step 3 in early.ts): the static shell of popup.html
 * gets the known record's title, brand and price and the similar items' titles (a `FirstFrame`, lib/wire.ts), built
 * with plain DOM calls (text only, no markup from data), in the views' own markup (held to it by
 * tests/unit/popup/first-frame-markup.test.tsx). React replaces the whole shell on its first render.
 */
import { formatPrice, message, uiLocale } from '../../../lib/locale';
import { TIMING, type FirstFrame } from '../../../lib/wire';

/**
 * The static shell's words in the UI's language, before its first frame (#27): each `data-i18n` element's text and
 * each `data-i18n-label` element's aria-label is the named message (the shell is written in English in popup.html;
 * this script runs right after it is parsed, before it is painted).
 */
export function localizeShell(root: HTMLElement): void {
  document.documentElement.lang = uiLocale();
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = message(node.dataset.i18n!) || node.textContent;
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    node.setAttribute('aria-label', message(node.dataset.i18nLabel!) || node.getAttribute('aria-label') || '');
  }
}

/**
 * Paint `frame` into the untouched static shell, in place of "Reading this page…"; the panel is marked
 * `data-frame`, which the module entry reads (views.ts). Into a root React already owns, nothing.
 */
export function paintFirstFrame(root: HTMLElement, frame: FirstFrame): void {
  const panel = root.querySelector<HTMLElement>('[data-shell] [role="tabpanel"]');
  if (!panel) return;
  const el = (tag: string, className: string, text?: string) => {
    const node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  panel.dataset.frame = '';
  const record = el('article', 'record');
  const title = el('h2', 'record-title bidi', frame.title);
  title.dir = 'auto';
  title.setAttribute('elementtiming', TIMING.record);
  record.append(title);
  if (frame.brand) {
    const brand = el('p', 'record-brand bidi', frame.brand);
    brand.dir = 'auto';
    record.append(brand);
  }
  if (frame.price !== undefined) {
    // The price a frame later: the first number format in a fresh extension process loads ICU's locale data, which
    // the title's frame should not wait for. formatPrice also survives a currency code Intl refuses (the API's
    // `currency` is any string).
    const price = el('p', 'record-price');
    record.append(price);
    const { price: amount, currency } = frame;
    requestAnimationFrame(() => setTimeout(() => (price.textContent = formatPrice(amount, currency) ?? ''), 0));
  }
  const parts: HTMLElement[] = [record];
  if (frame.similar.length) {
    const section = el('section', 'similar');
    const similar = message('product_similar');
    section.append(el('h2', '', similar));
    const list = el('ul', 'cards');
    list.setAttribute('aria-label', similar);
    for (const title of frame.similar) {
      const li = el('li', 'card');
      const text = el('span', 'card-title bidi', title);
      text.dir = 'auto';
      text.setAttribute('elementtiming', TIMING.card);
      li.append(text);
      list.append(li);
    }
    section.append(list);
    parts.push(section);
  }
  panel.replaceChildren(...parts);
}
