import { ensureFirefox } from './lib/firefox';
import { browserVersion } from './lib/system';

const path = ensureFirefox();
console.log(`Firefox: ${path} (${browserVersion(path)})`);
