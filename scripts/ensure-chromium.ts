import { chromiumVersion, ensureChromium } from './lib/chromium';

const path = ensureChromium();
console.log(`Browser: ${path} (${chromiumVersion(path)})`);
