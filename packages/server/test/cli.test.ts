import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../src/database/migrations/index.js';
import { createScratchDatabase } from './support/scratch-database.js';

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

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase('cli');
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
