import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { metrics } from '../src/modules/observability/metrics.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/database/database.js';
import { freePort } from '../src/database/embedded-postgres.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { createPlatformServer, type PlatformServer } from '../src/server.js';
import { createApiKey } from '../src/modules/auth/api-keys.js';
import { Role } from '../src/modules/auth/viewer.js';
import { signToken, testConfig } from './support/platform.js';
import { systemTool } from './support/system-tools.js';

/**
 * PostgreSQL binaries with pg_basebackup. The packaged embedded server ships only initdb, pg_ctl
 * and postgres, so these are the system's (the newest installed); without them the suite skips.
 */
function postgresBinaries(): string | undefined {
  if (!fs.existsSync('/usr/lib/postgresql')) return undefined;
  return fs
    .readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `/usr/lib/postgresql/${version}/bin`)
    .find((dir) => fs.existsSync(path.join(dir, 'pg_basebackup')));
}

const BIN =
  postgresBinaries() ??
  systemTool(
    {
      name: 'PostgreSQL server binaries with pg_basebackup',
      paths: ['/usr/lib/postgresql/<version>/bin'],
    },
    'the streaming-replica tests',
  );
/** PostgreSQL refuses to run as root: then the servers run as the `postgres` user. */
const runAs: { uid?: number; gid?: number } =
  os.userInfo().uid === 0
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
      }
    : {};

/** A PostgreSQL server of this test's own, with every statement in its log. */
class Server {
  log = '';
  private process?: ChildProcess;
  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(ready: string): Promise<void> {
    const child = spawn(
      path.join(BIN!, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-k',
        path.dirname(this.dataDir),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'wal_level=replica',
        '-c',
        'max_wal_senders=4',
        '-c',
        'fsync=off',
        '-c',
        'log_statement=all',
      ],
      runAs,
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        this.log += chunk.toString();
        if (this.log.includes(ready)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`postgres exited (${code}): ${this.log}`)));
    });
  }

  /** Statements this server ran while `action` ran. */
  async statementsDuring(action: () => Promise<unknown>): Promise<string[]> {
    const from = this.log.length;
    await action();
    // Log lines are written as statements start; give the last ones a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Simple queries log as `statement:`, parameterised ones as `execute <name>:`.
    return [...this.log.slice(from).matchAll(/(?:statement|execute [^:]*): (.*)/g)].map(
      (match) => match[1],
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
}

async function sql(url: string, text: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Nested reads answered before Apollo so far. */
async function nestedReadHits(): Promise<number> {
  const { values } = await metrics.cacheLookups.get();
  return (
    values.find(({ labels }) => labels.cache === 'nested-read' && labels.result === 'hit')?.value ??
    0
  );
}

describe.skipIf(!BIN)('reads from a streaming replica', { timeout: 180_000 }, () => {
  let root: string;
  let primary: Server;
  let replica: Server;
  let database: Database;
  let server: PlatformServer;
  let url: string;

  async function call(token: string, query: string, variables?: Record<string, unknown>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as Promise<{ data?: Record<string, any>; errors?: unknown[] }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  async function replayed(): Promise<void> {
    const [{ lsn }] = await sql(
      primary.url('postgres'),
      'select pg_current_wal_lsn()::text as lsn',
    );
    for (let i = 0; i < 100; i++) {
      const [row] = await sql(
        replica.url('postgres'),
        `select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as done`,
      );
      if (row.done) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the replica did not catch up');
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'binh-dang-replica-'));
    fs.chmodSync(root, 0o755);
    if (runAs.uid !== undefined) fs.chownSync(root, runAs.uid, runAs.gid!);
    primary = new Server(path.join(root, 'primary'), await freePort());
    replica = new Server(path.join(root, 'replica'), await freePort());
    execFileSync(
      path.join(BIN!, 'initdb'),
      ['-D', primary.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8'],
      { ...runAs, stdio: 'ignore' },
    );
    await primary.start('ready to accept connections');
    execFileSync(
      path.join(BIN!, 'pg_basebackup'),
      // -R writes standby.signal and the primary's address; -X stream copies the WAL it needs.
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(primary.port),
        '-U',
        'postgres',
        '-D',
        replica.dataDir,
      ].concat(['-R', '-X', 'stream', '-c', 'fast']),
      { ...runAs, stdio: 'ignore' },
    );
    await replica.start('ready to accept read-only connections');

    await sql(primary.url('postgres'), 'create database binh_dang');
    const migrator = await openOrm(primary.url('binh_dang'));
    try {
      await migrate(migrator);
    } finally {
      await migrator.close(true);
    }
    await replayed();

    const base = testConfig();
    const config = testConfig({
      databaseUrl: primary.url('binh_dang'),
      database: {
        ...base.database,
        replicaUrls: [replica.url('binh_dang')],
        readYourWritesSeconds: 60,
      },
    });
    database = await openDatabase(config, () => {}, { migrate: false });
    server = await createPlatformServer(database.orm, config, { replicas: database.replicas });
    url = await server.listen(0);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.close();
    await replica?.stop();
    await primary?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves lists and aggregates from the replica, and nothing of them from the primary', async () => {
    const admin = await signToken({ role: 'ADMIN', sub: 'replica-admin' });
    const created = await call(
      admin,
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
    );
    expect(created.errors).toBeUndefined();
    await replayed();

    const reader = await signToken({ role: 'ANALYST', sub: 'replica-reader' });
    let answer: Awaited<ReturnType<typeof call>> | undefined;
    const onPrimary = await primary.statementsDuring(async () => {
      const onReplica = await replica.statementsDuring(async () => {
        answer = await call(
          reader,
          `{ localities(first: 5) { totalCount nodes { code } }
             officialsBreakdown(groupBy: [SEX]) { total } }`,
        );
      });
      expect(onReplica.some((statement) => /from "?locality"?/i.test(statement))).toBe(true);
      expect(onReplica.some((statement) => /official/i.test(statement))).toBe(true);
    });
    expect(answer?.errors).toBeUndefined();
    expect(answer?.data?.localities).toEqual({ totalCount: 1, nodes: [{ code: '51' }] });
    expect(onPrimary).toEqual([]);
  });

  it('records the use of an API key at most once a minute, not as a write per read', async () => {
    const { key } = await createApiKey(database.orm.em.getKnex(), {
      name: 'replica-reader-key',
      role: Role.ANALYST,
    });
    const onPrimary = await primary.statementsDuring(async () => {
      for (let i = 0; i < 3; i++) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ query: '{ localities(first: 1) { totalCount } }' }),
        });
        expect(response.status).toBe(200);
      }
    });
    expect(onPrimary.filter((statement) => /^update "api_key"/i.test(statement))).toHaveLength(1);
  });

  it('keeps reading a caller from the replica after a mutation it was refused', async () => {
    const analyst = await signToken({ role: 'ANALYST', sub: `replica-refused-${process.pid}` });
    const refused = await call(analyst, 'mutation { archiveAgency(id: "1", version: 1) { id } }');
    expect(refused.errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    const onPrimary = await primary.statementsDuring(async () => {
      const answer = await call(analyst, '{ localities(first: 1) { totalCount } }');
      expect(answer.errors).toBeUndefined();
    });
    expect(onPrimary).toEqual([]);
  });

  it('keeps reading an editor from the replica after a mutation that asked only for __typename', async () => {
    const editor = await signToken({
      role: 'EDITOR',
      scope: '51',
      sub: `replica-noop-${process.pid}`,
    });
    for (const noop of [
      'mutation { __typename }',
      'mutation { kind: __typename ... on Mutation { __typename } ...Nothing } fragment Nothing on Mutation { __typename }',
    ]) {
      expect((await call(editor, noop)).errors).toBeUndefined();
    }
    const onPrimary = await primary.statementsDuring(async () => {
      const answer = await call(editor, '{ localities(first: 1) { totalCount } }');
      expect(answer.errors).toBeUndefined();
    });
    expect(onPrimary).toEqual([]);
  });

  it('lets a caller read its own write at once, even while the replica lags', async () => {
    await sql(replica.url('postgres'), 'select pg_wal_replay_pause()');
    try {
      const writer = await signToken({ role: 'ADMIN', sub: 'replica-writer' });
      // A nested read, answered before Apollo once repeated, read from the replica so far.
      const units = '{ localities(filter: {codes: ["52"]}, first: 5) { nodes { code name } } }';
      expect(await call(writer, units)).toEqual({ data: { localities: { nodes: [] } } });
      const hits = await nestedReadHits();
      expect(await call(writer, units)).toEqual({ data: { localities: { nodes: [] } } });
      expect(await nestedReadHits()).toBe(hits + 1);
      const created = await call(
        writer,
        `mutation ($input: CreateLocalityInput!) { createLocality(input: $input) { code } }`,
        {
          input: {
            code: '52',
            name: 'Tỉnh Bình Định',
            shortName: 'Bình Định',
            level: 'PROVINCE',
            type: 'PROVINCE',
            source: 'test data',
          },
        },
      );
      expect(created.errors).toBeUndefined();
      const ownRead = await call(writer, '{ locality(code: "52") { name } }');
      expect(ownRead).toEqual({ data: { locality: { name: 'Tỉnh Bình Định' } } });
      // Its repeated nested read, answered before Apollo, reads from the primary too.
      expect(await call(writer, units)).toEqual({
        data: { localities: { nodes: [{ code: '52', name: 'Tỉnh Bình Định' }] } },
      });
      expect(await nestedReadHits()).toBe(hits + 2);
      // Another caller still reads from the replica, which has not replayed the write yet.
      const other = await signToken({ role: 'ANALYST', sub: 'replica-other' });
      expect(await call(other, '{ locality(code: "52") { name } }')).toEqual({
        data: { locality: null },
      });
      for (let i = 0; i < 2; i++) {
        expect(await call(other, units)).toEqual({ data: { localities: { nodes: [] } } });
      }
      expect(await nestedReadHits()).toBe(hits + 3);
    } finally {
      await sql(replica.url('postgres'), 'select pg_wal_replay_resume()');
    }
  });
});
