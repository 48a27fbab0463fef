import { createRoot } from 'react-dom/client';
import { OptionsApp } from '../../components/options/OptionsApp';
import '../../components/styles.css';
import { t, uiLocale } from '../../lib/i18n';

document.documentElement.lang = uiLocale();
document.title = t('options.pageTitle');

createRoot(document.getElementById('root')!).render(<OptionsApp />);
