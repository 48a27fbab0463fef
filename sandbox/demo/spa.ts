/**
 * `/demo/assets/spa.js`: the script of the single-page-app demo pages (`/demo/<store>/spa[/<handle>]`).
 *
 * The page carries its products in `<script type="application/json" id="spa-data">` (a data block, not an inline
 * script). "Next product" swaps the `#spa-root` content, replaces the JSON-LD `<script id="spa-jsonld">` element
 * with a new one, updates the canonical link and the title, and calls history.pushState; Back/Forward re-render from
 * the history state. `<html data-spa-ready>` is set once the script is wired up and `data-spa-handle` names the product
 * on screen, so browser tests can wait for either.
 */
export const SPA_JS = `(function () {
  'use strict';
  var dataEl = document.getElementById('spa-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var items = data.items || [];
  var current = typeof data.current === 'number' ? data.current : 0;
  if (!items.length) return;

  function indexOfPath(path) {
    for (var i = 0; i < items.length; i++) if (items[i].path === path) return i;
    return -1;
  }

  function render(i, push) {
    var item = items[i];
    if (!item) return;
    current = i;
    var root = document.getElementById('spa-root');
    if (root) root.innerHTML = item.html;
    var ld = document.createElement('script');
    ld.type = 'application/ld+json';
    ld.id = 'spa-jsonld';
    ld.textContent = item.jsonld;
    var old = document.getElementById('spa-jsonld');
    if (old && old.parentNode) old.parentNode.replaceChild(ld, old);
    else document.head.appendChild(ld);
    var canonical = document.querySelector('link[rel="canonical"]');
    if (!canonical) {
      canonical = document.createElement('link');
      canonical.rel = 'canonical';
      document.head.appendChild(canonical);
    }
    canonical.href = item.canonical;
    document.title = item.title;
    document.documentElement.setAttribute('data-spa-handle', item.handle);
    if (push) history.pushState({ spaIndex: i }, '', item.path);
  }

  history.replaceState({ spaIndex: current }, '', location.href);
  document.documentElement.setAttribute('data-spa-handle', items[current] ? items[current].handle : '');

  document.addEventListener('click', function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest('[data-spa-next]') : null;
    if (!button) return;
    event.preventDefault();
    render((current + 1) % items.length, true);
  });

  window.addEventListener('popstate', function (event) {
    var state = event.state;
    var i = state && typeof state.spaIndex === 'number' ? state.spaIndex : indexOfPath(location.pathname);
    if (i >= 0) render(i, false);
  });

  document.documentElement.setAttribute('data-spa-ready', 'true');
})();
`;
