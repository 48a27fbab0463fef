/** The popup's module entry: see components/popup/start/early.ts for how the popup starts. */
import { startViews } from '../../components/popup/start/views';
import '../../components/styles.css';

startViews();
