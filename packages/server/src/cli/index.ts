import fs from 'node:fs';
import os from 'node:os';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database/database.js';
import { createApiKey, revokeApiKey } from '../modules/auth/api-keys.js';
import { Role } from '../modules/auth/viewer.js';
import { IMPORT_KINDS, type ImportKindName } from '../modules/import/import.kinds.js';
import { importCsv } from '../modules/import/import.service.js';
import { printable } from './terminal.js';

const USAGE = `Usage:
  pnpm cli import <${Object.keys(IMPORT_KINDS).join('|')}> <file.csv>
  pnpm cli api-key create --name <name> --role <ANALYST|EDITOR|ADMIN> [--scope <locality code>]
  pnpm cli api-key revoke <prefix>
  pnpm cli api-key list

Uses DATABASE_URL, or the embedded database when it is unset (stop the platform first).`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const [command, ...args] = process.argv.slice(2);
if (!command || command === '--help') fail('Nothing to do.');

const database = await openDatabase(loadConfig(), () => {});
const knex = database.orm.em.getKnex();
try {
  if (command === 'import') {
    const [kind, file] = args;
    if (!kind || !(kind in IMPORT_KINDS)) fail(`Unknown import kind "${printable(kind ?? '')}".`);
    if (!file || !fs.existsSync(file)) fail(`No such file: ${printable(file ?? '')}`);
    const size = fs.statSync(file).size;
    const bar = (bytes: number) => {
      const share = size > 0 ? bytes / size : 1;
      const filled = Math.round(share * 30);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${(bytes / 1e6).toFixed(1)} MB`,
      );
    };
    const report = await importCsv(knex, {
      kind: kind as ImportKindName,
      input: fs.createReadStream(file),
      actor: `cli:${os.userInfo().username}`,
      source: `Imported from ${file}`,
      onProgress: bar,
    });
    process.stderr.write('\n');
    if (!report.applied) {
      console.error(`Rejected: ${report.problemCount} problem(s); nothing was written.`);
      // Values come from the file: a control sequence in one must not drive the terminal.
      for (const problem of report.problems) {
        const value = problem.value ? ` = "${printable(problem.value)}"` : '';
        console.error(
          `  line ${problem.line}, ${printable(problem.column)}${value}: ${printable(problem.reason)}`,
        );
      }
      if (report.problemCount > report.problems.length)
        console.error(`  … and ${report.problemCount - report.problems.length} more`);
      process.exitCode = 1;
    } else {
      const rate = report.rows / Math.max(report.seconds, 0.001);
      console.log(
        `Imported ${report.rows} rows in ${report.seconds.toFixed(1)} s (${Math.round(rate)} rows/s): ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged.`,
      );
    }
  } else if (command === 'api-key') {
    const [action, prefix] = args;
    if (action === 'create') {
      const name = option(args, 'name');
      const role = option(args, 'role')?.toUpperCase() as Role | undefined;
      if (!name || !role) fail('api-key create needs --name and --role.');
      const created = await createApiKey(knex, { name, role, scopeCode: option(args, 'scope') });
      console.log(
        `API key for "${printable(name)}" (${role}${option(args, 'scope') ? `, scope ${printable(option(args, 'scope'))}` : ''}):\n\n  ${created.key}\n\nIt is shown once; store it now. Revoke with: pnpm cli api-key revoke ${created.prefix}`,
      );
    } else if (action === 'revoke') {
      if (!prefix) fail('api-key revoke needs the key prefix.');
      if (await revokeApiKey(knex, prefix)) {
        console.log(`Revoked ${printable(prefix)}.`);
      } else {
        console.error(`No live key has the prefix ${printable(prefix)}.`);
        process.exitCode = 1;
      }
    } else if (action === 'list') {
      const keys = await knex('api_key')
        .select('prefix', 'name', 'role', 'scope_code', 'created_at', 'revoked_at', 'last_used_at')
        .orderBy('id');
      for (const key of keys) {
        console.log(
          `${key.prefix}  ${key.role.padEnd(7)} ${printable(key.scope_code ?? '-').padEnd(6)} ${key.revoked_at ? 'revoked' : 'live   '}  ${printable(key.name)}`,
        );
      }
    } else {
      fail(`Unknown api-key action "${printable(action ?? '')}".`);
    }
  } else {
    fail(`Unknown command "${printable(command)}".`);
  }
} catch (error) {
  console.error(printable(error instanceof Error ? error.message : error));
  process.exitCode = 1;
} finally {
  await database.close();
}
