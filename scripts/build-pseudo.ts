/**
 * The sandbox build in the pseudo-locale (#27): the pseudo catalogue generated from English, then the sandbox build
 * with it as the only locale. Output: .output/chrome-mv3-sandbox-pseudo (tests/e2e/pseudo.spec.ts).
 */
import { spawnSync } from 'node:child_process';
import { writePseudoLocale } from './pseudo-locale';

writePseudoLocale();
const result = spawnSync('npx', ['wxt', 'build', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, OCTOLENS_SANDBOX: '1', OCTOLENS_LOCALE: 'pseudo' },
});
process.exit(result.status ?? 1);
