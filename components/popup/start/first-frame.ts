/**
 * A reopened popup's very first frame, before React has loaded (step 3 in early.ts): the static shell of popup.html
 * gets the known record's title, brand and price and the similar items' titles (a `FirstFrame`, lib/wire.ts), built
 * with plain DOM calls (text only, no markup from data), in the views' own markup (held to it by
 * tests/unit/popup/first-frame-markup.test.tsx). React replaces the whole shell on its first render.
 */
import { formatPrice } from '../../../lib/format';
import { TIMING, type FirstFrame } from '../../../lib/wire';

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
  const title = el('h2', 'record-title', frame.title);
  title.setAttribute('elementtiming', TIMING.record);
  record.append(title);
  if (frame.brand) record.append(el('p', 'record-brand', frame.brand));
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
    section.append(el('h2', '', 'Similar items'));
    const list = el('ul', 'cards');
    list.setAttribute('aria-label', 'Similar items');
    for (const title of frame.similar) {
      const li = el('li', 'card');
      const text = el('span', 'card-title', title);
      text.setAttribute('elementtiming', TIMING.card);
      li.append(text);
      list.append(li);
    }
    section.append(list);
    parts.push(section);
  }
  panel.replaceChildren(...parts);
}
