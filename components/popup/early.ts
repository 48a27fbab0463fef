/**
 * The popup's first move, in a classic script of its own (`popup-early.js`, at the end of popup.html's body): it runs
 * as soon as the static shell is parsed, before the module graph of the popup is loaded and evaluated, so the lookup
 * request and the read of what is known start that much earlier, and a reopened popup fills in its shell (prepaint)
 * as soon as the read answers. The module entry (`main.tsx`) picks the kickoff up.
 */
import { KICKOFF } from './handoff';
import { kickOff, type Kickoff } from './kickoff';
import { prepaint } from './prepaint';

export function startEarly(): Kickoff {
  // User Timing marks, read by `npm run bench`.
  performance.mark('octolens:start');
  const early = kickOff();
  void early.cached.then((state) => {
    performance.mark('octolens:cached');
    const root = document.getElementById('root');
    if (root) prepaint(root, state);
  });
  (globalThis as unknown as Record<symbol, Kickoff>)[KICKOFF] = early;
  return early;
}
