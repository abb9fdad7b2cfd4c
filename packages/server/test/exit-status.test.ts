import { execFile, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/database/embedded-postgres.js';
import { createScratchDatabase } from './support/scratch-database.js';

const serverRoot = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));

/** Runs a command of the server from its sources, so the test needs no earlier build. */
function run(
  entry: string,
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
        path.join(serverRoot, entry),
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
  scratch = await createScratchDatabase('exit-status');
});
afterAll(async () => {
  await scratch?.drop();
});

describe('the server on a termination signal', { timeout: 90_000 }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`drains and exits 0 on ${signal}`, async () => {
      const server = spawn(
        process.execPath,
        [
          tsx,
          '--tsconfig',
          path.join(serverRoot, 'tsconfig.json'),
          path.join(serverRoot, 'src/main.ts'),
        ],
        {
          // As an operator runs it: the test runner's NODE_ENV=test changes Apollo's signal handling.
          env: {
            ...process.env,
            NODE_ENV: 'development',
            LOG_LEVEL: 'info',
            DATABASE_URL: scratch.url,
            PORT: String(await freePort()),
          },
        },
      );
      let output = '';
      const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('ready at')) resolve();
        });
        server.on('exit', () => reject(new Error(`server ended before it was ready: ${output}`)));
      });
      server.kill(signal);
      const stopped = await Promise.race([
        exited,
        new Promise<'still running'>((resolve) =>
          setTimeout(() => resolve('still running'), 20_000),
        ),
      ]);
      if (stopped === 'still running') server.kill('SIGKILL');
      expect(stopped).toBe(0);
      expect(output).toContain(`${signal} received: draining requests and stopping`);
    });
  }
});

describe('a command that fails exits non-zero', { timeout: 90_000 }, () => {
  it('the server, when its database cannot be reached after its attempts, each logged', async () => {
    const result = await run('src/main.ts', [], {
      DATABASE_URL: 'postgres://postgres:not-in-the-log@127.0.0.1:1/unreachable',
      DATABASE_CONNECT_ATTEMPTS: '2',
      PORT: '0',
    });
    expect(result.code).toBe(1);
    const lines = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'Database not reachable at 127.0.0.1:1/unreachable (ECONNREFUSED); attempt 1 of 2, retrying in 1 s',
    });
    expect(lines.at(-1)).toMatchObject({
      level: 60,
      msg: expect.stringMatching(/^Start-up failed/),
    });
    expect(result.stdout).not.toContain('not-in-the-log');
  });

  it('the server, on a configuration error, with one line naming the variable', async () => {
    const result = await run('src/main.ts', [], { JWT_ALGORITHM: 'none', PORT: '0' });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({
      level: 60,
      msg: 'Start-up failed: JWT_ALGORITHM must be one of RS256, ES256, got "none"',
    });
  });

  it('the server, when its port is taken, with one line saying so', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const result = await run('src/main.ts', [], {
        DATABASE_URL: scratch.url,
        PORT: String(port),
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `"msg":"Start-up failed: PORT ${port} is already in use by another process"`,
      );
    } finally {
      taken.close();
    }
  });

  it('the server in the production profile without its disclosure-control secret', async () => {
    const result = await run('src/main.ts', [], {
      BINH_DANG_PROFILE: 'production',
      CELL_KEY_SECRET: '',
      DATABASE_URL: scratch.url,
      PORT: '0',
    });
    expect(result.stdout).toContain('CELL_KEY_SECRET must be set in production');
    expect(result.code).toBe(1);
  });

  it('the command line, on an unknown command and on a key it cannot revoke', async () => {
    const unknown = await run('src/cli/index.ts', ['frobnicate'], { DATABASE_URL: scratch.url });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");

    const revoke = await run('src/cli/index.ts', ['api-key', 'revoke', 'bd_nosuchkey'], {
      DATABASE_URL: scratch.url,
    });
    expect(revoke.code).toBe(1);
    expect(revoke.stderr).toContain('No live key has the prefix bd_nosuchkey');
  });

  it('the command line on its own embedded PostgreSQL, whose package once reset the status to 0', async () => {
    const revoke = await run('src/cli/index.ts', ['api-key', 'revoke', 'bd_nosuchkey'], {
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: path.join(serverRoot, '../../.data/exit-status-postgres'),
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    expect(revoke.stderr).toContain('No live key has the prefix bd_nosuchkey');
    expect(revoke.code).toBe(1);
  });
});
