// Builds what the package ships: ESM and CommonJS, each with declarations and source maps that
// point into the shipped src/, and a copy of the schema contract for consumers' codegen.
// Runs before `pnpm pack`/`pnpm publish` (prepack), so a tarball is never made from stale files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = (...args) =>
  execFileSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
fs.rmSync(path.join(root, 'tsconfig.tsbuildinfo'), { force: true });
run('-p', 'tsconfig.json');
run('-p', 'tsconfig.cjs.json');
// Node and TypeScript read dist/cjs/*.js and *.d.ts as CommonJS by the nearest package.json.
fs.writeFileSync(path.join(root, 'dist/cjs/package.json'), '{ "type": "commonjs" }\n');
fs.copyFileSync(path.join(root, '../schema/schema.graphql'), path.join(root, 'schema.graphql'));
console.log('Built dist/esm, dist/cjs and schema.graphql');
