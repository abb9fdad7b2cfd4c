/**
 * The answer-cache hit benchmark (`pnpm bench:cache-hit`): how long a repeated aggregate
 * document takes over HTTP, against a bare `{ __typename }` request measured in the same run.
 *
 * It starts the built platform as a child process (production profile, as the container runs)
 * on a seeded database of its own (created on DATABASE_URL's server and dropped afterwards) and
 * sends requests one after another over one kept-alive connection, interleaved round by round so
 * that both see the same machine load: `{ __typename }` and repeated aggregate documents, with a
 * bearer token (ADMIN), an API key and anonymously. Prints p50 and p95 of each, and each p50's
 * ratio to the `{ __typename }` p50 of the same caller.
 *
 * Options: --samples <n per request kind, 1000>, --redis (the platform gets REDIS_URL, else
 * redis://127.0.0.1:6379), --main <path to a built main.js> (repeatable: several builds are
 * measured in turn, e.g. before and after a change; default this build's), --json <file>.
 * Every answer must be a 200 without GraphQL errors, else the run exits with status 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { freePort } from '../database/embedded-postgres.js';
import { openOrm } from '../database/orm.js';
import { createApiKey } from '../modules/auth/api-keys.js';
import { Role } from '../modules/auth/viewer.js';
import { createLogger, useLogger } from '../modules/observability/log.js';
import { seededBenchmarkDatabase } from './seeded-database.js';
import { httpText } from './http-text.js';
import { loadConfig } from '../config.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const samples = Number(option('samples') ?? 1000);
const mains = args.flatMap((arg, i) => (arg === '--main' && args[i + 1] ? [args[i + 1]!] : []));
if (mains.length === 0) mains.push(path.join(here, '..', 'main.js'));
const redisUrl = args.includes('--redis')
  ? (loadConfig().redisUrl ?? 'redis://127.0.0.1:6379')
  : undefined;

const JWT_SECRET = randomBytes(32).toString('hex');

/** The aggregate documents repeated: one with literal arguments, one with variables. */
const ATTAINMENT = `query Attainment { indicatorAttainment(localityCode: "51", year: 2023) {
  tracked met notMet noData metShare } }`;
const BREAKDOWN = `query Breakdown($within: String) { officialsBreakdown(groupBy: [SEX, LOCALITY_LEVEL],
  filter: { within: $within }) { total groups { sex localityLevel count share } suppressedGroups } }`;

interface Kind {
  label: string;
  caller: 'bearer' | 'api-key' | 'anonymous';
  body: string;
}

const KINDS: Kind[] = (['bearer', 'api-key', 'anonymous'] as const).flatMap((caller) => [
  { label: '{ __typename }', caller, body: JSON.stringify({ query: '{ __typename }' }) },
  { label: 'indicatorAttainment, repeated', caller, body: JSON.stringify({ query: ATTAINMENT }) },
  {
    label: 'officialsBreakdown with variables, repeated',
    caller,
    body: JSON.stringify({ query: BREAKDOWN, variables: { within: '51' } }),
  },
]);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string, headers: Record<string, string>) {
  return httpText(agent, url, body, headers);
}

async function startPlatform(main: string, databaseUrl: string) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      NODE_ENV: 'production',
      CELL_KEY_SECRET: randomBytes(32).toString('hex'),
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its log, kept to say why it did not start; drained so that the pipe never blocks it.
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 1200 || child.exitCode !== null)
      throw new Error(`${main} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function measure(main: string, databaseUrl: string, credentials: Record<string, string>) {
  const platform = await startPlatform(main, databaseUrl);
  try {
    const headers = (caller: Kind['caller']): Record<string, string> =>
      caller === 'bearer'
        ? { authorization: `Bearer ${credentials.token}` }
        : caller === 'api-key'
          ? { 'x-api-key': credentials.apiKey! }
          : {};
    const times = KINDS.map(() => [] as number[]);
    const send = async (kind: Kind) => {
      const started = performance.now();
      const { status, text } = await post(platform.url, kind.body, headers(kind.caller));
      const elapsed = performance.now() - started;
      if (status !== 200 || text.includes('"errors"'))
        throw new Error(`${kind.label} (${kind.caller}): ${status} ${text.slice(0, 300)}`);
      return elapsed;
    };
    // Warm-up: every document answered and cached, the JIT settled.
    for (let round = 0; round < 200; round++) for (const kind of KINDS) await send(kind);
    for (let round = 0; round < samples; round++) {
      for (const [index, kind] of KINDS.entries()) times[index]!.push(await send(kind));
    }
    return KINDS.map((kind, index) => {
      const values = times[index]!;
      const baseline = times[KINDS.findIndex((other) => other.caller === kind.caller)]!;
      return {
        caller: kind.caller,
        request: kind.label,
        p50: percentile(values, 50),
        p95: percentile(values, 95),
        ratio: percentile(values, 50) / percentile(baseline, 50),
      };
    });
  } finally {
    await platform.stop();
  }
}

async function main() {
  useLogger(createLogger('warn'));
  const database = await seededBenchmarkDatabase('cache_hit');
  const results: Record<string, unknown> = {};
  try {
    const orm = await openOrm(database.url);
    const { key: apiKey } = await createApiKey(orm.em.getKnex(), {
      name: 'bench-cache-hit',
      role: Role.ANALYST,
    });
    await orm.close(true);
    const token = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench-cache-hit')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const loadAverage = () =>
      os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ');
    console.log(
      `Answer-cache hit benchmark, ${new Date().toISOString()}\n` +
        `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
        `load average ${loadAverage()}; Node ${process.version}; ${samples} sequential requests of each kind, ` +
        `one kept-alive connection${redisUrl ? '; the platform with REDIS_URL' : ''}`,
    );
    for (const main of mains) {
      const rows = await measure(main, database.url, { token, apiKey });
      results[main] = rows;
      console.log(`\n### ${main}\n`);
      console.log(
        '| caller    | request                                     | p50 ms | p95 ms | p50 / { __typename } p50 |',
      );
      console.log(
        '| --------- | ------------------------------------------- | -----: | -----: | -----------------------: |',
      );
      for (const row of rows) {
        console.log(
          `| ${row.caller.padEnd(9)} | ${row.request.padEnd(43)} | ${row.p50.toFixed(2).padStart(6)} | ${row.p95
            .toFixed(2)
            .padStart(6)} | ${row.ratio.toFixed(2).padStart(24)} |`,
        );
      }
    }
    console.log(`\nLoad average at the end: ${loadAverage()}`);
    const jsonFile = option('json');
    if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2));
  } finally {
    agent.destroy();
    await database.drop();
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
