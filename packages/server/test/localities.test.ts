import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

describe('localities', () => {
  it('answers the published shape of Quảng Ngãi as of 2024-02-01: 13 district-level units, 173 communes', async () => {
    const data = await platform.data(`{
      locality(code: "51", asOf: "2024-02-01") { name shortName type typeName level children { totalCount } }
      communes: localities(filter: { level: COMMUNE, within: "51", asOf: "2024-02-01" }) { totalCount }
      districts: localities(filter: { level: DISTRICT, parentCode: "51", asOf: "2024-02-01" }) { totalCount }
    }`);
    expect(data.locality).toEqual({
      name: 'Tỉnh Quảng Ngãi',
      shortName: 'Quảng Ngãi',
      type: 'PROVINCE',
      typeName: 'Tỉnh',
      level: 'PROVINCE',
      children: { totalCount: 13 },
    });
    expect(data.communes.totalCount).toBe(173);
    expect(data.districts.totalCount).toBe(13);
  });

  it('keeps leading zeros in codes and navigates parent and ancestors', async () => {
    const data = await platform.data(`{
      locality(code: "00001", asOf: "2024-02-01") { code name level parent { code name } ancestors { code level } }
    }`);
    expect(data.locality).toEqual({
      code: '00001',
      name: 'Phường Phúc Xá',
      level: 'COMMUNE',
      parent: { code: '001', name: 'Quận Ba Đình' },
      ancestors: [
        { code: '01', level: 'PROVINCE' },
        { code: '001', level: 'DISTRICT' },
      ],
    });
  });

  it('counts every subtree exactly as the reference list does', async () => {
    const [expected] = await platform.sql<{ count: string }>(
      `select count(*) from locality c join locality d on d.id = c.parent_id
        where c.level = 'COMMUNE' and d.parent_id =
              (select id from locality where code = '01' and valid_from is null)`,
    );
    const data = await platform.data(
      `{ localities(filter: { level: COMMUNE, within: "01", asOf: "2024-02-01" }) { totalCount } }`,
    );
    expect(data.localities.totalCount).toBe(Number(expected.count));
    expect(data.localities.totalCount).toBeGreaterThan(500);
  });

  it('finds names ignoring diacritics and case', async () => {
    for (const search of ['quang ngai', 'QUẢNG NGÃI', 'Quang Ngai']) {
      const data = await platform.data(
        `query ($search: String) { localities(filter: { search: $search, level: PROVINCE, asOf: "2024-02-01" }) { nodes { code } } }`,
        { search },
      );
      expect(data.localities.nodes).toEqual([{ code: '51' }]);
    }
    // Without a day a search looks through every period, and each unit says whether it is current.
    const data = await platform.data(
      `{ localities(filter: { search: "ly son" }) { nodes { code name current validTo } } }`,
    );
    expect(data.localities.nodes).toEqual([
      { code: '21548', name: 'Đặc khu Lý Sơn', current: true, validTo: null },
      { code: '536', name: 'Huyện Lý Sơn', current: false, validTo: '2025-07-01' },
    ]);
  });

  it('treats LIKE wildcards in a search as plain text', async () => {
    const data = await platform.data(`{ localities(filter: { search: "%" }) { totalCount } }`);
    expect(data.localities.totalCount).toBe(0);
  });

  it('filters by area flags that communes inherit from their district', async () => {
    const data = await platform.data(`{
      mountainousDistricts: localities(filter: { within: "51", asOf: "2024-02-01", level: DISTRICT, mountainous: true }, orderBy: { field: NAME }) { nodes { shortName } }
      island: localities(filter: { within: "51", asOf: "2024-02-01", island: true }) { nodes { code } }
      minorityCommunes: localities(filter: { within: "529", asOf: "2024-02-01", level: COMMUNE, ethnicMinorityArea: true }) { totalCount }
      allCommunesOfSonHa: localities(filter: { within: "529", asOf: "2024-02-01", level: COMMUNE }) { totalCount }
    }`);
    expect(data.mountainousDistricts.nodes.map((n: { shortName: string }) => n.shortName)).toEqual([
      'Ba Tơ',
      'Minh Long',
      'Sơn Hà',
      'Sơn Tây',
      'Trà Bồng',
    ]);
    expect(data.island.nodes).toEqual([{ code: '536' }]);
    expect(data.minorityCommunes.totalCount).toBe(data.allCommunesOfSonHa.totalCount);
  });

  it('returns null for an unknown code and an unknown id', async () => {
    const data = await platform.data(
      `{ byCode: locality(code: "99") { code } byId: locality(id: "999999") { code } }`,
    );
    expect(data).toEqual({ byCode: null, byId: null });
  });
});

describe('cursor pagination', () => {
  const communesOf51 = `query ($first: Int, $after: String, $last: Int, $before: String) {
    localities(filter: { level: COMMUNE, within: "51", asOf: "2024-02-01" }, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { code } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  it('walks forward through every row once, in code order', async () => {
    const codes: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: Record<string, any> = await platform.data(communesOf51, { first: 50, after }); // eslint-disable-line @typescript-eslint/no-explicit-any
      const connection = data.localities;
      expect(connection.totalCount).toBe(173);
      codes.push(...connection.edges.map((edge: { node: { code: string } }) => edge.node.code));
      expect(connection.pageInfo.hasPreviousPage).toBe(pages > 0);
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    const expected = await platform.sql<{ code: string }>(
      `select c.code from locality c join locality d on d.id = c.parent_id
        where d.parent_id = (select id from locality where code = '51' and valid_from is null)
        order by c.code`,
    );
    expect(codes).toEqual(expected.map((row) => row.code));
  });

  it('pages backwards with last and before', async () => {
    const tail = await platform.data(communesOf51, { last: 3 });
    expect(tail.localities.edges).toHaveLength(3);
    expect(tail.localities.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await platform.data(communesOf51, {
      last: 2,
      before: tail.localities.pageInfo.startCursor,
    });
    const forward = await platform.data(communesOf51, { first: 173 });
    const all = forward.localities.edges.map((edge: { node: { code: string } }) => edge.node.code);
    expect(tail.localities.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(
      all.slice(-3),
    );
    expect(before.localities.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(
      all.slice(-5, -3),
    );
  });

  it('rejects bad paging arguments with an error naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ first: 501 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ last: 1000 }, 'last'],
      [{ first: 1, last: 1 }, 'last'],
      [{ after: 'not-a-cursor' }, 'after'],
      [{ before: Buffer.from('position:abc').toString('base64url') }, 'before'],
    ];
    for (const [variables, field] of cases) {
      const result = await platform.query(communesOf51, variables);
      expect(result.data?.localities ?? null).toBeNull();
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.errors?.[0].message).toContain(`"${field}"`);
    }
  });

  it('rejects an empty list filter and a look-up without a key', async () => {
    const empty = await platform.query(`{ localities(filter: { types: [] }) { totalCount } }`);
    expect(empty.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.types',
    });
    const noKey = await platform.query(`{ locality { code } }`);
    expect(noKey.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const badId = await platform.query(`{ locality(id: "abc") { code } }`);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});
