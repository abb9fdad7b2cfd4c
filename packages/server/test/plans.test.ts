import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, type TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Records } from './support/own-data.js';

/**
 * A province adopts a plan: which of the strategy's indicators it tracks, with its own targets.
 * Attainment counts exactly the plan's indicators; a unit without a plan follows its nearest
 * ancestor's, and where there is none the answer says so. On a database of its own:
 *
 *   94 ─── 941        95 (no plan anywhere)
 */
let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;
const tokens: Record<string, string> = {};
const CODES = Array.from({ length: 12 }, (_, index) => `MT1.${index + 1}`);

const SAVE = `mutation ($input: SavePlanInput!) {
  savePlan(input: $input) { id code startYear endYear locality { code } indicators { code } }
}`;
const ATTAINMENT = `query ($code: String!, $year: Int!) {
  indicatorAttainment(year: $year, localityCode: $code) { tracked met noData plan { code } }
}`;

const planInput = (overrides: Record<string, unknown> = {}) => ({
  code: 'P94-2024-2030',
  name: 'Kế hoạch tỉnh 94',
  localityCode: '94',
  startYear: 2024,
  endYear: 2030,
  indicatorCodes: CODES.slice(0, 10),
  targets: [{ indicatorCode: 'MT1.1', year: 2024, value: 45 }],
  source: 'Quyết định 12/QĐ-UBND',
  ...overrides,
});

const attainment = async (code: string, year = 2024) =>
  (await platform.data(ATTAINMENT, { code, year })).indicatorAttainment;

beforeAll(async () => {
  ({ platform, records, stop } = await startOnOwnDatabase('plans'));
  await records.strategy(CODES);
  await records.locality('94');
  await records.locality('941', '94');
  await records.locality('95');
  tokens.anonymous = '';
  tokens.analyst = await signToken({ role: 'ANALYST', sub: 'analyst@test' });
  tokens.province = await signToken({ role: 'EDITOR', scope: '94', sub: 'province@test' });
  tokens.district = await signToken({ role: 'EDITOR', scope: '941', sub: 'district@test' });
  tokens.otherProvince = await signToken({ role: 'EDITOR', scope: '95', sub: 'other@test' });
}, 120_000);
afterAll(() => stop?.());

describe('plans', () => {
  it('a locality with no plan above it is told so, never counted against the whole catalogue', async () => {
    const result = await platform.query(ATTAINMENT, { code: '95', year: 2024 });
    expect(result.data ?? null).toBeNull();
    expect(result.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'localityCode',
    });
    expect(result.errors![0].message).toMatch(/no plan is in force in 2024 for 95/);
  });

  it('a province adopts a plan of 10 indicators; attainment counts 10, and its district follows it', async () => {
    const saved = await platform.data(SAVE, { input: planInput() }, { token: tokens.province });
    expect(saved.savePlan).toMatchObject({ code: 'P94-2024-2030', locality: { code: '94' } });
    expect(saved.savePlan.indicators).toHaveLength(10);
    expect(await attainment('94')).toMatchObject({
      tracked: 10,
      noData: 10,
      plan: { code: 'P94-2024-2030' },
    });
    expect(await attainment('941')).toMatchObject({ tracked: 10, plan: { code: 'P94-2024-2030' } });
    const targets = await platform.data(
      `{ indicator(code: "MT1.1") { targets(planCode: "P94-2024-2030") { year value } } }`,
    );
    expect(targets.indicator.targets).toEqual([{ year: 2024, value: 45 }]);
    // Before the plan's first year, no plan is in force.
    const before = await platform.query(ATTAINMENT, { code: '94', year: 2023 });
    expect(before.errors![0].extensions!.field).toBe('localityCode');
  });

  it('changing the plan changes attainment at once, with no stale cached answer', async () => {
    expect((await attainment('94')).tracked).toBe(10);
    const counted = await platform.data(
      SAVE,
      { input: planInput({ indicatorCodes: CODES.slice(0, 8) }) },
      { token: tokens.province },
    );
    expect(counted.savePlan.indicators).toHaveLength(8);
    expect((await attainment('94')).tracked).toBe(8);
    expect((await attainment('941')).tracked).toBe(8);
    const events = await platform.sql<{ action: string; actor: string }>(
      `select action, actor from audit_event where entity = 'plan' order by id`,
    );
    expect(events).toEqual([
      { action: 'CREATE', actor: 'token:province@test' },
      { action: 'UPDATE', actor: 'token:province@test' },
    ]);
  });

  it("a district's own plan takes over from its province's for that district only", async () => {
    await platform.data(
      SAVE,
      {
        input: planInput({
          code: 'P941-2024-2030',
          localityCode: '941',
          indicatorCodes: CODES.slice(0, 3),
          targets: [],
        }),
      },
      { token: tokens.district },
    );
    expect(await attainment('941')).toMatchObject({ tracked: 3, plan: { code: 'P941-2024-2030' } });
    expect((await attainment('94')).tracked).toBe(8);
  });

  it('rejects wrong plans with errors naming the field, and changes nothing', async () => {
    const before = await platform.fingerprint();
    const cases: [Record<string, unknown>, string][] = [
      [{ indicatorCodes: ['MT1.1', 'MT9.9'] }, 'indicatorCodes'],
      [{ indicatorCodes: [] }, 'indicatorCodes'],
      [{ indicatorCodes: ['MT1.1', 'MT1.1'] }, 'indicatorCodes'],
      [{ targets: [{ indicatorCode: 'MT1.12', year: 2024, value: 5 }] }, 'targets.0.indicatorCode'],
      [{ targets: [{ indicatorCode: 'MT1.1', year: 2031, value: 5 }] }, 'targets.0.year'],
      [{ targets: [{ indicatorCode: 'MT1.1', year: 2024, value: 140 }] }, 'targets.0.value'],
      [{ startYear: 2026, endYear: 2025 }, 'endYear'],
      [{ code: 'P94-OTHER', startYear: 2028, targets: [] }, 'startYear'],
      [{ localityCode: '99' }, 'localityCode'],
    ];
    for (const [overrides, field] of cases) {
      const result = await platform.query(SAVE, { input: planInput(overrides) });
      expect(result.errors?.[0].extensions, JSON.stringify(overrides)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(await platform.fingerprint()).toBe(before);
  });

  it('is refused to the anonymous, analysts, editors of other units, takeovers and oversized lists', async () => {
    const before = await platform.fingerprint();
    const refused = async (input: Record<string, unknown>, token: string, code: string) => {
      const result = await platform.query(SAVE, { input }, { token });
      expect(result.data ?? null).toBeNull();
      expect(result.errors![0].extensions!.code, result.errors![0].message).toBe(code);
    };
    await refused(planInput(), tokens.anonymous, 'UNAUTHENTICATED');
    await refused(planInput(), tokens.analyst, 'FORBIDDEN');
    // A district editor may not rewrite its province's plan, nor plan for another province.
    await refused(planInput(), tokens.district, 'FORBIDDEN');
    await refused(planInput({ code: 'P95', localityCode: '95' }), tokens.province, 'FORBIDDEN');
    // Nor take a plan code of a unit it does not reach by naming its own unit.
    await refused(planInput({ localityCode: '941' }), tokens.district, 'BAD_USER_INPUT');
    // Nor move its own plan to another unit.
    await refused(
      planInput({ code: 'P941-2024-2030', localityCode: '94' }),
      tokens.province,
      'BAD_USER_INPUT',
    );
    const many = Array.from({ length: 501 }, (_, index) => `X${index}`);
    await refused(planInput({ indicatorCodes: many }), tokens.province, 'BAD_USER_INPUT');
    const targets = Array.from({ length: 5001 }, () => ({
      indicatorCode: 'MT1.1',
      year: 2024,
      value: 1,
    }));
    await refused(planInput({ targets }), tokens.province, 'BAD_USER_INPUT');
    expect(await platform.fingerprint()).toBe(before);
  });

  it('one plan at a time per locality: concurrent saves and one file naming two plans cannot overlap', async () => {
    await records.locality('942', '94');
    await records.locality('943', '94');
    const saves = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        platform.query(
          SAVE,
          { input: planInput({ code: `R942-${index}`, localityCode: '942' }) },
          { token: tokens.province },
        ),
      ),
    );
    const saved = saves.filter((result) => !result.errors);
    expect(saved).toHaveLength(1);
    for (const result of saves.filter((each) => each.errors)) {
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(result.errors![0].extensions)).toMatch(/startYear|overlaps/);
    }
    const [{ plans }] = await platform.sql<{ plans: string }>(
      `select count(*) as plans from plan p join locality l on l.id = p.locality_id where l.code = '942'`,
    );
    expect(Number(plans)).toBe(1);

    const before = await platform.fingerprint();
    const header =
      'plan_code,plan_name,locality_code,start_year,end_year,indicator_code,target_year,target,source';
    const twoPlans = [
      header,
      'F943-A,Kế hoạch A,943,2024,2030,MT1.1,,,QĐ 1',
      'F943-B,Kế hoạch B,943,2025,2029,MT1.2,,,QĐ 2',
    ].join('\n');
    const imported = (
      await platform.data(
        `mutation ($csv: String!) { importRecords(kind: PLANS, csv: $csv) { applied problems { line column reason } } }`,
        { csv: twoPlans },
        { token: tokens.province },
      )
    ).importRecords;
    expect(imported.applied).toBe(false);
    expect(imported.problems).toContainEqual({
      line: 3,
      column: 'start_year',
      reason: 'overlaps plan F943-A of the same locality in this file',
    });
    expect(await platform.fingerprint()).toBe(before);
  });

  it('a plan comes from a file too: applied once, unchanged when imported again, within scope only', async () => {
    const IMPORT = `mutation ($csv: String!) {
      importRecords(kind: PLANS, csv: $csv) { applied inserted updated problems { line column reason } }
    }`;
    const header =
      'plan_code,plan_name,locality_code,start_year,end_year,indicator_code,target_year,target,source';
    const file = (firstTarget: number) =>
      [
        header,
        `P95-2024-2030,Kế hoạch tỉnh 95,95,2024,2030,MT1.1,2025,${firstTarget},QĐ 5/QĐ-UBND`,
        'P95-2024-2030,Kế hoạch tỉnh 95,95,2024,2030,MT1.1,2030,60,QĐ 5/QĐ-UBND',
        ...CODES.slice(1, 10).map(
          (code) => `P95-2024-2030,Kế hoạch tỉnh 95,95,2024,2030,${code},,,QĐ 5/QĐ-UBND`,
        ),
      ].join('\n');
    const importAs = async (csv: string, token: string) =>
      (await platform.data(IMPORT, { csv }, { token })).importRecords;

    const outside = await importAs(file(45), tokens.province);
    expect(outside.applied).toBe(false);
    expect(outside.problems[0].reason).toMatch(/^is outside the scope 94/);

    expect(await importAs(file(45), tokens.otherProvince)).toMatchObject({
      applied: true,
      inserted: 1,
      updated: 0,
    });
    expect(await attainment('95')).toMatchObject({ tracked: 10, plan: { code: 'P95-2024-2030' } });
    const before = await platform.fingerprint();
    expect(await importAs(file(45), tokens.otherProvince)).toMatchObject({
      applied: true,
      inserted: 0,
      updated: 0,
    });
    expect(await platform.fingerprint()).toBe(before);
    expect(await importAs(file(50), tokens.otherProvince)).toMatchObject({ updated: 1 });
    const targets = await platform.data(
      `{ indicator(code: "MT1.1") { targets(planCode: "P95-2024-2030") { year value } } }`,
    );
    expect(targets.indicator.targets).toEqual([
      { year: 2025, value: 50 },
      { year: 2030, value: 60 },
    ]);

    const bad = await importAs(
      [
        header,
        'P95-2024-2030,Kế hoạch tỉnh 95,95,2024,2030,MT9.9,,,QĐ 5/QĐ-UBND',
        'P95-2024-2030,Tên khác,95,2024,2030,MT1.1,2023,45,QĐ 5/QĐ-UBND',
      ].join('\n'),
      tokens.otherProvince,
    );
    expect(bad.applied).toBe(false);
    expect(bad.problems.map((p: { column: string }) => p.column).sort()).toEqual([
      'indicator_code',
      'plan_name',
      'target_year',
    ]);
  });

  it('agencies and training programs come from files: applied once, unchanged when imported again, within scope only', async () => {
    const IMPORT = `mutation ($kind: ImportKind!, $csv: String!) {
      importRecords(kind: $kind, csv: $csv) { applied inserted updated problems { line column reason } }
    }`;
    const importAs = async (kind: string, csv: string, token: string) =>
      (await platform.data(IMPORT, { kind, csv }, { token })).importRecords;
    const agencies = [
      'code,name_vi,name_en,kind,locality_code,parent_code',
      'SO-NV-94,Sở Nội vụ,Department of Home Affairs,DEPARTMENT,94,',
      'PHONG-NV-941,Phòng Nội vụ,Home Affairs Office,DEPARTMENT,941,',
    ].join('\n');
    const programs = (capacity: number) =>
      [
        'code,title,kind,organiser_code,locality_code,start_date,end_date,target_groups,capacity',
        `TP-94-2025,Bồi dưỡng nữ cán bộ,TRAINING,SO-NV-94,94,2025-03-01,2025-03-05,FEMALE_OFFICIALS;COMMUNE_OFFICIALS,${capacity}`,
      ].join('\n');

    const outside = await importAs('AGENCIES', agencies, tokens.district);
    expect(outside.applied).toBe(false);
    expect(outside.problems.map((p: { line: number }) => p.line)).toEqual([2]);
    expect(await importAs('AGENCIES', agencies, tokens.province)).toMatchObject({
      applied: true,
      inserted: 2,
    });
    expect(await importAs('TRAINING_PROGRAMS', programs(30), tokens.province)).toMatchObject({
      applied: true,
      inserted: 1,
    });
    const before = await platform.fingerprint();
    expect(await importAs('AGENCIES', agencies, tokens.province)).toMatchObject({
      inserted: 0,
      updated: 0,
    });
    expect(await importAs('TRAINING_PROGRAMS', programs(30), tokens.province)).toMatchObject({
      inserted: 0,
      updated: 0,
    });
    expect(await platform.fingerprint()).toBe(before);
    expect(await importAs('TRAINING_PROGRAMS', programs(40), tokens.province)).toMatchObject({
      updated: 1,
    });
    const program = await platform.data(
      `{ trainingPrograms(first: 5) { nodes { code capacity targetGroups organisingAgency { code } } } }`,
    );
    expect(program.trainingPrograms.nodes).toEqual([
      {
        code: 'TP-94-2025',
        capacity: 40,
        targetGroups: ['FEMALE_OFFICIALS', 'COMMUNE_OFFICIALS'],
        organisingAgency: { code: 'SO-NV-94' },
      },
    ]);
    // An editor of another unit may not take over a program by naming its own locality.
    const takeover = await importAs(
      'TRAINING_PROGRAMS',
      programs(10).replace(',94,2025', ',95,2025'),
      tokens.otherProvince,
    );
    expect(takeover.applied).toBe(false);
    // As the single update: a file may not shrink a program below the officials enrolled in it.
    for (let index = 0; index < 3; index++) {
      const official = await records.official({
        fullName: `Học viên ${index}`,
        sex: 'FEMALE',
        homeLocalityCode: '94',
      });
      await records.enrollment('TP-94-2025', official.id);
    }
    const shrunk = await importAs('TRAINING_PROGRAMS', programs(2), tokens.province);
    expect(shrunk.applied).toBe(false);
    expect(shrunk.problems).toContainEqual({
      line: 2,
      column: 'capacity',
      reason: 'must hold the 3 officials already enrolled',
    });
    const bad = await importAs(
      'TRAINING_PROGRAMS',
      [
        'code,title,kind,organiser_code,locality_code,start_date,end_date,target_groups,capacity',
        'tp lower,Tên,COURSE,NOPE,94,2025-03-05,2025-03-01,EVERYONE,0',
      ].join('\n'),
      tokens.province,
    );
    expect(bad.problems.map((p: { column: string }) => p.column).sort()).toEqual([
      'capacity',
      'code',
      'end_date',
      'kind',
      'organiser_code',
      'target_groups',
    ]);
    const events = await platform.sql<{ entity: string; action: string; n: string }>(
      `select entity, action, count(*) as n from audit_event
        where entity in ('agency', 'training_program') group by entity, action order by entity, action`,
    );
    expect(events).toEqual([
      { entity: 'agency', action: 'CREATE', n: '2' },
      { entity: 'training_program', action: 'CREATE', n: '1' },
      { entity: 'training_program', action: 'UPDATE', n: '1' },
    ]);
  });
});
