import { defineConfig } from '@playwright/test';

// One browser at a time on 2 cores; each test gets a fresh profile with the sandbox build of the extension loaded.
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 45_000,
  expect: { timeout: 8_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  outputDir: 'test-results/artifacts',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
