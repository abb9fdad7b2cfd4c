import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/database/embedded-postgres.js';
import { MAX_PERSISTED_QUERY_CHARACTERS } from '../src/modules/cache/persisted-queries.js';
import { captureLog, type CapturedLog } from './support/log-capture.js';
import { signToken, testConfig, TestPlatform } from './support/platform.js';

/** A Redis of this test's own, which it can kill and restart mid-run. */
class OwnRedis {
  private process?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  }

  /** Stops the server without closing its connections: a hung Redis, which answers nothing. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A GraphQL POST carrying an automatic persisted query: the hash, and the text when given. */
async function persisted(
  platform: TestPlatform,
  query: string,
  options: { withText: boolean; token: string; hash?: string },
) {
  const started = performance.now();
  const response = await fetch(platform.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({
      ...(options.withText ? { query } : {}),
      extensions: { persistedQuery: { version: 1, sha256Hash: options.hash ?? sha256(query) } },
    }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { extensions?: { code?: string } }[];
  };
  return {
    status: response.status,
    data: body.data,
    code: body.errors?.[0]?.extensions?.code,
    ms: performance.now() - started,
  };
}

/** The stores that log a line about Redis, once each on each of the two instances. */
const EVERY_STORE_OF_BOTH_INSTANCES = [
  'Persisted queries',
  'Persisted queries',
  'Rate limits',
  'Rate limits',
  'Response cache',
  'Response cache',
];

/** Which store wrote each log line (`Rate limits: Redis unreachable …`), sorted. */
const storesOf = (lines: { msg?: unknown }[]) =>
  lines.map((line) => String(line.msg).split(':')[0]).sort();

describe('state shared by instances through Redis', { timeout: 120_000 }, () => {
  let redis: OwnRedis;
  let first: TestPlatform;
  let second: TestPlatform;
  let captured: CapturedLog;
  let token: string;
  const perMinute = 12;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    captured = captureLog();
    const config = testConfig({ redisUrl: redis.url });
    config.limits.rateLimitPerMinute = perMinute;
    first = await TestPlatform.start(undefined, config);
    second = await TestPlatform.start(undefined, config);
    token = await signToken({ role: 'ANALYST', sub: `shared-${randomUUID()}` });
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    captured?.restore();
    await redis?.kill();
  });

  it('answers a persisted query registered on one instance on another', async () => {
    const query = `{ localities(first: 1) { totalCount } } # ${randomUUID()}`;
    expect(await persisted(second, query, { withText: false, token })).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    const registered = await persisted(first, query, { withText: true, token });
    expect(registered.data).toBeDefined();
    const elsewhere = await persisted(second, query, { withText: false, token });
    expect(elsewhere).toMatchObject({ status: 200, data: registered.data, code: undefined });
  });

  it("keeps an anonymous caller's registrations on the instance that took them, out of Redis", async () => {
    // Anyone could otherwise fill the Redis that holds every instance's rate limits.
    const query = `{ __typename } # ${randomUUID()}`;
    expect((await persisted(first, query, { withText: true, token: '' })).status).toBe(200);
    expect(await persisted(first, query, { withText: false, token: '' })).toMatchObject({
      status: 200,
      code: undefined,
    });
    expect(await persisted(second, query, { withText: false, token: '' })).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    expect(await persisted(second, query, { withText: false, token })).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
  });

  it('does not let a text be registered under a hash that is not its own', async () => {
    const innocent = `{ __typename } # ${randomUUID()}`;
    const other = '{ localities(first: 1) { totalCount } }';
    const forged = await persisted(first, other, {
      withText: true,
      token,
      hash: sha256(innocent),
    });
    expect(forged.status).toBe(400);
    expect(forged.code).toBe('BAD_REQUEST');
    expect(await persisted(second, innocent, { withText: false, token })).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
  });

  it('runs but does not register a text longer than the limit, on this instance or in Redis', async () => {
    const own = await signToken({ role: 'ANALYST', sub: `shared-long-${randomUUID()}` });
    // Comments are not tokens: without a length limit this would park a megabyte per hash.
    const long = `{ __typename } #${'x'.repeat(MAX_PERSISTED_QUERY_CHARACTERS + 1)}`;
    expect(await persisted(first, long, { withText: true, token: own })).toMatchObject({
      status: 200,
      data: { __typename: 'Query' },
    });
    for (const instance of [first, second]) {
      expect(await persisted(instance, long, { withText: false, token: own })).toMatchObject({
        code: 'PERSISTED_QUERY_NOT_FOUND',
      });
    }
  });

  it('keeps limits and answers at once when Redis dies mid-run, and shares again when it is back', async () => {
    const caller = await signToken({ role: 'ANALYST', sub: `outage-${randomUUID()}` });
    const query = `{ __typename } # ${randomUUID()}`;
    // Counted in Redis: two requests of the minute's allowance spent.
    for (const platform of [first, second]) {
      expect((await persisted(platform, query, { withText: true, token: caller })).status).toBe(
        200,
      );
    }
    await redis.kill();

    // Each instance now counts on its own, from zero: at most `perMinute` more, then refusals,
    // and every answer as quick as with Redis (a hung Redis client would wait for seconds).
    const statuses: number[] = [];
    let slowest = 0;
    for (let i = 0; i < perMinute + 2; i++) {
      const result = await persisted(first, query, { withText: true, token: caller });
      statuses.push(result.status);
      slowest = Math.max(slowest, result.ms);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(slowest).toBeLessThan(1500);

    // A query registered during the outage stays with the instance it was registered on.
    const during = `{ __typename } # ${randomUUID()}`;
    expect((await persisted(second, during, { withText: true, token })).status).toBe(200);
    const missing = await persisted(first, during, { withText: false, token });
    expect(missing.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(missing.ms).toBeLessThan(1500);

    // One line per store and outage, however many requests met it. A client logs the outage when
    // its first reconnection is refused, which may come after the quick answers above.
    const outage = () =>
      captured.lines.filter((line) => String(line.msg).includes('Redis unreachable'));
    for (let i = 0; i < 50 && outage().length < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(storesOf(outage())).toEqual(EVERY_STORE_OF_BOTH_INSTANCES);

    await redis.start();
    await Promise.all(
      [first, second].map(async () => {
        for (let i = 0; i < 50; i++) {
          const back = captured.lines.filter((line) =>
            String(line.msg).includes('Redis reachable again'),
          );
          if (back.length >= 6) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    );
    const after = `{ __typename } # ${randomUUID()}`;
    expect((await persisted(first, after, { withText: true, token })).status).toBe(200);
    expect(await persisted(second, after, { withText: false, token })).toMatchObject({
      status: 200,
      code: undefined,
    });
  });

  it('answers at normal speed while Redis hangs, keeping limits, and shares again when it answers', async () => {
    const lines = () =>
      captured.lines.filter((line) => String(line.msg).includes('no answer within'));
    const before = lines().length;
    redis.pause();
    try {
      // The heartbeat notices within about a second; until then a request may wait out a timeout.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const caller = await signToken({ role: 'ANALYST', sub: `hung-${randomUUID()}` });
      const query = `{ __typename } # ${randomUUID()}`;
      const results = [];
      for (let i = 0; i < perMinute + 2; i++) {
        results.push(await persisted(first, query, { withText: true, token: caller }));
      }
      // Each request would otherwise wait 0.5 s for the failure count, 0.5 s for the rate limit
      // and 0.25 s for the persisted query.
      expect(Math.max(...results.map((result) => result.ms))).toBeLessThan(800);
      // Counted on this instance meanwhile: never no limit.
      expect(results.slice(-2).map((result) => result.status)).toEqual([429, 429]);
      // One line per store and instance, not per request.
      expect(storesOf(lines().slice(before))).toEqual(EVERY_STORE_OF_BOTH_INSTANCES);
    } finally {
      redis.resume();
    }
    const shared = `{ __typename } # ${randomUUID()}`;
    const later = await signToken({ role: 'ANALYST', sub: `hung-after-${randomUUID()}` });
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if ((await persisted(first, shared, { withText: true, token: later })).status !== 200) {
        continue;
      }
      const elsewhere = await persisted(second, shared, { withText: false, token: later });
      if (elsewhere.code === undefined) return;
    }
    throw new Error('persisted queries were not shared again once Redis answered');
  });
});
