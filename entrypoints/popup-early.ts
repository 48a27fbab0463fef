/**
 * The popup's first script (classic, parser-blocking, after the static shell in popup.html): starts the lookup and
 * the read of the known state at once. See components/popup/start/early.ts.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startEarly } from '../components/popup/start/early';

export default defineUnlistedScript({
  main() {
    startEarly();
  },
});
