/**
 * The scale-out benchmark (`pnpm bench:instances`): the built platform as 1, 2 and 4 instances
 * behind a round-robin HTTP balancer, all on one PostgreSQL and one Redis, under the same load.
 * Prints each configuration's throughput and its ratio to one instance, and fails (status 1) when
 * any answer is not a 200 without GraphQL errors: the point is that nothing breaks as instances
 * are added; the gain depends on the cores the machine has.
 *
 * Options: --duration <s> (8), --connections <n> (16), --instances 1,2,4, --json <file>. It
 * creates a seeded database of its own on DATABASE_URL's server (else 127.0.0.1:5432) and an
 * ordinary role with the README's GRANTs, which the instances connect as, as in production; both
 * are dropped at the end. Redis is REDIS_URL (else 127.0.0.1:6379).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { applicationRoleGrants } from '../database/application-role.js';
import { freePort } from '../database/embedded-postgres.js';
import { createMigratedDatabase } from '../database/own-database.js';
import { createLogger, useLogger } from '../modules/observability/log.js';
import { seedDemoData } from '../seed/seed.js';
import { loadConfig } from '../config.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const durationSeconds = Number(option('duration') ?? 8);
const connections = Number(option('connections') ?? 16);
const counts = (option('instances') ?? '1,2,4').split(',').map(Number);

/** A query of the kind dashboards send: a page of a list with nested rows (not cached). */
const QUERY = `{ localities(first: 20, filter: { level: COMMUNE }) {
  totalCount nodes { code name parent { code name } } } }`;

const configured = loadConfig();
const serverUrl = new URL(configured.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const redisUrl = configured.redisUrl ?? 'redis://127.0.0.1:6379';
const secret = randomBytes(32).toString('hex');

async function admin(sql: string, on: string = serverUrl.toString()): Promise<void> {
  const client = new pg.Client({ connectionString: on });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function startInstance(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, [path.join(here, '..', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PORT: String(port),
      MIGRATE_ON_START: 'false',
      DATABASE_POOL_SIZE: '5',
      JWT_SECRET: secret,
      CELL_KEY_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function ready(port: number): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the instance on port ${port} did not become ready`);
}

/**
 * A round-robin balancer: each request to the next instance, over kept-alive connections. A
 * request that meets a kept-alive connection the instance has just closed is sent once more on a
 * new one (Node's documented `reusedSocket` case); any other upstream failure is a 502.
 */
function startBalancer(ports: number[], port: number): Promise<http.Server> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const forward = (
    body: Buffer,
    request: http.IncomingMessage,
    response: http.ServerResponse,
    retry: boolean,
  ) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: ports[next++ % ports.length],
        path: request.url,
        method: request.method,
        headers: request.headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (retry && upstream.reusedSocket && error.code === 'ECONNRESET') {
        forward(body, request, response, false);
        return;
      }
      console.error(`balancer: ${error.code ?? error.message}`);
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    upstream.end(body);
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(Buffer.concat(chunks), request, response, true));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function load(url: string, token: string): Promise<{ ok: number; failed: number }> {
  const until = Date.now() + durationSeconds * 1000;
  let ok = 0;
  let failed = 0;
  const failures = new Map<string, number>();
  const fail = (reason: string) => {
    failed++;
    failures.set(reason, (failures.get(reason) ?? 0) + 1);
  };
  const body = JSON.stringify({ query: QUERY });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body,
          });
          const text = await response.text();
          if (response.status === 200 && !text.includes('"errors"')) ok++;
          else fail(`${response.status} ${text.slice(0, 120)}`);
        } catch (error) {
          fail(String(error));
        }
      }
    }),
  );
  for (const [reason, count] of failures) console.error(`${count} × ${reason}`);
  return { ok, failed };
}

async function main() {
  useLogger(createLogger('warn'));
  const name = `bench_instances_${process.pid}`;
  const role = `bench_instances_app_${process.pid}`;
  const password = randomBytes(16).toString('hex');
  const children: ChildProcess[] = [];
  const results: { instances: number; requestsPerSecond: number; failed: number }[] = [];
  const database = await createMigratedDatabase(serverUrl.toString(), name, seedDemoData);
  try {
    await admin(
      `create role "${role}" login password '${password}' nosuperuser nocreatedb nocreaterole`,
    );
    await admin(applicationRoleGrants(role, name), database.url);
    const databaseUrl = new URL(database.url);
    databaseUrl.username = role;
    databaseUrl.password = password;
    const token = await new SignJWT({ role: 'ANALYST' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench-instances')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(secret));

    for (const count of counts) {
      const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
      const started = ports.map((port) => startInstance(databaseUrl.toString(), port));
      children.push(...started);
      await Promise.all(ports.map(ready));
      const balancer = await startBalancer(ports, await freePort());
      const { port } = balancer.address() as { port: number };
      const url = `http://127.0.0.1:${port}/graphql`;
      await load(url, token).catch(() => undefined); // warm-up is not counted
      const { ok, failed } = await load(url, token);
      results.push({ instances: count, requestsPerSecond: ok / durationSeconds, failed });
      await new Promise((resolve) => balancer.close(resolve));
      for (const child of started) child.kill('SIGTERM');
      await Promise.all(started.map((child) => new Promise((r) => child.once('exit', r))));
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
    await admin(`drop role if exists "${role}"`);
  }

  const base = results[0]?.requestsPerSecond ?? 0;
  console.log(
    `Scale-out: ${connections} connections, ${durationSeconds} s per configuration, ` +
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`,
  );
  console.log('| instances | requests/s | ratio to 1 | failed |');
  console.log('| --------: | ---------: | ---------: | -----: |');
  for (const result of results) {
    console.log(
      `| ${result.instances} | ${result.requestsPerSecond.toFixed(1)} | ${(base ? result.requestsPerSecond / base : 0).toFixed(2)} | ${result.failed} |`,
    );
  }
  const json = option('json');
  if (json) fs.writeFileSync(json, JSON.stringify(results, null, 2));
  if (results.some((result) => result.failed > 0)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
