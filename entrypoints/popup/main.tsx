import { kickOff } from '../../components/popup/kickoff';
import type { TabState } from '../../lib/state';
import '../../components/styles.css';

// Start the lookup before React and the views load; they come in their own chunk.
const early = kickOff();
const FIRST_PAINT_WAIT_MS = 40;

// A reopened popup paints the known record in its first frame: wait a few ms at most for what the background has.
const known = Promise.race([early.cached, new Promise<null>((resolve) => setTimeout(() => resolve(null), FIRST_PAINT_WAIT_MS))]);
const tabId = Promise.race([early.tabId, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FIRST_PAINT_WAIT_MS))]);

void Promise.all([import('../../components/popup/mount'), known, tabId]).then(([{ mount }, state, id]) =>
  mount(document.getElementById('root')!, early, { state: (state as TabState | null) ?? null, tabId: id }),
);
