/**
 * The content script, registered at runtime (not in the manifest): injected into the tab the user clicked
 * (activeTab + scripting), or registered with `auto-detect.js` for the sites of opt-in automatic detection.
 * Detection only: it reads the page, returns what it found (the injection's result), and reports re-detections
 * after SPA navigation. It holds no key, makes no network call, and carries neither React nor zod.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { detect, watchUrlChanges } from '../lib/detect';
import { REPORT, documentToken, sendDetection } from '../lib/detector-bridge';

const INSTALLED = Symbol.for('octolens.detector');

// An unlisted script rather than WXT's content-script wrapper: the wrapper (and the browser polyfill it pulls in)
// would add about 4 kB gzipped to a script that runs on every click.
export default defineUnlistedScript({
  main() {
    const scope = globalThis as unknown as Record<symbol, unknown>;
    const read = (url: string) => ({ ...detect(document, url), documentToken: documentToken() });
    if (!scope[INSTALLED]) {
      scope[INSTALLED] = true;
      scope[REPORT] = () => sendDetection(read(location.href));
      watchUrlChanges((url) => sendDetection(read(url)));
    }
    return read(location.href);
  },
});
