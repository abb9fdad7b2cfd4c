import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, logLevelOf, type PlatformConfig } from '../src/config.js';
import { openDatabase } from '../src/database/database.js';
import { migrationsList } from '../src/database/migrations/index.js';
import { openOrm } from '../src/database/orm.js';
import { log as platformLog } from '../src/modules/observability/log.js';
import { MAX_OPERATION_LABELS, PlatformMetrics } from '../src/modules/observability/metrics.js';
import { createPlatformServer, type PlatformServer } from '../src/server.js';
import { captureLog, type CapturedLog } from './support/log-capture.js';
import { signToken, TestPlatform, testConfig } from './support/platform.js';
import { createScratchDatabase, createSeededDatabase } from './support/scratch-database.js';

const METRICS_TOKEN = 'metrics-token-for-the-suite-0123';

let platform: TestPlatform;
let log: CapturedLog;
let base: string;

beforeAll(async () => {
  log = captureLog();
  const config = testConfig();
  platform = await TestPlatform.start(undefined, {
    ...config,
    operations: { ...config.operations, metricsToken: METRICS_TOKEN },
  });
  base = new URL(platform.url).origin;
});
afterAll(async () => {
  await platform?.stop();
  log?.restore();
});

function requestLines(requestId: string) {
  return log.lines.filter((line) => line.requestId === requestId && line.msg === 'request');
}

async function scrape(token = METRICS_TOKEN): Promise<string> {
  const response = await fetch(`${base}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample in Prometheus' text format (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    if (wanted.every((pair) => labelText.split(',').includes(pair))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return 0;
}

describe('the request log', () => {
  it('writes one JSON line per request with its id, operation, status, duration and kind of caller', async () => {
    const analyst = await signToken({ role: 'ANALYST', sub: 'nguyen.thi.lan@example.vn' });
    await platform.query(
      'query CountCommunes { localities(filter: { level: COMMUNE }) { totalCount } }',
      undefined,
      { token: analyst, headers: { 'x-request-id': 'trace-1234.abc' } },
    );
    const lines = requestLines('trace-1234.abc');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'POST',
      operation: 'CountCommunes',
      status: 200,
      caller: 'bearer',
      role: 'ANALYST',
      durationMs: expect.any(Number),
      time: expect.any(Number),
    });
    expect(lines[0].statements).toBeGreaterThan(0);
    // No personal data: neither the token's subject nor the token itself.
    const written = JSON.stringify(lines[0]);
    expect(written).not.toContain('nguyen.thi.lan');
    expect(written).not.toContain(analyst);
  });

  it('logs anonymous callers, refusals and errors with their codes', async () => {
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'refused-1' },
      body: JSON.stringify({ query: 'query Broken { nothingHere }' }),
    });
    expect(response.status).toBe(400);
    const [line] = requestLines('refused-1');
    expect(line).toMatchObject({ caller: 'anonymous', status: 400 });
    expect(line.errors).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('never takes a request id that could forge or split log lines', async () => {
    const forged = [
      'x"}\t{"level":60,"msg":"forged',
      'a'.repeat(129),
      'id with spaces',
      'ümlaut-id',
    ];
    for (const given of forged) {
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id':
            encodeURI(given) === given ? given : given.replace(/[^\x20-\x7e\t]/g, '?'),
        },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const id = response.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(requestLines(id)).toHaveLength(1);
    }
    expect(log.text()).not.toContain('forged');
  });
});

describe('database faults in the log', () => {
  it('keep the statement, its SQLSTATE and what failed, never the values the database quotes', async () => {
    const em = platform.orm.em.fork();
    const failures: unknown[] = [];
    // Through knex, and through the ORM (which wraps the driver's error in its own).
    await em
      .getConnection()
      .execute('select ?::int + 1 as overflow, ?::text as name', ['99999999999', 'Bà Secret'])
      .catch((error: unknown) => failures.push(error));
    await em
      .getConnection()
      .execute('insert into goal select * from goal where code = ? limit 1', ['MT1'])
      .catch((error: unknown) => failures.push(error));
    expect(failures).toHaveLength(2);
    const before = log.lines.length;
    for (const failure of failures) {
      platformLog().error({ err: failure }, 'fault');
    }
    const logged = log.lines.slice(before).map((line) => line.err as Record<string, unknown>);
    expect(logged[0]).toMatchObject({ type: 'DatabaseError', code: '22003' });
    expect(String(logged[0].statement)).toContain("'…'::int + 1");
    expect(logged[1]).toMatchObject({ type: 'DatabaseError', code: '23505', table: 'goal' });
    const text = JSON.stringify(logged);
    expect(text).not.toContain('99999999999');
    expect(text).not.toContain('Secret');
    expect(text).not.toMatch(/\)=\(\d/);
  });
});

describe('/metrics', () => {
  it('is closed to callers without the operators\u2019 token', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token-wrong-token-00' },
      { authorization: `Bearer ${METRICS_TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` },
      { 'x-api-key': METRICS_TOKEN },
    ] as Record<string, string>[]) {
      const response = await fetch(`${base}/metrics`, { headers });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('binh_dang_');
    }
  });

  it('is not served at all when no METRICS_TOKEN is configured', async () => {
    const open = await TestPlatform.start();
    try {
      const response = await fetch(`${new URL(open.url).origin}/metrics`);
      expect(response.status).toBe(404);
    } finally {
      await open.stop();
    }
  });

  it('counts requests, errors, statements and process figures', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      await platform.query('query MetricsProbe { localities(first: 2) { totalCount } }');
    }
    await platform.query('query MetricsBroken { nothingHere }');
    const after = await scrape();
    const requests = (text: string) =>
      sample(text, 'binh_dang_http_requests_total', { operation: 'MetricsProbe', status: '200' });
    expect(requests(after) - requests(before)).toBe(3);
    const statements = (text: string) =>
      sample(text, 'binh_dang_sql_statements_per_request_count', { operation: 'MetricsProbe' });
    expect(statements(after) - statements(before)).toBe(3);
    expect(
      sample(after, 'binh_dang_sql_statements_per_request_sum', { operation: 'MetricsProbe' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(after, 'binh_dang_graphql_errors_total', {
        operation: 'anonymous',
        code: 'GRAPHQL_VALIDATION_FAILED',
      }) +
        sample(after, 'binh_dang_graphql_errors_total', {
          operation: 'MetricsBroken',
          code: 'GRAPHQL_VALIDATION_FAILED',
        }),
    ).toBeGreaterThan(0);
    expect(
      sample(after, 'binh_dang_http_request_duration_seconds_count', { operation: 'MetricsProbe' }),
    ).toBeGreaterThanOrEqual(3);
    expect(after).toContain('binh_dang_process_resident_memory_bytes');
    expect(after).toContain('binh_dang_db_pool_connections_in_use');
  });

  it('counts answer-cache hits and misses, and rows an import wrote', async () => {
    // It writes: on a seeded database of its own; the metrics are the process's.
    const scratch = await createSeededDatabase('metrics_writes');
    const writer = await TestPlatform.start(scratch.url);
    try {
      const admin = await signToken({ role: 'ADMIN', sub: 'metrics-admin' });
      const coverage = `query MetricsCoverage { keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2024-01-01") { units } }`;
      const lookups = (text: string, result: string) =>
        sample(text, 'binh_dang_cache_lookups_total', { cache: 'response', result });
      const rows = (text: string) =>
        sample(text, 'binh_dang_import_rows_total', { kind: 'indicator-values' });
      const before = await scrape();
      await writer.data(coverage, {}, { token: admin });
      await writer.data(coverage, {}, { token: admin });
      const header =
        'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';
      const imported = await writer.data<{ importRecords: { inserted: number } }>(
        `mutation ($csv: String!) { importRecords(kind: INDICATOR_VALUES, csv: $csv) { inserted } }`,
        { csv: `${header}\nMT6.1,529,2024,42,42,100,,60,,metrics test` },
        { token: admin },
      );
      const after = await scrape();
      expect(lookups(after, 'miss') - lookups(before, 'miss')).toBe(1);
      expect(lookups(after, 'hit') - lookups(before, 'hit')).toBe(1);
      expect(imported.importRecords.inserted).toBe(1);
      expect(rows(after) - rows(before)).toBe(1);
    } finally {
      await writer.stop();
      await scratch.drop();
    }
  });

  it('counts rate-limit rejections', async () => {
    const config = testConfig();
    const limited = await TestPlatform.start(undefined, {
      ...config,
      limits: { ...config.limits, rateLimitPerMinute: 1 },
      operations: { ...config.operations, metricsToken: METRICS_TOKEN },
    });
    try {
      const before = sample(await scrape(), 'binh_dang_rate_limit_rejections_total');
      await limited.query('{ __typename }');
      const refused = await limited.query('{ __typename }');
      expect(refused.status).toBe(429);
      const after = sample(await scrape(), 'binh_dang_rate_limit_rejections_total');
      expect(after - before).toBe(1);
    } finally {
      await limited.stop();
    }
  });

  it('labels at most a bounded number of caller-chosen operation names', () => {
    const own = new PlatformMetrics();
    for (let i = 0; i < MAX_OPERATION_LABELS; i++)
      expect(own.operationLabel(`Op${i}`)).toBe(`Op${i}`);
    expect(own.operationLabel('OneTooMany')).toBe('other');
    expect(own.operationLabel('Op7')).toBe('Op7');
    expect(own.operationLabel(undefined)).toBe('anonymous');
    expect(own.operationLabel('L'.repeat(500))).toBe('other');
  });
});

describe('health', () => {
  async function serve(url: string, config: PlatformConfig) {
    const orm = await openOrm(url);
    const server: PlatformServer = await createPlatformServer(orm, config);
    const origin = new URL(await server.listen(0)).origin;
    return {
      server,
      origin,
      ready: async () => {
        const response = await fetch(`${origin}/health/ready`);
        return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
      },
      stop: async () => {
        await server.stop();
        await orm.close(true);
      },
    };
  }

  it('is live and ready with database, migrations and Redis checked; /health answers as before', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { server: 'ready', database: 'ok', migrations: 'ok' },
    });
    const old = await fetch(`${base}/health`);
    expect(old.status).toBe(200);
    expect(await old.json()).toMatchObject({ status: 'ok' });

    const withRedis = await serve(
      inject('databaseUrl'),
      testConfig({ redisUrl: 'redis://127.0.0.1:6379' }),
    );
    try {
      expect(await withRedis.ready()).toMatchObject({
        status: 200,
        body: { checks: { redis: 'ok' } },
      });
    } finally {
      await withRedis.stop();
    }
  });

  it('checks the database at most once a second, however many probes come', async () => {
    const probes = () =>
      Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/health/ready`)));
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past any earlier check
    let responses: Response[] = [];
    const statements = await platform.countStatements(async () => {
      responses = await probes();
    });
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(statements).toBe(1);
  });

  it('says at start, and in readiness, that a new database left unmigrated has every migration pending', async () => {
    const name = `binh_dang_unmigrated_${process.pid}`;
    const server = new pg.Client({ connectionString: inject('serverUrl') });
    await server.connect();
    await server.query(`create database "${name}"`);
    const url = new URL(inject('serverUrl'));
    url.pathname = `/${name}`;
    try {
      const config = testConfig({ databaseUrl: url.toString() });
      const database = await openDatabase(config, () => {}, { migrate: false });
      const platform = await createPlatformServer(database.orm, config);
      try {
        expect(log.lines).toContainEqual(
          expect.objectContaining({
            level: 40,
            msg: expect.stringMatching(
              new RegExp(
                `^${migrationsList.length} migrations are not applied and MIGRATE_ON_START is false`,
              ),
            ),
          }),
        );
        const origin = new URL(await platform.listen(0)).origin;
        const response = await fetch(`${origin}/health/ready`);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({
          checks: { database: 'ok', migrations: `${migrationsList.length} pending` },
        });
      } finally {
        await platform.stop();
        await database.close();
      }
    } finally {
      await server.query(`drop database if exists "${name}" with (force)`);
      await server.end();
    }
  });

  it('is not ready while migrations are pending, and degraded but ready while Redis is unreachable', async () => {
    const scratch = await createScratchDatabase('readiness');
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const removed = await client.query<{ name: string }>(
        'delete from mikro_orm_migrations where id = (select max(id) from mikro_orm_migrations) returning name',
      );
      const behind = await serve(scratch.url, testConfig());
      try {
        expect(await behind.ready()).toMatchObject({
          status: 503,
          body: { status: 'unavailable', checks: { database: 'ok', migrations: '1 pending' } },
        });
      } finally {
        await behind.stop();
      }
      await client.query('insert into mikro_orm_migrations (name) values ($1)', [
        removed.rows[0].name,
      ]);
      const noRedis = await serve(scratch.url, testConfig({ redisUrl: 'redis://127.0.0.1:1' }));
      try {
        // Still serving on its own memory: a balancer must keep it.
        expect(await noRedis.ready()).toMatchObject({
          status: 200,
          body: { status: 'degraded', checks: { migrations: 'ok', redis: 'unreachable' } },
        });
        // Said loudly at start: rate limits count per instance until Redis answers.
        expect(log.lines).toContainEqual(
          expect.objectContaining({
            level: 40,
            msg: expect.stringMatching(
              /^REDIS_URL is set but Redis does not answer: each instance counts rate limits on its own/,
            ),
          }),
        );
      } finally {
        await noRedis.stop();
      }
    } finally {
      await client.end();
      await scratch.drop();
    }
  });

  it('turns 503 at once when draining, then refuses connections', async () => {
    const config = testConfig();
    const draining = await serve(inject('databaseUrl'), {
      ...config,
      operations: { ...config.operations, shutdownDelaySeconds: 1 },
    });
    expect((await draining.ready()).status).toBe(200);
    const stopped = draining.stop();
    expect(await draining.ready()).toMatchObject({
      status: 503,
      body: { checks: { server: 'draining' } },
    });
    expect((await fetch(`${draining.origin}/health/live`)).status).toBe(200);
    await stopped;
    await expect(fetch(`${draining.origin}/health/ready`)).rejects.toThrow();
  });
});

describe('configuration', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ JWT_ALGORITHM: 'HS256' }, /^JWT_ALGORITHM must be one of RS256, ES256, got "HS256"$/],
    [
      { LOG_LEVEL: 'verbose' },
      /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"$/,
    ],
    [{ PORT: '99999' }, /^PORT must be a whole number from 0 to 65535, got "99999"$/],
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 16 characters, got 5$/],
    [{ JWT_SECRET: 'too-short' }, /^JWT_SECRET must be at least 32 characters, got 9$/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL must be a Redis URL like redis:\/\/host:6379/],
    [
      { SHUTDOWN_GRACE_SECONDS: '-1' },
      /^SHUTDOWN_GRACE_SECONDS must be a whole number from 0 to 3600/,
    ],
    [
      { DATABASE_CONNECT_ATTEMPTS: '0' },
      /^DATABASE_CONNECT_ATTEMPTS must be a whole number from 1 to 1000/,
    ],
    [
      { SMALL_CELL_THRESHOLD: '0' },
      /^SMALL_CELL_THRESHOLD must be a whole number from 1 to 1000000, got "0"$/,
    ],
    [
      { GRAPHQL_INTROSPECTION: 'maybe' },
      /^GRAPHQL_INTROSPECTION must be true or false, got "maybe"$/,
    ],
  ];
  for (const [env, message] of cases) {
    it(`names the variable and what it accepts: ${Object.keys(env)[0]}`, () => {
      expect(() => loadConfig(env)).toThrow(message);
    });
  }

  it('reads SMALL_CELL_THRESHOLD, 5 when unset', () => {
    expect(loadConfig({ SMALL_CELL_THRESHOLD: '8' }).smallCellThreshold).toBe(8);
    expect(loadConfig({}).smallCellThreshold).toBe(5);
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL without repeating its password', () => {
    for (const url of [
      'mysql://root:hunter2-secret@db/x',
      'hunter2-secret',
      'postgres://:hunter2-secret@',
    ]) {
      let message = '';
      try {
        loadConfig({ DATABASE_URL: url });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^DATABASE_URL must be a PostgreSQL URL like postgres:\/\//);
      expect(message).not.toContain('hunter2');
    }
  });

  it('names every wrong variable at once', () => {
    expect(() =>
      loadConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        JWT_ALGORITHM: 'HS256',
        MAX_QUERY_DEPTH: '4',
      }),
    ).toThrow(
      new Error(
        [
          '3 settings are wrong:',
          '- PORT must be a whole number from 0 to 65535, got "eighty"',
          '- JWT_ALGORITHM must be one of RS256, ES256, got "HS256"',
          '- LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        ].join('\n'),
      ),
    );
  });

  it("gives a program's own default level when LOG_LEVEL is unset, and the one set otherwise", () => {
    // The command line logs warnings only unless asked for more.
    expect(loadConfig({}, { logLevel: 'warn' }).operations.logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: '' }, { logLevel: 'warn' }).operations.logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'Debug' }, { logLevel: 'warn' }).operations.logLevel).toBe(
      'debug',
    );
    expect(loadConfig({}).operations.logLevel).toBe('info');
    // Before the configuration is checked, a level it would refuse logs at info.
    expect(logLevelOf({ LOG_LEVEL: 'TRACE' })).toBe('trace');
    expect(logLevelOf({ LOG_LEVEL: 'loud' })).toBe('info');
  });

  it('accepts a valid set and gives the operations defaults', () => {
    const config = loadConfig({
      JWT_ALGORITHM: 'ES256',
      LOG_LEVEL: 'DEBUG',
      METRICS_TOKEN: METRICS_TOKEN,
      DATABASE_URL: 'postgresql://app:pw@db.internal:5432/binh_dang',
      REDIS_URL: 'rediss://cache:6380',
    });
    expect(config.tokens.algorithm).toBe('ES256');
    expect(config.operations).toEqual({
      logLevel: 'debug',
      metricsToken: METRICS_TOKEN,
      shutdownDelaySeconds: 0,
      shutdownGraceSeconds: 10,
      databaseConnectAttempts: 10,
      migrateOnStart: true,
    });
  });
});
