import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    // The English catalogue in the fake browser's i18n (#27).
    setupFiles: ['tests/unit/setup/i18n.ts'],
    restoreMocks: true,
    testTimeout: 15_000,
    // In CI the results are also written as JSON, so .ci/run can print one `N passed, N failed` line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
  },
});
