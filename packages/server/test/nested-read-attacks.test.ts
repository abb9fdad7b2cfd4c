import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../src/modules/observability/metrics.js';
import { signToken, testConfig, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

/*
 * The one-statement nested read of localities, posts and officials must answer every caller
 * byte for byte as the resolvers do: the same body (keys in the same order), the same status and
 * the same headers, including when the database fails, and it must skip no rule. Each case sends
 * a document in the subset and its twin outside it (a directive that changes nothing) and
 * compares what each caller gets.
 */

let platform: TestPlatform;
const callers: Record<string, string> = {};
/** Who calls, with the role and locality scope of their token. */
const TOKENS: [string, string, string | undefined][] = [
  ['analyst', 'ANALYST', undefined],
  ['analyst with a scope claim', 'ANALYST', '529'],
  ['editor in scope (Sơn Hà)', 'EDITOR', '529'],
  ['editor out of scope (district 525)', 'EDITOR', '525'],
  ['editor of the province', 'EDITOR', '51'],
  ['editor of a code that does not exist', 'EDITOR', '99999'],
  ['editor without scope', 'EDITOR', undefined],
];
beforeAll(async () => {
  platform = await TestPlatform.start();
  callers.anonymous = '';
  for (const [caller, role, scope] of TOKENS) {
    callers[caller] = await signToken({ role, scope, sub: `attack-${caller}` });
  }
  callers.admin = platform.adminToken;
});
afterAll(() => platform.stop());

// Quảng Ngãi's communes before the 2025 reform, when its officials held their posts.
const DAY = '2023-12-31';

const DIRECTIVE = ' @include(if: true)';

/**
 * The document as sent to the one-statement read, and its twin read by the resolvers: a
 * directive that changes nothing after the first `field`, which takes the document out of the
 * subset. The first gets as many spaces there, so that error locations are the same in both.
 */
function twins(query: string, field = 'nodes'): [string, string] {
  const match = new RegExp(`\\b${field}\\b`).exec(query);
  if (!match) throw new Error(`no ${field} in ${query}`);
  const at = match.index + field.length;
  const insert = (text: string) => query.slice(0, at) + text + query.slice(at);
  return [insert(' '.repeat(DIRECTIVE.length)), insert(DIRECTIVE)];
}

interface Sent {
  status: number;
  body: string;
  cacheControl: string | null;
  retryAfter: string | null;
  requestId: boolean;
}

/** Everything a caller receives, the body as bytes (key order counts), request ids blanked. */
async function send(
  target: TestPlatform,
  query: string,
  variables: Record<string, unknown>,
  token: string,
  operationName?: string,
): Promise<Sent> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const body = (await response.text()).replace(/"requestId":"[^"]*"/g, '"requestId":"…"');
  return {
    status: response.status,
    body,
    cacheControl: response.headers.get('cache-control'),
    retryAfter: response.headers.get('retry-after'),
    requestId: response.headers.has('x-request-id'),
  };
}

/** Asserts that every caller gets the same from both ways of reading. */
async function compare(
  query: string,
  variables: Record<string, unknown> = {},
  options: { field?: string; operationName?: string; target?: TestPlatform } = {},
) {
  const [fastQuery, twin] = twins(query, options.field);
  for (const [caller, token] of Object.entries(callers)) {
    const target = options.target ?? platform;
    const fast = await send(target, fastQuery, variables, token, options.operationName);
    const resolved = await send(target, twin, variables, token, options.operationName);
    expect(fast, caller).toEqual(resolved);
  }
}

/** Statements an ADMIN's read of the document costs (1: the one-statement read took it). */
function statements(
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
) {
  return platform.countStatements(() =>
    send(platform, query, variables, platform.adminToken, operationName),
  );
}

const BENCHMARK = `query ($n: Int!, $day: Date) {
  localities(filter: {level: COMMUNE, within: "51", asOf: $day}, first: $n) {
    nodes { code name positions(filter: {keyLeadership: true}) { title isKeyLeadership official { id fullName } } } } }`;

describe('the one-statement nested read answers byte for byte as the resolvers', () => {
  it('the benchmark shape, keys in the order asked', async () => {
    expect(await statements(BENCHMARK, { n: 200, day: DAY })).toBe(1);
    await compare(BENCHMARK, { n: 200, day: DAY });
  });

  it('fragments that interleave fields, and keys named like SQL and like introspection', async () => {
    const query = `query ($n: Int!) { localities(filter: {within: "529", asOf: "${DAY}"}, first: $n) {
      nodes { ...A name ...B __typename: code value: id p1: positions { ...P }
        positions(filter: {keyLeadership: false}) { official { synthetic id } title } } } }
      fragment A on Locality { level island }
      fragment B on Locality { type ... on Locality { mountainous } shortName }
      fragment P on Position { organisationKind data: official { name: fullName } id }`;
    expect(await statements(query, { n: 30 })).toBe(1);
    await compare(query, { n: 30 });
  });

  it('the same posts under two aliases with different filters, and the official twice', async () => {
    const query = `{ localities(filter: {within: "525", asOf: "${DAY}"}, first: 20) { nodes { code
      key: positions(filter: {keyLeadership: true, activeOn: "${DAY}"}) { title a: official { id } b: official { fullName } }
      all: positions(filter: {includeArchived: true}) { id isKeyLeadership } } } }`;
    expect(await statements(query)).toBe(1);
    await compare(query);
  });

  it('variables with defaults, given, omitted and given as null', async () => {
    const query = `query ($n: Int = 7, $posts: PositionFilter = {keyLeadership: true}, $f: LocalityFilter = {within: "529", asOf: "${DAY}"}) {
      localities(filter: $f, first: $n) { nodes { code positions(filter: $posts) { title official { fullName } } } } }`;
    expect(await statements(query)).toBe(1);
    await compare(query);
    await compare(query, { n: 3 });
    await compare(query, { n: null, posts: null, f: { within: '525', asOf: DAY, search: null } });
  });

  it('several operations in one document, the one named chosen', async () => {
    const query = `query Other { __typename }
      query Posts { localities(filter: {within: "529", asOf: "${DAY}"}, first: 10) { nodes { code positions { title official { fullName } } } } }
      mutation Never { archiveLocality(id: "1", version: 1) { id } }`;
    expect(await statements(query, {}, 'Posts')).toBe(1);
    await compare(query, {}, { operationName: 'Posts' });
    await compare(query, {}, { operationName: 'Other' });
  });

  it('units without posts, which an anonymous caller may read too: the same cache headers', async () => {
    const query = `{ localities(filter: {within: "529", asOf: "${DAY}"}, first: 20) {
      nodes { id code name shortName type level ethnicMinorityArea mountainous island } } }`;
    await compare(query);
  });

  it('a connection whose only field is __typename, over many rows and over none', async () => {
    for (const filter of [`{within: "51", asOf: "${DAY}"}`, `{codes: ["99999"]}`]) {
      const query = `{ localities(filter: ${filter}, first: 100) { __typename } }`;
      await compare(query, {}, { field: '__typename' });
    }
  });

  it('page sizes at and past the edges: zero, negative, the maximum and beyond', async () => {
    for (const n of [0, 1, -1, 500, 501]) {
      const query = `query ($n: Int) { localities(filter: {within: "51", asOf: "${DAY}"}, first: $n) {
        nodes { code positions(filter: {keyLeadership: true}) { title } } } }`;
      await compare(query, { n });
    }
    // The default page size when none is given.
    await compare(
      `{ localities(filter: {within: "51", asOf: "${DAY}"}) { nodes { code positions { id } } } }`,
    );
  }, 120_000);

  it('searches written to break the SQL: placeholders, escapes, quotes, wildcards, Vietnamese', async () => {
    for (const search of [
      '?',
      '??',
      'a?b',
      '\\?',
      '$1',
      "'",
      '%',
      '_',
      '\\',
      'Sơn',
      'son ha',
      ' ',
    ]) {
      const query = `query ($s: String!) { localities(filter: {search: $s}, first: 50) {
        nodes { code name positions(filter: {keyLeadership: true}) { title official { fullName } } } } }`;
      await compare(query, { s: search });
    }
  }, 120_000);

  it('units of every period in code order, codes reused across reforms included', async () => {
    // Codes given again to new units by a reform: the order between their holders is the id's.
    const codes = (
      await platform.sql<{ code: string }>(
        `select code from locality group by code having count(*) > 1 order by code limit 40`,
      )
    ).map((row) => row.code);
    expect(codes.length).toBeGreaterThan(10);
    const query = `query ($codes: [String!]) {
      localities(filter: {codes: $codes, allPeriods: true, includeArchived: true}, first: 500) {
      nodes { id code name positions(filter: {includeArchived: true}) { id official { id fullName } } } } }`;
    expect(await statements(query, { codes })).toBe(1);
    await compare(query, { codes });
  });

  it('every kind of body, archived rows asked for (the seed holds none)', async () => {
    const query = `{ localities(filter: {within: "51", asOf: "${DAY}", includeArchived: true}, first: 300) {
      nodes { code positions(filter: {includeArchived: true, organisationKinds: [PARTY_COMMITTEE, PEOPLES_COUNCIL, PEOPLES_COMMITTEE, AGENCY, COMMITTEE, MASS_ORGANISATION]}) {
        id organisationKind official { id synthetic fullName } } } } }`;
    await compare(query);
  });

  it('documents just outside the subset: directives, duplicates, introspection, other fields', async () => {
    const base = `localities(filter: {within: "529", asOf: "${DAY}"}, first: 5)`;
    const outside = [
      `{ ${base} { nodes { code @skip(if: false) positions { title } } } }`,
      `{ ${base} { nodes { code code positions { title } positions { title } } } }`,
      `{ __schema { queryType { name } } ${base} { nodes { code positions { title } } } }`,
      `{ __typename ${base} { nodes { code positions { title } } } }`,
      `{ ${base} { nodes { code positions { title official { sex birthYear } } } } }`,
      `{ ${base} { totalCount nodes { code positions { title } } } }`,
      `{ ${base} { nodes { code typeName current positions { title } } } }`,
      `{ a: ${base} { nodes { code } } b: ${base} { nodes { name } } }`,
    ];
    for (const query of outside) {
      expect(await statements(query), query).not.toBe(1);
      await compare(query, {}, { field: 'code' });
    }
  }, 120_000);

  it('a GET request reads as a POST does', async () => {
    const get = async (document: string, token: string) => {
      const url = new URL(platform.url);
      url.searchParams.set('query', document);
      url.searchParams.set('variables', JSON.stringify({ n: 20, day: DAY }));
      const response = await fetch(url, {
        headers: {
          'apollo-require-preflight': 'true',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      return {
        status: response.status,
        body: await response.text(),
        cacheControl: response.headers.get('cache-control'),
      };
    };
    for (const [caller, token] of Object.entries(callers)) {
      const [fast, twin] = twins(BENCHMARK);
      expect(await get(fast, token), caller).toEqual(await get(twin, token));
    }
  });
});

describe('requests answered before Apollo', () => {
  it('leave variables nested past any argument to the input rules, never to a stack overflow', async () => {
    // Remembered, so that every plain request is keyed before Apollo sees it.
    expect(await statements(BENCHMARK, { n: 5, day: DAY })).toBe(1);
    const depth = 20_000;
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${platform.adminToken}`,
      },
      body: `{"query":"{ __typename }","variables":{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    });
    // Undeclared variables are not the operation's: Apollo answers it as it is.
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the one-statement nested read when the database refuses or fails the statement', () => {
  let strict: TestPlatform;
  // A database of its own: the tests below lock its posts and stop the servers that wait on them,
  // which must never be another test's.
  let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
  beforeAll(async () => {
    scratch = await createSeededDatabase('nested-read-faults');
    const base = testConfig();
    strict = await TestPlatform.start(scratch.url, {
      ...base,
      limits: { ...base.limits, statementTimeoutMs: 1500, maxAliases: 100 },
    });
  });
  afterAll(async () => {
    await strict?.stop();
    await scratch?.drop();
  });

  /** A connection of the test's own, outside the platform's pool, whose connections it stops. */
  async function ownConnection(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    return client;
  }

  /** Runs `action` while posts are locked by a long write: every read of them waits until the timeout cuts it. */
  async function whilePostsLocked(action: () => Promise<void>) {
    const lock = await ownConnection();
    try {
      await lock.query('begin');
      await lock.query('lock table official_position in access exclusive mode');
      await action();
    } finally {
      await lock.query('rollback');
      await lock.end();
    }
  }

  it('a statement cut by the statement timeout: the same status, error, path and request id', async () => {
    await whilePostsLocked(() => compare(BENCHMARK, { n: 5, day: DAY }, { target: strict }));
  }, 120_000);

  it('a timeout counted in the metrics and answered under the request id of its log line', async () => {
    const query = BENCHMARK.replace('query (', 'query CutShort (');
    const faults = async () =>
      (await metrics.graphqlErrors.get()).values
        .filter((v) => v.labels.operation === 'CutShort' && v.labels.code === 'QUERY_TIMEOUT')
        .reduce((sum, v) => sum + v.value, 0);
    const fault = async (document: string) => {
      const before = await faults();
      const response = await fetch(strict.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${callers.analyst}` },
        body: JSON.stringify({ query: document, variables: { n: 5, day: DAY } }),
      });
      const body = (await response.json()) as {
        errors?: { extensions?: { requestId?: string } }[];
      };
      // The metrics are written once the answer has been sent.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return {
        requestIdOfHeader:
          body.errors?.[0]?.extensions?.requestId === response.headers.get('x-request-id'),
        counted: (await faults()) - before,
      };
    };
    await whilePostsLocked(async () => {
      const [fast, twin] = twins(query);
      const resolved = await fault(twin);
      const read = await fault(fast);
      expect(resolved).toEqual({ requestIdOfHeader: true, counted: 1 });
      expect(read).toEqual(resolved);
    });
  }, 60_000);

  it('a connection lost in the middle of the read: 503 with Retry-After, as the resolvers say', async () => {
    const lost = async (document: string) => {
      let answer: Sent | undefined;
      const killer = await ownConnection();
      try {
        await whilePostsLocked(async () => {
          const sent = send(strict, document, { n: 5, day: DAY }, callers.analyst!);
          // The read of the posts waits on the lock; its server process is then stopped.
          for (let tries = 0; tries < 50; tries++) {
            const { rows } = await killer.query<{ stopped: boolean }>(
              `select pg_terminate_backend(pid) as stopped from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
            );
            if (rows[0]?.stopped) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          answer = await sent;
        });
      } finally {
        await killer.end();
      }
      return answer;
    };
    // Where the read broke differs (the posts' statement, or the one statement and then the
    // connection it left behind): the path of the error may differ, nothing else may.
    const withoutPath = (sent: Sent | undefined) => {
      if (!sent) return sent;
      const body = JSON.parse(sent.body) as { errors?: { path?: unknown }[] };
      for (const error of body.errors ?? []) delete error.path;
      return { ...sent, body };
    };
    const [fast, twin] = twins(BENCHMARK);
    const resolved = await lost(twin);
    expect(resolved?.status).toBe(503);
    expect(withoutPath(await lost(fast))).toEqual(withoutPath(resolved));
  }, 60_000);

  it('an answer of more fields than one SQL function takes, with a raised alias limit', async () => {
    const many = Array.from({ length: 60 }, (_, index) => `c${index}: code`).join(' ');
    const query = `{ localities(filter: {within: "529", asOf: "${DAY}"}, first: 3) {
      nodes { ${many} positions { title } } } }`;
    await compare(query, {}, { target: strict });
  });
});
