import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm } from '../src/database/orm.js';
import { seedDemoData } from '../src/seed/seed.js';
import { TestPlatform } from './support/platform.js';
import { createScratchDatabase } from './support/scratch-database.js';

/**
 * Exact trainingParticipation tables are counted from tallies that triggers keep. After every
 * kind of write and import that moves an enrolment between cells, each table must still equal
 * the count over the enrolments themselves, computed here in plain SQL: a tally left stale by
 * any write fails this.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let platform: TestPlatform;

beforeAll(async () => {
  scratch = await createScratchDatabase('training-tallies');
  const orm = await openOrm(scratch.url);
  await seedDemoData(orm);
  await orm.close(true);
  platform = await TestPlatform.start(scratch.url);
});
afterAll(async () => {
  await platform?.stop();
  await scratch?.drop();
});

const DIMENSIONS = {
  YEAR: 'year',
  PROGRAM_KIND: 'programKind',
  SEX: 'sex',
  ETHNICITY_GROUP: 'ethnicityGroup',
  ETHNIC_MINORITY_AREA: 'ethnicMinorityArea',
  MOUNTAINOUS: 'mountainous',
  ISLAND: 'island',
  LOCALITY: 'localityId',
} as const;
type Dimension = keyof typeof DIMENSIONS;

/** Groupings and scopes checked after each write: national tallies, tallies by place, within. */
const TABLES: { groupBy: Dimension[]; within?: string }[] = [
  { groupBy: ['SEX', 'YEAR'] },
  { groupBy: ['ETHNICITY_GROUP', 'PROGRAM_KIND'] },
  { groupBy: ['LOCALITY', 'SEX'] },
  { groupBy: ['ETHNIC_MINORITY_AREA', 'MOUNTAINOUS', 'ISLAND'] },
  { groupBy: ['SEX', 'ETHNICITY_GROUP'], within: '51' },
  { groupBy: ['YEAR'], within: '529' },
];

interface Cell {
  key: string;
  enrollments: number;
  completions: number;
  withdrawals: number;
}

/** The table as counted from the live enrolments of live officials, one row at a time. */
async function countedFromRows(groupBy: Dimension[], within?: string): Promise<Cell[]> {
  const rows = await platform.sql<Record<string, unknown> & { status: string }>(
    `select e.status, extract(year from tp.start_date)::int as "year", tp.kind as "programKind",
        o.sex, case when o.ethnicity = 'Kinh' then 'KINH' else 'ETHNIC_MINORITY' end as "ethnicityGroup",
        coalesce(l.ethnic_minority_area, false) as "ethnicMinorityArea",
        coalesce(l.mountainous, false) as mountainous, coalesce(l.island, false) as island,
        l.id::text as "localityId",
        exists (select 1 from locality r where r.code = ? and l.path like r.path || '%'
          and (r.valid_from is null or r.valid_from <= current_date)
          and (r.valid_to is null or r.valid_to > current_date)) as inside
     from enrollment e join training_program tp on tp.id = e.program_id
       join official o on o.id = e.official_id left join locality l on l.id = o.home_locality_id
     where e.archived_at is null and tp.archived_at is null and o.archived_at is null`,
    [within ?? ''],
  );
  const cells = new Map<string, Cell>();
  for (const row of rows) {
    if (within != null && !row.inside) continue;
    const key = groupBy.map((dimension) => String(row[DIMENSIONS[dimension]])).join('|');
    const cell = cells.get(key) ?? { key, enrollments: 0, completions: 0, withdrawals: 0 };
    cell.enrollments += 1;
    if (row.status === 'COMPLETED') cell.completions += 1;
    if (row.status === 'WITHDRAWN') cell.withdrawals += 1;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.key.localeCompare(b.key));
}

async function expectExactTables(when: string): Promise<void> {
  for (const { groupBy, within } of TABLES) {
    const fields = groupBy
      .map((dimension) => (dimension === 'LOCALITY' ? 'locality { id }' : DIMENSIONS[dimension]))
      .join(' ');
    const data = await platform.data(
      `query ($groupBy: [TrainingDimension!]!, $filter: TrainingParticipationFilter) {
        trainingParticipation(groupBy: $groupBy, filter: $filter, options: { minCount: 0 }) {
          enrollments perturbed threshold suppressedGroups groups { ${fields} enrollments completions withdrawals } } }`,
      { groupBy, filter: within ? { within } : null },
    );
    const table = data.trainingParticipation;
    expect(table.perturbed).toBe(false);
    const shown: Cell[] = table.groups
      .map((group: Record<string, unknown>) => ({
        key: groupBy
          .map((dimension) =>
            dimension === 'LOCALITY'
              ? String((group.locality as { id: string } | null)?.id ?? null)
              : String(group[DIMENSIONS[dimension]]),
          )
          .join('|'),
        enrollments: group.enrollments,
        completions: group.completions,
        withdrawals: group.withdrawals,
      }))
      .sort((a: Cell, b: Cell) => a.key.localeCompare(b.key));
    const expected = await countedFromRows(groupBy, within);
    const label = `${when}: ${groupBy.join(', ')}${within ? ` within ${within}` : ''}`;
    // Cells under the threshold are suppressed, as from the enrolments themselves.
    expect(shown, label).toEqual(expected.filter((cell) => cell.enrollments >= table.threshold));
    expect(table.suppressedGroups, label).toBe(
      expected.filter((cell) => cell.enrollments < table.threshold).length,
    );
    expect(table.enrollments, label).toBe(
      expected.reduce((sum, cell) => sum + cell.enrollments, 0),
    );
  }
}

describe('trainingParticipation counted from the tallies', () => {
  it('equals the count over the enrolments after writes and imports of every kind', async () => {
    await expectExactTables('as seeded');

    // A new official, at home in a mountain commune, enrolled and then completing.
    const [{ code: commune }] = await platform.sql<{ code: string }>(
      `select code from locality where level = 'COMMUNE' and archived_at is null
         and mountainous order by code limit 1`,
    );
    const official = (
      await platform.data(
        `mutation ($input: CreateOfficialInput!) { createOfficial(input: $input) { id version } }`,
        {
          input: {
            fullName: 'Đinh Thị Tổng',
            sex: 'FEMALE',
            ethnicity: 'Hrê',
            homeLocalityCode: commune,
            reference: 'TALLY-1',
          },
        },
      )
    ).createOfficial;
    const enrollment = (
      await platform.data(
        `mutation ($input: EnrollOfficialInput!) { enrollOfficial(input: $input) { id version } }`,
        { input: { officialId: official.id, programCode: 'QNG-2023-BD-02' } },
      )
    ).enrollOfficial;
    await expectExactTables('after enrolling');
    const completed = (
      await platform.data(
        `mutation ($id: ID!, $v: Int!) { updateEnrollment(id: $id, version: $v,
           input: { status: COMPLETED, completedOn: "2023-06-16" }) { id version } }`,
        { id: enrollment.id, v: enrollment.version },
      )
    ).updateEnrollment;
    await expectExactTables('after completing');

    // The official's own fields move every enrolment of theirs.
    const moved = (
      await platform.data(
        `mutation ($id: ID!, $v: Int!) { updateOfficial(id: $id, version: $v,
           input: { sex: MALE, ethnicity: "Kinh", homeLocalityCode: "51" }) { id version } }`,
        { id: official.id, v: official.version },
      )
    ).updateOfficial;
    await expectExactTables('after changing the official');

    // Imports: enrolments of an imported official, then the officials file changing them.
    const [{ reference }] = await platform.sql<{ reference: string }>(
      `select o.reference from official o join enrollment e on e.official_id = o.id
       where o.reference is not null and o.archived_at is null and e.archived_at is null
       order by o.id limit 1`,
    );
    await importFile(
      'OFFICIALS',
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date\n' +
        `TALLY-2,Hà Văn Nhập,MALE,1980,Cor,${commune},,,,,,,`,
    );
    await importFile(
      'ENROLLMENTS',
      'program_code,official_reference,status,completed_on\n' +
        'QNG-2023-BD-01,TALLY-2,WITHDRAWN,\nQNG-2023-BD-01,TALLY-1,ENROLLED,',
    );
    await expectExactTables('after importing enrolments');
    const [existing] = await platform.sql<{
      full_name: string;
      birth_year: number | null;
      sex: string;
    }>(`select o.full_name, o.birth_year, o.sex from official o where o.reference = ?`, [
      reference,
    ]);
    await importFile(
      'OFFICIALS',
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date\n' +
        `${reference},${existing.full_name},${existing.sex === 'MALE' ? 'FEMALE' : 'MALE'},${existing.birth_year ?? ''},Cor,${commune},,,,,,,`,
    );
    await expectExactTables('after importing officials');

    // Archiving an enrolment, and an official with enrolments, takes them out.
    await platform.data(
      `mutation ($id: ID!, $v: Int!) { archiveEnrollment(id: $id, version: $v) { archivedAt } }`,
      { id: completed.id, v: completed.version },
    );
    await expectExactTables('after archiving an enrolment');
    await platform.data(
      `mutation ($id: ID!, $v: Int!) { archiveOfficial(id: $id, version: $v) { archivedAt } }`,
      { id: moved.id, v: moved.version },
    );
    await expectExactTables('after archiving an official');
  });
});

const IMPORT = `mutation ($kind: ImportKind!, $csv: String!) {
  importRecords(kind: $kind, csv: $csv) { applied problems { line column value reason } } }`;

async function importFile(kind: string, csv: string): Promise<void> {
  const result = await platform.data(IMPORT, { kind, csv });
  expect(result.importRecords.problems).toEqual([]);
  expect(result.importRecords.applied).toBe(true);
}
