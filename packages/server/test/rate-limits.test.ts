import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig, type PlatformConfig } from '../src/config.js';
import { createApiKey } from '../src/modules/auth/api-keys.js';
import { Role } from '../src/modules/auth/viewer.js';
import { signToken, testConfig, TestPlatform } from './support/platform.js';

/** The Redis the test machine and CI run; the shared-counter tests need a real one. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A port nothing listens on: Redis is unreachable. */
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

const limitsWith = (overrides: Partial<PlatformConfig['limits']>) => ({
  ...loadConfig({}).limits,
  ...overrides,
});

async function withPlatform<T>(
  overrides: Partial<PlatformConfig>,
  run: (platform: TestPlatform) => Promise<T>,
): Promise<T> {
  const platform = await TestPlatform.start(undefined, testConfig(overrides));
  try {
    return await run(platform);
  } finally {
    await platform.stop();
  }
}

const ANONYMOUS = { token: '' };

describe('the request limit', () => {
  it('counts one caller once, however its Authorization header is spelt', async () => {
    await withPlatform({ limits: limitsWith({ rateLimitPerMinute: 3 }) }, async (platform) => {
      const token = await signToken({ role: 'ANALYST', sub: `spelling-${randomUUID()}` });
      const spellings = [
        'Bearer',
        'bearer',
        'BEARER',
        'BeArEr',
        'bEARER',
        'Bearer ',
        'Bearer\t',
        'bearer  ',
      ];
      const statuses: number[] = [];
      for (const spelling of spellings) {
        const separator = spelling.endsWith(' ') || spelling.endsWith('\t') ? '' : ' ';
        const result = await platform.query('{ __typename }', undefined, {
          token: '',
          headers: { authorization: `${spelling}${separator}${token}` },
        });
        statuses.push(result.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    });
  });

  it('answers 429 RATE_LIMITED with RateLimit-* and Retry-After, and counts callers apart', async () => {
    await withPlatform({ limits: limitsWith({ rateLimitPerMinute: 2 }) }, async (platform) => {
      const responses: Response[] = [];
      for (let i = 0; i < 3; i++) {
        responses.push(
          await fetch(platform.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ __typename }' }),
          }),
        );
      }
      expect(responses.map((response) => response.status)).toEqual([200, 200, 429]);
      expect(responses[0].headers.get('ratelimit-limit')).toBe('2');
      expect(responses[0].headers.get('ratelimit-remaining')).toBe('1');
      const refused = responses[2];
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      // A signed-in caller has its own allowance, apart from its address.
      expect((await platform.query('{ __typename }')).status).toBe(200);
    });
  });

  it('keys anonymous callers on their address and ignores X-Forwarded-For unless told to trust it', async () => {
    const spoofed = (i: number) => ({
      ...ANONYMOUS,
      headers: { 'x-forwarded-for': `203.0.113.${i}` },
    });
    await withPlatform({ limits: limitsWith({ rateLimitPerMinute: 2 }) }, async (platform) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await platform.query('{ __typename }', undefined, spoofed(i))).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
    });
    await withPlatform(
      { limits: limitsWith({ rateLimitPerMinute: 2 }), trustProxy: 1 },
      async (platform) => {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push((await platform.query('{ __typename }', undefined, spoofed(i))).status);
        expect(statuses).toEqual([200, 200, 200, 200]);
        for (let i = 0; i < 2; i++) await platform.query('{ __typename }', undefined, spoofed(9));
        expect((await platform.query('{ __typename }', undefined, spoofed(9))).status).toBe(429);
      },
    );
  });

  it('counts an IPv6 client by its /64, and reads TRUST_PROXY strictly', async () => {
    await withPlatform(
      { limits: limitsWith({ rateLimitPerMinute: 2 }), trustProxy: 1 },
      async (platform) => {
        const from = async (address: string) =>
          (
            await platform.query('{ __typename }', undefined, {
              ...ANONYMOUS,
              headers: { 'x-forwarded-for': address },
            })
          ).status;
        expect(await from('2001:db8:1:2::a')).toBe(200);
        expect(await from('2001:db8:1:2:ffff::b')).toBe(200);
        expect(await from('2001:0db8:0001:0002:0:0:0:c')).toBe(429);
        expect(await from('2001:db8:1:3::a')).toBe(200);
      },
    );
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('bounds its memory without forgetting the callers it already counts', async () => {
    await withPlatform(
      { limits: limitsWith({ rateLimitPerMinute: 2, rateLimitClients: 5 }), trustProxy: 1 },
      async (platform) => {
        const from = (address: string) =>
          platform.query('{ __typename }', undefined, {
            ...ANONYMOUS,
            headers: { 'x-forwarded-for': address },
          });
        await from('198.51.100.1');
        await from('198.51.100.1');
        expect((await from('198.51.100.1')).status).toBe(429);
        // A flood of new addresses: past the bound they share one allowance…
        const flood: number[] = [];
        for (let i = 0; i < 40; i++) flood.push((await from(`192.0.2.${i}`)).status);
        expect(flood.filter((status) => status === 429).length).toBeGreaterThan(30);
        // …and the caller counted before the flood is still counted.
        expect((await from('198.51.100.1')).status).toBe(429);
      },
    );
  });
});

describe('failed authentication', () => {
  it('is throttled per address, apart from the request limit, without further look-ups', async () => {
    await withPlatform({ limits: limitsWith({ authFailuresPerMinute: 3 }) }, async (platform) => {
      const unknownKey = () => `bd_abcdefgh_${randomUUID().replace(/-/g, '')}`;
      const attempts: { status: number; statements: number; code?: unknown }[] = [];
      for (let i = 0; i < 6; i++) {
        let status = 0;
        let code: unknown;
        const statements = await platform.countStatements(async () => {
          const result = await platform.query('{ __typename }', undefined, {
            token: '',
            headers: { 'x-api-key': unknownKey() },
          });
          status = result.status;
          code = result.errors?.[0].extensions?.code;
        });
        attempts.push({ status, statements, code });
      }
      expect(attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401, 429, 429, 429]);
      expect(attempts.slice(0, 3).every((attempt) => attempt.statements === 1)).toBe(true);
      expect(attempts.slice(3).every((attempt) => attempt.statements === 0)).toBe(true);
      expect(attempts[3].code).toBe('RATE_LIMITED');
      // A bad token counts the same; anonymous reads from that address go on.
      const badToken = await platform.query('{ __typename }', undefined, { token: 'nonsense' });
      expect(badToken.status).toBe(429);
      expect((await platform.query('{ __typename }', undefined, ANONYMOUS)).status).toBe(200);
    });
  });

  it('still lets a good key through when the address has failures to spare', async () => {
    await withPlatform({ limits: limitsWith({ authFailuresPerMinute: 2 }) }, async (platform) => {
      const { key } = await createApiKey(platform.orm.em.getKnex(), {
        name: `good-${randomUUID()}`,
        role: Role.ANALYST,
      });
      const ask = (apiKey: string) =>
        platform.query('{ __typename }', undefined, {
          token: '',
          headers: { 'x-api-key': apiKey },
        });
      expect((await ask(`bd_abcdefgh_${'x'.repeat(32)}`)).status).toBe(401);
      for (let i = 0; i < 4; i++) expect((await ask(key)).status).toBe(200);
    });
  });

  it('lets good credentials through from an address whose failures are spent, looking nothing up', async () => {
    // Callers behind one gateway or office share an address: one sending bad tokens must not
    // lock out the others, nor make the address cause look-ups again.
    const config = { limits: limitsWith({ authFailuresPerMinute: 2 }), apiKeyCacheSeconds: 60 };
    await withPlatform(config, async (platform) => {
      const knex = platform.orm.em.getKnex();
      const remembered = await createApiKey(knex, {
        name: `seen-${randomUUID()}`,
        role: Role.ANALYST,
      });
      const unseen = await createApiKey(knex, {
        name: `unseen-${randomUUID()}`,
        role: Role.ANALYST,
      });
      const withKey = (key: string) => ({ token: '', headers: { 'x-api-key': key } });
      expect(
        (await platform.query('{ __typename }', undefined, withKey(remembered.key))).status,
      ).toBe(200);
      for (let i = 0; i < 2; i++) {
        const bad = await platform.query('{ __typename }', undefined, { token: 'nonsense' });
        expect(bad.status).toBe(401);
      }
      const token = await signToken({ role: 'ANALYST', sub: `colleague-${randomUUID()}` });
      const outcomes: { status: number; statements: number }[] = [];
      for (const options of [
        { token },
        withKey(remembered.key),
        withKey(unseen.key),
        { token: 'nonsense' },
        { token: `${token}x` },
      ]) {
        let status = 0;
        const statements = await platform.countStatements(async () => {
          status = (await platform.query('{ __typename }', undefined, options)).status;
        });
        outcomes.push({ status, statements });
      }
      expect(outcomes).toEqual([
        { status: 200, statements: 0 },
        { status: 200, statements: 0 },
        // Not verified a moment ago: refused without a look-up, as failures are.
        { status: 429, statements: 0 },
        { status: 429, statements: 0 },
        { status: 429, statements: 0 },
      ]);
    });
  });
});

describe('rate limits across instances', () => {
  it('shares the counters of every instance through Redis', async () => {
    const config = { limits: limitsWith({ rateLimitPerMinute: 3 }), redisUrl: REDIS_URL };
    const token = await signToken({ role: 'ANALYST', sub: `shared-${randomUUID()}` });
    await withPlatform(config, (first) =>
      withPlatform(config, async (second) => {
        const statuses: number[] = [];
        for (const platform of [first, second, first, second, first])
          statuses.push((await platform.query('{ __typename }', undefined, { token })).status);
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
      }),
    );
  });

  it('falls back to per-instance counters when Redis is unreachable, never to none', async () => {
    const config = { limits: limitsWith({ rateLimitPerMinute: 3 }), redisUrl: DEAD_REDIS_URL };
    await withPlatform(config, async (platform) => {
      const token = await signToken({ role: 'ANALYST', sub: `fallback-${randomUUID()}` });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await platform.query('{ __typename }', undefined, { token })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    });
  });
});
