// Fails when packages/schema/schema.graphql breaks the last committed contract and the change is
// not declared in packages/schema/breaking-changes.json. The baseline is the committed file
// when the working copy changed it, else the version before the last commit that touched it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBreakingChanges } from './schema-compatibility.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaPath = 'packages/schema/schema.graphql';
const git = (...args) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

let current;
let baseline;
let against;
try {
  current = fs.readFileSync(path.join(repo, schemaPath), 'utf8');
  const committed = git('show', `HEAD:${schemaPath}`);
  if (committed !== current) {
    baseline = committed;
    against = 'HEAD';
  } else {
    const lastChange = git('log', '-n', '1', '--format=%H', '--', schemaPath).trim();
    baseline = git('show', `${lastChange}~1:${schemaPath}`);
    against = `${lastChange.slice(0, 10)}~1`;
  }
} catch {
  console.log('Schema compatibility: no earlier committed contract to compare with.');
  process.exit(0);
}

const declaredFile = path.join(repo, 'packages/schema/breaking-changes.json');
const declared = fs.existsSync(declaredFile)
  ? JSON.parse(fs.readFileSync(declaredFile, 'utf8'))
  : [];
const { breaking, undeclared } = await findBreakingChanges(baseline, current, declared);
if (undeclared.length > 0) {
  console.error(
    `Breaking changes against ${against} that are not declared in packages/schema/breaking-changes.json:`,
  );
  for (const change of undeclared) console.error(`  - ${change.path ?? ''}: ${change.message}`);
  process.exit(1);
}
console.log(
  `Schema compatibility against ${against}: ${breaking.length} breaking change(s), all declared.`,
);
