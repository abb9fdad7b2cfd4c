import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createApiKey, revokeApiKey } from '../src/modules/auth/api-keys.js';
import { Role } from '../src/modules/auth/viewer.js';
import { signToken, TEST_JWT_SECRET, testConfig, TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('query cost', () => {
  const nested = (n: string, directive = '') =>
    `localities(first: ${n}) ${directive} { nodes { children(first: ${n}) { nodes { children(first: ${n}) { nodes { code } } } } } }`;

  it('costs pages by the values execution will use: variables and their defaults', async () => {
    for (const [query, variables] of [
      [`query ($n: Int = 500) { ${nested('$n')} }`, undefined],
      [`query ($n: Int = 10) { ${nested('$n')} }`, { n: 400 }],
      [`query ($n: Int) { ${nested('$n')} }`, { n: 400 }],
      // Skipping with a variable's default must not hide the expensive part from the cost.
      [`query ($on: Boolean = true) { ${nested('500', '@include(if: $on)')} }`, undefined],
    ] as [string, Record<string, unknown> | undefined][]) {
      let result: Awaited<ReturnType<typeof platform.query>> | undefined;
      const statements = await platform.countStatements(async () => {
        result = await platform.query(query, variables);
      });
      expect(result!.errors?.[0].extensions?.code, query).toBe('QUERY_TOO_COSTLY');
      expect(result!.errors?.[0].extensions?.limit).toBe(loadConfig({}).limits.maxCost);
      expect(result!.status, query).toBe(400);
      expect(statements, query).toBe(0);
      expect(result!.data).toBeUndefined();
    }
  });

  it('lets a cheap page through, and does not count a selection the executor skips', async () => {
    const cheap = await platform.query(
      `query ($n: Int = 3) { localities(first: $n) { nodes { code } } }`,
    );
    expect(cheap.errors).toBeUndefined();
    expect(cheap.data!.localities.nodes).toHaveLength(3);
    const skipped = await platform.query(
      `query ($off: Boolean = false) { ${nested('500', '@include(if: $off)')} __typename }`,
    );
    expect(skipped.errors).toBeUndefined();
    expect(skipped.data).toEqual({ __typename: 'Query' });
  });

  it('refuses fragment fan-out by the number of nodes it expands to', async () => {
    // 2^40 spreads: walking each one again would never finish.
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Locality { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ');
    const query = `{ locality(code: "51") { ...F0 } } ${fragments} fragment F${levels} on Locality { code }`;
    const started = Date.now();
    const result = await platform.query(query);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
  });
});

describe('standard directives', () => {
  it('honours @include and @skip, literal or by variable', async () => {
    const result = await platform.query(
      `query ($yes: Boolean!, $no: Boolean = false) {
        a: locality(code: "51") @include(if: false) { code }
        b: locality(code: "51") @skip(if: true) { code }
        c: locality(code: "51") @include(if: $yes) { code name @skip(if: $yes) }
        d: locality(code: "51") @include(if: $no) { code }
      }`,
      { yes: true },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ c: { code: '51' } });
  });

  it('keeps every directive graphql specifies next to the cache hint', async () => {
    const data = await platform.data('{ __schema { directives { name } } }');
    const names = data.__schema.directives.map((directive: { name: string }) => directive.name);
    expect(names).toEqual(
      expect.arrayContaining(['include', 'skip', 'deprecated', 'specifiedBy', 'oneOf']),
    );
  });
});

describe('Cache-Control for shared caches', () => {
  const AGGREGATE = `{ officialsBreakdown(groupBy: [ETHNICITY_GROUP]) { total groups { ethnicityGroup count } } }`;

  it('serves anonymous aggregates publicly, varying on the credential headers', async () => {
    const response = await post({ query: AGGREGATE });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('max-age=300, public');
    expect(response.headers.get('vary')).toMatch(/authorization/i);
    expect(response.headers.get('vary')).toMatch(/x-api-key/i);
  });

  it('never lets an intermediary keep what a credentialed caller was shown', async () => {
    const { key } = await createApiKey(platform.orm.em.getKnex(), {
      name: 'cache-check',
      role: Role.ANALYST,
    });
    for (const headers of [
      { authorization: `Bearer ${platform.adminToken}` } as Record<string, string>,
      { authorization: `Bearer ${await signToken({ role: 'ANALYST' })}` },
      { 'x-api-key': key },
    ]) {
      const response = await post({ query: AGGREGATE }, headers);
      const body = (await response.json()) as { errors?: unknown };
      expect(body.errors).toBeUndefined();
      const cacheControl = response.headers.get('cache-control') ?? '';
      expect(cacheControl, JSON.stringify(headers)).not.toMatch(/public/);
      expect(cacheControl, JSON.stringify(headers)).toMatch(/private|no-store/);
      expect(response.headers.get('vary')).toMatch(/authorization/i);
    }
  });

  it('never marks errors or mutations cacheable', async () => {
    const failed = await post({
      query: `{ officialsBreakdown(groupBy: [SEX], filter: { ethnicities: ["Hrê"] }) { total } }`,
    });
    expect(((await failed.json()) as { errors?: unknown[] }).errors).toBeDefined();
    expect(failed.headers.get('cache-control')).toBe('no-store');
    const badYear = await post({
      query: `{ indicatorAttainment(year: 1999, localityCode: "51") { met } }`,
    });
    expect(badYear.headers.get('cache-control')).toBe('no-store');
    const mutation = await post({ query: 'mutation { __typename }' });
    expect(mutation.status).toBe(200);
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });
});

describe('Cache-Control of refusals', () => {
  it('marks every answer that is not a 200, on /graphql and off it, no-store', async () => {
    const strict = await TestPlatform.start(
      undefined,
      testConfig({ limits: { ...testConfig().limits, rateLimitPerMinute: 1 } }),
    );
    try {
      const send = (body: string, headers: Record<string, string> = {}, url = platform.url) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
      const query = JSON.stringify({ query: '{ __typename }' });
      await send(query, {}, strict.url);
      const answers: [number, Response][] = [
        [401, await send(query, { authorization: 'Bearer not-a-token' })],
        [401, await send(query, { 'x-api-key': 'bd_nothing_here' })],
        [429, await send(query, {}, strict.url)],
        [400, await send('{"query": ')],
        [
          400,
          await send(
            JSON.stringify({
              query: '{ localities(filter: { search: "a\\u0000" }) { totalCount } }',
            }),
          ),
        ],
        [413, await send(JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(9_000_000) }))],
        [404, await fetch(new URL('/nowhere', platform.url))],
      ];
      for (const [status, response] of answers) {
        expect(response.status, response.url).toBe(status);
        expect(response.headers.get('cache-control'), `${status} ${response.url}`).toBe('no-store');
      }
    } finally {
      await strict.stop();
    }
  });
});

describe('token rules', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (
    claims: Record<string, unknown>,
    times: { iat?: number; nbf?: number; exp: number },
  ) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('rules');
    if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
    if (times.nbf !== undefined) jwt.setNotBefore(times.nbf);
    return jwt.setExpirationTime(times.exp).sign(new TextEncoder().encode(TEST_JWT_SECRET));
  };
  const statusWith = async (token: string) =>
    (await platform.query('{ __typename }', undefined, { token })).status;

  it('refuses a scope that names no locality, or is not a locality code', async () => {
    const t = now();
    expect(await statusWith(await signToken({ role: 'EDITOR', scope: '529' }))).toBe(200);
    for (const scope of ['99999', 529, ['529'], '', { code: '51' }]) {
      const token = await sign({ role: 'EDITOR', scope }, { iat: t, exp: t + 600 });
      const result = await platform.query('{ __typename }', undefined, { token });
      expect(result.status, JSON.stringify(scope)).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a token whose subject is missing, empty or not a string', async () => {
    const t = now();
    const withSubject = (sub: unknown) =>
      // A malformed `sub` on purpose: the claims are not what a well-typed token would carry.
      new SignJWT(
        (sub === undefined ? { role: 'ANALYST' } : { role: 'ANALYST', sub }) as JWTPayload,
      )
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(t)
        .setExpirationTime(t + 600)
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect(await statusWith(await withSubject('someone'))).toBe(200);
    for (const sub of [undefined, '', { a: 1 }, 42, ['someone'], true, null]) {
      const result = await platform.query('{ __typename }', undefined, {
        token: await withSubject(sub),
      });
      expect(result.status, JSON.stringify(sub)).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0].message).toMatch(/"sub"/);
    }
  });

  it('refuses a request carrying both a bearer token and an API key', async () => {
    const { key } = await createApiKey(platform.orm.em.getKnex(), {
      name: 'two-credentials',
      role: Role.ANALYST,
    });
    const token = await signToken({ role: 'ANALYST', sub: 'two-credentials' });
    const withKey = { 'x-api-key': key };
    expect(
      (await platform.query('{ __typename }', undefined, { token: '', headers: withKey })).status,
    ).toBe(200);
    expect((await platform.query('{ __typename }', undefined, { token })).status).toBe(200);
    for (const [bearer, headers] of [
      [token, withKey],
      [key, { 'x-api-key': key }],
    ] as const) {
      const result = await platform.query('{ __typename }', undefined, { token: bearer, headers });
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0].message).toMatch(/one credential/);
    }
  });

  it('refuses tokens that live longer than the maximum lifetime, from iat or nbf', async () => {
    const t = now();
    const day = 24 * 3600;
    expect(await statusWith(await sign({ role: 'ANALYST' }, { iat: t, exp: t + day - 60 }))).toBe(
      200,
    );
    expect(await statusWith(await sign({ role: 'ANALYST' }, { nbf: t, exp: t + day - 60 }))).toBe(
      200,
    );
    for (const [name, times] of [
      ['ten years', { iat: t, exp: t + 3650 * day }],
      ['a day and a minute', { iat: t, exp: t + day + 60 }],
      ['issued long ago', { iat: t - 30 * day, exp: t + 600 }],
      ['no iat nor nbf', { exp: t + 2 * day }],
      ['iat in the future', { iat: t + 10 * day, exp: t + 10 * day + 600 }],
    ] as [string, { iat?: number; nbf?: number; exp: number }][]) {
      expect(await statusWith(await sign({ role: 'ADMIN' }, times)), name).toBe(401);
    }
  });

  it('honours a configured lifetime', async () => {
    const short = await TestPlatform.start(
      undefined,
      testConfig({ tokens: { secret: TEST_JWT_SECRET, maxLifetimeSeconds: 300 } }),
    );
    try {
      const t = now();
      const query = (token: string) => short.query('{ __typename }', undefined, { token });
      expect((await query(await sign({ role: 'ANALYST' }, { iat: t, exp: t + 240 }))).status).toBe(
        200,
      );
      expect((await query(await sign({ role: 'ANALYST' }, { iat: t, exp: t + 600 }))).status).toBe(
        401,
      );
    } finally {
      await short.stop();
    }
  });
});

describe('API keys', () => {
  it('refuses a malformed key without asking the database', async () => {
    for (const headers of [
      { 'x-api-key': 'bd_short' } as Record<string, string>,
      { 'x-api-key': `bd_abcdefgh_${'a'.repeat(33)}` },
      { 'x-api-key': `bd_abcdefgh_${'a'.repeat(5000)}` },
      { 'x-api-key': `bd_ABCDEFGH_${'a'.repeat(32)}` },
      { authorization: `Bearer bd_abcdefgh_${'a'.repeat(40)}` },
      { authorization: 'Bearer bd_' },
    ]) {
      let status = 0;
      const statements = await platform.countStatements(async () => {
        status = (await platform.query('{ __typename }', undefined, { token: '', headers })).status;
      });
      expect(status, JSON.stringify(headers)).toBe(401);
      expect(statements, JSON.stringify(headers)).toBe(0);
    }
  });

  it('looks a key up once per cache period, and a revoked key stops working after it', async () => {
    const cached = await TestPlatform.start(undefined, testConfig({ apiKeyCacheSeconds: 1 }));
    try {
      const knex = cached.orm.em.getKnex();
      const { key, prefix } = await createApiKey(knex, { name: 'cached', role: Role.ANALYST });
      const ask = () =>
        cached.query('{ __typename }', undefined, { token: '', headers: { 'x-api-key': key } });
      expect(
        await cached.countStatements(async () => expect((await ask()).status).toBe(200)),
      ).toBeGreaterThan(0);
      // The look-up's last-used stamp is written in the background; let it land first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await cached.countStatements(async () => expect((await ask()).status).toBe(200))).toBe(
        0,
      );
      await revokeApiKey(knex, prefix);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await ask()).status).toBe(401);
    } finally {
      await cached.stop();
    }
  });
});
