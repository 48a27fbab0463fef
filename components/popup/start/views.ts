/**
 * The popup's module entry (step 4 in early.ts): picks up popup-early.js's kickoff, loads React's chunk (the bulk of
 * the popup's JS) and mounts the views with the tab's known state.
 */
import { message } from '../../../lib/locale';
import { KICKOFF, type Kickoff } from './early';

/** The longest a shell that shows a record waits to be on screen before the views replace it. */
const FIRST_PAINT_MAX_MS = 300;

/**
 * Resolves once the page's first contentful paint is done (or FIRST_PAINT_MAX_MS at most). A toolbar popup is shown
 * only once its page has loaded, and frames before that are never seen: a shell that already shows the record is
 * replaced only after it has been seen, and React's chunk is not evaluated before that frame either.
 */
function afterFirstPaint(): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => requestAnimationFrame(() => setTimeout(resolve, 0));
    if (typeof PerformanceObserver === 'undefined') return done();
    const timer = setTimeout(done, FIRST_PAINT_MAX_MS);
    try {
      const observer = new PerformanceObserver((list) => {
        if (!list.getEntries().some((e) => e.name === 'first-contentful-paint')) return;
        observer.disconnect();
        clearTimeout(timer);
        done();
      });
      observer.observe({ type: 'paint', buffered: true });
    } catch {
      // No paint timing here: the timer decides.
    }
  });
}

export function startViews(): void {
  const early = (globalThis as unknown as Record<symbol, Kickoff | undefined>)[KICKOFF];
  const root = document.getElementById('root')!;
  if (!early) {
    // Only a damaged install gets here: say so where the user looks, not only in the console.
    const status = root.querySelector('.shell-status');
    if (status) {
      status.textContent = message('popup_incomplete') || 'Octolens is incomplete (popup-early.js did not run). Reinstall the extension.';
      status.removeAttribute('aria-busy');
      status.setAttribute('role', 'alert');
    }
    throw new Error('Octolens: popup-early.js did not run; the extension is incomplete. Reinstall it.');
  }
  const shellShowsRecord = !!root.querySelector('[data-shell] [role="tabpanel"][data-frame]');
  const views = (shellShowsRecord ? afterFirstPaint() : Promise.resolve()).then(() => import('./mount'));
  void Promise.all([views, early.cached, early.tabId]).then(([{ mount }, state, tabId]) => {
    performance.mark('octolens:views-loaded');
    mount(root, early, { state, tabId });
  });
}
