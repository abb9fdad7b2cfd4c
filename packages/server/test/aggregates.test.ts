import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

// The figures below hold because the demo seed generator was built to reproduce them.
describe('the published Quảng Ngãi figures, as the demo seed reproduces them from row-level data', () => {
  it('16 of 19 tracked indicators met in 2023: 84.2%', async () => {
    const data = await platform.data(`{
      indicatorAttainment(year: 2023, localityCode: "51") {
        tracked met notMet noTarget noData metShare
        plan { code }
        goals { goal { code } tracked met }
        indicators { indicator { code } status gap illustrative }
      }
    }`);
    const attainment = data.indicatorAttainment;
    expect(attainment).toMatchObject({ tracked: 19, met: 16, notMet: 3, noTarget: 0, noData: 0 });
    expect(Number(attainment.metShare.toFixed(3))).toBe(0.842);
    expect(attainment.plan.code).toBe('QNG-NQ28-2021-2030');
    const goalSum = attainment.goals.reduce(
      (sum: number, goal: { met: number }) => sum + goal.met,
      0,
    );
    expect(goalSum).toBe(16);
    for (const row of attainment.indicators) {
      expect(row.illustrative).toBe(true);
      expect(row.gap > 0).toBe(row.status === 'NOT_MET');
    }
  });

  it('9 of 13 district and 105 of 173 commune governments with a female key leader at the end of 2023', async () => {
    const data = await platform.data(`{
      districts: keyLeaderCoverage(localityCode: "51", level: DISTRICT, asOf: "2023-12-31") {
        units withFemaleKeyLeader share unitsWithout { code level }
      }
      communes: keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2023-12-31") {
        units withFemaleKeyLeader unitsWithout { code }
      }
    }`);
    expect(data.districts).toMatchObject({ units: 13, withFemaleKeyLeader: 9 });
    expect(data.districts.unitsWithout).toHaveLength(4);
    expect(data.communes).toMatchObject({ units: 173, withFemaleKeyLeader: 105 });
    expect(data.communes.unitsWithout).toHaveLength(68);
  });

  it('marks aggregate responses cacheable', async () => {
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ indicatorAttainment(year: 2023, localityCode: "51") { met locality { name } indicators { indicator { code } } } }`,
      }),
    });
    expect(response.headers.get('cache-control')).toBe('max-age=300, public');
    const list = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ officials(first: 1) { totalCount } }' }),
    });
    expect(list.headers.get('cache-control')).toBe('no-store');
  });
});

describe('aggregates on the demo seed (figures the seed generator was built to give)', () => {
  it('rolls district rates up as ratios of sums, matching the province row', async () => {
    const data = await platform.data(`{
      indicatorRollup(indicatorCode: "MT4.1", localityCode: "51", year: 2023) {
        method fromLevel units reporting numerator denominator value reportedValue missing { code }
      }
    }`);
    expect(data.indicatorRollup).toMatchObject({
      method: 'RATIO_OF_SUMS',
      fromLevel: 'DISTRICT',
      units: 13,
      reporting: 13,
      numerator: 8430,
      denominator: 7500,
      reportedValue: 112.4,
      missing: [],
    });
    expect(data.indicatorRollup.value).toBeCloseTo(112.4, 6);
  });

  it('gives a series with gaps to the national targets and a trend', async () => {
    const data = await platform.data(`{
      indicatorSeries(indicatorCode: "MT4.1", localityCode: "51", asOf: "2023-12-31", fromYear: 2021, toYear: 2023) {
        target2025 trendPerYear projected2025 onTrack2025 points { year value gap2025 }
      }
    }`);
    const series = data.indicatorSeries;
    expect(series.target2025).toBe(111);
    expect(series.points.map((p: { year: number }) => p.year)).toEqual([2021, 2022, 2023]);
    expect(series.points[2].gap2025).toBeCloseTo(1.4, 6);
    expect(series.trendPerYear).toBeCloseTo(-0.6, 6);
    expect(series.projected2025).toBeCloseTo(111.2, 6);
    expect(series.onTrack2025).toBe(false);
  });

  it('suppresses small cells of personal breakdowns and says so', async () => {
    const data = await platform.data(`{
      officialsBreakdown(groupBy: [ETHNICITY, LOCALITY], filter: { within: "530" }, options: { asOf: "2024-06-01" }) {
        total threshold suppressedGroups groups { count }
      }
    }`);
    const breakdown = data.officialsBreakdown;
    expect(breakdown.threshold).toBe(5);
    expect(breakdown.suppressedGroups).toBeGreaterThan(0);
    for (const group of breakdown.groups) expect(group.count).toBeGreaterThanOrEqual(5);
    const shown = breakdown.groups.reduce(
      (sum: number, group: { count: number }) => sum + group.count,
      0,
    );
    expect(shown).toBeLessThan(breakdown.total);
  });

  it('raises the threshold to minCount but never lowers it', async () => {
    const query = `query ($minCount: Int) { officialsBreakdown(groupBy: [SEX], options: { minCount: $minCount }) { threshold } }`;
    expect((await platform.data(query, { minCount: 1 })).officialsBreakdown.threshold).toBe(5);
    expect((await platform.data(query, { minCount: 500 })).officialsBreakdown.threshold).toBe(500);
  });

  it('rejects wrong input with an error naming the field', async () => {
    const cases: [string, string][] = [
      ['{ indicatorAttainment(year: 2019, localityCode: "51") { met } }', 'year'],
      ['{ indicatorAttainment(year: 2023, localityCode: "00") { met } }', 'localityCode'],
      [
        '{ indicatorAttainment(year: 2023, localityCode: "51", goalCode: "MT9") { met } }',
        'goalCode',
      ],
      [
        '{ indicatorAttainment(year: 2023, localityCode: "51", planCode: "NOPE") { met } }',
        'planCode',
      ],
      [
        '{ keyLeaderCoverage(localityCode: "51", level: PROVINCE, asOf: "2023-12-31") { units } }',
        'level',
      ],
      ['{ officialsBreakdown(groupBy: []) { total } }', 'groupBy'],
      ['{ officialsBreakdown(groupBy: [SEX, SEX]) { total } }', 'groupBy'],
      [
        '{ officialsBreakdown(groupBy: [SEX], options: { minCount: -1 }) { total } }',
        'options.minCount',
      ],
      ['{ trainingParticipation(groupBy: []) { enrollments } }', 'groupBy'],
      [
        '{ indicatorSeries(indicatorCode: "MT0.0", localityCode: "51") { trendPerYear } }',
        'indicatorCode',
      ],
      [
        '{ indicatorSeries(indicatorCode: "MT1.1", localityCode: "51", fromYear: 2025, toYear: 2022) { trendPerYear } }',
        'toYear',
      ],
      [
        '{ indicatorSeries(indicatorCode: "MT1.1", localityCode: "51", toYear: 2031) { trendPerYear } }',
        'toYear',
      ],
      [
        '{ indicatorRollup(indicatorCode: "MT4.1", localityCode: "21010", year: 2023) { value } }',
        'localityCode',
      ],
    ];
    for (const [query, field] of cases) {
      const result = await platform.query(query);
      expect(result.data ?? null, query).toBeNull();
      expect(result.errors?.[0].extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('runs its statements without JIT compilation, which costs more than a dashboard query takes', async () => {
    const [{ jit }] = await platform.sql<{ jit: string }>('show jit');
    expect(jit).toBe('off');
  });

  it('computes each aggregate in a fixed number of statements', async () => {
    const statements = await platform.countStatements(() =>
      platform.data(`{
        keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2023-12-31") { units withFemaleKeyLeader }
      }`),
    );
    // The data generations the response cache keys on, the locality look-up and the aggregate
    // itself; the data size does not enter into it.
    expect(statements).toBeLessThanOrEqual(3);
  });

  it('answers the units without a woman from the coverage statement itself, as whole rows', async () => {
    let data: { keyLeaderCoverage?: { unitsWithout: Record<string, unknown>[] } } = {};
    const statements = await platform.countStatements(async () => {
      data = await platform.data(`{
        keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2023-12-31") {
          units unitsWithout { id code name shortName level type validFrom validTo mountainous version }
        }
      }`);
    });
    // As without `unitsWithout`: the 68 units are not looked up again by id.
    expect(statements).toBeLessThanOrEqual(3);
    const without = data.keyLeaderCoverage!.unitsWithout;
    expect(without).toHaveLength(68);
    const stored = await platform.sql<Record<string, unknown>>(
      `select id::text, code, name, short_name as "shortName", level, type,
              to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo",
              mountainous, version
         from locality where id = any(?::int[]) order by code`,
      [`{${without.map((unit) => Number(unit.id)).join(',')}}`],
    );
    expect(without).toEqual(stored);
  });
});

describe('exact counts for an editor of a code the 2025 reform reused', () => {
  // "51" names former Quảng Ngãi (to 2025-06-30) and today's; its editor's scope covers both.
  const table = async (token: string, within: string) =>
    (await platform.data(
      `query ($within: String) {
          o: officialsBreakdown(groupBy: [AGE_BAND], filter: { within: $within }) {
            total perturbed groups { ageBand count }
          }
          t: trainingParticipation(groupBy: [SEX], filter: { within: $within }) {
            enrollments perturbed groups { sex enrollments }
          }
        }`,
      { within },
      { token },
    )) as Record<string, { perturbed: boolean }>;

  it('are given within the code and within a unit under it, as to an administrator', async () => {
    const editor = await signToken({ role: 'EDITOR', scope: '51', sub: 'editor-51-exact' });
    for (const within of ['51', '529']) {
      const exact = await table(platform.adminToken, within);
      const answer = await table(editor, within);
      expect(answer.o!.perturbed, within).toBe(false);
      expect(answer.t!.perturbed, within).toBe(false);
      expect(answer, within).toEqual(exact);
    }
  });

  it('are not given within a unit outside every unit of the code', async () => {
    // Former Kon Tum (62) lies in no unit that held "51"; today's 51 lies outside 62's scope.
    const of51 = await signToken({ role: 'EDITOR', scope: '51', sub: 'editor-51-outside' });
    const of62 = await signToken({ role: 'EDITOR', scope: '62', sub: 'editor-62-outside' });
    for (const [token, within] of [
      [of51, '62'],
      [of62, '51'],
    ] as const) {
      const answer = await table(token, within);
      expect(answer.o!.perturbed, within).toBe(true);
      expect(answer.t!.perturbed, within).toBe(true);
    }
  });
});

describe('a unit without any unit of the level below', () => {
  // A district without communes is a fixture written to a database of this test's own: the shared
  // one holds the published shape of Quảng Ngãi that other files count.
  let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
  let own: TestPlatform;
  beforeAll(async () => {
    scratch = await createSeededDatabase('coverage-empty');
    own = await TestPlatform.start(scratch.url);
  });
  afterAll(async () => {
    await own?.stop();
    await scratch?.drop();
  });

  it('has zeros and an empty list of units without a woman', async () => {
    await own.sql(
      `insert into locality (code, name, short_name, type, level, parent_id, valid_to, source)
       select '500', 'Huyện không có xã (test fixture)', 'Không có xã', 'RURAL_DISTRICT', 'DISTRICT', id,
              '2025-07-01', 'test fixture'
         from locality where code = '51' and valid_to = '2025-07-01'`,
    );
    const data = await own.data(`{
      keyLeaderCoverage(localityCode: "500", level: COMMUNE, asOf: "2023-12-31") {
        units withFemaleKeyLeader share unitsWithout { code }
      }
    }`);
    expect(data.keyLeaderCoverage).toEqual({
      units: 0,
      withFemaleKeyLeader: 0,
      share: null,
      unitsWithout: [],
    });
  });
});
