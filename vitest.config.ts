import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: integration files share one DynamoDB Local; each file uses its own table.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
