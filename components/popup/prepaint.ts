/**
 * A reopened popup's very first frame, before React has loaded: the static shell of popup.html gets the known
 * record's title, brand and price and the similar items' titles, built with plain DOM calls (text only, no markup
 * from data). React replaces the whole shell with the full view on its first render.
 */
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
    const price = product.currency
      ? new Intl.NumberFormat(undefined, { style: 'currency', currency: product.currency }).format(product.currentPrice)
      : product.currentPrice.toFixed(2);
    record.append(el('p', 'record-price', price));
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
