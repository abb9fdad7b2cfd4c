/**
 * The national benchmark (`pnpm bench`): builds the national data set (national-data.ts) through
 * the import, starts the built platform as a child process and measures, in one run:
 *
 * - nested reads (W1: N communes → their key posts → each post's official) at N = 10, 100, 500:
 *   requests per second of the platform and of a raw json_agg handler (raw-handler.ts) on the same
 *   PostgreSQL and data, their ratio, SQL statements per platform request (counted on the wire by
 *   statement-counter.ts) and the platform's peak RSS;
 * - the first page (`first: 10`) of every top-level list, default order, without and with a
 *   typical filter, and a deep page (after 10,000 rows) reached with cursors: p50 and p95;
 * - the six dashboard aggregates, national and for one province: p50 of answers that no cache
 *   can hold (each request is a new document), of one document repeated to a second server
 *   without an answer cache (a dashboard's request after a write), and of a repeated one (a
 *   cache hit, when the platform caches), against `{ __typename }` requests sent in turn with
 *   the repeats;
 * - imports into a seeded database of their own: officials and indicator values in rows per
 *   second, a raw COPY of the same resolved values into an identical table, and the officials
 *   again into tables without secondary indexes, foreign keys or triggers (the import's floor).
 *
 * Options: --database <name> reuses a national database as it is (nothing is written to it;
 * refused when the build has migrations it lacks, as the platform would apply them at start);
 * --template <name> measures on a copy of one, dropped afterwards; otherwise a new database is
 * built and dropped (--keep keeps it). --url <server> (else DATABASE_URL's server), --duration
 * <seconds per load, 10>, --connections <8>, --only reads,pages,aggregates,imports, --json <file>,
 * --main <another build's dist/main.js> measures that build's server against this run's baselines.
 * The platform child gets this process's environment (e.g. RESPONSE_CACHE_MB=0 for no cache) and
 * runs in the production profile, as the container does (NODE_ENV=production: graphql-js without
 * its development checks), unless NODE_ENV says otherwise.
 *
 * Any query that errors, any answer that differs from the raw handler's, any non-2xx response or
 * GraphQL error under load is reported and the run exits with status 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { freePort } from '../database/embedded-postgres.js';
import { migrate, openOrm } from '../database/orm.js';
import { createMigratedDatabase } from '../database/own-database.js';
import { importCsv, type ImportReport } from '../modules/import/import.service.js';
import { seedDemoData } from '../seed/seed.js';
import {
  createNationalDatabase,
  databaseUrl,
  nationalCounts,
  nationalFile,
  onServer,
  SYNTHETIC_SOURCE,
} from './national-data.js';
import { StatementCounter } from './statement-counter.js';
import { httpText } from './http-text.js';
import { W1_DAY } from './raw-handler.js';
import { loadConfig } from '../config.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const serverUrl =
  option('url') ?? loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const duration = Number(option('duration') ?? 10);
const connections = Number(option('connections') ?? 8);
// Another build's server (its dist/main.js) may be measured with this run's baselines.
const platformMain = path.resolve(option('main') ?? path.join(here, '..', 'main.js'));
const only = new Set((option('only') ?? 'reads,pages,aggregates,imports').split(','));

const failures: string[] = [];
const fail = (what: string, error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  failures.push(`${what}: ${message}`);
  console.error(`FAILED ${what}: ${message}`);
};
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

// ---------------------------------------------------------------------------------------------
// Processes, HTTP and GraphQL

/** Peak resident memory of a process between `reset()` and `peakMb()`, sampled every 50 ms. */
class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 50);
    this.timer.unref();
  }
  private sample() {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.peak = Math.max(this.peak, kb);
    } catch {
      // the process has ended
    }
  }
  reset() {
    this.peak = 0;
    this.sample();
  }
  peakMb() {
    this.sample();
    return this.peak / 1024;
  }
  stop() {
    clearInterval(this.timer);
  }
}

interface Service {
  url: string;
  rss: RssSampler;
  stop(): Promise<void>;
}

/** Starts a node script as a child process and waits for its ready line. */
async function startChild(
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  port: number,
): Promise<Service> {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(script)} exited (${code}):\n${output.slice(-2000)}`));
    });
  });
  child.removeAllListeners('exit');
  // From here on the output (a log line per request) is drained unread: collecting it in this
  // process, which also runs the load, would take CPU from the measured servers.
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.removeAllListeners('data');
    stream.resume();
  }
  const rss = new RssSampler(child.pid!);
  return {
    url: `http://127.0.0.1:${port}`,
    rss,
    async stop() {
      rss.stop();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      children.delete(child);
    },
  };
}

const JWT_SECRET = randomBytes(32).toString('hex');

async function startPlatform(url: string, environment: NodeJS.ProcessEnv = {}): Promise<Service> {
  const port = await freePort();
  return startChild(
    platformMain,
    {
      NODE_ENV: 'production',
      CELL_KEY_SECRET: randomBytes(32).toString('hex'),
      ...process.env,
      ...environment,
      DATABASE_URL: url,
      PORT: String(port),
      JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_FAILURE_LIMIT_PER_MINUTE: '1000000',
      MAX_QUERY_COST: '100000000',
    },
    /ready at/,
    port,
  );
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function request(
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return httpText(agent, url, body, headers);
}

let authorization = '';

/** A GraphQL request as an ADMIN; throws on any error, so that no failed query is timed. */
async function graphql(
  platform: Service,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await request(`${platform.url}/graphql`, JSON.stringify({ query, variables }), {
    authorization,
  });
  let parsed: {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  try {
    parsed = JSON.parse(response.text);
  } catch {
    throw new Error(`HTTP ${response.status}: ${response.text.slice(0, 300)}`);
  }
  if (parsed.errors?.length || response.status !== 200 || !parsed.data) {
    const first = parsed.errors?.[0];
    throw new Error(
      `HTTP ${response.status}, ${first ? `${first.extensions?.code ?? ''} ${first.message}` : 'no data'}`,
    );
  }
  return parsed.data;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value: number | undefined) =>
  value === undefined ? 'ERROR' : value < 10 ? value.toFixed(2) : value.toFixed(0);

function table(title: string, header: string[], rows: (string | number)[][], textColumns = 1) {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  console.log(`\n### ${title}\n`);
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (i < textColumns ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const row of cells.slice(1)) console.log(line(row));
}

const results: Record<string, unknown> = {};

// ---------------------------------------------------------------------------------------------
// Nested reads

const W1 = `query W1($n: Int!) { localities(filter: {level: COMMUNE, asOf: "${W1_DAY}"}, first: $n) { nodes { code name
  positions(filter: {keyLeadership: true}) { title isKeyLeadership official { id fullName } } } } }`;
const SIZES = [10, 100, 500];

/** Requests per second under a fixed load; every response must be a 200 without GraphQL errors. */
/** Fewest answers a throughput figure rests on; a slower server is measured over this many. */
const MIN_ANSWERS = 10;

async function load(
  label: string,
  url: string,
  options: { method: 'GET' | 'POST'; body?: string; headers?: Record<string, string> },
): Promise<number> {
  let bad = 0;
  let firstBad = '';
  const run = (length: { duration: number } | { amount: number }) =>
    autocannon({
      url,
      connections,
      ...length,
      // The load generator waits as long as it takes; the platform's own timeout still applies.
      timeout: 120,
      requests: [
        {
          method: options.method,
          body: options.body,
          headers: { 'content-type': 'application/json', ...options.headers },
          onResponse: (status: number, body: string) => {
            if (status !== 200 || body.startsWith('{"errors"') || body.includes('"errors":[')) {
              bad++;
              firstBad ||= `${status} ${body.slice(0, 200)}`;
            }
          },
        },
      ],
    });
  let result = await run({ duration });
  // Too few answers in the time (answers still in flight at the end are not counted): measure
  // a fixed number of them instead.
  if (result.requests.total < MIN_ANSWERS)
    result = await run({ amount: Math.max(MIN_ANSWERS, connections) });
  if (bad || result.errors || result.timeouts || result.non2xx)
    throw new Error(
      `${label}: ${bad} bad answers, ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx (${firstBad})`,
    );
  return result.requests.total / result.duration;
}

async function nestedReads(url: string) {
  // Statements per request, counted on the wire by a platform connected through the counter.
  const target = new URL(url);
  const counter = new StatementCounter(target.hostname, Number(target.port || 5432));
  const counterPort = await counter.listen();
  const counted = new URL(url);
  counted.host = `127.0.0.1:${counterPort}`;
  const statements = new Map<number, number>();
  const countingPlatform = await startPlatform(counted.toString());
  try {
    for (const n of SIZES) {
      try {
        await graphql(countingPlatform, W1, { n });
        const before = counter.statements;
        for (let i = 0; i < 5; i++) await graphql(countingPlatform, W1, { n });
        if (counter.lost) throw new Error('the statement counter could not follow the protocol');
        statements.set(n, (counter.statements - before) / 5);
      } catch (error) {
        fail(`W1 statements N=${n}`, error);
      }
    }
  } finally {
    await countingPlatform.stop();
    await counter.close();
  }

  const rawPort = await freePort();
  const raw = await startChild(
    path.join(here, 'raw-handler.js'),
    { ...process.env, DATABASE_URL: url, PORT: String(rawPort) },
    /raw handler ready/,
    rawPort,
  );
  const platform = await startPlatform(url);
  const rows: (string | number)[][] = [];
  try {
    for (const n of SIZES) {
      try {
        // The two must answer the same before their speeds are compared.
        const fromPlatform = await graphql(platform, W1, { n });
        const fromRaw = JSON.parse((await request(`${raw.url}/w1?n=${n}`)).text).data;
        if (!isDeepStrictEqual(fromPlatform, fromRaw))
          throw new Error('the platform and the raw handler answer differently');
        platform.rss.reset();
        const platformRps = await load(`platform W1 N=${n}`, `${platform.url}/graphql`, {
          method: 'POST',
          body: JSON.stringify({ query: W1, variables: { n } }),
          headers: { authorization },
        });
        const peak = platform.rss.peakMb();
        raw.rss.reset();
        const rawRps = await load(`raw W1 N=${n}`, `${raw.url}/w1?n=${n}`, { method: 'GET' });
        const rawPeak = raw.rss.peakMb();
        rows.push([
          `N = ${n}`,
          platformRps.toFixed(1),
          rawRps.toFixed(1),
          (platformRps / rawRps).toFixed(2),
          statements.get(n)?.toFixed(1) ?? 'ERROR',
          peak.toFixed(0),
          rawPeak.toFixed(0),
        ]);
        results[`w1_${n}`] = { platformRps, rawRps, statements: statements.get(n), peak, rawPeak };
      } catch (error) {
        fail(`W1 N=${n}`, error);
        rows.push([`N = ${n}`, 'ERROR', '', '', '', '', '']);
      }
    }
  } finally {
    await platform.stop();
    await raw.stop();
  }
  table(
    `Nested reads W1 (${connections} connections, ${duration} s each)`,
    [
      'W1',
      'platform req/s',
      'raw json_agg req/s',
      'platform/raw',
      'SQL statements/request',
      'platform peak RSS MB',
      'raw peak RSS MB',
    ],
    rows,
  );
}

// ---------------------------------------------------------------------------------------------
// First pages and a deep page

const LISTS: { name: string; args?: string; filter: string }[] = [
  { name: 'agencies', filter: '{kinds: [DEPARTMENT]}' },
  { name: 'indicators', filter: '{goalCode: "MT2"}' },
  { name: 'indicatorValues', filter: '{year: 2023}' },
  { name: 'localities', filter: '{level: COMMUNE}' },
  { name: 'officials', filter: '{sex: FEMALE, within: "01"}' },
  { name: 'tasks', filter: '{statuses: [IN_PROGRESS, PLANNED]}' },
  { name: 'trainingPrograms', filter: '{year: 2023}' },
];
const SAMPLES = 15;
/** Repeats of a cached document timed: cheap, and a millisecond figure needs more than 15. */
const REPEATS = 100;

async function pageLatency(platform: Service, query: string, variables = {}) {
  await graphql(platform, query, variables);
  await graphql(platform, query, variables);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++)
    samples.push(await timed(() => graphql(platform, query, variables)));
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function firstPages(url: string) {
  const platform = await startPlatform(url);
  const rows: string[][] = [];
  try {
    for (const list of LISTS) {
      for (const filter of ['', list.filter]) {
        const argsText = filter ? `first: 10, filter: ${filter}` : 'first: 10';
        const query = `{ ${list.name}(${argsText}) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
        try {
          const { p50, p95 } = await pageLatency(platform, query);
          rows.push([list.name, filter || '(none)', ms(p50), ms(p95)]);
          results[`page_${list.name}_${filter ? 'filter' : 'plain'}`] = { p50, p95 };
        } catch (error) {
          fail(`first page of ${list.name}(${argsText})`, error);
          rows.push([list.name, filter || '(none)', 'ERROR', 'ERROR']);
        }
      }
    }
    // Page 1,001 of 10: the cursor after 10,000 rows, reached 500 rows at a time. Localities of
    // every period: the units in force today since the 2025 reform are fewer than 10,000.
    const deepLists = {
      localities: 'filter: {allPeriods: true}, ',
      officials: '',
      indicatorValues: '',
    };
    for (const [list, filter] of Object.entries(deepLists)) {
      const label = `page 1,001 (after 10,000 rows)${filter ? `, ${filter.slice(0, -2)}` : ''}`;
      try {
        let after: string | null = null;
        for (let walked = 0; walked < 10_000; walked += 500) {
          const data = await graphql(
            platform,
            `query ($after: String) { ${list}(${filter}first: 500, after: $after) { pageInfo { endCursor hasNextPage } } }`,
            { after },
          );
          const info = (data[list] as { pageInfo: { endCursor: string; hasNextPage: boolean } })
            .pageInfo;
          if (!info.hasNextPage) throw new Error('fewer than 10,000 rows');
          after = info.endCursor;
        }
        const { p50, p95 } = await pageLatency(
          platform,
          `query ($after: String) { ${list}(${filter}first: 10, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        rows.push([list, label, ms(p50), ms(p95)]);
        results[`deep_${list}`] = { p50, p95 };
      } catch (error) {
        fail(`deep page of ${list}`, error);
        rows.push([list, label, 'ERROR', 'ERROR']);
      }
    }
  } finally {
    await platform.stop();
  }
  table(
    `First pages, first: 10, default order (ms, ${SAMPLES} sequential requests)`,
    ['list', 'filter', 'p50 ms', 'p95 ms'],
    rows,
    2,
  );
}

// ---------------------------------------------------------------------------------------------
// Aggregates

const AGGREGATES: { name: string; national: string; province: string; selection: string }[] = [
  {
    name: 'indicatorAttainment',
    national: 'localityCode: "01", year: 2023, planCode: "QNG-NQ28-2021-2030"',
    province: 'localityCode: "51", year: 2023',
    selection: '{ tracked met notMet noData metShare }',
  },
  {
    name: 'keyLeaderCoverage',
    national: 'localityCode: "01", level: COMMUNE, asOf: "2024-01-01"',
    province: 'localityCode: "51", level: COMMUNE, asOf: "2024-01-01"',
    selection: '{ units withFemaleKeyLeader share unitsWithout { code } }',
  },
  {
    name: 'officialsBreakdown',
    national: 'groupBy: [SEX, LOCALITY_LEVEL]',
    province: 'groupBy: [SEX, LOCALITY_LEVEL], filter: {within: "51"}',
    selection: '{ total groups { sex localityLevel count share } suppressedGroups }',
  },
  {
    name: 'trainingParticipation',
    national: 'groupBy: [SEX, YEAR]',
    province: 'groupBy: [SEX, YEAR], filter: {within: "51"}',
    selection: '{ enrollments completions completionRate groups { sex year enrollments } }',
  },
  {
    name: 'indicatorSeries',
    national: 'indicatorCode: "MT2.1", localityCode: "01"',
    province: 'indicatorCode: "MT2.1", localityCode: "51"',
    selection: '{ points { year value target status } trendPerYear }',
  },
  {
    name: 'indicatorRollup',
    national: 'indicatorCode: "MT2.1", localityCode: "01", year: 2023, fromLevel: COMMUNE',
    province: 'indicatorCode: "MT2.1", localityCode: "51", year: 2023, fromLevel: COMMUNE',
    selection: '{ value units reporting method }',
  },
];

async function aggregates(url: string) {
  const platform = await startPlatform(url);
  // What a dashboard's request costs when no answer is cached: its fixed document again (parsed
  // and validated once, as a deployed dashboard's is), with the answer cache off.
  const withoutCache = await startPlatform(url, { RESPONSE_CACHE_MB: '0' });
  const rows: string[][] = [];
  let unique = 0;
  try {
    for (const aggregate of AGGREGATES) {
      for (const scope of ['national', 'province'] as const) {
        const body = `{ ${aggregate.name}(${aggregate[scope]}) ${aggregate.selection} }`;
        try {
          // A new operation name is a new document: no response cache can answer it.
          const uncached: number[] = [];
          await graphql(platform, `query Warm${unique++} ${body}`);
          for (let i = 0; i < SAMPLES; i++)
            uncached.push(await timed(() => graphql(platform, `query Fresh${unique++} ${body}`)));
          const repeated = `query Repeated ${body}`;
          const answered: number[] = [];
          await graphql(withoutCache, repeated);
          await graphql(withoutCache, repeated);
          for (let i = 0; i < SAMPLES; i++)
            answered.push(await timed(() => graphql(withoutCache, repeated)));
          await graphql(platform, repeated);
          // The baseline of a hit: a request that reads nothing, sent in turn with each repeat.
          const cached: number[] = [];
          const bare: number[] = [];
          for (let i = 0; i < REPEATS; i++) {
            bare.push(await timed(() => graphql(platform, '{ __typename }')));
            cached.push(await timed(() => graphql(platform, repeated)));
          }
          rows.push([
            aggregate.name,
            scope,
            ms(percentile(uncached, 50)),
            ms(percentile(answered, 50)),
            ms(percentile(cached, 50)),
            ms(percentile(bare, 50)),
          ]);
          results[`aggregate_${aggregate.name}_${scope}`] = {
            uncachedP50: percentile(uncached, 50),
            withoutCacheP50: percentile(answered, 50),
            repeatedP50: percentile(cached, 50),
            typenameP50: percentile(bare, 50),
          };
        } catch (error) {
          fail(`${aggregate.name} ${scope}`, error);
          rows.push([aggregate.name, scope, 'ERROR', 'ERROR', 'ERROR', 'ERROR']);
        }
      }
    }
  } finally {
    await platform.stop();
    await withoutCache.stop();
  }
  table(
    `Aggregates (p50 ms of ${SAMPLES} new documents, of ${SAMPLES} repeats of one document by a server without an answer cache, of ${REPEATS} repeats and as many { __typename } sent in turn with them; national = no locality filter, or Hà Nội (01) where one locality is required; province = Quảng Ngãi (51))`,
    [
      'aggregate',
      'scope',
      'new document p50 ms',
      'same document, no answer cache p50 ms',
      'repeated document p50 ms',
      '{ __typename } p50 ms',
    ],
    rows,
    2,
  );
}

// ---------------------------------------------------------------------------------------------
// Imports

async function imports() {
  const database = `binh_dang_bench_import_${process.pid}`;
  await onServer(serverUrl, `create database "${database}"`);
  cleanups.push(() => onServer(serverUrl, `drop database if exists "${database}" with (force)`));
  const url = databaseUrl(serverUrl, database);
  const orm = await openOrm(url);
  const rows: string[][] = [];
  try {
    await migrate(orm);
    await seedDemoData(orm);
    const knex = orm.em.getKnex();
    await knex.raw('vacuum (analyze)');
    const files = {
      officials: path.join(os.tmpdir(), `binh-dang-bench-officials-${process.pid}.csv`),
      'indicator-values': path.join(os.tmpdir(), `binh-dang-bench-values-${process.pid}.csv`),
    };
    cleanups.push(async () =>
      Object.values(files).forEach((file) => fs.rmSync(file, { force: true })),
    );
    for (const kind of ['officials', 'indicator-values'] as const) {
      const lines = await nationalFile(knex, kind, files[kind]);
      for (const run of ['new rows', 'same file again'] as const) {
        const report = await importCsv(knex, {
          kind,
          input: fs.createReadStream(files[kind]),
          actor: 'benchmark',
          source: SYNTHETIC_SOURCE,
        });
        if (!report.applied || report.rows !== lines)
          throw new Error(
            `${kind} import rejected: ${JSON.stringify(report.problems.slice(0, 3))}`,
          );
        if (run === 'same file again' && report.inserted + report.updated > 0)
          throw new Error(`${kind}: importing the same file again changed rows`);
        const rate = report.rows / report.seconds;
        rows.push([
          kind,
          run,
          String(report.rows),
          report.seconds.toFixed(1),
          Math.round(rate).toString(),
          '',
        ]);
        results[`import_${kind}_${run === 'new rows' ? 'new' : 'again'}`] = {
          rows: report.rows,
          seconds: report.seconds,
        };
      }
    }
    // The same resolved values, copied raw into an identical table (its indexes and constraints).
    const columns =
      'indicator_id, locality_id, year, disaggregation, value, numerator, denominator, target, note, source, approval_status, indicator_direction, changed_by, import_event_id';
    const resolved = path.join(os.tmpdir(), `binh-dang-bench-resolved-${process.pid}.copy`);
    cleanups.push(async () => fs.rmSync(resolved, { force: true }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        'create table indicator_value_raw_copy (like indicator_value including all)',
      );
      await pipeline(
        client.query(
          copyTo(
            `copy (select ${columns} from indicator_value where source = '${SYNTHETIC_SOURCE}') to stdout`,
          ),
        ),
        fs.createWriteStream(resolved),
      );
      const started = performance.now();
      await pipeline(
        fs.createReadStream(resolved),
        client.query(copyFrom(`copy indicator_value_raw_copy (${columns}) from stdin`)),
      );
      const seconds = (performance.now() - started) / 1000;
      const copied = Number(
        (await client.query('select count(*) as n from indicator_value_raw_copy')).rows[0].n,
      );
      const importSeconds = (results['import_indicator-values_new'] as { seconds: number }).seconds;
      const importRows = (results['import_indicator-values_new'] as { rows: number }).rows;
      const ratio = importRows / importSeconds / (copied / seconds);
      rows.push([
        'indicator-values',
        'raw COPY of the resolved rows',
        String(copied),
        seconds.toFixed(1),
        Math.round(copied / seconds).toString(),
        `import/COPY = ${ratio.toFixed(2)}`,
      ]);
      results.raw_copy = { rows: copied, seconds, importToCopy: ratio };
    } finally {
      await client.end();
    }
    const floor = await officialsWithoutUpkeep(files.officials);
    rows.push([
      'officials',
      'new rows, tables bare (floor)',
      String(floor.rows),
      floor.seconds.toFixed(1),
      Math.round(floor.rows / floor.seconds).toString(),
      'no secondary index, foreign key or trigger',
    ]);
    results.import_officials_bare = floor;
  } catch (error) {
    fail('imports', error);
  } finally {
    await orm.close(true);
  }
  table(
    'Imports (a seeded database of their own; the national files)',
    ['file', 'run', 'rows', 'seconds', 'rows/s', ''],
    rows,
    2,
  );
}

/**
 * The officials file imported into tables stripped of what keeps them (every index but the
 * primary and unique keys, the foreign keys and the triggers): what the import's own steps and
 * the bare inserts cost, the least any officials import with these checks can take.
 */
async function officialsWithoutUpkeep(file: string): Promise<{ rows: number; seconds: number }> {
  const name = `binh_dang_bench_bare_${process.pid}`;
  cleanups.push(() => onServer(serverUrl, `drop database if exists "${name}" with (force)`));
  let report: ImportReport | undefined;
  const database = await createMigratedDatabase(serverUrl, name, async (orm) => {
    await seedDemoData(orm);
    const knex = orm.em.getKnex();
    await knex.raw(`do $$
      declare r record;
      begin
        for r in select i.indexrelid::regclass as name from pg_index i
                  where i.indrelid in ('official'::regclass, 'official_position'::regclass)
                    and not i.indisprimary and not i.indisunique loop
          execute format('drop index %s', r.name);
        end loop;
        for r in select c.conname, c.conrelid::regclass as tbl from pg_constraint c
                  where c.contype = 'f' and c.conrelid in ('official'::regclass, 'official_position'::regclass) loop
          execute format('alter table %s drop constraint %I', r.tbl, r.conname);
        end loop;
        alter table official disable trigger user;
        alter table official_position disable trigger user;
      end $$`);
    await knex.raw('vacuum (analyze)');
    report = await importCsv(knex, {
      kind: 'officials',
      input: fs.createReadStream(file),
      actor: 'benchmark',
      source: SYNTHETIC_SOURCE,
    });
  });
  await database.drop();
  if (!report?.applied)
    throw new Error(`bare officials import rejected: ${JSON.stringify(report?.problems[0])}`);
  return { rows: report.rows, seconds: report.seconds };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  authorization = `Bearer ${await new SignJWT({ role: 'ADMIN' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('benchmark')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(JWT_SECRET))}`;
  const reuse = option('database');
  const template = option('template');
  let database = reuse;
  if (!database) {
    database = `binh_dang_bench_${process.pid}`;
    if (template) {
      await onServer(serverUrl, `create database "${database}" template "${template}"`);
    } else {
      console.log(`Building the national data set in ${database} …`);
      const build = await createNationalDatabase(serverUrl, database);
      results.build = Object.fromEntries(
        Object.entries(build.imports).map(([kind, report]) => [
          kind,
          { rows: report!.rows, seconds: report!.seconds },
        ]),
      );
    }
    if (!args.includes('--keep'))
      cleanups.push(() =>
        onServer(serverUrl, `drop database if exists "${database}" with (force)`),
      );
  }
  const url = databaseUrl(serverUrl, database);
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  const version = (await probe.query('show server_version')).rows[0].server_version;
  await probe.end();
  const orm = await openOrm(url);
  const pending = await orm.getMigrator().getPendingMigrations();
  const counts = await nationalCounts(orm.em.getKnex());
  await orm.close(true);
  // The platform applies its migrations at start: a database given as it is stays unwritten.
  if (reuse && pending.length > 0)
    throw new Error(
      `${reuse} lacks migrations of this build (${pending.map((m) => m.name).join(', ')}): measure on a copy with --template ${reuse}`,
    );
  console.log(
    `Bình Đẳng national benchmark, ${new Date().toISOString()}\n` +
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}; Node ${process.version}; PostgreSQL ${version}\n` +
      `Data (${database}): ${Object.entries(counts)
        .map(([key, value]) => `${value.toLocaleString('en')} ${key}`)
        .join(', ')}`,
  );
  results.counts = counts;
  if (only.has('reads')) await nestedReads(url);
  if (only.has('pages')) await firstPages(url);
  if (only.has('aggregates')) await aggregates(url);
  if (only.has('imports')) await imports();
  console.log(
    `\nLoad average at the end: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  const jsonFile = option('json');
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify({ results, failures }, null, 2));
}

try {
  await main();
} catch (error) {
  fail('benchmark', error);
} finally {
  for (const child of children) child.kill('SIGTERM');
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((error) => fail('cleanup', error));
  agent.destroy();
}
if (failures.length > 0) {
  console.error(`\n${failures.length} FAILURE(S): the figures above are incomplete.`);
  for (const failure of failures) console.error(`  - ${failure}`);
  process.exitCode = 1;
}
