/**
 * Find a Chromium-family browser: CHROME_PATH / CHROMIUM_PATH, then the standard install paths. Where there is none,
 * install Debian's `chromium` with apt-get when running as root on Debian/Ubuntu; else stop with the exact command.
 */
import { aptInstall, canAptInstall, executable, isDebianLike } from './system';

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
  const found = findChromium();
  if (found) return found;
  if (canAptInstall()) {
    console.log('No Chromium-family browser found: installing Debian\'s chromium with apt-get (about a minute)…');
    const installed = aptInstall('chromium') ? findChromium() : undefined;
    if (installed) return installed;
    console.error('apt-get could not install chromium.');
  }
  const command =
    process.platform === 'linux' && isDebianLike()
      ? 'sudo apt-get update && sudo apt-get install -y chromium'
      : process.platform === 'darwin'
        ? 'brew install --cask chromium   (or install Google Chrome)'
        : 'install Google Chrome or Chromium';
  console.error(`Octolens needs a Chromium-family browser and found none.\nRun:\n  ${command}\nor set CHROME_PATH to your browser's executable.`);
  process.exit(1);
}

export { browserVersion as chromiumVersion } from './system';
