import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from './support/platform.js';

/**
 * The two structures the seeded database carries: that of 2024-02-01 (63 / 705 / 10,598) and
 * that of 2025-07-01 (34 provinces, no district tier, 3,321 communes), with the succession
 * between them. Read-only: every query here reads the shared seeded database.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

const COUNTS = `query ($asOf: Date) {
  provinces: localities(filter: { level: PROVINCE, asOf: $asOf }) { totalCount }
  districts: localities(filter: { level: DISTRICT, asOf: $asOf }) { totalCount }
  communes: localities(filter: { level: COMMUNE, asOf: $asOf }) { totalCount }
}`;
const counts = (data: Record<string, { totalCount: number }>) => [
  data.provinces.totalCount,
  data.districts.totalCount,
  data.communes.totalCount,
];

describe('the structure in force on a day', () => {
  it('counts 63 / 705 / 10,598 units as of 2024-02-01', async () => {
    expect(counts(await platform.data(COUNTS, { asOf: '2024-02-01' }))).toEqual([63, 705, 10598]);
  });

  it('counts 34 / 0 / 3,321 units as of 2025-07-01, and today by default', async () => {
    expect(counts(await platform.data(COUNTS, { asOf: '2025-07-01' }))).toEqual([34, 0, 3321]);
    expect(counts(await platform.data(COUNTS, {}))).toEqual([34, 0, 3321]);
  });

  it('answers for code 51 the unit in force: 96 communes today, 13 districts on 2023-12-31', async () => {
    const data = await platform.data(`{
      today: locality(code: "51") { name validFrom current children { totalCount } }
      before: locality(code: "51", asOf: "2023-12-31") {
        validTo current children(filter: { level: DISTRICT }) { totalCount }
      }
      konTumToday: locality(code: "62") { code }
    }`);
    expect(data.today).toEqual({
      name: 'Tỉnh Quảng Ngãi',
      validFrom: '2025-07-01',
      current: true,
      children: { totalCount: 96 },
    });
    expect(data.before).toEqual({
      validTo: '2025-07-01',
      current: false,
      children: { totalCount: 13 },
    });
    expect(data.konTumToday).toBeNull();
  });
});

describe('succession', () => {
  it("names 51 as Kon Tum's successor, and old 51 and 62 as today's Quảng Ngãi's predecessors", async () => {
    const data = await platform.data(`{
      konTum: locality(code: "62", asOf: "2024-02-01") {
        name successors { effectiveDate divided successor { code name current } }
      }
      quangNgai: locality(code: "51") {
        predecessors { divided predecessor { code name validTo } }
      }
    }`);
    expect(data.konTum).toEqual({
      name: 'Tỉnh Kon Tum',
      successors: [
        {
          effectiveDate: '2025-07-01',
          divided: false,
          successor: { code: '51', name: 'Tỉnh Quảng Ngãi', current: true },
        },
      ],
    });
    expect(data.quangNgai.predecessors).toEqual([
      {
        divided: false,
        predecessor: { code: '51', name: 'Tỉnh Quảng Ngãi', validTo: '2025-07-01' },
      },
      { divided: false, predecessor: { code: '62', name: 'Tỉnh Kon Tum', validTo: '2025-07-01' } },
    ]);
  });

  it('lists every successor of a divided commune, each marked divided', async () => {
    const data = await platform.data(`{
      traBui: locality(code: "21142", asOf: "2024-02-01") {
        name successors { divided successor { code name } }
      }
      caDam: locality(code: "21136") { predecessors { divided predecessor { code } } }
    }`);
    expect(data.traBui).toEqual({
      name: 'Xã Trà Bùi',
      successors: [
        { divided: true, successor: { code: '21136', name: 'Xã Cà Đam' } },
        { divided: true, successor: { code: '21157', name: 'Xã Tây Trà Bồng' } },
      ],
    });
    expect(data.caDam.predecessors).toContainEqual({
      divided: true,
      predecessor: { code: '21142' },
    });
  });

  it('marks a commune merged away between the two lists: approximate end, no successor of its own', async () => {
    const data = await platform.data(`{
      locality(code: "21253", asOf: "2024-02-01") {
        name validTo validToApproximate successors { successor { code } }
        ancestors { code successors { successor { code } } }
      }
      listed: locality(code: "21142", asOf: "2024-02-01") { validToApproximate }
    }`);
    expect(data.locality).toMatchObject({
      name: 'Xã Nghĩa Phú',
      validTo: '2025-07-01',
      validToApproximate: true,
      successors: [],
    });
    expect(data.locality.ancestors[0]).toEqual({
      code: '51',
      successors: [{ successor: { code: '51' } }],
    });
    expect(data.listed.validToApproximate).toBe(false);
  });

  it('costs the same number of statements for 2 and for 50 units with their successions', async () => {
    const query = `query ($first: Int!) {
      localities(filter: { within: "51", level: COMMUNE }, first: $first) {
        nodes { code predecessors { divided predecessor { code successors { successor { code } } } } }
      }
    }`;
    const small = await platform.countStatements(() => platform.data(query, { first: 2 }));
    let links = 0;
    const large = await platform.countStatements(async () => {
      const data = await platform.data(query, { first: 50 });
      for (const node of data.localities.nodes) links += node.predecessors.length;
    });
    expect(links).toBeGreaterThan(100);
    expect(large).toBe(small);
  });
});

describe('name search across periods', () => {
  it('finds a current and a former unit of one name and says which is which', async () => {
    const data = await platform.data(`{
      localities(filter: { search: "kon tum", level: PROVINCE }) { nodes { code name current } }
      all: localities(filter: { search: "kon tum" }) { nodes { code current validTo } }
      todayOnly: localities(filter: { search: "kon tum", asOf: "2026-01-01" }) { nodes { code } }
    }`);
    expect(data.localities.nodes).toEqual([{ code: '62', name: 'Tỉnh Kon Tum', current: false }]);
    expect(data.all.nodes).toContainEqual({ code: '23293', current: true, validTo: null });
    expect(data.all.nodes).toContainEqual({ code: '62', current: false, validTo: '2025-07-01' });
    expect(data.todayOnly.nodes).toEqual([{ code: '23293' }]);
  });
});

describe('aggregates across the reform', () => {
  it('keeps the published 2023 figures when asked with the 2023 structure', async () => {
    const data = await platform.data(`{
      attainment: indicatorAttainment(year: 2023, localityCode: "51") { tracked met locality { validTo } }
      districts: keyLeaderCoverage(localityCode: "51", level: DISTRICT, asOf: "2023-12-31") { units withFemaleKeyLeader }
      communes: keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2023-12-31") { units withFemaleKeyLeader }
    }`);
    expect(data.attainment).toEqual({ tracked: 19, met: 16, locality: { validTo: '2025-07-01' } });
    expect(data.districts).toEqual({ units: 13, withFemaleKeyLeader: 9 });
    expect(data.communes).toEqual({ units: 173, withFemaleKeyLeader: 105 });
  });

  it("counts today's Quảng Ngãi's communes from the demo posts in the new units", async () => {
    const data = await platform.data(`{
      keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2026-01-01") {
        units withFemaleKeyLeader locality { validFrom }
      }
      oldPostsToday: officials(filter: { within: "51", keyLeadership: true, activeOn: "2026-01-01" }) {
        totalCount nodes { synthetic }
      }
    }`);
    expect(data.keyLeaderCoverage).toEqual({
      units: 96,
      withFemaleKeyLeader: 58,
      locality: { validFrom: '2025-07-01' },
    });
    // Five key posts in each new commune, every holder synthetic; no post of 2024 is still held.
    expect(data.oldPostsToday.totalCount).toBe(96 * 5);
    expect(
      new Set(data.oldPostsToday.nodes.map((n: { synthetic: boolean }) => n.synthetic)),
    ).toEqual(new Set([true]));
  });

  it('refuses district-level coverage after 2025-06-30, naming the argument', async () => {
    const before = await platform.data(
      `{ keyLeaderCoverage(localityCode: "51", level: DISTRICT, asOf: "2025-06-30") { units } }`,
    );
    expect(before.keyLeaderCoverage.units).toBe(13);
    const result = await platform.query(
      `{ keyLeaderCoverage(localityCode: "51", level: DISTRICT, asOf: "2025-07-01") { units } }`,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'level' });
    expect(result.errors?.[0].message).toContain('2025-07-01');
    const rollup = await platform.query(
      `{ indicatorRollup(indicatorCode: "MT1.1", localityCode: "51", year: 2026, fromLevel: DISTRICT) { value } }`,
    );
    expect(rollup.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'fromLevel',
    });
  });

  it("runs today's Quảng Ngãi's series 2021–2030, deriving the years before it from its predecessors", async () => {
    const data = await platform.data(`{
      indicatorSeries(indicatorCode: "MT1.1", localityCode: "51") {
        locality { validFrom }
        points { year derived derivation value predecessorValues { value locality { code validTo } } }
      }
      old: indicatorSeries(indicatorCode: "MT1.1", localityCode: "51", asOf: "2023-12-31", toYear: 2023) {
        points { year derived value }
      }
    }`);
    const points = data.indicatorSeries.points;
    expect(points.map((p: { year: number }) => p.year)).toEqual([
      2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030,
    ]);
    expect(points.map((p: { derived: boolean }) => p.derived)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    // Kon Tum's figures are not in the demo data: nothing can be derived, and both are listed.
    const y2023 = points.find((p: { year: number }) => p.year === 2023);
    const old2023 = data.old.points.find((p: { year: number }) => p.year === 2023);
    expect(old2023).toMatchObject({ derived: false });
    expect(old2023.value).not.toBeNull();
    expect(y2023).toEqual({
      year: 2023,
      derived: true,
      derivation: 'NOT_DERIVABLE',
      value: null,
      predecessorValues: [
        { value: old2023.value, locality: { code: '51', validTo: '2025-07-01' } },
        { value: null, locality: { code: '62', validTo: '2025-07-01' } },
      ],
    });
  });
});
