import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { printPlatformSchema } from '../src/schema.js';

describe('schema contract', () => {
  it('matches the committed packages/schema/schema.graphql (run `pnpm schema:emit`)', async () => {
    const committed = fs.readFileSync(
      path.join(repositoryRoot, 'packages/schema/schema.graphql'),
      'utf8',
    );
    expect(await printPlatformSchema()).toBe(committed);
  });
});
