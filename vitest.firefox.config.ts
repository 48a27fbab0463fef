import { defineConfig } from 'vitest/config';

/**
 * The Firefox e2e suite (tests/firefox): firefox-esr driven over WebDriver BiDi (puppeteer-core), the Firefox sandbox
 * build installed as a temporary add-on. One browser at a time on 2 cores: files run one after another.
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    retry: process.env.CI ? 1 : 0,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/firefox.json' }]] : ['default'],
  },
});
