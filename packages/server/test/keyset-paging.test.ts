import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnOwnDatabase } from './support/own-data.js';
import { signToken, TestPlatform } from './support/platform.js';

let platform: TestPlatform;
let sonHaEditor: string;
beforeAll(async () => {
  platform = await TestPlatform.start();
  sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha' });
});
afterAll(() => platform.stop());

type Connection = {
  totalCount?: number;
  edges: { cursor: string; node: Record<string, unknown> }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
};

/** Walks a whole list forwards with `first`, then backwards with `last`, page by page. */
async function walk(
  on: TestPlatform,
  query: string,
  pick: (data: Record<string, any>) => Connection, // eslint-disable-line @typescript-eslint/no-explicit-any
  size: number,
  variables: Record<string, unknown> = {},
  token?: string,
) {
  const forward: Record<string, unknown>[] = [];
  let after: string | null = null;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(200);
    const connection: Connection = pick(
      await on.data(query, { ...variables, first: size, after }, { token }),
    );
    expect(connection.edges.length).toBeLessThanOrEqual(size);
    expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
    forward.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    expect(connection.edges).toHaveLength(size);
    after = connection.pageInfo.endCursor;
  }
  const backward: Record<string, unknown>[] = [];
  let before: string | null = null;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(200);
    const connection: Connection = pick(
      await on.data(query, { ...variables, last: size, before }, { token }),
    );
    expect(connection.pageInfo.hasNextPage).toBe(before !== null);
    backward.unshift(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasPreviousPage) break;
    before = connection.pageInfo.startCursor;
  }
  return { forward, backward };
}

const LOCALITIES = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: LocalityOrder) {
  localities(filter: { within: "51", asOf: "2024-02-01" }, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const OFFICIALS = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: OfficialOrder) {
  officials(filter: { within: "51", activeOn: "2024-06-01" }, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id birthYear } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const VALUES = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: IndicatorValueOrder) {
  indicatorValues(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id value } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const ids = (rows: Record<string, unknown>[]) => rows.map((row) => Number(row.id));

describe('keyset cursors', () => {
  it('walks a list ordered by a key with many ties forwards and backwards, each row once, in order', async () => {
    const expected = (direction: string) =>
      platform.sql<{ id: number }>(
        `select m.id from locality m, locality r
          where r.code = '51' and r.valid_from is null and m.path >= r.path and m.path < left(r.path, -1) || '0'
            and m.archived_at is null
          order by array_position(array['PROVINCE','DISTRICT','COMMUNE'], m.level) ${direction}, m.id`,
      );
    for (const direction of ['ASC', 'DESC']) {
      const { forward, backward } = await walk(platform, LOCALITIES, (data) => data.localities, 7, {
        orderBy: { field: 'LEVEL', direction },
      });
      const want = (await expected(direction)).map((row) => Number(row.id));
      expect(want.length).toBeGreaterThan(150);
      expect(ids(forward)).toEqual(want);
      expect(ids(backward)).toEqual(want);
    }
  });

  it('pages indicator values in the default order (indicator, locality, year) and by a joined key', async () => {
    const want = await platform.sql<{ id: number }>(
      `select id from indicator_value where archived_at is null
        order by indicator_id, locality_id, year, id`,
    );
    const { forward, backward } = await walk(platform, VALUES, (data) => data.indicatorValues, 250);
    expect(ids(forward)).toEqual(want.map((row) => Number(row.id)));
    expect(ids(backward)).toEqual(want.map((row) => Number(row.id)));
    const byValue = await walk(platform, VALUES, (data) => data.indicatorValues, 250, {
      orderBy: { field: 'VALUE', direction: 'DESC' },
    });
    const wantByValue = await platform.sql<{ id: number }>(
      `select id from indicator_value where archived_at is null order by value desc, id`,
    );
    expect(ids(byValue.forward)).toEqual(wantByValue.map((row) => Number(row.id)));
    const byLocality = await walk(platform, VALUES, (data) => data.indicatorValues, 250, {
      orderBy: { field: 'LOCALITY', direction: 'DESC' },
    });
    const wantByLocality = await platform.sql<{ id: number }>(
      `select v.id from indicator_value v join locality l on l.id = v.locality_id
        where v.archived_at is null order by l.code desc, v.id`,
    );
    expect(ids(byLocality.forward)).toEqual(wantByLocality.map((row) => Number(row.id)));
    expect(ids(byLocality.backward)).toEqual(wantByLocality.map((row) => Number(row.id)));
  });

  it('pages between an after and a before cursor, from either end', async () => {
    const query = `query ($first: Int, $after: String, $last: Int, $before: String) {
      localities(filter: { level: COMMUNE, within: "51", asOf: "2024-02-01" }, first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage } } }`;
    const all = (await platform.data(query, { first: 200 })).localities.edges as {
      cursor: string;
      node: { code: string };
    }[];
    type Localities = {
      localities: {
        edges: { node: { code: string } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
      };
    };
    const codes = (data: Localities) => data.localities.edges.map((edge) => edge.node.code);
    const bounds = { after: all[9].cursor, before: all[20].cursor };
    const want = all.slice(10, 20).map((edge) => edge.node.code);
    const head = await platform.data<Localities>(query, { ...bounds, first: 4 });
    expect(codes(head)).toEqual(want.slice(0, 4));
    expect(head.localities.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
    const tail = await platform.data<Localities>(query, { ...bounds, last: 4 });
    expect(codes(tail)).toEqual(want.slice(-4));
    expect(tail.localities.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
    const whole = await platform.data<Localities>(query, { ...bounds, first: 50 });
    expect(codes(whole)).toEqual(want);
    expect(whole.localities.pageInfo.hasNextPage).toBe(false);
    const none = await platform.data<Localities>(query, {
      after: all[20].cursor,
      before: all[9].cursor,
    });
    expect(codes(none)).toEqual([]);
  });

  it('refuses a cursor of another order, another list, an old position cursor or a forged one, naming the argument', async () => {
    const byCode = await platform.data(LOCALITIES, { first: 2 });
    const codeCursor = byCode.localities.pageInfo.endCursor as string;
    const agencies = await platform.data(`{ agencies(first: 1) { pageInfo { endCursor } } }`);
    const agencyCursor = agencies.agencies.pageInfo.endCursor as string;
    const [marker] = JSON.parse(Buffer.from(codeCursor, 'base64url').toString()) as string[];
    const forge = (keys: unknown[]) =>
      Buffer.from(JSON.stringify([marker, ...keys])).toString('base64url');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ after: codeCursor, orderBy: { field: 'NAME', direction: 'ASC' } }, 'after', /another/],
      [{ before: codeCursor, orderBy: { field: 'CODE', direction: 'DESC' } }, 'before', /another/],
      [{ after: agencyCursor }, 'after', /another/],
      [{ after: Buffer.from('position:10').toString('base64url') }, 'after', /not a cursor/],
      [{ before: forge(['51', 'one']) }, 'before', /not a cursor/],
      [{ after: forge(['51']) }, 'after', /another/],
      [{ after: forge(['51', null]) }, 'after', /not a cursor/],
      [{ after: forge([{ code: '51' }, '1']) }, 'after', /not a cursor/],
      [{ after: 'x'.repeat(5000) }, 'after', /not a cursor/],
      // PostgreSQL refuses NUL in text: bad input, never a driver fault (or a fake outage).
      [{ after: forge(['x\u0000', '1']) }, 'after', /not a cursor/],
      [{ after: forge(['51', '1'.repeat(19)]) }, 'after', /not a cursor/],
    ];
    for (const [variables, field, reason] of cases) {
      const result = await platform.query(LOCALITIES, { first: 3, ...variables });
      expect(result.data?.localities ?? null).toBeNull();
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.errors?.[0].message).toMatch(reason);
    }
    // An id past the integer range is still an id (the audit trail's are bigint): no fault.
    const far = await platform.query(LOCALITIES, { first: 3, after: forge(['51', '99999999999']) });
    expect(far.errors).toBeUndefined();
    // A day that does not exist is refused as bad input, not sent to PostgreSQL.
    const programs = `query ($after: String) { trainingPrograms(first: 1, after: $after) {
      pageInfo { endCursor } } }`;
    const program = await platform.query(programs, {}, { token: platform.adminToken });
    const [programMarker, day, ...rest] = JSON.parse(
      Buffer.from(program.data!.trainingPrograms.pageInfo.endCursor, 'base64url').toString(),
    ) as string[];
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const badDay = Buffer.from(JSON.stringify([programMarker, '2023-02-30', ...rest])).toString(
      'base64url',
    );
    const refused = await platform.query(
      programs,
      { after: badDay },
      { token: platform.adminToken },
    );
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    // A well-formed forged cursor only moves the start: its values are bound, never SQL.
    const injected = await platform.data(LOCALITIES, {
      first: 3,
      after: forge(["51' or true --", '0']),
    });
    expect(
      injected.localities.edges.every((edge: { node: { code: string } }) => edge.node.code > "51'"),
    ).toBe(true);
  });

  it("keeps a forged name cursor inside the caller's scope", async () => {
    const query = `query ($after: String) { officials(orderBy: { field: NAME, direction: ASC }, first: 500, after: $after) {
      nodes { id } pageInfo { endCursor } } }`;
    const first = await platform.data(query, {}, { token: sonHaEditor });
    const inScope = new Set(
      (
        await platform.sql<{ id: number }>(
          `select o.id from official o join locality m on m.id = o.home_locality_id, locality r
            where r.code = '529' and m.path >= r.path and m.path < left(r.path, -1) || '0'`,
        )
      ).map((row) => Number(row.id)),
    );
    expect(first.officials.nodes.length).toBeGreaterThan(0);
    const [marker] = JSON.parse(
      Buffer.from(first.officials.pageInfo.endCursor, 'base64url').toString(),
    ) as string[];
    for (const name of ['', 'a', 'nguyen', 'zzz']) {
      const after = Buffer.from(JSON.stringify([marker, name, '0'])).toString('base64url');
      const page = await platform.data(query, { after }, { token: sonHaEditor });
      for (const node of page.officials.nodes) expect(inScope.has(Number(node.id))).toBe(true);
    }
    // An anonymous caller is refused before any cursor is read.
    const anonymous = await platform.query(query, { after: 'forged' }, { token: '' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('totalCount', () => {
  it('is counted only when selected: one more statement per list level, whatever the page', async () => {
    const top = (fields: string) =>
      `{ localities(filter: { level: COMMUNE }, first: 10) { ${fields} } }`;
    const without = await platform.countStatements(() => platform.data(top('nodes { code }')));
    const withCount = await platform.countStatements(async () => {
      const data = await platform.data(top('totalCount nodes { code }'));
      expect(data.localities.totalCount).toBeGreaterThan(100);
    });
    expect(without).toBe(1);
    expect(withCount).toBe(2);

    const nested = (count: string, first: number) => `{ locality(code: "51", asOf: "2024-02-01") {
      children(first: ${first}) { ${count} nodes { children(first: ${first}) { ${count} nodes { code } } } } } }`;
    const counts: number[] = [];
    for (const count of ['', 'totalCount']) {
      for (const first of [2, 13]) {
        counts.push(await platform.countStatements(() => platform.data(nested(count, first))));
      }
    }
    const [plainSmall, plainLarge, countedSmall, countedLarge] = counts;
    expect(plainLarge).toBe(plainSmall);
    expect(countedLarge).toBe(countedSmall);
    expect(countedSmall).toBe(plainSmall + 2);
  });

  it("counts each parent's slice, and the whole filtered list at the top", async () => {
    const data = await platform.data(`{
      localities(filter: { parentCode: "51", asOf: "2024-02-01" }, first: 2) { totalCount nodes { code children(first: 1) { totalCount } } }
    }`);
    expect(data.localities.totalCount).toBe(13);
    const expected = await platform.sql<{ code: string; n: string }>(
      `select p.code, count(c.id) as n from locality p left join locality c on c.parent_id = p.id and c.archived_at is null
        where p.code in (?) and p.valid_from is null group by p.code`,
      [data.localities.nodes.map((node: { code: string }) => node.code)],
    );
    for (const node of data.localities.nodes) {
      const row = expected.find((candidate) => candidate.code === node.code)!;
      expect(node.children.totalCount).toBe(Number(row.n));
    }
  });
});

describe('keyset cursors over a nullable key', () => {
  let own: Awaited<ReturnType<typeof startOnOwnDatabase>>;
  beforeAll(async () => {
    own = await startOnOwnDatabase('keyset');
    await own.records.locality('01');
    const years = [null, 1970, 1980, null, 1990, 1970, null, 1980, 1990, 1970, 1980, null, 1990];
    for (const [index, birthYear] of [...years, ...years].entries()) {
      await own.records.official({
        fullName: `Cán bộ ${index}`,
        sex: index % 2 ? 'FEMALE' : 'MALE',
        homeLocalityCode: '01',
        ...(birthYear === null ? {} : { birthYear }),
      });
    }
  });
  afterAll(() => own.stop());

  it('pages through ties and nulls (nulls last ascending, first descending), each row once', async () => {
    const query = OFFICIALS.replace('filter: { within: "51", activeOn: "2024-06-01" }, ', '');
    for (const direction of ['ASC', 'DESC']) {
      const { forward, backward } = await walk(own.platform, query, (data) => data.officials, 4, {
        orderBy: { field: 'BIRTH_YEAR', direction },
      });
      const want = await own.platform.sql<{ id: number }>(
        `select id from official order by birth_year ${direction}, id`,
      );
      expect(want).toHaveLength(26);
      expect(ids(forward)).toEqual(want.map((row) => Number(row.id)));
      expect(ids(backward)).toEqual(want.map((row) => Number(row.id)));
    }
  });
});
