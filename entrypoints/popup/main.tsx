import { createRoot } from 'react-dom/client';
import { App } from '../../components/popup/App';
import '../../components/styles.css';

createRoot(document.getElementById('root')!).render(<App />);
