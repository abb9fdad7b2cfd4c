import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

/**
 * Writes and imports across the 2025 reform. Codes are reused (51 is one province until
 * 2025-06-30 and another from 2025-07-01; commune 21025 likewise), so a dated record is placed
 * by the unit holding its code on the record's day, and a day no unit held the code is refused
 * naming the field. Lists of agencies and programs `within` a unit follow the territory: they
 * include what was attached to the units that went into it.
 */
let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
let platform: TestPlatform;

beforeAll(async () => {
  scratch = await createSeededDatabase('reform_writes');
  platform = await TestPlatform.start(scratch.url);
});
afterAll(async () => {
  await platform?.stop();
  await scratch?.drop();
});

const PERIOD = 'locality { code validFrom validTo }';
const REPORT = `mutation ($input: ReportIndicatorValueInput!) {
  reportIndicatorValue(input: $input) { year ${PERIOD} }
}`;
const IMPORT = `mutation ($kind: ImportKind!, $csv: String!) {
  importRecords(kind: $kind, csv: $csv) { applied problems { line column value reason } }
}`;
const VALUES_HEADER =
  'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';

const report = (localityCode: string, year: number, token?: string) =>
  platform.query(
    REPORT,
    { input: { indicatorCode: 'MT2.1', localityCode, year, value: 40, source: 'reform test' } },
    token === undefined ? {} : { token },
  );

/** The period of the unit a stored value of 51 or 529 for the year is attached to. */
async function storedPeriods(code: string, year: number) {
  return platform.sql<{ valid_from: string | null; valid_to: string | null }>(
    `select to_char(l.valid_from, 'YYYY-MM-DD') as valid_from, to_char(l.valid_to, 'YYYY-MM-DD') as valid_to
       from indicator_value v join indicator i on i.id = v.indicator_id join locality l on l.id = v.locality_id
      where i.code = 'MT2.1' and l.code = ? and v.year = ? and v.source = 'reform test'`,
    [code, year],
  );
}

describe('a value is placed by the unit holding its code on the year’s last day', () => {
  it('puts 2023 for "51" on the Quảng Ngãi of 2024 and 2026 on that of 2025', async () => {
    const before = await report('51', 2023);
    expect(before.errors).toBeUndefined();
    expect(before.data!.reportIndicatorValue.locality).toEqual({
      code: '51',
      validFrom: null,
      validTo: '2025-07-01',
    });
    const after = await report('51', 2026);
    expect(after.errors).toBeUndefined();
    expect(after.data!.reportIndicatorValue.locality).toEqual({
      code: '51',
      validFrom: '2025-07-01',
      validTo: null,
    });
  });

  it('refuses a year after the unit ended, naming localityCode and the day', async () => {
    const result = await report('529', 2026);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const problems = JSON.stringify(result.errors?.[0]?.extensions);
    expect(problems).toContain('localityCode');
    expect(problems).toContain('no locality had the code \\"529\\" on 2026-12-31');
    expect(await storedPeriods('529', 2026)).toEqual([]);
  });

  it('imports each row on the unit of its own year, and names a row whose unit had ended', async () => {
    const good = [
      VALUES_HEADER,
      'MT2.1,51,2022,41,,,,,,reform test',
      'MT2.1,51,2027,42,,,,,,reform test',
    ].join('\n');
    const applied = await platform.data(IMPORT, { kind: 'INDICATOR_VALUES', csv: good });
    expect(applied.importRecords).toEqual({ applied: true, problems: [] });
    expect(await storedPeriods('51', 2022)).toEqual([{ valid_from: null, valid_to: '2025-07-01' }]);
    expect(await storedPeriods('51', 2027)).toEqual([{ valid_from: '2025-07-01', valid_to: null }]);

    const bad = [
      VALUES_HEADER,
      'MT2.1,529,2024,43,,,,,,reform test',
      'MT2.1,529,2025,44,,,,,,reform test',
      'MT2.1,99999,2024,45,,,,,,reform test',
    ].join('\n');
    const refused = await platform.data(IMPORT, { kind: 'INDICATOR_VALUES', csv: bad });
    expect(refused.importRecords).toEqual({
      applied: false,
      problems: [
        {
          line: 3,
          column: 'locality_code',
          value: '529',
          reason: 'no locality had this code on 2025-12-31',
        },
        {
          line: 4,
          column: 'locality_code',
          value: '99999',
          reason: 'no live locality has this code',
        },
      ],
    });
    expect(await storedPeriods('529', 2024)).toEqual([]);
  });

  it('keeps an editor of the former Kon Tum out of today’s Quảng Ngãi', async () => {
    const konTumEditor = await signToken({ role: 'EDITOR', scope: '62', sub: 'kon-tum' });
    const result = await report('51', 2028, konTumEditor);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toContain('outside the scope 62');
    const quangNgaiEditor = await signToken({ role: 'EDITOR', scope: '51', sub: 'quang-ngai' });
    expect((await report('51', 2028, quangNgaiEditor)).errors).toBeUndefined();
    const anonymous = await report('51', 2028, '');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('posts, programs and plans are placed by their first day', () => {
  it('places a post in commune 21025 as the commune of its start date', async () => {
    const official = await platform.data(
      `mutation { createOfficial(input: { fullName: "Trần Thị Thử", sex: FEMALE, ethnicity: "Kinh",
          homeLocalityCode: "51" }) { id } }`,
    );
    const create = (startDate: string) =>
      platform.data(
        `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { ${PERIOD} } }`,
        {
          input: {
            officialId: official.createOfficial.id,
            title: 'Chủ tịch UBND xã',
            organisationKind: 'PEOPLES_COMMITTEE',
            isKeyLeadership: true,
            localityCode: '21025',
            startDate,
            endDate: startDate.startsWith('2024') ? '2025-06-30' : null,
          },
        },
      );
    expect((await create('2024-05-01')).createPosition.locality.validTo).toBe('2025-07-01');
    expect((await create('2025-08-01')).createPosition.locality.validFrom).toBe('2025-07-01');
  });

  it('imports a post on the district of its start date, and refuses one that starts after it ended', async () => {
    const header =
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date';
    const csv = [
      header,
      'REFORM-1,Lê Thị Một,FEMALE,1980,Kinh,51,Phó Chủ tịch UBND huyện,PEOPLES_COMMITTEE,529,,true,2022-01-01,2025-06-30',
      'REFORM-2,Lê Văn Hai,MALE,1979,Kinh,51,Chủ tịch UBND huyện,PEOPLES_COMMITTEE,529,,true,2025-09-01,',
    ].join('\n');
    const refused = await platform.data(IMPORT, { kind: 'OFFICIALS', csv });
    expect(refused.importRecords).toEqual({
      applied: false,
      problems: [
        {
          line: 3,
          column: 'position_locality_code',
          value: '529',
          reason: 'no locality had this code on 2025-09-01',
        },
      ],
    });
    const applied = await platform.data(IMPORT, {
      kind: 'OFFICIALS',
      csv: csv.split('\n').slice(0, 2).join('\n'),
    });
    expect(applied.importRecords.applied).toBe(true);
    const [post] = await platform.sql<{ valid_to: string }>(
      `select to_char(l.valid_to, 'YYYY-MM-DD') as valid_to from official o
         join official_position p on p.official_id = o.id join locality l on l.id = p.locality_id
        where o.reference = 'REFORM-1'`,
    );
    expect(post).toEqual({ valid_to: '2025-07-01' });
  });

  it('places a program and a plan of "51" by the year they start', async () => {
    const program = await platform.data(
      `mutation { createTrainingProgram(input: { code: "REFORM-2023", title: "Bồi dưỡng 2023",
          kind: TRAINING, organiserCode: "QNG-SNV", localityCode: "51", startDate: "2023-05-02",
          endDate: "2023-05-04", capacity: 30, targetGroups: [FEMALE_OFFICIALS] }) { ${PERIOD} } }`,
    );
    expect(program.createTrainingProgram.locality.validTo).toBe('2025-07-01');
    const plan = await platform.data(
      `mutation { savePlan(input: { code: "QNG-2026-2030", name: "Kế hoạch 2026–2030", source: "reform test",
          localityCode: "51", startYear: 2026, endYear: 2030, indicatorCodes: ["MT2.1"] }) { ${PERIOD} } }`,
    );
    expect(plan.savePlan.locality.validFrom).toBe('2025-07-01');
  });
});

describe('agencies and programs within a unit follow its territory', () => {
  const AGENCIES = `query ($within: String!, $asOf: Date) {
    agencies(filter: { within: $within, asOf: $asOf }, first: 100) { nodes { code } }
    trainingPrograms(filter: { within: $within, asOf: $asOf }, first: 100) { nodes { code } }
  }`;
  const codes = (data: Record<string, { nodes: { code: string }[] }>, list: string) =>
    data[list]!.nodes.map((node) => node.code).sort();

  it('lists today’s Quảng Ngãi with what belonged to the former 51 and its districts', async () => {
    const today = await platform.data(AGENCIES, { within: '51' });
    expect(codes(today, 'agencies')).toContain('QNG-SLDTBXH');
    // A program of 2023 in the former district of Sơn Hà (529) stays with the territory.
    expect(codes(today, 'trainingPrograms')).toContain('QNG-2023-BD-02');
    const before = await platform.data(AGENCIES, { within: '51', asOf: '2023-12-31' });
    expect(codes(before, 'agencies')).toEqual(codes(today, 'agencies'));
  });

  it('lists nothing of Quảng Ngãi within another province, and nothing within a code not in force', async () => {
    const haNoi = await platform.data(AGENCIES, { within: '01' });
    expect(codes(haNoi, 'agencies')).not.toContain('QNG-SLDTBXH');
    expect(codes(haNoi, 'trainingPrograms')).not.toContain('QNG-2023-BD-02');
    // An anonymous caller gets the public agencies, and no training programs (analysts and up);
    // a day that does not exist is refused.
    const AGENCIES_ONLY = `{ agencies(filter: { within: "51" }, first: 100) { nodes { code } } }`;
    expect(await platform.data(AGENCIES_ONLY, {}, { token: '' })).toEqual(
      await platform.data(AGENCIES_ONLY),
    );
    const programs = await platform.query(AGENCIES, { within: '51' }, { token: '' });
    expect(programs.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(programs.errors?.[0]?.path).toEqual(['trainingPrograms']);
    const badDay = await platform.query(AGENCIES, { within: '51', asOf: '2025-02-30' });
    expect(badDay.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badDay.data ?? null).toBeNull();
    const konTumToday = await platform.data(AGENCIES, { within: '62' });
    expect(codes(konTumToday, 'agencies')).toEqual([]);
    expect(codes(konTumToday, 'trainingPrograms')).toEqual([]);
  });
});
