import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, TestPlatform } from './support/platform.js';
import { withLiterals } from '../src/modules/locality/nested-read-repeats.js';
import { metrics } from '../src/modules/observability/metrics.js';
import { captureLog } from './support/log-capture.js';

let platform: TestPlatform;
const callers: Record<string, string> = {};
beforeAll(async () => {
  platform = await TestPlatform.start();
  callers.admin = platform.adminToken;
  callers['editor of Sơn Hà'] = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha' });
  callers['editor of district 525'] = await signToken({
    role: 'EDITOR',
    scope: '525',
    sub: 'd525',
  });
  callers['editor without scope'] = await signToken({ role: 'EDITOR', sub: 'no-scope' });
  callers.analyst = await signToken({ role: 'ANALYST', sub: 'analyst' });
  callers.anonymous = '';
});
afterAll(() => platform.stop());

/**
 * The same document read by the resolvers: `@include(if: true)` on the connection's nodes
 * changes no answer, and a directive takes the operation out of the one-statement subset.
 */
const throughResolvers = (query: string) =>
  query.replace(/nodes\s*\{/, 'nodes @include(if: true) {');

/** What a caller sees of an answer: data, and errors by message, code and path. */
async function answer(query: string, variables: Record<string, unknown>, token: string) {
  const result = await platform.query(query, variables, { token });
  return {
    status: result.status,
    data: result.data,
    errors: result.errors?.map(({ message, path, extensions }) => ({
      message,
      path,
      code: extensions?.code,
    })),
  };
}

// Quảng Ngãi's communes before the 2025 reform, when its officials held their posts.
const DAY = '2023-12-31';

/** What, the document, its variables, and whether it is in the one-statement subset. */
const QUERIES: [string, string, Record<string, unknown>, boolean][] = [
  [
    'the benchmark shape',
    `query ($n: Int!, $day: Date) { localities(filter: {level: COMMUNE, within: "51", asOf: $day}, first: $n) {
      nodes { code name positions(filter: {keyLeadership: true}) { title isKeyLeadership official { id fullName } } } } }`,
    { n: 200, day: DAY },
    true,
  ],
  [
    'aliases, __typename, fragments and every column',
    `query ($n: Int!, $filter: LocalityFilter, $posts: PositionFilter) {
      units: localities(filter: $filter, first: $n) { __typename list: nodes { ...Unit } } }
    fragment Unit on Locality { __typename key: id code ... on Locality { shortName type level }
      ethnicMinorityArea mountainous island name
      posts: positions(filter: $posts) { ... { __typename id title organisationKind isKeyLeadership }
        holder: official { __typename ...Person } } }
    fragment Person on Official { id name: fullName synthetic }`,
    {
      n: 40,
      filter: { within: '529', asOf: DAY, search: null },
      posts: { keyLeadership: false, organisationKinds: ['PEOPLES_COMMITTEE', 'PARTY_COMMITTEE'] },
    },
    true,
  ],
  [
    'posts without a filter, archived units too',
    `{ localities(filter: {within: "525", asOf: "${DAY}", includeArchived: true}, first: 30) {
      nodes { code positions { title official { fullName } } } } }`,
    {},
    true,
  ],
  [
    'no rows',
    `{ localities(filter: {codes: ["99999"]}, first: 5) { nodes { code positions { title } } } }`,
    {},
    true,
  ],
  [
    'a search text written to break out of SQL',
    `query ($search: String!) { localities(filter: {search: $search}, first: 5) { nodes { code name } } }`,
    { search: "x') or true; drop table locality; --" },
    true,
  ],
  [
    'a field outside the subset',
    `{ localities(filter: {within: "529", asOf: "${DAY}"}, first: 5) {
      nodes { code positions { title locality { code } official { fullName } } } } }`,
    {},
    false,
  ],
  [
    'page info beside the nodes',
    `{ localities(filter: {within: "529", asOf: "${DAY}"}, first: 5) {
      pageInfo { hasNextPage } nodes { code positions { official { fullName } } } } }`,
    {},
    false,
  ],
  [
    'a variable of the wrong type',
    `query ($n: Int!) { localities(first: $n) { nodes { code positions { title } } } }`,
    { n: 'many' },
    false,
  ],
  [
    'a page size out of range',
    `{ localities(filter: {level: COMMUNE}, first: 100000) { nodes { code positions { title } } } }`,
    {},
    false,
  ],
  [
    'an empty list of types',
    `{ localities(filter: {types: []}, first: 5) { nodes { code positions { title } } } }`,
    {},
    false,
  ],
];

describe('nested reads of localities, posts and officials in one statement', () => {
  for (const [what, query, variables, oneStatement] of QUERIES) {
    it(`answer as the resolvers do, for every caller: ${what}`, async () => {
      for (const [caller, token] of Object.entries(callers)) {
        const fast = await answer(query, variables, token);
        const resolved = await answer(throughResolvers(query), variables, token);
        expect(fast, caller).toEqual(resolved);
      }
      // The comparison above is between the two ways of reading, not the same one twice.
      const statements = await platform.countStatements(() => platform.query(query, variables));
      if (oneStatement) expect(statements).toBe(1);
      else expect(statements).not.toBe(1);
    });
  }

  it('compare answers that hold posts, officials and masked names', async () => {
    type Post = { official: { id: string; fullName: string | null } };
    const [, query, variables] = QUERIES[0]!;
    const { data } = await answer(query, variables, callers['editor of Sơn Hà']!);
    const posts = (
      data as { localities: { nodes: { positions: Post[] }[] } }
    ).localities.nodes.flatMap((unit) => unit.positions);
    expect(posts.length).toBeGreaterThan(100);
    expect(posts.some((post) => post.official.fullName === null)).toBe(true);
  });

  it('read in one statement, and mask personal fields outside the caller scope', async () => {
    const [, query, variables] = QUERIES[0]!;
    let data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const statements = await platform.countStatements(async () => {
      data = await platform.data(query, variables, { token: callers['editor of Sơn Hà'] });
    });
    expect(statements).toBe(1);
    const ownPeople = new Set(
      (
        await platform.sql<{ id: number }>(
          `select o.id from official o join locality h on h.id = o.home_locality_id
             join locality d on d.code = '529' and h.path like d.path || '%'`,
        )
      ).map((row) => String(row.id)),
    );
    let shown = 0;
    let hidden = 0;
    for (const unit of data.localities.nodes) {
      for (const post of unit.positions) {
        if (ownPeople.has(post.official.id)) {
          expect(post.official.fullName).toEqual(expect.any(String));
          shown++;
        } else {
          expect(post.official.fullName).toBeNull();
          hidden++;
        }
      }
    }
    expect(shown).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
  });

  it('leave to the resolvers the callers who may not read posts', async () => {
    const [, query, variables] = QUERIES[0]!;
    const result = await platform.query(query, variables, { token: '' });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('send the same cache headers as the resolvers', async () => {
    const [, query, variables] = QUERIES[0]!;
    const headers = async (document: string) => {
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${callers.admin}` },
        body: JSON.stringify({ query: document, variables }),
      });
      await response.text();
      return [response.status, response.headers.get('cache-control')];
    };
    expect(await headers(query)).toEqual(await headers(throughResolvers(query)));
  });
});

/** Requests answered before Apollo by a remembered nested read, so far. */
async function fastAnswers(): Promise<number> {
  const { values } = await metrics.cacheLookups.get();
  return (
    values.find(({ labels }) => labels.cache === 'nested-read' && labels.result === 'hit')?.value ??
    0
  );
}

let requests = 0;

/**
 * The answer's text and headers as sent, whether the fast path sent it, and its statements;
 * each request gives its own X-Request-Id, and `requestId` says whether it came back.
 */
async function sent(query: string, variables: Record<string, unknown>, token: string) {
  const before = await fastAnswers();
  const requestId = `nested-read-${++requests}`;
  let response!: Response;
  let text = '';
  const statements = await platform.countStatements(async () => {
    response = await fetch(platform.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    text = await response.text();
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    ownRequestId: response.headers.get('x-request-id') === requestId,
    text,
    fast: (await fastAnswers()) - before,
    statements,
  };
}

describe('repeats of a nested read, answered before Apollo with fresh data', () => {
  const [, query, base] = QUERIES[0]!;

  it('answer an exact repeat with the bytes, status and headers Apollo sent', async () => {
    const variables = { ...base, n: 150 };
    const first = await sent(query, variables, callers.admin!);
    expect(first.fast).toBe(0);
    const again = await sent(query, variables, callers.admin!);
    expect(again.fast).toBe(1);
    expect(again.statements).toBe(1);
    expect({ ...again, fast: 0 }).toEqual(first);
  });

  it('answer each visibility class only from its own request, masking names per caller', async () => {
    const variables = { ...base, n: 151 };
    await sent(query, variables, callers.admin!);
    expect((await sent(query, variables, callers.admin!)).fast).toBe(1);
    for (const caller of ['editor of district 525', 'editor of Sơn Hà', 'analyst', 'anonymous']) {
      const token = callers[caller]!;
      const first = await sent(query, variables, token);
      expect(first.fast, caller).toBe(0);
      // Its own repeat (the fast path) and the resolvers agree, masked names included.
      expect(await answer(query, variables, token), caller).toEqual(
        await answer(throughResolvers(query), variables, token),
      );
    }
  });

  it('show a write made between two repeats in the second', async () => {
    type Post = { official: { id: string; fullName: string | null } };
    const variables = { ...base, n: 152 };
    const first = await sent(query, variables, callers.admin!);
    const posts = (
      JSON.parse(first.text) as { data: { localities: { nodes: { positions: Post[] }[] } } }
    ).data.localities.nodes.flatMap((unit) => unit.positions);
    const official = posts[0]!.official;
    await platform.sql('update official set full_name = ? where id = ?', [
      `${official.fullName} (renamed)`,
      official.id,
    ]);
    try {
      const again = await sent(query, variables, callers.admin!);
      expect(again.fast).toBe(1);
      expect(again.text).toContain(`"fullName":"${official.fullName} (renamed)"`);
    } finally {
      await platform.sql('update official set full_name = ? where id = ?', [
        official.fullName,
        official.id,
      ]);
    }
  });

  it("write a repeat's log line with its operation, caller, status and statement", async () => {
    const named = query.replace(/^query /, 'query LoggedNestedRead ');
    const variables = { ...base, n: 155 };
    await sent(named, variables, callers.analyst!);
    const hits = await fastAnswers();
    const captured = captureLog();
    try {
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${callers.analyst}`,
        },
        body: JSON.stringify({ query: named, variables }),
      });
      await response.text();
      // The line is written once the answer has been sent, which the client may see first.
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      captured.restore();
    }
    const lines = captured.lines.filter((line) => line.msg === 'request');
    expect(await fastAnswers()).toBe(hits + 1);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request',
        operation: 'LoggedNestedRead',
        status: 200,
        caller: 'bearer',
        role: 'ANALYST',
        statements: 1,
      }),
    ]);
  });

  it('answer repeats of values written to break the SQL text as the first request', async () => {
    // The repeat's statement carries plain values in its text and binds every other one.
    const searched = `query ($s: String!, $within: String) {
      localities(filter: {search: $s, within: $within, asOf: "${DAY}"}, first: 40) {
        nodes { code name positions(filter: {keyLeadership: true}) { title official { fullName } } } } }`;
    for (const [s, within] of [
      ['Sơn', '51'],
      ["' or ''='", '51'],
      ["Sơn'--", "51' or '1'='1"],
      ['?', '5?'],
      ['$1', '51'],
      ['\\', '51'],
      ['a:b-c.d_e', '51.'],
      ['ha', null],
    ] as const) {
      const variables = { s, within };
      const first = await sent(searched, variables, callers.admin!);
      const again = await sent(searched, variables, callers.admin!);
      expect(again.fast, s).toBe(1);
      expect(again.text, s).toBe(first.text);
      expect(JSON.parse(first.text), s).toEqual({
        data: (await platform.query(throughResolvers(searched), variables)).data,
      });
    }
    // The search found units, so the comparison above compared posts and names.
    const found = await sent(searched, { s: 'Sơn', within: '51' }, callers.admin!);
    expect(found.text).toContain('"positions":[{');
  });

  it('write plain values into the text of a repeat, and keep others and the day bound', () => {
    const knex = platform.orm.em.getKnex();
    const statement = withLiterals(knex, {
      sql: 'select ? where a = ? and b = ? and c <= ?::date and d = ? limit ? offset ?',
      bindings: ['Locality', 'COMMUNE', "Sơn'", '2025-06-30', true, 10, -1],
    });
    expect(statement).toEqual({
      sql: "select 'Locality' where a = 'COMMUNE' and b = ? and c <= ?::date and d = true limit 10 offset ?",
      bindings: ["Sơn'", '2025-06-30', -1],
    });
  });

  it('never answer a request with another value of a variable', async () => {
    await sent(query, { ...base, n: 153 }, callers.admin!);
    const other = await sent(query, { ...base, n: 154 }, callers.admin!);
    expect(other.fast).toBe(0);
    expect((JSON.parse(other.text) as { data: unknown }).data).toEqual(
      (await platform.query(throughResolvers(query), { ...base, n: 154 })).data,
    );
  });
});
