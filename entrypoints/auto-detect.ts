/**
 * Runs right after `detector.js` on the sites of opt-in automatic detection (both registered together): reports the
 * page's detection to the background, which badges it and looks it up only if its store is covered.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { REPORT } from '../lib/detector-bridge';

export default defineUnlistedScript({
  main() {
    const report = (globalThis as unknown as Record<symbol, (() => void) | undefined>)[REPORT];
    report?.();
  },
});
