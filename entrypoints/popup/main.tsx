import { kickOff } from '../../components/popup/kickoff';
import { prepaint } from '../../components/popup/prepaint';
import type { TabState } from '../../lib/state';
import '../../components/styles.css';

// Start the lookup before React and the views load; they come in their own chunk.
const early = kickOff();
const root = document.getElementById('root')!;
// The known record shows while React loads.
void early.cached.then((state) => prepaint(root, state));
const FIRST_PAINT_WAIT_MS = 40;

// A reopened popup paints the known record in its first frame: wait a few ms at most for what the background has.
const known = Promise.race([early.cached, new Promise<null>((resolve) => setTimeout(() => resolve(null), FIRST_PAINT_WAIT_MS))]);
const tabId = Promise.race([early.tabId, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FIRST_PAINT_WAIT_MS))]);

void Promise.all([import('../../components/popup/mount'), known, tabId]).then(([{ mount }, state, id]) =>
  mount(root, early, { state: (state as TabState | null) ?? null, tabId: id }),
);
