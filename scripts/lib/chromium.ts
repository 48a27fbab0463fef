/**
 * Find a Chromium-family browser: CHROME_PATH / CHROMIUM_PATH, then the standard install paths. Where there is none,
 * install Debian's `chromium` with apt-get when running as root on Debian/Ubuntu; else stop with the exact command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';

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

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

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

function isDebianLike(): boolean {
  if (existsSync('/etc/debian_version')) return true;
  try {
    return /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/** The browser's path, installing Debian's chromium when we may; exits with the command to run otherwise. */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && root && isDebianLike()) {
    console.log('No Chromium-family browser found: installing Debian\'s chromium with apt-get (about a minute)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
    const installed = findChromium();
    if (install.status === 0 && installed) return installed;
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

export function chromiumVersion(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown version';
  }
}
