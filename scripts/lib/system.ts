/** What the browser finders (chromium.ts, firefox.ts) share: is a file executable, is this Debian, install with apt-get. */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function isDebianLike(): boolean {
  if (existsSync('/etc/debian_version')) return true;
  try {
    return /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/** Whether we may install Debian packages ourselves: root on a Debian-like Linux. */
export function canAptInstall(): boolean {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return process.platform === 'linux' && root && isDebianLike();
}

/** `apt-get update && apt-get install -y <pkg>`, non-interactive; whether both succeeded. */
export function aptInstall(pkg: string): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env }) : update;
  return install.status === 0;
}

/** `<browser> --version`, or "unknown version". */
export function browserVersion(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown version';
  }
}

/**
 * A browser's path: `find()`, else (root on Debian/Ubuntu) Debian's `pkg` installed with apt-get; else exits with the
 * command to run (`commands`: per platform, `linux` meaning Debian-like) and the variable that points at one.
 */
export function ensureBrowser(what: { name: string; find: () => string | undefined; pkg: string; env: string; commands: { linux: string; darwin: string; other: string } }): string {
  const found = what.find();
  if (found) return found;
  if (canAptInstall()) {
    console.log(`No ${what.name} found: installing Debian's ${what.pkg} with apt-get (about a minute)…`);
    const installed = aptInstall(what.pkg) ? what.find() : undefined;
    if (installed) return installed;
    console.error(`apt-get could not install ${what.pkg}.`);
  }
  const command = process.platform === 'linux' && isDebianLike() ? what.commands.linux : process.platform === 'darwin' ? what.commands.darwin : what.commands.other;
  console.error(`Octolens needs ${what.name} and found none.\nRun:\n  ${command}\nor set ${what.env} to its executable.`);
  process.exit(1);
}
