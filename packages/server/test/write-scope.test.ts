import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, type GraphQLResponse, type TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Records } from './support/own-data.js';

/**
 * An EDITOR writes inside its scope and nowhere else: every mutation the API offers is tried
 * against rows of the scope's parent, of an ancestor, of a sibling and of a cousin, and must
 * be refused with nothing changed; inside the scope, each one succeeds. The tree is made here,
 * on a database of its own:
 *
 *   93 ─┬─ 931 ─┬─ 93101
 *       │       ├─ 93102
 *       │       └─ 93103
 *       └─ 932 ─── 93201
 */
let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;

const PARENTS: Record<string, string | undefined> = {
  '93': undefined,
  '931': '93',
  '932': '93',
  '93101': '931',
  '93102': '931',
  '93103': '931',
  '93201': '932',
};
const level = (code: string) =>
  code.length === 2 ? 'PROVINCE' : code.length === 3 ? 'DISTRICT' : 'COMMUNE';
const TYPES = { PROVINCE: 'PROVINCE', DISTRICT: 'RURAL_DISTRICT', COMMUNE: 'COMMUNE' };

/** Rows of every kind belonging to one locality. */
interface Fixture {
  locality: string;
  official: string;
  position: string;
  agency: string;
  program: string;
  enrollment: string;
  task: string;
  draftValue: string;
  submittedValue: string;
  approvedValue: string;
  /** A draft for the bulk review call, apart from those the one-value mutations act on. */
  batchValue: string;
}
const fixtures: Record<string, Fixture> = {};
let spareOfficial: string;
const agencyCode = (code: string) => `AG-${code}`;
const programCode = (code: string) => `TP-${code}`;
const reference = (code: string) => `REF-${code}`;

async function report(localityCode: string, year: number) {
  const data = await platform.data(
    `mutation ($input: ReportIndicatorValueInput!) { reportIndicatorValue(input: $input) { id } }`,
    { input: { indicatorCode: 'MT1.1', localityCode, year, value: 40, target: 50 } },
  );
  return data.reportIndicatorValue.id as string;
}

async function transition(name: string, id: string, token?: string) {
  const version = await versionOf('indicator_value', id);
  await platform.data(
    `mutation ($id: ID!, $v: Int!) { ${name}(id: $id, version: $v) { id } }`,
    { id, v: version },
    { token },
  );
}

async function makeFixture(code: string): Promise<Fixture> {
  const [locality] = await platform.sql<{ id: number }>(`select id from locality where code = ?`, [
    code,
  ]);
  const official = await records.official({
    fullName: `Cán bộ ${code}`,
    sex: 'FEMALE',
    homeLocalityCode: code,
    reference: reference(code),
  });
  const position = await records.position({
    officialId: official.id,
    localityCode: code,
    startDate: '2022-01-01',
  });
  const agency = await records.agency(agencyCode(code), code);
  const program = await records.trainingProgram(programCode(code), agencyCode(code), code);
  const enrollment = await records.enrollment(programCode(code), official.id);
  const task = await records.task(`TK-${code}`, agencyCode(code));
  const draftValue = await report(code, 2024);
  const submittedValue = await report(code, 2023);
  await transition('submitIndicatorValue', submittedValue);
  const batchValue = await report(code, 2021);
  const approvedValue = await report(code, 2022);
  await transition('submitIndicatorValue', approvedValue);
  // Another person approves what was submitted.
  await transition(
    'approveIndicatorValue',
    approvedValue,
    await signToken({ role: 'ADMIN', sub: 'approver' }),
  );
  return {
    locality: String(locality.id),
    official: official.id,
    position: position.id,
    agency: agency.id,
    program: program.id,
    enrollment: enrollment.id,
    task: task.id,
    draftValue,
    submittedValue,
    approvedValue,
    batchValue,
  };
}

beforeAll(async () => {
  ({ platform, records, stop } = await startOnOwnDatabase('write_scope'));
  await records.strategy(['MT1.1']);
  for (const [code, parent] of Object.entries(PARENTS)) await records.locality(code, parent);
  for (const code of Object.keys(PARENTS)) fixtures[code] = await makeFixture(code);
  // Inside the scope of both editors, and enrolled nowhere: the one new posts and enrolments name.
  spareOfficial = (
    await records.official({ fullName: 'Cán bộ dự phòng', sex: 'MALE', homeLocalityCode: '93101' })
  ).id;
});
afterAll(() => stop?.());

async function versionOf(table: string, id: string): Promise<number> {
  const [row] = await platform.sql<{ version: number }>(
    `select version from ${table} where id = ?`,
    [id],
  );
  return row.version;
}

let serial = 0;
const fresh = (prefix: string) => `${prefix}${++serial}`;

type Attempt = (target: string, token: string, inside: string) => Promise<GraphQLResponse | null>;

/** Runs a mutation on the row of `table` with `id` at its current version. */
const onRow =
  (mutation: string, table: string, input?: (target: string) => unknown) =>
  async (id: string, token: string, target: string) => {
    const variables: Record<string, unknown> = { id, v: await versionOf(table, id) };
    let args = 'id: $id, version: $v';
    let declared = '$id: ID!, $v: Int!';
    if (input) {
      variables.input = input(target);
      const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
      args += ', input: $input';
      declared += `, $input: ${type}!`;
    }
    if (mutation === 'returnIndicatorValue') args += ', reason: "Checked again"';
    return platform.query(`mutation (${declared}) { ${mutation}(${args}) { id } }`, variables, {
      token,
    });
  };

const create =
  (mutation: string, type: string, input: (target: string) => unknown) =>
  (target: string, token: string) =>
    platform.query(
      `mutation ($input: ${type}!) { ${mutation}(input: $input) { id } }`,
      { input: input(target) },
      { token },
    );

/** Every mutation, tried against the rows of `target`. */
const ATTEMPTS: Record<string, Attempt> = {
  createLocality: (target, token) => {
    if (level(target) === 'COMMUNE') return Promise.resolve(null); // nothing lies below a commune
    const childLevel = level(target) === 'PROVINCE' ? 'DISTRICT' : 'COMMUNE';
    const code =
      childLevel === 'DISTRICT'
        ? String(900 + ++serial)
        : `${target}${String(++serial).padStart(2, '0')}`;
    return create('createLocality', 'CreateLocalityInput', () => ({
      code,
      name: `Đơn vị ${code}`,
      shortName: code,
      level: childLevel,
      type: TYPES[childLevel],
      parentCode: target,
      source: 'test',
    }))(target, token);
  },
  updateLocality: (target, token) =>
    onRow('updateLocality', 'locality', () => ({ mountainous: true }))(
      fixtures[target].locality,
      token,
      target,
    ),
  archiveLocality: (target, token) =>
    onRow('archiveLocality', 'locality')(fixtures[target].locality, token, target),
  createOfficial: create('createOfficial', 'CreateOfficialInput', (target) => ({
    fullName: 'Người Mới',
    sex: 'MALE',
    ethnicity: 'Kinh',
    homeLocalityCode: target,
  })),
  updateOfficial: (target, token) =>
    onRow('updateOfficial', 'official', () => ({ birthYear: 1980 }))(
      fixtures[target].official,
      token,
      target,
    ),
  archiveOfficial: (target, token) =>
    onRow('archiveOfficial', 'official')(fixtures[target].official, token, target),
  createPosition: (target, token) =>
    create('createPosition', 'CreatePositionInput', () => ({
      officialId: spareOfficial,
      title: 'Phó Chủ tịch Ủy ban nhân dân',
      organisationKind: 'PEOPLES_COMMITTEE',
      localityCode: target,
      isKeyLeadership: true,
      startDate: '2024-01-01',
    }))(target, token),
  updatePosition: (target, token) =>
    onRow('updatePosition', 'official_position', () => ({ title: 'Bí thư' }))(
      fixtures[target].position,
      token,
      target,
    ),
  archivePosition: (target, token) =>
    onRow('archivePosition', 'official_position')(fixtures[target].position, token, target),
  createAgency: create('createAgency', 'CreateAgencyInput', (target) => ({
    code: fresh(`NEW-${target}-`),
    nameVi: 'Phòng mới',
    nameEn: 'New office',
    kind: 'DEPARTMENT',
    localityCode: target,
  })),
  updateAgency: (target, token) =>
    onRow('updateAgency', 'agency', () => ({ nameEn: 'Renamed' }))(
      fixtures[target].agency,
      token,
      target,
    ),
  archiveAgency: (target, token) =>
    onRow('archiveAgency', 'agency')(fixtures[target].agency, token, target),
  createTrainingProgram: create(
    'createTrainingProgram',
    'CreateTrainingProgramInput',
    (target) => ({
      code: fresh(`NEWTP-${target}-`),
      title: 'Khóa mới',
      kind: 'WORKSHOP',
      organiserCode: agencyCode(target),
      localityCode: target,
      startDate: '2024-06-01',
      endDate: '2024-06-02',
      capacity: 10,
    }),
  ),
  updateTrainingProgram: (target, token) =>
    onRow('updateTrainingProgram', 'training_program', () => ({ capacity: 50 }))(
      fixtures[target].program,
      token,
      target,
    ),
  archiveTrainingProgram: (target, token) =>
    onRow('archiveTrainingProgram', 'training_program')(fixtures[target].program, token, target),
  enrollOfficial: (target, token) =>
    create('enrollOfficial', 'EnrollOfficialInput', () => ({
      programCode: programCode(target),
      officialId: spareOfficial,
    }))(target, token),
  updateEnrollment: (target, token) =>
    onRow('updateEnrollment', 'enrollment', () => ({ status: 'WITHDRAWN' }))(
      fixtures[target].enrollment,
      token,
      target,
    ),
  archiveEnrollment: (target, token) =>
    onRow('archiveEnrollment', 'enrollment')(fixtures[target].enrollment, token, target),
  createTask: create('createTask', 'CreateTaskInput', (target) => ({
    code: fresh(`NEWTK-${target}-`),
    title: 'Nhiệm vụ mới',
    assigneeCode: agencyCode(target),
    source: 'test',
  })),
  updateTask: (target, token) =>
    onRow('updateTask', 'task', () => ({ status: 'IN_PROGRESS' }))(
      fixtures[target].task,
      token,
      target,
    ),
  archiveTask: (target, token) =>
    onRow('archiveTask', 'task')(fixtures[target].task, token, target),
  savePlan: create('savePlan', 'SavePlanInput', (target) => ({
    code: fresh(`PLAN-${target}-`),
    name: 'Kế hoạch',
    localityCode: target,
    startYear: 2024,
    endYear: 2025,
    indicatorCodes: ['MT1.1'],
    targets: [{ indicatorCode: 'MT1.1', year: 2024, value: 50 }],
    source: 'test',
  })),
  reportIndicatorValue: create('reportIndicatorValue', 'ReportIndicatorValueInput', (target) => ({
    indicatorCode: 'MT1.1',
    localityCode: target,
    year: 2025,
    value: 45,
  })),
  reviewIndicatorValues: (target, token) =>
    platform.query(
      `mutation ($input: ReviewIndicatorValuesInput!) { reviewIndicatorValues(input: $input) { changed } }`,
      { input: { action: 'SUBMIT', ids: [fixtures[target].batchValue] } },
      { token },
    ),
  submitIndicatorValue: (target, token) =>
    onRow('submitIndicatorValue', 'indicator_value')(fixtures[target].draftValue, token, target),
  approveIndicatorValue: (target, token) =>
    onRow('approveIndicatorValue', 'indicator_value')(
      fixtures[target].submittedValue,
      token,
      target,
    ),
  returnIndicatorValue: (target, token) =>
    onRow('returnIndicatorValue', 'indicator_value')(fixtures[target].approvedValue, token, target),
  importRecords: async (target, token, inside) => {
    const files: [string, string][] = [
      [
        'LOCALITIES',
        'code,name,short_name,type,level,parent_code,valid_from,valid_to,ethnic_minority_area,mountainous,island,source\n' +
          `${target},Đơn vị ${target} đổi tên,${target},${TYPES[level(target)]},${level(target)},${PARENTS[target] ?? ''},,,,,,test`,
      ],
      [
        'OFFICIALS',
        'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date\n' +
          `${fresh('IMP-')},Người Nhập,MALE,,Kinh,${target},,,,,,,\n` +
          `${reference(target)},Cán bộ ${target} đổi tên,FEMALE,,Kinh,${target},,,,,,,`,
      ],
      [
        'ENROLLMENTS',
        `program_code,official_reference,status,completed_on\n${programCode(target)},${reference(inside)},ENROLLED,`,
      ],
      [
        'AGENCIES',
        `code,name_vi,name_en,kind,locality_code,parent_code\n${agencyCode(target)},Phòng đổi tên,Renamed office,DEPARTMENT,${target},`,
      ],
      [
        'TRAINING_PROGRAMS',
        `code,title,kind,organiser_code,locality_code,start_date,end_date,target_groups,capacity\n${programCode(target)},Lớp đổi tên,TRAINING,${agencyCode(target)},${target},2024-03-01,2024-03-05,,40`,
      ],
      [
        'PLANS',
        `plan_code,plan_name,locality_code,start_year,end_year,indicator_code,target_year,target,source\n${fresh('PL-')},Kế hoạch,${target},2026,2027,MT1.1,2026,50,test`,
      ],
      [
        'INDICATOR_VALUES',
        `indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source\nMT1.1,${target},2026,40,,,,,,test`,
      ],
    ];
    const reports: unknown[] = [];
    for (const [kind, csv] of files) {
      const result = await platform.query(
        `mutation ($kind: ImportKind!, $csv: String!) { importRecords(kind: $kind, csv: $csv) { kind applied problems { reason } } }`,
        { kind, csv },
        { token },
      );
      if (result.errors) return result;
      reports.push(result.data!.importRecords);
    }
    return { data: { importRecords: reports } };
  },
};

function expectRefused(name: string, target: string, result: GraphQLResponse) {
  const label = `${name} at ${target}`;
  if (name === 'importRecords') {
    expect(result.errors, label).toBeUndefined();
    const reports = result.data!.importRecords as {
      kind: string;
      applied: boolean;
      problems: { reason: string }[];
    }[];
    for (const report of reports) {
      expect(report.applied, `${label} ${report.kind}`).toBe(false);
      expect(
        report.problems.map((p) => p.reason),
        `${label} ${report.kind}`,
      ).toContainEqual(expect.stringMatching(/^is outside the scope/));
    }
    return;
  }
  expect(result.data ?? null, label).toBeNull();
  // Refused as forbidden, or as a row out of the caller's reach; never for another reason.
  expect(['FORBIDDEN', 'NOT_FOUND'], `${label}: ${result.errors?.[0].message}`).toContain(
    result.errors?.[0].extensions?.code,
  );
}

describe('an editor writes inside its scope only', () => {
  it('tries every mutation of the API', async () => {
    const data = await platform.data(`{ __schema { mutationType { fields { name } } } }`);
    const mutations = data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(Object.keys(ATTEMPTS).sort()).toEqual([...mutations].sort());
  });

  describe.each([
    {
      scope: '931',
      outside: { parent: '93', sibling: '932', 'sibling’s commune': '93201' },
    },
    {
      scope: '93101',
      outside: { parent: '931', ancestor: '93', sibling: '93102' },
    },
  ])('an EDITOR of $scope', ({ scope, outside }) => {
    for (const [relation, target] of Object.entries(outside)) {
      it(`is refused every write at its ${relation} (${target}), and nothing changes`, async () => {
        const token = await signToken({ role: 'EDITOR', scope, sub: `editor-${scope}` });
        const before = await platform.fingerprint();
        let tried = 0;
        for (const [name, attempt] of Object.entries(ATTEMPTS)) {
          const result = await attempt(target, token, scope === '931' ? '93103' : scope);
          if (result === null) continue;
          tried++;
          expectRefused(name, target, result);
        }
        expect(tried).toBeGreaterThanOrEqual(Object.keys(ATTEMPTS).length - 1);
        expect(await platform.fingerprint()).toBe(before);
      });
    }
  });

  it('refuses an imported official living outside the scope, even with a post inside', async () => {
    const token = await signToken({ role: 'EDITOR', scope: '931', sub: 'editor-931' });
    const before = await platform.fingerprint();
    const header =
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date';
    for (const row of [
      // A new official living in the province, posted to a commune of the scope.
      `NEW-HOME-93,Người Tỉnh,MALE,,Kinh,93,Phó Chủ tịch,PEOPLES_COMMITTEE,93101,,true,2024-01-01,`,
      // The province's own official, renamed through a post inside the scope.
      `${reference('93')},Cán bộ tỉnh đổi tên,FEMALE,,Kinh,93,Phó Chủ tịch,PEOPLES_COMMITTEE,93101,,true,2024-01-01,`,
    ]) {
      const result = await platform.query(
        `mutation ($csv: String!) { importRecords(kind: OFFICIALS, csv: $csv) { applied problems { reason } } }`,
        { csv: `${header}\n${row}` },
        { token },
      );
      expect(result.errors, row).toBeUndefined();
      expect(result.data!.importRecords, row).toMatchObject({
        applied: false,
        problems: expect.arrayContaining([
          { reason: expect.stringMatching(/^is outside the scope/) },
        ]),
      });
    }
    expect(await platform.fingerprint()).toBe(before);
  });

  it('lets an EDITOR of 931 make each write inside (commune 93103)', async () => {
    const token = await signToken({ role: 'EDITOR', scope: '931', sub: 'editor-931' });
    // Archives last, so that the other writes still find live rows.
    const names = Object.keys(ATTEMPTS).sort(
      (a, b) => Number(a.startsWith('archive')) - Number(b.startsWith('archive')),
    );
    for (const name of names) {
      // A new unit is made under the district; the rest act on the commune's rows.
      const target = name === 'createLocality' ? '931' : '93103';
      const result = await ATTEMPTS[name](target, token, '93103');
      expect(result, name).not.toBeNull();
      expect(result!.errors, `${name}: ${JSON.stringify(result!.errors)}`).toBeUndefined();
      if (name === 'importRecords') {
        for (const report of result!.data!.importRecords as { applied: boolean }[])
          expect(report, name).toMatchObject({ applied: true });
      }
    }
  });
});
