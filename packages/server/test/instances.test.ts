import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import './support/provided-context.js';
import { loadConfig } from '../src/config.js';
import { applicationRoleGrants } from '../src/database/application-role.js';
import { openDatabase, type Database } from '../src/database/database.js';
import { freePort } from '../src/database/embedded-postgres.js';
import { migrationsList } from '../src/database/migrations/index.js';
import { createPlatformServer, type PlatformServer } from '../src/server.js';
import { signToken, TEST_JWT_SECRET, testConfig } from './support/platform.js';
import { createScratchDatabase } from './support/scratch-database.js';
import { systemTool } from './support/system-tools.js';

const serverRoot = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));

async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The test roles' password: the embedded server asks for one, the CI server trusts. */
const ROLE_PASSWORD = `pw-${process.pid}-${Date.now()}`;

function databaseUrl(name: string, user?: string): string {
  const url = new URL(inject('serverUrl'));
  url.pathname = `/${name}`;
  if (user) {
    url.username = user;
    url.password = ROLE_PASSWORD;
  }
  return url.toString();
}

function startInstance(url: string, port: number, output: { text: string }): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      tsx,
      '--tsconfig',
      path.join(serverRoot, 'tsconfig.json'),
      path.join(serverRoot, 'src/main.ts'),
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        DATABASE_URL: url,
        JWT_SECRET: TEST_JWT_SECRET,
        PORT: String(port),
        REDIS_URL: '',
      },
      // tsx runs the server in a child process of its own: the group is killed as a whole.
      detached: true,
    },
  );
  child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  return child;
}

function readyOrExit(child: ChildProcess, output: { text: string }): Promise<'ready' | number> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (output.text.includes('ready at')) done('ready');
    }, 100);
    const done = (outcome: 'ready' | number) => {
      clearInterval(timer);
      resolve(outcome);
    };
    child.once('exit', (code) => done(code ?? -1));
  });
}

/** A GraphQL POST to the platform at `url` as an ADMIN; the answer's JSON. */
async function adminCall(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signToken({ role: 'ADMIN' })}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as Promise<{ data?: Record<string, any>; errors?: unknown[] }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('several instances starting at once', { timeout: 240_000 }, () => {
  const name = `binh_dang_instances_${process.pid}_${Date.now()}`;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await admin(inject('serverUrl'), `create database "${name}"`);
  });

  afterAll(async () => {
    for (const child of children) {
      // SIGKILL to tsx alone would leave the server it started running.
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    }
    await admin(inject('serverUrl'), `drop database if exists "${name}" with (force)`);
  });

  it('all come up on an empty database, which is migrated exactly once', async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const outputs = ports.map(() => ({ text: '' }));
    for (const [index, port] of ports.entries()) {
      children.push(startInstance(databaseUrl(name), port, outputs[index]));
    }
    const outcomes = await Promise.all(children.map((child, i) => readyOrExit(child, outputs[i])));
    const tails = outputs.map((output) => output.text.slice(-800)).join('\n-----\n');
    expect(outcomes, tails).toEqual(['ready', 'ready', 'ready']);
    for (const port of ports) {
      expect(
        await adminCall(
          `http://127.0.0.1:${port}/graphql`,
          '{ localities(first: 1) { totalCount } }',
        ),
      ).toEqual({ data: { localities: { totalCount: 0 } } });
    }
    const applied = await admin<{ count: string }>(
      databaseUrl(name),
      'select count(*) from mikro_orm_migrations',
    );
    expect(Number(applied[0].count)).toBe(migrationsList.length);
    // One instance applied them; the others found nothing left to apply.
    expect(outputs.filter((output) => output.text.includes('Applied migrations'))).toHaveLength(1);
  });
});

describe('an ordinary role with the documented privileges', { timeout: 120_000 }, () => {
  const role = `binh_dang_app_${process.pid}`;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: Database;
  let server: PlatformServer;
  let url: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase('role');
    const name = new URL(scratch.url).pathname.slice(1);
    await admin(
      inject('serverUrl'),
      `create role "${role}" login password '${ROLE_PASSWORD}' nosuperuser nocreatedb nocreaterole`,
    );
    await admin(scratch.url, applicationRoleGrants(role, name));
    const config = testConfig({
      databaseUrl: databaseUrl(name, role),
      database: { ...testConfig().database, poolSize: 3, transactionPooling: true },
    });
    // Unlike the role's 10 s: a per-connection SET would show here.
    config.limits.statementTimeoutMs = 2500;
    database = await openDatabase(config, () => {}, { migrate: false });
    server = await createPlatformServer(database.orm, config);
    url = await server.listen(0);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.close();
    await scratch?.drop();
    await admin(inject('serverUrl'), `drop role if exists "${role}"`);
  });

  const call = (query: string, variables?: Record<string, unknown>) =>
    adminCall(url, query, variables);

  it('writes and reads through the API', async () => {
    const created = await call(
      `mutation ($input: CreateLocalityInput!) { createLocality(input: $input) { code version } }`,
      {
        input: {
          code: '51',
          name: 'Tỉnh Quảng Ngãi',
          shortName: 'Quảng Ngãi',
          level: 'PROVINCE',
          type: 'PROVINCE',
          source: 'test data',
        },
      },
    );
    expect(created).toEqual({ data: { createLocality: { code: '51', version: 1 } } });
    const read = await call('{ locality(code: "51") { name } }');
    expect(read).toEqual({ data: { locality: { name: 'Tỉnh Quảng Ngãi' } } });
  });

  it('gets its statement timeout from the role, with no per-connection SET', async () => {
    const [row] = await database.orm.em
      .getConnection()
      .execute<{ timeout: string; jit: string }[]>(
        "select current_setting('statement_timeout') as timeout, current_setting('jit') as jit",
      );
    expect(row).toEqual({ timeout: '10s', jit: 'off' });
  });

  it('cannot change the structure, the migration history or other roles', async () => {
    const connection = database.orm.em.getConnection();
    for (const sql of [
      'create table intruder (id int)',
      'drop table locality',
      'truncate locality',
      "delete from mikro_orm_migrations where name like 'Migration%'",
      `alter role "${role}" superuser`,
    ]) {
      await expect(connection.execute(sql), sql).rejects.toThrow(/permission denied|must be/);
    }
  });
});

describe('scale-out settings', () => {
  it('names the wrong variable and what it accepts, without repeating a password', () => {
    const wrong = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(wrong({ DATABASE_POOL_SIZE: '1' })).toBe(
      'DATABASE_POOL_SIZE must be a whole number from 2 to 1000, got "1"',
    );
    expect(wrong({ DATABASE_POOL_MODE: 'statement' })).toBe(
      'DATABASE_POOL_MODE must be one of session, transaction, got "statement"',
    );
    const replicas = wrong({
      DATABASE_URL: 'postgres://app@primary:5432/binh_dang',
      DATABASE_REPLICA_URLS: 'postgres://app@replica:5432/binh_dang,mysql://app:hunter2@x/db',
    });
    expect(replicas).toMatch(/^DATABASE_REPLICA_URLS entry 2 must be a PostgreSQL URL/);
    expect(replicas).not.toContain('hunter2');
    expect(wrong({ DATABASE_REPLICA_URLS: 'postgres://app@replica:5432/binh_dang' })).toMatch(
      /^DATABASE_REPLICA_URLS needs DATABASE_URL/,
    );
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://app@primary:5432/binh_dang',
        DATABASE_REPLICA_URLS:
          ' postgres://app@r1:5432/binh_dang , postgres://app@r2:5432/binh_dang',
      }).database.replicaUrls,
    ).toEqual(['postgres://app@r1:5432/binh_dang', 'postgres://app@r2:5432/binh_dang']);
  });
});

const PGBOUNCER = systemTool(
  {
    name: 'PgBouncer',
    paths: ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'],
    aptPackage: 'pgbouncer',
  },
  'the PgBouncer transaction-mode tests',
);

describe.skipIf(!PGBOUNCER)('behind PgBouncer in transaction mode', { timeout: 120_000 }, () => {
  const role = `binh_dang_pgb_${process.pid}`;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let bouncer: ChildProcess | undefined;
  let root: string;
  let database: Database;
  let server: PlatformServer;
  let url: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase('pgbouncer');
    const name = new URL(scratch.url).pathname.slice(1);
    await admin(
      inject('serverUrl'),
      `create role "${role}" login password '${ROLE_PASSWORD}' nosuperuser`,
    );
    await admin(scratch.url, applicationRoleGrants(role, name));

    // Two server connections for a pool of five: statements of one client land on connections
    // another client used, as they do in production behind PgBouncer.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'binh-dang-pgbouncer-'));
    fs.chmodSync(root, 0o755);
    const port = await freePort();
    const postgres = new URL(inject('serverUrl'));
    // PgBouncer logs in to PostgreSQL with the password it holds for the role.
    fs.writeFileSync(path.join(root, 'users.txt'), `"${role}" "${ROLE_PASSWORD}"\n`);
    fs.writeFileSync(
      path.join(root, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${postgres.hostname} port=${postgres.port || 5432}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${path.join(root, 'users.txt')}`,
        'pool_mode = transaction',
        'default_pool_size = 2',
        'max_client_conn = 100',
      ].join('\n'),
    );
    const root0 = os.userInfo().uid === 0;
    const owner = root0
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
          gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
        }
      : {};
    bouncer = spawn(PGBOUNCER!, [path.join(root, 'pgbouncer.ini')], owner);
    const output = { text: '' };
    bouncer.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    bouncer.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    for (let i = 0; i < 100 && !output.text.includes('process up'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output.text).toContain('process up');

    const config = testConfig({
      databaseUrl: `postgres://${role}@127.0.0.1:${port}/${name}`,
      database: { ...testConfig().database, poolSize: 5, transactionPooling: true },
    });
    config.limits.statementTimeoutMs = 2500;
    database = await openDatabase(config, () => {}, { migrate: false });
    server = await createPlatformServer(database.orm, config);
    url = await server.listen(0);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.close();
    bouncer?.kill('SIGINT');
    await scratch?.drop();
    await admin(inject('serverUrl'), `drop role if exists "${role}"`);
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes, reads concurrently, and keeps the role’s statement timeout on every connection', async () => {
    const call = (query: string, variables?: Record<string, unknown>) =>
      adminCall(url, query, variables);
    expect(
      await call(
        `mutation ($input: CreateLocalityInput!) { createLocality(input: $input) { code } }`,
        {
          input: {
            code: '51',
            name: 'Tỉnh Quảng Ngãi',
            shortName: 'Quảng Ngãi',
            level: 'PROVINCE',
            type: 'PROVINCE',
            source: 'test data',
          },
        },
      ),
    ).toEqual({ data: { createLocality: { code: '51' } } });
    const reads = await Promise.all(
      Array.from({ length: 10 }, () => call('{ locality(code: "51") { name } }')),
    );
    for (const read of reads)
      expect(read).toEqual({ data: { locality: { name: 'Tỉnh Quảng Ngãi' } } });
    const timeouts = await Promise.all(
      Array.from({ length: 6 }, () =>
        database.orm.em
          .getConnection()
          .execute<{ timeout: string }[]>("select current_setting('statement_timeout') as timeout"),
      ),
    );
    expect(new Set(timeouts.map(([row]) => row.timeout))).toEqual(new Set(['10s']));
  });

  it('answers repeats of an aggregate from the answer cache, and afresh after a write', async () => {
    const call = (query: string, variables?: Record<string, unknown>) =>
      adminCall(url, query, variables);
    const breakdown = `{ officialsBreakdown(groupBy: [SEX], options: { asOf: "2024-06-01" }) { total } }`;
    const knex = database.orm.em.getKnex();
    let statements = 0;
    const count = () => statements++;
    knex.on('query', count);
    try {
      const first = await call(breakdown);
      expect(first.data).toBeDefined();
      // Answered before Apollo: the generations are read outside the ORM, as a statement the
      // pooler can run on any server connection (several at once, so that they land on both).
      const before = statements;
      for (let i = 0; i < 5; i++) {
        const repeats = await Promise.all(Array.from({ length: 4 }, () => call(breakdown)));
        for (const repeat of repeats) expect(repeat).toEqual(first);
      }
      expect(statements - before).toBe(0);
      await call(
        `mutation ($input: CreateOfficialInput!) { createOfficial(input: $input) { id } }`,
        {
          input: {
            fullName: 'Phạm Thị Bouncer',
            sex: 'FEMALE',
            ethnicity: 'Kinh',
            homeLocalityCode: '51',
          },
        },
      );
      expect((await call(breakdown)).data?.officialsBreakdown.total).toBe(
        first.data!.officialsBreakdown.total + 1,
      );
    } finally {
      knex.off('query', count);
    }
  });
});
