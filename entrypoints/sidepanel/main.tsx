import { createRoot } from 'react-dom/client';
import { SidePanel } from '../../components/sidepanel/SidePanel';
import { windowFromSearch } from '../../lib/active-tab';
import '../../components/styles.css';
import { t, uiLocale } from '../../lib/i18n';

document.documentElement.lang = uiLocale();
document.title = t('sidepanel.title');

/** The side panel (Chrome) or sidebar (Firefox); `?window=<id>`: the same page in a tab, for that window. */
createRoot(document.getElementById('root')!).render(<SidePanel windowId={windowFromSearch(location.search)} />);
