/**
 * Find Firefox for the Firefox e2e suite: FIREFOX_PATH, then the standard install paths (Debian's firefox-esr first).
 * Where there is none, install Debian's `firefox-esr` with apt-get when running as root on Debian/Ubuntu, as
 * scripts/lib/chromium.ts does for Chromium; else stop with the exact command.
 */
import { ensureBrowser, executable } from './system';

const CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/lib/firefox/firefox',
  '/snap/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
  'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
];

export function findFirefox(): string | undefined {
  const value = process.env.FIREFOX_PATH;
  if (value) {
    if (!executable(value)) throw new Error(`FIREFOX_PATH=${value} is not an executable file. Point it at Firefox, or unset it.`);
    return value;
  }
  return CANDIDATES.find(executable);
}

/** Firefox's path, installing Debian's firefox-esr when we may; exits with the command to run otherwise. */
export function ensureFirefox(): string {
  return ensureBrowser({
    name: 'Firefox (for the Firefox tests)',
    find: findFirefox,
    pkg: 'firefox-esr',
    env: 'FIREFOX_PATH',
    commands: { linux: 'sudo apt-get update && sudo apt-get install -y firefox-esr', darwin: 'brew install --cask firefox', other: 'install Firefox' },
  });
}
