/**
 * The popup's first move, in a classic script of its own (`popup-early.js`, right after the static shell in
 * popup.html): it runs as soon as the shell is parsed, before the module graph of the popup is loaded and evaluated,
 * so the lookup request and the read of what is known start that much earlier. The module entry (`main.tsx`) picks
 * the kickoff up.
 *
 * A reopened popup paints the known record into the shell: from its own address when the toolbar button opened it
 * (`popup.html?for=<tab>#<first frame>`, set by the background: lib/popup-page.ts) at once, synchronously; else as soon as the read of the tab's state answers. When that read tells
 * another story (the state moved on since the address was set), the shell follows the read.
 */
import { firstFrameFromHash, firstFrameOf } from '../../lib/wire';
import { KICKOFF } from './handoff';
import { kickOff, type Kickoff } from './kickoff';
import { prepaint } from './prepaint';

export function startEarly(): Kickoff {
  // User Timing marks, read by `npm run bench`.
  performance.mark('octolens:start');
  const root = document.getElementById('root');
  const fromAddress = firstFrameFromHash(location.hash);
  if (root && fromAddress) {
    prepaint(root, fromAddress);
    performance.mark('octolens:prepainted-from-address');
  }
  const early = kickOff();
  void early.cached.then((state) => {
    performance.mark('octolens:cached');
    if (root) prepaint(root, firstFrameOf(state));
  });
  (globalThis as unknown as Record<symbol, Kickoff>)[KICKOFF] = early;
  return early;
}
