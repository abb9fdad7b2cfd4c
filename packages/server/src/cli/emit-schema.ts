import fs from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../config.js';
import { printPlatformSchema } from '../schema.js';

/** `pnpm schema:emit`: writes the SDL contract to packages/schema/schema.graphql. */
export const SCHEMA_FILE = path.join(repositoryRoot, 'packages', 'schema', 'schema.graphql');

fs.writeFileSync(SCHEMA_FILE, await printPlatformSchema());
console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
