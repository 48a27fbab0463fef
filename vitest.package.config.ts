import { defineConfig } from 'vitest/config';

/** The store packages `npm run zip` made (tests/package): run by `npm run test:package`, after the zip. */
export default defineConfig({
  test: {
    include: ['tests/package/**/*.test.ts'],
    environment: 'node',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/package.json' }]] : ['default'],
  },
});
