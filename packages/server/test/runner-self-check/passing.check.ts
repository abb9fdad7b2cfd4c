import { expect, it } from 'vitest';

// Run only by scripts/check-test-runner.mjs, which expects a crashing global set-up to fail the
// run even though every test passes.
it('passes', () => {
  expect(1).toBe(1);
});
