import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import suite from './vitest.config.js';

const crash = Boolean(process.env.SELF_CHECK_CRASH);

/**
 * The suite's own configuration (same global set-up, same aliases), restricted to one self-check
 * file; with SELF_CHECK_CRASH set, a global set-up that crashes replaces the real one.
 */
export default defineConfig({
  ...suite,
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    ...suite.test,
    include: [
      crash
        ? 'packages/server/test/runner-self-check/passing.check.ts'
        : 'packages/server/test/runner-self-check/known-failing.check.ts',
    ],
    globalSetup: crash
      ? ['packages/server/test/runner-self-check/crashing-global-setup.ts']
      : suite.test?.globalSetup,
  },
});
