// Fails when src/generated differs from what graphql-codegen and scripts/generate-modules.mjs
// make of the committed schema and the SDK's operations: run `pnpm codegen` and commit the result.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { generateModules } from './generate-modules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { config } = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.ts') });
const outputs = [...(await generate({ ...config, silent: true }, false)), ...generateModules()];
const stale = outputs.filter(({ filename, content }) => {
  const file = path.resolve(root, filename);
  return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content;
});
if (stale.length > 0) {
  console.error(`The generated SDK is stale: ${stale.map((o) => o.filename).join(', ')}`);
  console.error('Run `pnpm codegen` and commit the result.');
  process.exit(1);
}
console.log(`Generated SDK is up to date (${outputs.length} files).`);
