/**
 * The sandbox build (tests, `npm start`, the benchmark): the production build, plus host access to loopback so the
 * extension can reach the local sandbox and its demo stores. Output: .output/chrome-mv3-sandbox.
 */
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['wxt', 'build', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, OCTOLENS_SANDBOX: '1' },
});
process.exit(result.status ?? 1);
