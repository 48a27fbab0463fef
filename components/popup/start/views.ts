/**
 * The popup's module entry (step 4 in early.ts): picks up popup-early.js's kickoff, decides when React's chunk (the
 * bulk of the popup's JS) loads, and mounts the views.
 */
import type { TabState } from '../../../lib/state';
import { KICKOFF, type Kickoff } from './early';

export function startViews(): void {
  // The lookup and the read of the known state were started by popup-early.js while this page was parsed (and the
  // known record fills the static shell from there); React and the views come in their own chunk.
  const early = (globalThis as unknown as Record<symbol, Kickoff | undefined>)[KICKOFF];
  const root = document.getElementById('root')!;
  if (!early) {
    // Only a damaged install gets here: say so where the user looks, not only in the console.
    const status = root.querySelector('.shell-status');
    if (status) {
      status.textContent = 'Octolens is incomplete (popup-early.js did not run). Reinstall the extension.';
      status.removeAttribute('aria-busy');
      status.setAttribute('role', 'alert');
    }
    throw new Error('Octolens: popup-early.js did not run; the extension is incomplete. Reinstall it.');
  }
  const FIRST_PAINT_WAIT_MS = 40;
  /** At most this long, React waits for the page to be read before loading (see below). */
  const VIEWS_WAIT_MS = 250;

  // A reopened popup paints the known record in its first frame: wait a few ms at most for what the background has.
  // When the shell already shows the record (painted from the address), React waits for the read however
  // long it takes: mounting without it would put "Reading this page…" in place of the record for a moment.
  const shellHasRecord = !!root.querySelector('[data-shell] [role="tabpanel"][data-frame]');
  const known = shellHasRecord
    ? early.cached
    : Promise.race([early.cached, new Promise<null>((resolve) => setTimeout(() => resolve(null), FIRST_PAINT_WAIT_MS))]);
  const tabId = Promise.race([early.tabId, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FIRST_PAINT_WAIT_MS))]);

  // On a first look the shell already says "Reading this page…", which is all React would show while the page is read.
  // So React's chunk (the bulk of the popup's JS) loads once the page has been read and the requests are out, not while
  // the detector runs in the page: on a small machine the two compete for the CPU, and the detector is on the critical path.
  let stopListening: () => void = () => undefined;
  const pageRead = new Promise<void>((resolve) => {
    stopListening = early.onPush((state) => state.detect.phase !== 'pending' && resolve());
    early.lookup.then(() => resolve(), () => resolve());
    setTimeout(resolve, VIEWS_WAIT_MS);
  });
  void pageRead.then(() => stopListening());
  // A reopened popup paints the known record from the shell first; React's chunk loads after that frame, not before it.
  // The frame that counts is the first one on screen: a toolbar popup is shown only once its page has loaded, and
  // frames before that are never seen, so React waits for the page's first contentful paint (or 300 ms at most).
  const FIRST_PAINT_MAX_MS = 300;
  const afterFirstPaint = () =>
    new Promise<void>((resolve) => {
      const done = () => requestAnimationFrame(() => setTimeout(resolve, 0));
      if (!shellHasRecord || typeof PerformanceObserver === 'undefined') return done();
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
  const viewsMayLoad = known.then((state) => (state && state.detect.phase !== 'pending' ? afterFirstPaint() : pageRead));

  void Promise.all([viewsMayLoad.then(() => import('./mount')), known, tabId]).then(([{ mount }, state, id]) => {
    performance.mark('octolens:views-loaded');
    mount(root, early, { state: (state as TabState | null) ?? null, tabId: id });
  });
}
