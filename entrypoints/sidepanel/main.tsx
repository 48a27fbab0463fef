import { useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AskPanel } from '../../components/popup/AskPanel';
import '../../components/styles.css';
import { t, uiLocale } from '../../lib/i18n';

document.documentElement.lang = uiLocale();
document.title = t('sidepanel.title');

/** The side panel (where the browser has one): the Ask view, with room for a longer conversation. */
function SidePanel() {
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((message: string) => setAnnouncement(message), []);
  return (
    <main className="sidepanel">
      <h1>{t('sidepanel.title')}</h1>
      <AskPanel active announce={announce} />
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<SidePanel />);
