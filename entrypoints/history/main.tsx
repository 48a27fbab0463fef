import { createRoot } from 'react-dom/client';
import '../../components/styles.css';
import { HistoryApp } from '../../components/history/HistoryApp';

/** The History page (components/history/HistoryApp.tsx), opened in a tab from the popup. */
createRoot(document.getElementById('root')!).render(<HistoryApp />);
