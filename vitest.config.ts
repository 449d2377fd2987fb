import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests run without any service; integration and browser tests share one
// embedded PostgreSQL, one Temporal dev server and one bureau simulator started in globalSetup.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['{apps,packages,plugins}/*/src/**/*.test.ts', 'plugins/*/web/**/*.test.ts', 'test/architecture/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: [
            '{apps,packages,plugins}/*/src/**/*.integration.test.ts',
            'test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          globalSetup: ['test/support/src/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
