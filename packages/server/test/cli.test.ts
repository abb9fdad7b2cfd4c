import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/database/embedded-postgres.js';
import { migrationsList } from '../src/database/migrations/index.js';
import { openOrm } from '../src/database/orm.js';
import { createSeededDatabase } from './support/scratch-database.js';

const serverRoot = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));

/** Runs the command-line tool from its sources. */
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        tsx,
        '--tsconfig',
        path.join(serverRoot, 'tsconfig.json'),
        path.join(serverRoot, 'src/cli/index.ts'),
        ...args,
      ],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
beforeAll(async () => {
  scratch = await createSeededDatabase('cli');
});
afterAll(async () => {
  await scratch?.drop();
});

describe('binh-dang --help', { timeout: 120_000 }, () => {
  it('answers for the tool and each command without any database', async () => {
    const nowhere = fs.mkdtempSync(path.join(os.tmpdir(), 'binh-dang-help-'));
    const env = {
      // Neither an operator's database nor the embedded one may be touched.
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing',
      EMBEDDED_PG_DIR: path.join(nowhere, 'postgres'),
    };
    const commands = [
      [],
      ['serve'],
      ['migrate'],
      ['migrate', 'status'],
      ['migrate', 'up'],
      ['migrate', 'down'],
      ['import'],
      ['api-key'],
      ['api-key', 'create'],
      ['api-key', 'list'],
      ['seed'],
    ];
    const results = await Promise.all(commands.map((command) => cli([...command, '--help'], env)));
    results.forEach((result, index) => {
      const name = ['binh-dang', ...commands[index]].join(' ');
      expect(result.code, name).toBe(0);
      expect(result.stdout, name).toContain(`Usage: ${name}`);
      expect(result.stderr, name).toBe('');
    });
    expect(results[0].stdout).toMatch(/Exit codes: 0 done, 1 the command failed, 2/);
    expect(results[6].stdout).toContain('indicator-values');
    expect(fs.existsSync(env.EMBEDDED_PG_DIR)).toBe(false);
    fs.rmSync(nowhere, { recursive: true, force: true });
  });

  it('exits 2 on a wrong command line, before any database', async () => {
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' };
    const missing = await cli(['api-key', 'create', '--name', 'x'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--role <role>' not specified");
    const badConfig = await cli(['migrate', 'status'], { DATABASE_URL: 'mysql://x' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('DATABASE_URL must be a PostgreSQL URL');
  });
});

describe('binh-dang migrate', { timeout: 120_000 }, () => {
  it('reports status, reverts the last migration, and applies it again', async () => {
    const env = { DATABASE_URL: scratch.url };
    const last = migrationsList.at(-1)!.name;

    const current = await cli(['migrate', 'status'], env);
    expect(current.code).toBe(0);
    expect(current.stdout).toContain(`Up to date: ${migrationsList.length} migrations applied.`);
    expect(current.stdout).toMatch(new RegExp(`^applied  ${last}  \\d{4}-`, 'm'));

    const down = await cli(['migrate', 'down'], env);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`Reverted 1: ${last}`);

    const behind = await cli(['migrate', 'status'], env);
    expect(behind.code).toBe(1);
    expect(behind.stdout).toContain(`pending  ${last}`);
    expect(behind.stdout).toContain('1 pending: run `binh-dang migrate up`.');

    const up = await cli(['migrate', 'up'], env);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`Applied 1: ${last}`);

    const again = await cli(['migrate', 'up'], env);
    expect(again.stdout).toContain('Nothing to apply: the database is up to date.');
    expect((await cli(['migrate', 'status'], env)).code).toBe(0);
  });
});

describe('binh-dang api-key list', { timeout: 60_000 }, () => {
  it('says when there are no keys', async () => {
    const result = await cli(['api-key', 'list'], { DATABASE_URL: scratch.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No API keys yet.');
  });
});

const VALUES_HEADER =
  'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';

describe('binh-dang import', { timeout: 180_000 }, () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'binh-dang-cli-import-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('prints plain progress lines when no one watches, and says what state the values are in', async () => {
    const file = path.join(folder, 'good.csv');
    fs.writeFileSync(file, `${VALUES_HEADER}\nMT6.3,529,2021,61,,,,,,cli\n`);
    const result = await cli(['import', 'indicator-values', file], { DATABASE_URL: scratch.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^read 100%: .* MB\/s, ETA 0 s$/m);
    expect(result.stdout).toContain('Imported 1 rows');
    expect(result.stdout).toContain('New and changed values are DRAFT');
    // No bar and no carriage returns for a pipe.
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\r');
  });

  it('changes nothing when the same file comes from another folder, and counts the approved values a changed file reopens', async () => {
    const orm = await openOrm(scratch.url);
    const knex = orm.em.getKnex();
    const states = async () =>
      (
        await knex('indicator_value as v')
          .join('locality as l', 'l.id', 'v.locality_id')
          .join('indicator as i', 'i.id', 'v.indicator_id')
          .where({ 'i.code': 'MT6.3', 'v.year': 2024 })
          .orderBy('l.code')
          .select('l.code', 'v.approval_status', 'v.source', 'v.submitted_by')
      ).map((row) => Object.values(row).join(' '));
    try {
      const write = (folderName: string, rows: string[]) => {
        fs.mkdirSync(path.join(folder, folderName), { recursive: true });
        const file = path.join(folder, folderName, 'district-values.csv');
        fs.writeFileSync(file, `${VALUES_HEADER}\n${rows.join('\n')}\n`);
        return file;
      };
      const rows = ['MT6.3,529,2024,61,,,,,,', 'MT6.3,530,2024,55,,,,,,'];
      const first = await cli(['import', 'indicator-values', write('a', rows)], {
        DATABASE_URL: scratch.url,
      });
      expect(first.stdout).toContain('2 inserted, 0 updated, 0 unchanged');
      expect(first.stdout).toContain('New and changed values were written DRAFT');
      await knex('indicator_value')
        .whereIn('source', ['Imported from district-values.csv'])
        .update({ approval_status: 'APPROVED' });
      const again = await cli(['import', 'indicator-values', write('b', rows)], {
        DATABASE_URL: scratch.url,
      });
      expect(again.stdout).toContain('0 inserted, 0 updated, 2 unchanged');
      expect(again.stdout).toContain('0 approved value(s) changed');
      expect(await states()).toEqual([
        '529 APPROVED Imported from district-values.csv ',
        '530 APPROVED Imported from district-values.csv ',
      ]);

      const changed = await cli(
        ['import', 'indicator-values', write('c', ['MT6.3,529,2024,62,,,,,,', rows[1]])],
        { DATABASE_URL: scratch.url },
      );
      expect(changed.stdout).toContain('0 inserted, 1 updated, 1 unchanged');
      expect(changed.stdout).toContain('1 approved value(s) changed and went back to DRAFT');
      expect(await states()).toEqual([
        '529 DRAFT Imported from district-values.csv ',
        '530 APPROVED Imported from district-values.csv ',
      ]);

      // --submit submits what the file wrote, and never approves.
      const submitted = await cli(
        [
          'import',
          'indicator-values',
          write('d', ['MT6.3,529,2024,63,,,,,,', rows[1]]),
          '--submit',
        ],
        { DATABASE_URL: scratch.url },
      );
      expect(submitted.stdout).toContain('written SUBMITTED (1 submitted)');
      expect(submitted.stdout).toContain('reviewIndicatorValues');
      const [who] = await states();
      expect(who).toMatch(/^529 SUBMITTED Imported from district-values\.csv cli:/);
      expect((await states())[1]).toBe('530 APPROVED Imported from district-values.csv ');
    } finally {
      await orm.close(true);
    }
  });

  it('lists a few problems on the terminal and every one with --report', async () => {
    const file = path.join(folder, 'bad.csv');
    const rows = Array.from(
      { length: 30 },
      (_, i) => `MT6.3,21025,${2040 + i},61,,,,,,"bad, ${i}"`,
    );
    fs.writeFileSync(file, `${VALUES_HEADER}\n${rows.join('\n')}\n`);

    const printed = await cli(['import', 'indicator-values', file], { DATABASE_URL: scratch.url });
    expect(printed.code).toBe(1);
    expect(printed.stderr).toContain('Rejected: 30 problem(s); nothing was written.');
    expect(printed.stderr.match(/^ {2}line \d+/gm)).toHaveLength(20);
    expect(printed.stderr).toContain('… and 10 more: --report FILE writes them all to a CSV file');

    const report = path.join(folder, 'problems.csv');
    const reported = await cli(['import', 'indicator-values', file, '--report', report], {
      DATABASE_URL: scratch.url,
    });
    expect(reported.code).toBe(1);
    expect(reported.stderr).not.toMatch(/^ {2}line /m);
    expect(reported.stderr).toContain(`Every problem listed is in ${report}.`);
    const lines = fs.readFileSync(report, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('line,column,value,reason');
    expect(lines).toHaveLength(31);
    expect(lines[1]).toMatch(/^2,year,2040,/);
  });

  it('says in one sentence that a running platform holds the embedded database', async () => {
    const dataDir = path.join(folder, 'held');
    fs.mkdirSync(dataDir);
    // A live process owns the data directory, as the platform's PostgreSQL does.
    fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
    const result = await cli(['api-key', 'list'], { DATABASE_URL: '', EMBEDDED_PG_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^The embedded database \(.*held\) is held by a running platform \(PostgreSQL process \d+\): stop the platform first, or set DATABASE_URL to postgres:\/\/postgres:postgres@127\.0\.0\.1:\d+\/binh_dang to work on it while it runs\.$/,
    );
  });

  it('says when DATABASE_URL was probably forgotten: the embedded database has no localities', async () => {
    const file = path.join(folder, 'values.csv');
    fs.writeFileSync(file, `${VALUES_HEADER}\nMT6.3,529,2024,61,,,,,,cli\n`);
    const result = await cli(['import', 'indicator-values', file], {
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: path.join(serverRoot, '../../.data/cli-postgres'),
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'The embedded database holds no localities, so every row would be refused: set DATABASE_URL to the database you mean, or import localities first.',
    );
  });
});
