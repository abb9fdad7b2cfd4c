#!/usr/bin/env node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { Database } from '../database/database.js';
import { IMPORT_KINDS, type ImportKindName } from '../modules/import/import.kinds.js';
import { printable } from './terminal.js';

/**
 * `binh-dang`: the platform's command-line tool. Every `--help` answers without configuration or
 * database; a command opens the database only when it runs.
 *
 * Exit codes: 0 done; 1 the command failed (rows rejected, nothing to revoke, database error);
 * 2 the command line is wrong (unknown command or option, missing argument, bad configuration).
 */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

/** Opens the configured database (DATABASE_URL, else the embedded one) for one command. */
async function withDatabase<T>(
  action: (database: Database) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const { loadConfig } = await import('../config.js');
  const { openDatabase } = await import('../database/database.js');
  const { createLogger, useLogger } = await import('../modules/observability/log.js');
  let config;
  try {
    // Commands speak to the person running them; the log says only what went wrong.
    config = loadConfig(process.env, { logLevel: 'warn' });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  useLogger(createLogger(config.operations.logLevel));
  if (!config.databaseUrl) {
    const holder = embeddedHolder(config.embedded.dataDir);
    if (holder !== undefined) {
      throw new Error(
        `The embedded database (${config.embedded.dataDir}) is held by a running platform (PostgreSQL process ${holder}): stop the platform first, or set DATABASE_URL to postgres://postgres:postgres@127.0.0.1:${config.embedded.port}/binh_dang to work on it while it runs.`,
      );
    }
  }
  const database = await openDatabase(config, () => {}, options);
  try {
    return await action(database);
  } finally {
    await database.close();
  }
}

/** The pid of a live PostgreSQL holding the embedded data directory, if one does. */
function embeddedHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!(pid > 0)) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as { code?: string }).code === 'EPERM' ? pid : undefined;
  }
}

/** Progress of a file being read: a bar on a terminal, a plain line every tenth otherwise. */
function progressReporter(size: number): { update(bytes: number): void; done(): void } {
  const started = Date.now();
  const terminal = process.stderr.isTTY === true;
  let lastTenth = -1;
  const figures = (bytes: number) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = bytes / seconds;
    const eta = rate > 0 && size > bytes ? Math.ceil((size - bytes) / rate) : 0;
    return `${(bytes / 1e6).toFixed(1)} of ${(size / 1e6).toFixed(1)} MB, ${(rate / 1e6).toFixed(1)} MB/s, ETA ${eta} s`;
  };
  return {
    update(bytes) {
      const share = size > 0 ? Math.min(bytes / size, 1) : 1;
      if (terminal) {
        const filled = Math.round(share * 30);
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${figures(bytes)}   `,
        );
      } else if (Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        console.log(`read ${(share * 100).toFixed(0)}%: ${figures(bytes)}`);
      }
    },
    done() {
      if (terminal) process.stderr.write('\n');
    },
  };
}

/** What happens next to what an import wrote. */
const AFTER_IMPORT: Partial<Record<string, string>> = {
  'indicator-values':
    'New and changed values are DRAFT (unchanged ones keep their state) and are not in public figures yet: an editor of their locality submits them (submitIndicatorValue), then an editor of a level above or an admin approves them (approveIndicatorValue); reviewIndicatorValues does either for many values at once, and --submit submits at import.',
};

/** What happens next to what an import submitted. */
const AFTER_SUBMIT: Partial<Record<string, string>> = {
  'indicator-values':
    'Submitted values count in public figures once approved: an editor of a level above or an admin, not the one who imported them, approves them in bulk (reviewIndicatorValues with action APPROVE).',
};

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value as string | number | boolean | bigint);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Problems printed on the terminal when no --report file is asked for. */
const PRINTED_PROBLEMS = 20;

const program = new Command('binh-dang')
  .description('Bình Đẳng: run, migrate and feed the GraphQL data platform')
  .addHelpText(
    'after',
    `
Configuration comes from the environment (see the README's Configuration table): DATABASE_URL
names the PostgreSQL; without it the embedded database under .data/postgres is used (stop the
platform first: one process at a time may hold it).

Exit codes: 0 done, 1 the command failed, 2 the command line or configuration is wrong.`,
  )
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

program
  .command('serve')
  .description('start the GraphQL API (same as `node packages/server/dist/main.js`)')
  .action(async () => {
    await import('../main.js');
  });

const migrate = program.command('migrate').description('apply, revert or list database migrations');

migrate
  .command('status')
  .description('list migrations, applied and pending; exits 1 when some are pending')
  .action(async () => {
    await withDatabase(
      async ({ orm }) => {
        const migrator = orm.getMigrator();
        const executed = await migrator.getExecutedMigrations();
        const pending = await migrator.getPendingMigrations();
        for (const migration of executed) {
          console.log(`applied  ${migration.name}  ${migration.executed_at.toISOString()}`);
        }
        for (const migration of pending) console.log(`pending  ${migration.name}`);
        console.log(
          pending.length === 0
            ? `Up to date: ${executed.length} migrations applied.`
            : `${pending.length} pending: run \`binh-dang migrate up\`.`,
        );
        if (pending.length > 0) process.exitCode = EXIT_FAILED;
      },
      { migrate: false },
    );
  });

migrate
  .command('up')
  .description('apply pending migrations (all, or up to and including --to)')
  .option('--to <migration>', 'last migration to apply')
  .action(async (options: { to?: string }) => {
    await withDatabase(
      async ({ orm }) => {
        const { migrate } = await import('../database/orm.js');
        const applied = await migrate(orm, options);
        console.log(
          applied.length === 0
            ? 'Nothing to apply: the database is up to date.'
            : `Applied ${applied.length}: ${applied.join(', ')}`,
        );
      },
      { migrate: false },
    );
  });

migrate
  .command('down')
  .description('revert the last applied migration (or back to, not including, --to)')
  .option('--to <migration>', 'the migration to keep as the last applied one')
  .action(async (options: { to?: string }) => {
    await withDatabase(
      async ({ orm }) => {
        const { withMigrationLock } = await import('../database/orm.js');
        const reverted = await withMigrationLock(orm, () =>
          orm.getMigrator().down(options.to ? { to: options.to } : undefined),
        );
        console.log(
          reverted.length === 0
            ? 'Nothing to revert.'
            : `Reverted ${reverted.length}: ${reverted.map((m) => m.name).join(', ')}`,
        );
      },
      { migrate: false },
    );
  });

migrate
  .command('create')
  .description('developers: write an empty migration into src/database/migrations and list it')
  .argument('<name>', 'what the migration does, in CamelCase (e.g. OfficialEmail)')
  .action(async (name: string) => {
    if (!/^[A-Z][A-Za-z0-9]{0,80}$/.test(name)) {
      throw new UsageError(
        'The migration name must be CamelCase letters and digits, like OfficialEmail',
      );
    }
    const path = await import('node:path');
    const { repositoryRoot } = await import('../config.js');
    const folder = path.join(repositoryRoot, 'packages/server/src/database/migrations');
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const className = `Migration${stamp}${name}`;
    const file = path.join(folder, `${className}.ts`);
    fs.writeFileSync(
      file,
      `import { Migration } from '@mikro-orm/migrations';

export class ${className} extends Migration {
  override async up(): Promise<void> {
    this.addSql(\`\`);
  }

  override async down(): Promise<void> {
    this.addSql(\`\`);
  }
}
`,
      { flag: 'wx' },
    );
    const index = path.join(folder, 'index.ts');
    const source = fs.readFileSync(index, 'utf8');
    const listed = source
      .replace(/\n\n\/\*\*/, `\nimport { ${className} } from './${className}.js';\n\n/**`)
      .replace(/\n\];\s*$/, `\n  { name: '${className}', class: ${className} },\n];\n`);
    fs.writeFileSync(index, listed);
    console.log(
      `Wrote ${path.relative(repositoryRoot, file)} and listed it in migrations/index.ts.`,
    );
  });

program
  .command('import')
  .description('import a CSV file (all rows or none)')
  .addArgument(
    new Command()
      .createArgument('<kind>', 'what the file holds')
      .choices(Object.keys(IMPORT_KINDS)),
  )
  .argument('<file>', 'the CSV file')
  .option('--report <file>', 'write every problem of a rejected file to this CSV file')
  .option(
    '--source <text>',
    "the source of rows that name none (default: the file's name, wherever it lies)",
  )
  .option(
    '--submit',
    'submit for approval the indicator values the file inserts or changes (never approves)',
  )
  .action(
    async (
      kind: string,
      file: string,
      options: { report?: string; source?: string; submit?: boolean },
    ) => {
      if (!fs.existsSync(file)) throw new UsageError(`No such file: ${printable(file)}`);
      const { importCsv } = await import('../modules/import/import.service.js');
      await withDatabase(async ({ orm, embedded }) => {
        if (embedded && kind !== 'localities') {
          const [counted] = await orm.em.getKnex()('locality').count({ count: '*' });
          if (Number(counted?.count) === 0) {
            throw new Error(
              'The embedded database holds no localities, so every row would be refused: set DATABASE_URL to the database you mean, or import localities first.',
            );
          }
        }
        const size = fs.statSync(file).size;
        const progress = progressReporter(size);
        const report = await importCsv(orm.em.getKnex(), {
          kind: kind as ImportKindName,
          input: fs.createReadStream(file),
          actor: `cli:${os.userInfo().username}`,
          source: options.source ?? `Imported from ${path.basename(file)}`,
          submit: options.submit ?? false,
          onProgress: (bytes) => progress.update(bytes),
        });
        progress.done();
        if (!report.applied) {
          console.error(`Rejected: ${report.problemCount} problem(s); nothing was written.`);
          if (options.report) {
            const lines = ['line,column,value,reason'];
            for (const problem of report.problems) {
              lines.push(
                [problem.line, problem.column, problem.value, problem.reason]
                  .map(csvField)
                  .join(','),
              );
            }
            fs.writeFileSync(options.report, `${lines.join('\n')}\n`);
            console.error(`Every problem listed is in ${printable(options.report)}.`);
          }
          // Values come from the file: a control sequence in one must not drive the terminal.
          const shown = options.report ? [] : report.problems.slice(0, PRINTED_PROBLEMS);
          for (const problem of shown) {
            const value = problem.value ? ` = "${printable(problem.value)}"` : '';
            console.error(
              `  line ${problem.line}, ${printable(problem.column)}${value}: ${printable(problem.reason)}`,
            );
          }
          if (!options.report && report.problemCount > shown.length) {
            console.error(
              `  … and ${report.problemCount - shown.length} more: --report FILE writes them all to a CSV file`,
            );
          }
          process.exitCode = EXIT_FAILED;
        } else {
          const rate = report.rows / Math.max(report.seconds, 0.001);
          console.log(
            `Imported ${report.rows} rows in ${report.seconds.toFixed(1)} s (${Math.round(rate)} rows/s): ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged.`,
          );
          if (report.writtenAs) {
            console.log(
              `New and changed values were written ${report.writtenAs}${report.submitted ? ` (${report.submitted} submitted)` : ''}; ${report.reopened} approved value(s) changed and went back to DRAFT.`,
            );
          }
          const next = options.submit ? AFTER_SUBMIT[kind] : AFTER_IMPORT[kind];
          if (next) console.log(next);
        }
      });
    },
  );

const apiKey = program.command('api-key').description('create, revoke and list API keys');

apiKey
  .command('create')
  .description('create an API key; it is shown once')
  .requiredOption('--name <name>', 'who or what uses the key')
  .addOption(
    new Option('--role <role>', 'what the key may do')
      .choices(['ANALYST', 'EDITOR', 'ADMIN'])
      .argParser((value) => value.toUpperCase())
      .makeOptionMandatory(),
  )
  .option('--scope <locality code>', 'confine the key to a locality and what lies under it')
  .action(async (options: { name: string; role: string; scope?: string }) => {
    if (!['ANALYST', 'EDITOR', 'ADMIN'].includes(options.role)) {
      throw new UsageError(
        `--role must be one of ANALYST, EDITOR, ADMIN, got "${printable(options.role)}"`,
      );
    }
    const { createApiKey } = await import('../modules/auth/api-keys.js');
    await withDatabase(async ({ orm }) => {
      const created = await createApiKey(orm.em.getKnex(), {
        name: options.name,
        role: options.role as Parameters<typeof createApiKey>[1]['role'],
        scopeCode: options.scope,
      });
      console.log(
        `API key for "${printable(options.name)}" (${options.role}${options.scope ? `, scope ${printable(options.scope)}` : ''}):\n\n  ${created.key}\n\nIt is shown once; store it now. Revoke with: binh-dang api-key revoke ${created.prefix}`,
      );
    });
  });

apiKey
  .command('revoke')
  .description('revoke the live key with this prefix')
  .argument('<prefix>', 'the key prefix `api-key list` shows')
  .action(async (prefix: string) => {
    const { revokeApiKey } = await import('../modules/auth/api-keys.js');
    await withDatabase(async ({ orm }) => {
      if (await revokeApiKey(orm.em.getKnex(), prefix)) {
        console.log(`Revoked ${printable(prefix)}.`);
      } else {
        console.error(`No live key has the prefix ${printable(prefix)}.`);
        process.exitCode = EXIT_FAILED;
      }
    });
  });

apiKey
  .command('list')
  .description('list API keys, live and revoked')
  .action(async () => {
    await withDatabase(async ({ orm }) => {
      const keys = await orm.em
        .getKnex()('api_key')
        .select('prefix', 'name', 'role', 'scope_code', 'revoked_at')
        .orderBy('id');
      if (keys.length === 0) {
        console.log('No API keys yet. Create one with: binh-dang api-key create --name … --role …');
      }
      for (const key of keys) {
        console.log(
          `${key.prefix}  ${key.role.padEnd(7)} ${printable(key.scope_code ?? '-').padEnd(6)} ${key.revoked_at ? 'revoked' : 'live   '}  ${printable(key.name)}`,
        );
      }
    });
  });

program
  .command('seed')
  .description('load the Quảng Ngãi demo data set into the configured database (idempotent)')
  .action(async () => {
    const { seedDemoData } = await import('../seed/seed.js');
    await withDatabase(async ({ orm }) => {
      const summary = await seedDemoData(orm);
      console.log(summary.inserted ? `Seeded: ${summary.describe()}` : 'Demo data already present');
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; usage errors were already printed.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (error instanceof UsageError) {
    console.error(printable(error.message));
    process.exitCode = EXIT_USAGE;
  } else {
    console.error(printable(error instanceof Error ? error.message : error));
    process.exitCode = EXIT_FAILED;
  }
}
