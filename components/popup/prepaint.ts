/**
 * A reopened popup's very first frame, before React has loaded: the static shell of popup.html gets the known
 * record's title, brand and price and the similar items' titles, built with plain DOM calls (text only, no markup
 * from data). React replaces the whole shell with the full view on its first render.
 */
import { formatPrice } from '../../lib/format';
import type { TabState } from '../../lib/state';

export function prepaint(root: HTMLElement, state: TabState | null): void {
  const product = state?.lookup.phase === 'done' ? state.lookup.data?.product : undefined;
  // Only into the untouched static shell: once React has rendered, it owns the root.
  const panel = root.querySelector<HTMLElement>('[data-shell] [role="tabpanel"]');
  if (!product?.title || !panel) return;
  const el = (tag: string, className: string, text?: string) => {
    const node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  const record = el('article', 'record');
  record.append(el('h2', 'record-title', product.title));
  if (product.brand?.name) record.append(el('p', 'record-brand', product.brand.name));
  if (product.currentPrice != null) {
    // The price a frame later: the first number format in a fresh extension process loads ICU's locale data (92 ms
    // measured here in Chromium), which the title's frame should not wait for. formatPrice also survives a currency
    // code Intl refuses (the API's `currency` is any string).
    const price = el('p', 'record-price');
    record.append(price);
    const amount = product.currentPrice;
    requestAnimationFrame(() => setTimeout(() => (price.textContent = formatPrice(amount, product.currency) ?? ''), 0));
  }
  const parts: HTMLElement[] = [record];
  const similar = state?.similar.phase === 'done' ? state.similar.data?.items ?? [] : [];
  if (similar.length) {
    const section = el('section', 'similar');
    section.append(el('h2', '', 'Similar items'));
    const list = el('ul', 'cards');
    list.setAttribute('aria-label', 'Similar items');
    for (const item of similar) {
      const li = el('li', 'card');
      li.append(el('span', 'card-title', item.title ?? 'Untitled product'));
      list.append(li);
    }
    section.append(list);
    parts.push(section);
  }
  panel.replaceChildren(...parts);
}
