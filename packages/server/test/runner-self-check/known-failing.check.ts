import { expect, it } from 'vitest';

// Run only by scripts/check-test-runner.mjs, which expects this run to exit non-zero.
it('fails on purpose', () => {
  expect(1).toBe(2);
});
