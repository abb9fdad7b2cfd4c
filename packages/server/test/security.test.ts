import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openOrm } from '../src/database/orm.js';
import { createApiKey, revokeApiKey } from '../src/modules/auth/api-keys.js';
import { Role } from '../src/modules/auth/viewer.js';
import { signToken, TEST_JWT_SECRET, testConfig, TestPlatform } from './support/platform.js';
import { createScratchDatabase } from './support/scratch-database.js';

let platform: TestPlatform;
let analyst: string;
let sonHaEditor: string;
beforeAll(async () => {
  platform = await TestPlatform.start(
    undefined,
    testConfig({
      tokens: { secret: TEST_JWT_SECRET, issuer: 'https://id.test', audience: 'binh-dang' },
    }),
  );
  const claims = { issuer: 'https://id.test', audience: 'binh-dang' };
  platform.adminToken = await signToken({ role: 'ADMIN', ...claims });
  analyst = await signToken({ role: 'ANALYST', ...claims });
  sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', ...claims });
});
afterAll(() => platform.stop());

const good = { issuer: 'https://id.test', audience: 'binh-dang' };

describe('bearer tokens', () => {
  it('refuses every bad token with 401 UNAUTHENTICATED', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const secret = new TextEncoder().encode(TEST_JWT_SECRET);
    const valid = await signToken({ role: 'ADMIN', ...good });
    const [header, payload] = valid.split('.');
    const bad: Record<string, string> = {
      expired: await signToken({
        role: 'ADMIN',
        ...good,
        expiresIn: Math.floor(Date.now() / 1000) - 60,
      }),
      'not yet valid': await signToken({ role: 'ADMIN', ...good, notBefore: '5m' }),
      'wrong issuer': await signToken({
        role: 'ADMIN',
        issuer: 'https://evil.test',
        audience: 'binh-dang',
      }),
      'wrong audience': await signToken({
        role: 'ADMIN',
        issuer: 'https://id.test',
        audience: 'other-app',
      }),
      'alg none': new UnsecuredJWT({ role: 'ADMIN', iss: good.issuer, aud: good.audience })
        .setExpirationTime('5m')
        .encode(),
      'algorithm confusion (RS256)': await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(good.issuer)
        .setAudience(good.audience)
        .setExpirationTime('5m')
        .sign(privateKey),
      'tampered signature': `${header}.${payload}.${'A'.repeat(43)}`,
      'tampered payload': `${header}.${Buffer.from(JSON.stringify({ role: 'ADMIN', exp: 9999999999, iss: good.issuer, aud: good.audience })).toString('base64url')}.${valid.split('.')[2]}`,
      'wrong secret': await signToken(
        { role: 'ADMIN', ...good },
        'another-secret-of-sufficient-length-000000',
      ),
      'no expiry': await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(good.issuer)
        .setAudience(good.audience)
        .sign(secret),
      'unknown role': await signToken({ role: 'SUPERUSER', ...good }),
      garbage: 'not-a-token',
      'revoked-style api key': 'bd_abcdefgh_0123456789abcdef0123456789abcdef',
    };
    for (const [name, token] of Object.entries(bad)) {
      const result = await platform.query('{ localities(first: 1) { totalCount } }', undefined, {
        token,
      });
      expect(result.status, name).toBe(401);
      expect(result.errors?.[0].extensions?.code, name).toBe('UNAUTHENTICATED');
    }
    expect(
      (await platform.query('{ localities(first: 1) { totalCount } }', undefined, { token: valid }))
        .status,
    ).toBe(200);
  });

  it('accepts API keys until they are revoked', async () => {
    const knex = platform.orm.em.getKnex();
    const { key, prefix } = await createApiKey(knex, {
      name: 'hr-sync',
      role: Role.EDITOR,
      scopeCode: '529',
    });
    const [stored] = await knex('api_key').select('secret_hash').where({ prefix });
    expect(stored.secret_hash).not.toContain(key.slice(`bd_${prefix}_`.length));
    const byHeader = await platform.query('{ officials(first: 1) { totalCount } }', undefined, {
      token: '',
      headers: { 'x-api-key': key },
    });
    expect(byHeader.errors).toBeUndefined();
    expect(
      (await platform.query('{ officials(first: 1) { totalCount } }', undefined, { token: key }))
        .errors,
    ).toBeUndefined();
    await revokeApiKey(knex, prefix);
    const revoked = await platform.query('{ localities(first: 1) { totalCount } }', undefined, {
      token: key,
    });
    expect(revoked.status).toBe(401);
  });
});

describe('API key names', () => {
  it('name one key each, revoked keys included, so that two keys are never one caller', async () => {
    const knex = platform.orm.em.getKnex();
    const name = `reports-sync-${process.pid}`;
    const first = await createApiKey(knex, { name, role: Role.ANALYST });
    await expect(createApiKey(knex, { name, role: Role.EDITOR, scopeCode: '529' })).rejects.toThrow(
      `name: a key named "${name}" exists already`,
    );
    await revokeApiKey(knex, first.prefix);
    await expect(createApiKey(knex, { name, role: Role.ANALYST })).rejects.toThrow(
      /exists already \(revoked or not\)/,
    );
    // Two created at once: the database refuses the second with the same words.
    const racing = `${name}-racing`;
    const outcomes = await Promise.allSettled(
      [1, 2].map(() => createApiKey(knex, { name: racing, role: Role.ANALYST })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')?.reason).toMatchObject({
      message: expect.stringContaining(`a key named "${racing}" exists already`),
    });
    expect(await knex('api_key').where('name', 'in', [name, racing]).count('* as n')).toEqual([
      { n: '2' },
    ]);
  });

  it('tell apart the keys that shared a name before names were unique, keeping the oldest one', async () => {
    const scratch = await createScratchDatabase('key-names');
    const orm = await openOrm(scratch.url);
    try {
      const migrator = orm.getMigrator();
      await migrator.down({ to: 'Migration20261128093000ValueLocksByDistinctIds' });
      const knex = orm.em.getKnex();
      const keys = [];
      for (let i = 0; i < 3; i++) {
        // Written as the command line did before: nothing refused a repeated name.
        const prefix = `dup${i}abcd`;
        await knex('api_key').insert({
          name: 'hr-sync',
          prefix,
          secret_hash: 'x',
          role: 'ANALYST',
        });
        keys.push(prefix);
      }
      await migrator.up();
      const rows = await knex('api_key').select('name', 'prefix').orderBy('id');
      expect(rows).toEqual([
        { name: 'hr-sync', prefix: keys[0] },
        { name: `hr-sync (${keys[1]})`, prefix: keys[1] },
        { name: `hr-sync (${keys[2]})`, prefix: keys[2] },
      ]);
    } finally {
      await orm.close(true);
      await scratch.drop();
    }
  });
});

describe('what each role reads', () => {
  const PEOPLE = `query ($code: String!) {
    officials(first: 3, filter: { within: $code, activeOn: "2024-06-01" }) { nodes { id name: fullName ...Person homeLocality { code } } }
    locality(code: $code, asOf: "2024-02-01") { officials(first: 2) { nodes { fullName birthYear } } }
  }
  fragment Person on Official { birthYear ethnicity ethnicMinority reference sex }`;

  it('keeps anonymous callers to the catalogue, localities, agencies and aggregates', async () => {
    const open = await platform.query(
      `{ localities(first: 1) { totalCount } indicators(first: 1) { totalCount } agencies { totalCount }
         indicatorAttainment(year: 2023, localityCode: "51") { met } }`,
      undefined,
      { token: '' },
    );
    expect(open.errors).toBeUndefined();
    for (const query of [
      '{ officials { totalCount } }',
      '{ trainingPrograms { totalCount } }',
      '{ tasks { totalCount } }',
      '{ locality(code: "529", asOf: "2024-02-01") { positions { title } } }',
    ]) {
      const closed = await platform.query(query, undefined, { token: '' });
      expect(closed.errors?.[0].extensions?.code, query).toBe('UNAUTHENTICATED');
    }
  });

  it('masks personal fields through aliases, fragments and nested paths', async () => {
    // Lists of people need personal access; an analyst reaches officials only through posts.
    const refused = await platform.query(PEOPLE, { code: '529' }, { token: analyst });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('personal access');
    const HOLDERS = `query ($code: String!) {
      locality(code: $code, asOf: "2024-02-01") { positions { official { id name: fullName ...Person homeLocality { code } } } }
    }
    fragment Person on Official { birthYear ethnicity ethnicMinority reference sex }`;
    const asAnalyst = (await platform.query(HOLDERS, { code: '529' }, { token: analyst })).data!;
    expect(asAnalyst.locality.positions.length).toBeGreaterThan(0);
    for (const { official } of asAnalyst.locality.positions) {
      expect(official).toEqual({
        id: expect.any(String),
        name: null,
        birthYear: null,
        ethnicity: null,
        ethnicMinority: null,
        reference: null,
        sex: null,
        homeLocality: null,
      });
    }

    const editorInScope = (await platform.query(PEOPLE, { code: '529' }, { token: sonHaEditor }))
      .data!;
    for (const person of editorInScope.officials.nodes) {
      expect(person.name).toEqual(expect.any(String));
      expect(person.ethnicity).toEqual(expect.any(String));
    }
    const editorOutOfScope = (await platform.query(PEOPLE, { code: '525' }, { token: sonHaEditor }))
      .data!;
    expect(editorOutOfScope.locality.officials.nodes).toEqual([]);
    for (const person of editorOutOfScope.officials.nodes)
      expect(person.homeLocality).not.toBeNull();
    const holdersOutOfScope = (
      await platform.query(HOLDERS, { code: '525' }, { token: sonHaEditor })
    ).data!;
    expect(holdersOutOfScope.locality.positions.length).toBeGreaterThan(0);
    for (const { official } of holdersOutOfScope.locality.positions)
      expect(official).toMatchObject({ name: null, birthYear: null, sex: null });

    const admin = (await platform.query(PEOPLE, { code: '525' })).data!;
    expect(admin.officials.nodes[0].name).toEqual(expect.any(String));
  });

  it('refuses filtering, sorting and grouping by personal fields outside the scope', async () => {
    const cases: [string, string][] = [
      ['{ officials(filter: { ethnicities: ["Hrê"] }) { totalCount } }', 'filter.ethnicities'],
      ['{ officials(filter: { birthYearFrom: 1980 }) { totalCount } }', 'filter.birthYearFrom'],
      ['{ officials(orderBy: { field: BIRTH_YEAR }) { totalCount } }', 'orderBy'],
      [
        '{ locality(code: "529", asOf: "2024-02-01") { officials(filter: { search: "dinh" }) { totalCount } } }',
        'filter.search',
      ],
      ['{ officialsBreakdown(groupBy: [ETHNICITY]) { total } }', 'groupBy.ETHNICITY'],
    ];
    for (const [query, field] of cases) {
      const byAnalyst = await platform.query(query, undefined, { token: analyst });
      expect(byAnalyst.errors?.[0].extensions?.code, query).toBe('FORBIDDEN');
      // Lists of officials are refused to an analyst whatever the filter; breakdowns name it.
      expect(byAnalyst.errors?.[0].message, query).toContain(
        query.includes('officials(') ? 'personal access' : field,
      );
    }
    const inScope = await platform.query(
      '{ officials(filter: { within: "529", activeOn: "2024-06-01", ethnicities: ["Hrê"] }) { totalCount } }',
      undefined,
      { token: sonHaEditor },
    );
    expect(inScope.errors).toBeUndefined();
    // Elsewhere a personal filter applies only to the officials the editor may see.
    const outOfScope = await platform.query(
      '{ officials(filter: { within: "525", activeOn: "2024-06-01", ethnicities: ["Cor"] }) { totalCount } }',
      undefined,
      { token: sonHaEditor },
    );
    expect(outOfScope.data?.officials.totalCount).toBe(0);
    const coarse = await platform.query(
      '{ officialsBreakdown(groupBy: [ETHNICITY_GROUP]) { total } }',
      undefined,
      { token: '' },
    );
    expect(coarse.errors).toBeUndefined();
  });
});

describe('abuse limits', () => {
  it('rejects deep, alias-heavy and costly queries before any SQL runs', async () => {
    const deep = `{ locality(code: "51", asOf: "2024-02-01") { children { nodes { children { nodes { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: locality(code: "51", asOf: "2024-02-01") { code }`).join(' ')} }`;
    const costly = `{ localities(first: 500) { nodes { children(first: 500) { nodes { children(first: 500) { nodes { code } } } } } } }`;
    const viaVariables = `query ($n: Int) { localities(first: $n) { nodes { children(first: $n) { nodes { children(first: $n) { nodes { code } } } } } } }`;
    for (const [query, code, variables] of [
      [deep, 'QUERY_TOO_DEEP'],
      [aliases, 'TOO_MANY_ALIASES'],
      [costly, 'QUERY_TOO_COSTLY'],
      [viaVariables, 'QUERY_TOO_COSTLY', { n: 400 }],
    ] as [string, string, Record<string, unknown>?][]) {
      let result: Awaited<ReturnType<typeof platform.query>> | undefined;
      const statements = await platform.countStatements(async () => {
        result = await platform.query(query, variables);
      });
      expect(result!.errors?.[0].extensions?.code, code).toBe(code);
      expect(statements, code).toBe(0);
    }
  });

  it('refuses oversized documents, batched requests and simple cross-site requests', async () => {
    const huge = `{ ${'locality(code: "51", asOf: "2024-02-01") { code } '.repeat(400)} }`;
    const tokens = await platform.query(huge);
    expect(tokens.errors?.[0].message).toMatch(/more th.. 3000 tokens/);
    const batch = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBe(400);
    const csrf = await fetch(`${platform.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toMatch(/CSRF/i);
  });

  it('limits the requests of one client per minute', async () => {
    const limited = await TestPlatform.start(
      undefined,
      testConfig({ limits: { ...loadConfig({}).limits, rateLimitPerMinute: 3 } }),
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await limited.query('{ __typename }', undefined, { token: '' })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another client has its own allowance.
      expect((await limited.query('{ __typename }')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('sets a statement timeout on every database connection', async () => {
    const short = await TestPlatform.start(
      undefined,
      testConfig({ limits: { ...loadConfig({}).limits, statementTimeoutMs: 250 } }),
    );
    try {
      const [row] = await short.sql<{ statement_timeout: string }>('show statement_timeout');
      expect(row.statement_timeout).toBe('250ms');
      await expect(short.sql('select pg_sleep(1)')).rejects.toThrow(/statement timeout/);
    } finally {
      await short.stop();
    }
  });
});

describe('the production profile', () => {
  it('is chosen explicitly and turns off introspection, the landing page and error details', async () => {
    // Production needs the record key secret of perturbed tables (disclosure.test.ts).
    const secret = { CELL_KEY_SECRET: 'c'.repeat(32) };
    const production = loadConfig({ NODE_ENV: 'production', ...secret });
    expect(production).toMatchObject({
      production: true,
      introspection: false,
      landingPage: false,
    });
    expect(loadConfig({ BINH_DANG_PROFILE: 'production', ...secret }).production).toBe(true);
    expect(loadConfig({})).toMatchObject({
      production: false,
      introspection: true,
      landingPage: true,
    });
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'perhaps' })).toThrow(/GRAPHQL_INTROSPECTION/);

    const server = await TestPlatform.start(
      undefined,
      testConfig({ production: true, introspection: false, landingPage: false, explorer: false }),
    );
    try {
      const introspection = await server.query('{ __schema { types { name } } }');
      expect(introspection.errors?.[0].message).toMatch(/introspection/i);
      const suggestion = await server.query('{ localitys { totalCount } }');
      expect(suggestion.errors?.[0].message).not.toMatch(/Did you mean/);
      // A NUL byte is refused at the edge, naming the field; server faults are masked in every
      // profile (errors.test.ts).
      const nul = await server.query(
        '{ localities(filter: { search: "\\u0000" }) { totalCount } }',
      );
      expect(nul.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'filter.search',
      });
      expect(JSON.stringify(nul)).not.toMatch(/stacktrace|select/i);
      const landing = await fetch(server.url, { headers: { accept: 'text/html' } });
      expect(await landing.text()).not.toMatch(/<html/i);
    } finally {
      await server.stop();
    }
  });
});
