import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The platform's logs would drown the runner's output (the global set-up migrates in this
// process, which test.env does not reach); tests that read the log capture it.
process.env.LOG_LEVEL ??= 'warn';

export default defineConfig({
  resolve: {
    // type-graphql loads graphql's CommonJS build; make every import use that one copy.
    alias: {
      graphql: fileURLToPath(
        new URL('./packages/server/node_modules/graphql/index.js', import.meta.url),
      ),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    globalSetup: ['packages/server/test/support/global-setup.ts'],
    testTimeout: 30_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    // CI sums the runners' own counts from these reports (.ci/run).
    ...(process.env.TEST_REPORT_FILE
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: process.env.TEST_REPORT_FILE },
        }
      : {}),
    hookTimeout: 120_000,
  },
});
