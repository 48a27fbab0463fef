/**
 * Find a Chromium-family browser: CHROME_PATH / CHROMIUM_PATH, then the standard install paths. Where there is none,
 * install Debian's `chromium` with apt-get when running as root on Debian/Ubuntu; else stop with the exact command.
 */
import { ensureBrowser, executable } from './system';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/usr/bin/brave-browser',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(): string | undefined {
  for (const name of ['CHROME_PATH', 'CHROMIUM_PATH']) {
    const value = process.env[name];
    if (value) {
      if (!executable(value)) throw new Error(`${name}=${value} is not an executable file. Point it at a Chromium-family browser, or unset it.`);
      return value;
    }
  }
  return CANDIDATES.find(executable);
}

/** The browser's path, installing Debian's chromium when we may; exits with the command to run otherwise. */
export function ensureChromium(): string {
  return ensureBrowser({
    name: 'a Chromium-family browser',
    find: findChromium,
    pkg: 'chromium',
    env: 'CHROME_PATH',
    commands: { linux: 'sudo apt-get update && sudo apt-get install -y chromium', darwin: 'brew install --cask chromium   (or install Google Chrome)', other: 'install Google Chrome or Chromium' },
  });
}

export { browserVersion as chromiumVersion } from './system';
