import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

/** Writes run on a database of their own, seeded, so the shared one stays as published. */
let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
let platform: TestPlatform;
let admin: string;
let sonHaEditor: string;
let provinceEditor: string;
let analyst: string;

beforeAll(async () => {
  scratch = await createSeededDatabase('writes');
  platform = await TestPlatform.start(scratch.url);
  admin = await signToken({ role: 'ADMIN', sub: 'admin@test' });
  sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha@test' });
  provinceEditor = await signToken({ role: 'EDITOR', scope: '51', sub: 'province@test' });
  analyst = await signToken({ role: 'ANALYST', sub: 'analyst@test' });
});
afterAll(async () => {
  await platform?.stop();
  await scratch?.drop();
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await platform.sql<{ n: string }>(sql, params))[0].n);

async function mutate(query: string, variables: Record<string, unknown>, token: string) {
  return platform.query(query, variables, { token });
}

const REPORT = `mutation ($input: ReportIndicatorValueInput!, $key: String) {
  reportIndicatorValue(input: $input, idempotencyKey: $key) { id version value status approvalStatus year locality { code } }
}`;

describe('reporting indicator values and approving them', () => {
  it('reports a DRAFT that aggregates ignore until it is approved', async () => {
    const attainment = `{ indicatorAttainment(year: 2024, localityCode: "529") { tracked met noData } }`;
    const before = (await platform.data(attainment)).indicatorAttainment;
    expect(before.met).toBe(0);

    const reported = await mutate(
      REPORT,
      {
        input: {
          indicatorCode: 'MT6.1',
          localityCode: '529',
          year: 2024,
          value: 70,
          target: 60,
          numerator: 70,
          denominator: 100,
        },
      },
      sonHaEditor,
    );
    const value = reported.data!.reportIndicatorValue;
    expect(value).toMatchObject({ version: 1, value: 70, status: 'MET', approvalStatus: 'DRAFT' });
    expect((await platform.data(attainment)).indicatorAttainment.met).toBe(0);

    const submitted = await mutate(
      `mutation ($id: ID!, $v: Int!) { submitIndicatorValue(id: $id, version: $v) { version approvalStatus } }`,
      { id: value.id, v: 1 },
      sonHaEditor,
    );
    expect(submitted.data!.submitIndicatorValue).toEqual({
      version: 2,
      approvalStatus: 'SUBMITTED',
    });
    expect(
      (
        await platform.data(
          attainment
            .replace('{ tracked', '(includeSubmitted: true) { tracked')
            .replace(
              'localityCode: "529") (includeSubmitted: true)',
              'localityCode: "529", includeSubmitted: true)',
            ),
        )
      ).indicatorAttainment.met,
    ).toBe(1);

    // The district's own editor does not reach the value for approval (the answer a missing id
    // gets); the province's does.
    const selfApproval = await mutate(
      `mutation ($id: ID!, $v: Int!) { approveIndicatorValue(id: $id, version: $v) { approvalStatus } }`,
      { id: value.id, v: 2 },
      sonHaEditor,
    );
    expect(selfApproval.errors![0].extensions!.code).toBe('NOT_FOUND');
    const approved = await mutate(
      `mutation ($id: ID!, $v: Int!) { approveIndicatorValue(id: $id, version: $v) { version approvalStatus } }`,
      { id: value.id, v: 2 },
      provinceEditor,
    );
    expect(approved.data!.approveIndicatorValue).toEqual({
      version: 3,
      approvalStatus: 'APPROVED',
    });
    expect((await platform.data(attainment)).indicatorAttainment.met).toBe(1);

    const returned = await mutate(
      `mutation ($id: ID!, $v: Int!) { returnIndicatorValue(id: $id, version: $v, reason: "Numerator double-counts a commune") { approvalStatus returnedReason } }`,
      { id: value.id, v: 3 },
      admin,
    );
    expect(returned.data!.returnIndicatorValue).toEqual({
      approvalStatus: 'DRAFT',
      returnedReason: 'Numerator double-counts a commune',
    });
    expect((await platform.data(attainment)).indicatorAttainment.met).toBe(0);

    const trail = await platform.data(
      `query ($id: ID!) { auditTrail(entity: INDICATOR_VALUE, id: $id) { totalCount nodes { action actor before after note } } }`,
      { id: value.id },
      { token: admin },
    );
    expect(trail.auditTrail.nodes.map((e: { action: string }) => e.action)).toEqual([
      'RETURN',
      'APPROVE',
      'SUBMIT',
      'CREATE',
    ]);
    const [latest, , , created] = trail.auditTrail.nodes;
    expect(created).toMatchObject({ actor: 'token:son-ha@test', before: null });
    // numeric columns keep their exact decimal text in the trail
    expect(created.after).toMatchObject({ approval_status: 'DRAFT', value: '70' });
    expect(latest.before).toMatchObject({ approval_status: 'APPROVED' });
    expect(latest.after).toMatchObject({ approval_status: 'DRAFT' });
    expect(latest.note).toBe('Numerator double-counts a commune');
  });

  it('refuses a transition the state does not allow', async () => {
    const reported = await mutate(
      REPORT,
      { input: { indicatorCode: 'MT6.2', localityCode: '529', year: 2024, value: 10 } },
      sonHaEditor,
    );
    const { id } = reported.data!.reportIndicatorValue;
    const approve = await mutate(
      `mutation ($id: ID!) { approveIndicatorValue(id: $id, version: 1) { approvalStatus } }`,
      { id },
      admin,
    );
    expect(approve.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(approve.errors![0].message).toContain('only a SUBMITTED value can be approved');
  });

  it('names every bad field at once and writes nothing', async () => {
    const before = await count('select count(*) as n from indicator_value');
    const auditBefore = await count('select count(*) as n from audit_event');
    const result = await mutate(
      REPORT,
      {
        input: {
          indicatorCode: 'MT2.1',
          localityCode: '529',
          year: 2019,
          value: 140,
          numerator: 3,
          disaggregation: 'Sex=F',
        },
      },
      sonHaEditor,
    );
    const fields = (result.errors![0].extensions!.fields as { field: string }[])
      .map((f) => f.field)
      .sort();
    expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(fields).toEqual(['denominator', 'disaggregation', 'value', 'year']);
    expect(await count('select count(*) as n from indicator_value')).toBe(before);
    expect(await count('select count(*) as n from audit_event')).toBe(auditBefore);
  });

  it('checks each unit and the fraction', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ indicatorCode: 'NOPE', localityCode: '529', year: 2024, value: 1 }, 'indicatorCode'],
      [{ indicatorCode: 'MT2.1', localityCode: '00000', year: 2024, value: 1 }, 'localityCode'],
      [{ indicatorCode: 'MT4.2', localityCode: '529', year: 2024, value: -3 }, 'value'],
      [
        {
          indicatorCode: 'MT2.1',
          localityCode: '529',
          year: 2024,
          value: 50,
          numerator: 1,
          denominator: 4,
        },
        'value',
      ],
      [
        {
          indicatorCode: 'MT2.1',
          localityCode: '529',
          year: 2024,
          value: 50,
          numerator: 1,
          denominator: 0,
        },
        'denominator',
      ],
      [{ indicatorCode: 'MT2.1', localityCode: '529', year: 2031, value: 50 }, 'year'],
    ];
    for (const [input, field] of cases) {
      const result = await mutate(REPORT, { input }, sonHaEditor);
      expect(result.errors?.[0].extensions, JSON.stringify(input)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
  });

  it('replaces a value by its natural key, and a stale version is a conflict', async () => {
    const input = { indicatorCode: 'MT1.2', localityCode: '529', year: 2022, value: 20 };
    const first = (await mutate(REPORT, { input }, sonHaEditor)).data!.reportIndicatorValue;
    const second = (
      await mutate(REPORT, { input: { ...input, value: 25, version: 1 } }, sonHaEditor)
    ).data!.reportIndicatorValue;
    expect(second).toMatchObject({ id: first.id, version: 2, value: 25 });
    const stale = await mutate(REPORT, { input: { ...input, value: 30, version: 1 } }, sonHaEditor);
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const [row] = await platform.sql<{ value: string }>(
      'select value from indicator_value where id = ?',
      [first.id],
    );
    expect(Number(row.value)).toBe(25);
  });
});

const OFFICIAL = `mutation ($input: CreateOfficialInput!, $key: String) {
  createOfficial(input: $input, idempotencyKey: $key) { id version fullName homeLocality { code } }
}`;

describe('records: create, update, archive', () => {
  it('creates, updates with the current version and archives every kind of record', async () => {
    const created = async (mutation: string, input: Record<string, unknown>) => {
      const result = await mutate(mutation, { input }, sonHaEditor);
      expect(result.errors, mutation).toBeUndefined();
      return Object.values(result.data!)[0] as { id: string; version: number };
    };
    const official = await created(OFFICIAL, {
      fullName: 'Đinh Thị Thử',
      sex: 'FEMALE',
      ethnicity: 'Hrê',
      birthYear: 1988,
      homeLocalityCode: '21295',
    });
    const records = [
      ['Official', official],
      [
        'Position',
        await created(
          `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { id version } }`,
          {
            officialId: official.id,
            title: 'Phó Chủ tịch Ủy ban nhân dân',
            organisationKind: 'PEOPLES_COMMITTEE',
            localityCode: '21295',
            isKeyLeadership: true,
            startDate: '2024-01-01',
          },
        ),
      ],
      [
        'Agency',
        await created(
          `mutation ($input: CreateAgencyInput!) { createAgency(input: $input) { id version } }`,
          {
            code: 'SH-PNV',
            nameVi: 'Phòng Nội vụ huyện Sơn Hà',
            nameEn: 'Sơn Hà Home Affairs Office',
            kind: 'DEPARTMENT',
            localityCode: '529',
          },
        ),
      ],
      [
        'TrainingProgram',
        await created(
          `mutation ($input: CreateTrainingProgramInput!) { createTrainingProgram(input: $input) { id version } }`,
          {
            code: 'SH-2024-01',
            title: 'Tập huấn bình đẳng giới',
            kind: 'WORKSHOP',
            organiserCode: 'SH-PNV',
            localityCode: '529',
            startDate: '2024-05-01',
            endDate: '2024-05-02',
            targetGroups: ['FEMALE_OFFICIALS'],
            capacity: 30,
          },
        ),
      ],
      [
        'Task',
        await created(
          `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id version } }`,
          {
            code: 'SH-2024-T1',
            title: 'Báo cáo kết quả 2024',
            assigneeCode: 'SH-PNV',
            dueDate: '2024-12-15',
            source: 'test',
          },
        ),
      ],
      [
        'Locality',
        await created(
          `mutation ($input: CreateLocalityInput!) { createLocality(input: $input) { id version } }`,
          {
            code: '99901',
            name: 'Xã Thử Nghiệm',
            shortName: 'Thử Nghiệm',
            type: 'COMMUNE',
            level: 'COMMUNE',
            parentCode: '529',
            validFrom: '2024-01-01',
            validTo: '2025-07-01',
            source: 'test',
          },
        ),
      ],
    ] as const;
    const enrollment = await created(
      `mutation ($input: EnrollOfficialInput!) { enrollOfficial(input: $input) { id version } }`,
      { programCode: 'SH-2024-01', officialId: official.id },
    );

    const patches: Record<string, Record<string, unknown>> = {
      Official: { birthYear: 1989 },
      Position: { endDate: '2024-12-31' },
      Agency: { nameEn: 'Sơn Hà Office of Home Affairs' },
      TrainingProgram: { capacity: 40 },
      Task: { status: 'IN_PROGRESS' },
      Locality: { mountainous: true },
    };
    for (const [name, record] of records) {
      const updated = await mutate(
        `mutation ($id: ID!, $v: Int!, $input: Update${name}Input!) { update${name}(id: $id, version: $v, input: $input) { version } }`,
        { id: record.id, v: record.version, input: patches[name] },
        sonHaEditor,
      );
      expect(updated.data, name).toEqual({ [`update${name}`]: { version: 2 } });
    }
    const completed = await mutate(
      `mutation ($id: ID!) { updateEnrollment(id: $id, version: 1, input: { status: COMPLETED, completedOn: "2024-05-02" }) { status version } }`,
      { id: enrollment.id },
      sonHaEditor,
    );
    expect(completed.data!.updateEnrollment).toEqual({ status: 'COMPLETED', version: 2 });

    for (const [name, record] of [...records, ['Enrollment', enrollment] as const].reverse()) {
      const archived = await mutate(
        `mutation ($id: ID!) { archive${name}(id: $id, version: 2) { archivedAt version } }`,
        { id: record.id },
        sonHaEditor,
      );
      expect(archived.errors, name).toBeUndefined();
      expect(Object.values(archived.data!)[0]).toMatchObject({ version: 3 });
      expect((Object.values(archived.data!)[0] as { archivedAt: string }).archivedAt).toBeTruthy();
    }
    // Archived rows leave lists, stay reachable by id, and come back on request.
    const lists = await platform.data(
      `query ($id: ID!) {
        live: officials(filter: { search: "Đinh Thị Thử" }) { totalCount }
        all: officials(filter: { search: "Đinh Thị Thử", includeArchived: true }) { totalCount }
        official(id: $id) { archivedAt }
        agencies(filter: { search: "Son Ha Office" }) { totalCount }
      }`,
      { id: official.id },
      { token: admin },
    );
    expect(lists).toMatchObject({
      live: { totalCount: 0 },
      all: { totalCount: 1 },
      agencies: { totalCount: 0 },
    });
    expect(lists.official.archivedAt).toBeTruthy();
    const edit = await mutate(
      `mutation ($id: ID!) { updateOfficial(id: $id, version: 3, input: { birthYear: 1990 }) { version } }`,
      { id: official.id },
      sonHaEditor,
    );
    expect(edit.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('rejects a stale version and leaves the row as it was', async () => {
    const official = (
      await mutate(
        OFFICIAL,
        {
          input: {
            fullName: 'Phạm Văn Xung',
            sex: 'MALE',
            ethnicity: 'Hrê',
            homeLocalityCode: '529',
          },
        },
        sonHaEditor,
      )
    ).data!.createOfficial;
    const update = `mutation ($id: ID!, $v: Int!, $name: String!) { updateOfficial(id: $id, version: $v, input: { fullName: $name }) { version fullName } }`;
    expect(
      (await mutate(update, { id: official.id, v: 1, name: 'Phạm Văn Xuân' }, sonHaEditor)).data!
        .updateOfficial,
    ).toEqual({ version: 2, fullName: 'Phạm Văn Xuân' });
    const stale = await mutate(
      update,
      { id: official.id, v: 1, name: 'Phạm Văn Xung' },
      sonHaEditor,
    );
    expect(stale.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'version',
      currentVersion: 2,
    });
    const [row] = await platform.sql<{ full_name: string; version: number }>(
      'select full_name, version from official where id = ?',
      [official.id],
    );
    expect(row).toEqual({ full_name: 'Phạm Văn Xuân', version: 2 });
  });

  it('returns the first result for a retried create, and refuses the key for another payload', async () => {
    const input = {
      fullName: 'Hồ Thị Lặp',
      sex: 'FEMALE',
      ethnicity: 'Cor',
      homeLocalityCode: '529',
    };
    const first = (await mutate(OFFICIAL, { input, key: 'retry-key-0001' }, sonHaEditor)).data!
      .createOfficial;
    const retry = (await mutate(OFFICIAL, { input, key: 'retry-key-0001' }, sonHaEditor)).data!
      .createOfficial;
    expect(retry.id).toBe(first.id);
    expect(await count(`select count(*) as n from official where full_name = 'Hồ Thị Lặp'`)).toBe(
      1,
    );
    const reuse = await mutate(
      OFFICIAL,
      { input: { ...input, birthYear: 1990 }, key: 'retry-key-0001' },
      sonHaEditor,
    );
    expect(reuse.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'idempotencyKey',
    });
  });

  it('rolls back a create that fails halfway: no row, no audit, no spent key', async () => {
    await mutate(
      OFFICIAL,
      {
        input: {
          fullName: 'Lê Văn Một',
          sex: 'MALE',
          ethnicity: 'Kinh',
          homeLocalityCode: '529',
          reference: 'HR-TAKEN-1',
        },
      },
      sonHaEditor,
    );
    const officials = await count('select count(*) as n from official');
    const audits = await count('select count(*) as n from audit_event');
    // Passes the edge checks, then meets the unique reference in the database.
    const clash = await mutate(
      OFFICIAL,
      {
        input: {
          fullName: 'Lê Văn Hai',
          sex: 'MALE',
          ethnicity: 'Kinh',
          homeLocalityCode: '529',
          reference: 'HR-TAKEN-1',
        },
        key: 'halfway-key-1',
      },
      sonHaEditor,
    );
    expect(clash.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reference',
    });
    expect(await count('select count(*) as n from official')).toBe(officials);
    expect(await count('select count(*) as n from audit_event')).toBe(audits);
    // The key was not spent: the same caller may use it for a request that succeeds.
    const retried = await mutate(
      OFFICIAL,
      {
        input: {
          fullName: 'Lê Văn Hai',
          sex: 'MALE',
          ethnicity: 'Kinh',
          homeLocalityCode: '529',
          reference: 'HR-FREE-1',
        },
        key: 'halfway-key-1',
      },
      sonHaEditor,
    );
    expect(retried.errors).toBeUndefined();
  });

  it("keeps each caller's idempotency keys its own: another caller neither replays nor probes them", async () => {
    const input = {
      fullName: 'Đinh Thị Khóa',
      sex: 'FEMALE',
      ethnicity: 'Hrê',
      homeLocalityCode: '529',
    };
    const mine = (await mutate(OFFICIAL, { input, key: 'shared-key-0001' }, sonHaEditor)).data!
      .createOfficial;
    // The same key and payload from someone else is a request of their own, not a replay.
    const theirs = await mutate(OFFICIAL, { input, key: 'shared-key-0001' }, provinceEditor);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.createOfficial.id).not.toBe(mine.id);
    // Another payload under the key is not refused either: nothing tells them the key was used.
    const other = await mutate(
      OFFICIAL,
      { input: { ...input, fullName: 'Đinh Văn Khác' }, key: 'shared-key-0001' },
      admin,
    );
    expect(other.errors).toBeUndefined();
  });

  it('validates records at the edge with every problem named', async () => {
    const result = await mutate(
      `mutation ($input: CreateTrainingProgramInput!) { createTrainingProgram(input: $input) { id } }`,
      {
        input: {
          code: 'bad code',
          title: ' ',
          kind: 'WORKSHOP',
          organiserCode: 'NOPE',
          localityCode: '529',
          startDate: '2024-05-02',
          endDate: '2024-05-01',
          capacity: 0,
        },
      },
      sonHaEditor,
    );
    const fields = (result.errors![0].extensions!.fields as { field: string }[])
      .map((f) => f.field)
      .sort();
    expect(fields).toEqual(['capacity', 'code', 'endDate', 'organiserCode', 'title']);
  });

  it('checks the codes of agencies, programs and tasks by one rule, each with its own length', async () => {
    const codeProblems = async (kind: string, input: Record<string, unknown>) => {
      const result = await mutate(
        `mutation ($input: Create${kind}Input!) { create${kind}(input: $input) { id } }`,
        { input },
        admin,
      );
      expect(result.errors?.[0]?.message).toMatch(/^Invalid input/);
      return (result.errors![0].extensions!.fields as { field: string; reason: string }[])
        .filter((problem) => problem.field === 'code')
        .map((problem) => problem.reason);
    };
    const refused = ['must be upper-case letters, digits and dashes'];
    const agency = { nameVi: 'Phòng thử', nameEn: 'Test office', kind: 'DEPARTMENT' };
    // Agency codes stop at 40 characters, program and task codes at 60.
    expect(
      await codeProblems('Agency', { ...agency, code: 'A'.repeat(41), localityCode: '529' }),
    ).toEqual(refused);
    expect(
      await codeProblems('Agency', { ...agency, code: 'sh-pnv', localityCode: '529' }),
    ).toEqual(refused);
    const program = {
      title: 'Thử',
      kind: 'WORKSHOP',
      localityCode: '529',
      startDate: '2024-05-01',
      endDate: '2024-04-01',
      capacity: 10,
      organiserCode: 'NOPE',
    };
    expect(await codeProblems('TrainingProgram', { ...program, code: 'P'.repeat(60) })).toEqual([]);
    expect(await codeProblems('TrainingProgram', { ...program, code: 'P'.repeat(61) })).toEqual(
      refused,
    );
    const task = { title: 'Thử', assigneeCode: 'NOPE', source: 'test' };
    expect(await codeProblems('Task', { ...task, code: "T'; drop table task; --" })).toEqual(
      refused,
    );
    expect(await codeProblems('Task', { ...task, code: 'T' })).toEqual(refused);
  });
});

describe('who may write', () => {
  const POSITION = `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { id version locality { code } } }`;
  const postIn = (officialId: string, localityCode: string) => ({
    officialId,
    title: 'Công chức Văn phòng – Thống kê',
    organisationKind: 'PEOPLES_COMMITTEE',
    localityCode,
    isKeyLeadership: false,
    startDate: '2024-02-01',
  });

  it('lets an editor write inside the scope only, and a refused write changes nothing', async () => {
    // An official of the editor's scope: posts may be given only to officials it reaches.
    const [official] = await platform.sql<{ id: number }>(
      `select o.id from official o join locality l on l.id = o.home_locality_id
        join locality d on l.path like d.path || '%' where d.code = '529' order by o.id limit 1`,
    );
    const positions = await count('select count(*) as n from official_position');
    const inside = await mutate(
      POSITION,
      { input: postIn(String(official.id), '21295') },
      sonHaEditor,
    );
    expect(inside.data!.createPosition.locality.code).toBe('21295');

    const [otherCommune] = await platform.sql<{ code: string }>(
      `select c.code from locality c join locality d on d.id = c.parent_id where d.code = '525' limit 1`,
    );
    const outside = await mutate(
      POSITION,
      { input: postIn(String(official.id), otherCommune.code) },
      sonHaEditor,
    );
    expect(outside.errors![0].extensions!.code).toBe('FORBIDDEN');

    const moveOut = await mutate(
      `mutation ($id: ID!, $code: String!) { updatePosition(id: $id, version: 1, input: { localityCode: $code }) { id } }`,
      { id: inside.data!.createPosition.id, code: otherCommune.code },
      sonHaEditor,
    );
    expect(moveOut.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await count('select count(*) as n from official_position')).toBe(positions + 1);
    const [row] = await platform.sql<{ code: string; version: number }>(
      'select l.code, p.version from official_position p join locality l on l.id = p.locality_id where p.id = ?',
      [inside.data!.createPosition.id],
    );
    expect(row).toEqual({ code: '21295', version: 1 });
  });

  it('refuses anonymous callers and analysts', async () => {
    const anonymous = await platform.query(
      OFFICIAL,
      { input: { fullName: 'Ẩn Danh', sex: 'MALE', ethnicity: 'Kinh' } },
      { token: '' },
    );
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const byAnalyst = await mutate(
      OFFICIAL,
      { input: { fullName: 'Phân Tích', sex: 'MALE', ethnicity: 'Kinh' } },
      analyst,
    );
    expect(byAnalyst.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
