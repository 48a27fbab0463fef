/**
 * The popup's first move, in a classic script of its own (`popup-early.js`, right after the static shell in
 * popup.html): it runs as soon as the shell is parsed, before the module graph of the popup is loaded and evaluated,
 * so the lookup request and the read of what is known start that much earlier. The module entry (`main.tsx`) picks
 * the kickoff up. (It also works from the head, painting as the parser closes the shell: `whenShellParsed`.)
 *
 * A reopened popup paints the known record into the shell: from its own address when the toolbar button opened it
 * (`popup.html?for=<tab>#<first frame>`, set by the background: lib/popup-page.ts) as soon as the parser has closed
 * the shell, so it is in the page's first frame; else as soon as the read of the tab's state answers. When that read tells
 * another story (the state moved on since the address was set), the shell follows the read.
 */
import { firstFrameFromHash, firstFrameOf } from '../../lib/popup-page';
import { KICKOFF } from './handoff';
import { kickOff, type Kickoff } from './kickoff';
import { prepaint } from './prepaint';

export function startEarly(): Kickoff {
  // User Timing marks, read by `npm run bench`.
  performance.mark('octolens:start');
  const fromAddress = firstFrameFromHash(location.hash);
  if (fromAddress) {
    whenShellParsed((root) => {
      prepaint(root, fromAddress);
      performance.mark('octolens:prepainted-from-address');
    });
  }
  const early = kickOff();
  void early.cached.then((state) => {
    performance.mark('octolens:cached');
    whenShellParsed((root) => prepaint(root, firstFrameOf(state)));
  });
  (globalThis as unknown as Record<symbol, Kickoff>)[KICKOFF] = early;
  return early;
}

/**
 * Run `paint` on the static shell once it is parsed whole: now if it is, else as the parser closes it (a
 * MutationObserver's callback runs at the end of the parser's task, before the frame that shows the shell), or at
 * the end of parsing at the latest.
 */
function whenShellParsed(paint: (root: HTMLElement) => void): void {
  const parsed = () => {
    const root = document.getElementById('root');
    // Something after the root: the parser has closed it (its content is complete).
    return root && (root.nextSibling !== null || document.readyState !== 'loading') ? root : null;
  };
  const now = parsed();
  if (now) {
    paint(now);
    return;
  }
  let done = false;
  const check = () => {
    const root = parsed();
    if (done || (!root && document.readyState === 'loading')) return;
    done = true;
    observer.disconnect();
    document.removeEventListener('readystatechange', check);
    if (root) paint(root);
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener('readystatechange', check);
}
