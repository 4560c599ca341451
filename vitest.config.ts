import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Lambda runs the newest Node runtime; this machine's Node 20 only draws the SDK's upgrade notice.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: integration files share one DynamoDB Local; each file uses its own table.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
