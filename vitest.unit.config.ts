import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The quick loop (`npm run test:unit`): only `test/unit`, the pure tests. No global setup, so no
 * DynamoDB Local (no Java) and no protocol peer starts; a unit test that reached for one would fail
 * here rather than quietly become an integration test. `npm test` still runs everything.
 */
export default defineConfig({
  ...base,
  // Pure tests share no state, so one module graph per worker (isolate: false) spares most of the import time.
  test: { ...base.test, name: 'unit', include: ['test/unit/**/*.test.ts'], globalSetup: [], isolate: false },
});
