import { kickOff } from '../../components/popup/kickoff';
import '../../components/styles.css';

// Start the lookup before React and the views load; they come in their own chunk.
const early = kickOff();
const FIRST_PAINT_WAIT_MS = 40;

void Promise.all([
  import('../../components/popup/mount'),
  // A reopened popup paints the known record in its first frame (waiting a few ms for it at most).
  Promise.race([early.cached, new Promise((resolve) => setTimeout(resolve, FIRST_PAINT_WAIT_MS))]),
]).then(([{ mount }]) => mount(document.getElementById('root')!, early));
