import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/database/embedded-postgres.js';
import { TEST_JWT_SECRET } from './support/platform.js';
import { createScratchDatabase } from './support/scratch-database.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const serverRoot = path.join(repositoryRoot, 'packages/server');
const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));

/** pnpm itself, as an operator's `pnpm start` runs it (not through npx, which adds its own wrapper). */
function pnpmBinary(): string {
  const given = process.env.npm_execpath;
  if (given && /pnpm/.test(path.basename(given))) return given;
  return execFileSync('npx', ['-y', '-p', 'pnpm@10.34.9', '-c', 'command -v pnpm'], {
    encoding: 'utf8',
  }).trim();
}

/** The processes of a process group, as `ps` sees them. */
function processGroup(pgid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim());
  } catch {
    return []; // ps exits 1 when no process matches
  }
}

function waitForOutput(child: ChildProcess, text: string, output: { text: string }) {
  return new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.text += chunk.toString();
      if (output.text.includes(text)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`ended before "${text}": ${output.text}`)));
  });
}

async function exitOf(child: ChildProcess, ms: number): Promise<number | null | 'still running'> {
  if (child.exitCode !== null) return child.exitCode;
  return Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms)),
  ]);
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase('shutdown');
  // `pnpm start` runs the build as it is: bring it up to date once, here.
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '-b'],
      { cwd: repositoryRoot },
      (error) => (error ? reject(error as Error) : resolve()),
    ),
  );
}, 120_000);
afterAll(async () => {
  await scratch?.drop();
});

describe('SIGTERM to `pnpm start` during a slow request', { timeout: 90_000 }, () => {
  it('turns readiness 503, refuses new connections, finishes the request, closes the pool and leaves no process', async () => {
    const port = await freePort();
    const started = spawn(pnpmBinary(), ['start'], {
      cwd: repositoryRoot,
      // Its own process group, so that every process it starts can be found afterwards.
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        DATABASE_URL: scratch.url,
        PORT: String(port),
        JWT_SECRET: TEST_JWT_SECRET,
        SHUTDOWN_DELAY_SECONDS: '2',
        SHUTDOWN_GRACE_SECONDS: '30',
      },
    });
    const pgid = started.pid!;
    const output = { text: '' };
    const locker = new pg.Client({ connectionString: scratch.url });
    try {
      await waitForOutput(started, 'ready at', output);
      const origin = `http://127.0.0.1:${port}`;
      expect((await fetch(`${origin}/health/ready`)).status).toBe(200);

      // A real request that waits: the table it reads is locked by this test.
      await locker.connect();
      await locker.query('begin');
      await locker.query('lock table locality in access exclusive mode');
      const slow = fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'slow-one' },
        body: JSON.stringify({ query: 'query Slow { localities { totalCount } }' }),
      });
      let waiting = 0;
      for (let attempt = 0; attempt < 100 && waiting === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { rows } = await locker.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        waiting = rows[0].n;
      }
      expect(waiting).toBe(1);

      process.kill(pgid, 'SIGTERM');
      // At once: not ready, though still answering.
      let ready = await fetch(`${origin}/health/ready`);
      for (let attempt = 0; attempt < 20 && ready.status === 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        ready = await fetch(`${origin}/health/ready`);
      }
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { server: 'draining' } });

      // After the shutdown delay: new connections are refused while the slow request goes on.
      let closed = false;
      for (let attempt = 0; attempt < 100 && !closed; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        closed = await refused(port);
      }
      expect(closed).toBe(true);
      expect(started.exitCode).toBeNull();

      await locker.query('commit');
      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { localities: { totalCount: 0 } } });

      expect(await exitOf(started, 20_000)).toBe(0);
      // Nothing left behind: no node, no shell, no pnpm, and no connection to the database.
      expect(processGroup(pgid)).toEqual([]);
      const { rows } = await locker.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      expect(rows[0].n).toBe(0);
      const slowLine = output.text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.requestId === 'slow-one');
      expect(slowLine).toMatchObject({ operation: 'Slow', status: 200 });
    } finally {
      await locker.end().catch(() => {});
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // the whole group is gone, as it should be
      }
    }
  });
});

describe('SIGTERM with the embedded PostgreSQL', { timeout: 180_000 }, () => {
  it('stops the embedded PostgreSQL after draining', async () => {
    const dataDir = path.join(repositoryRoot, '.data/shutdown-postgres');
    const pgPort = await freePort();
    const server = spawn(
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
          DATABASE_URL: '',
          EMBEDDED_PG_DIR: dataDir,
          EMBEDDED_PG_PORT: String(pgPort),
          PORT: String(await freePort()),
        },
      },
    );
    const output = { text: '' };
    try {
      await waitForOutput(server, 'ready at', output);
      expect(await refused(pgPort)).toBe(false);
      server.kill('SIGTERM');
      expect(await exitOf(server, 30_000)).toBe(0);
      expect(await refused(pgPort)).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
});
