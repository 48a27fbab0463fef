/**
 * A reopened popup's very first frame, before React has loaded (step 3 in early.ts): the static shell of popup.html
 * gets the known record's title, brand and price and the similar items' titles (a `FirstFrame`, lib/wire.ts), built
 * with plain DOM calls (text only, no markup from data), in the views' own markup (held to it by
 * tests/unit/popup/first-frame-markup.test.tsx). React replaces the whole shell on its first render.
 */
import { formatPrice } from '../../../lib/format';
import { TIMING, type FirstFrame } from '../../../lib/wire';

/**
 * Paint `frame` into the untouched static shell. The same frame again changes nothing; null withdraws an earlier
 * prepaint (the tab's state moved on since the address was set), back to "Reading this page…".
 */
export function paintFirstFrame(root: HTMLElement, frame: FirstFrame | null): void {
  // Only into the untouched static shell: once React has rendered, it owns the root.
  const panel = root.querySelector<HTMLElement>('[data-shell] [role="tabpanel"]');
  if (!panel) return;
  const key = frame ? JSON.stringify(frame) : '';
  if ((panel.dataset.frame ?? '') === key) return;
  const el = (tag: string, className: string, text?: string) => {
    const node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  if (!frame) {
    // Back to the shell's own status.
    delete panel.dataset.frame;
    const status = el('p', 'muted shell-status', 'Reading this page…');
    status.setAttribute('aria-busy', 'true');
    panel.replaceChildren(status);
    return;
  }
  panel.dataset.frame = key;
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
