import pg from 'pg';
import { buildSchema as buildSdlSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlatformSchema } from '../src/schema.js';
import {
  assertEveryMutationDeclaresRole,
  PERSONAL_FIELD,
  REQUIRED_ROLE,
} from '../src/modules/auth/authorize.js';
import { signToken, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

/** The one authorization model, tried as an attacker would, on a database of its own. */
let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
let platform: TestPlatform;
let admin: string;
let otherAdmin: string;
let sonHaEditor: string;
let provinceEditor: string;

beforeAll(async () => {
  scratch = await createSeededDatabase('authorization');
  platform = await TestPlatform.start(scratch.url);
  admin = await signToken({ role: 'ADMIN', sub: 'admin-one' });
  otherAdmin = await signToken({ role: 'ADMIN', sub: 'admin-two' });
  sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha' });
  provinceEditor = await signToken({ role: 'EDITOR', scope: '51', sub: 'province' });
});
afterAll(async () => {
  await platform?.stop();
  await scratch?.drop();
});

/** An official whose home locality lies outside Sơn Hà (529): out of its editor's scope. */
async function outsider() {
  const [row] = await platform.sql<{
    id: number;
    reference: string;
    full_name: string;
    birth_year: number;
    ethnicity: string;
    version: number;
  }>(
    `select o.id, o.reference, o.full_name, o.birth_year, o.ethnicity, o.version
       from official o join locality h on h.id = o.home_locality_id
       join locality d on d.code = '525' and h.path like d.path || '%'
      where o.reference is not null and o.birth_year is not null and o.archived_at is null
      order by o.id limit 1`,
  );
  return row;
}

describe('declared rules', () => {
  it('gives every mutation a role and every personal field its mask', async () => {
    const schema = await buildPlatformSchema();
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(20);
    for (const field of mutations) {
      expect(field.extensions?.[REQUIRED_ROLE], `Mutation.${field.name}`).toBeTruthy();
    }
    const official = schema.getType('Official') as import('graphql').GraphQLObjectType;
    for (const name of ['fullName', 'reference', 'birthYear', 'ethnicity', 'ethnicMinority']) {
      expect(official.getFields()[name].extensions?.[PERSONAL_FIELD], `Official.${name}`).toBe(
        true,
      );
    }
    // A query without a role is open to anonymous callers: a new one must be classified here.
    const open = Object.values(schema.getQueryType()!.getFields())
      .filter((field) => !field.extensions?.[REQUIRED_ROLE])
      .map((field) => field.name)
      .sort();
    expect(open).toEqual(
      [
        'agencies',
        'agency',
        'goal',
        'goals',
        'indicator',
        'indicatorAttainment',
        'indicatorRollup',
        'indicatorSeries',
        'indicatorValues',
        'indicators',
        'keyLeaderCoverage',
        'labels',
        'localities',
        'locality',
        'officialsBreakdown',
        'plan',
        'plans',
        'strategies',
        'strategy',
        'trainingParticipation',
      ].filter((name) => schema.getQueryType()!.getFields()[name]),
    );
    expect(() =>
      assertEveryMutationDeclaresRole(
        buildSdlSchema('type Query { a: Int } type Mutation { b: Int }'),
      ),
    ).toThrow(/Mutations without @Allow\(role\): b/);
  });
});

describe('authorization comes before any work on the target', () => {
  const UPDATE = `mutation ($id: ID!) { updateOfficial(id: $id, version: 1, input: { fullName: "Đổi Tên" }) { id } }`;

  it('answers an out-of-scope id exactly as a missing one, and locks nothing', async () => {
    const target = await outsider();
    const before = await platform.fingerprint();
    const outside = await platform.query(UPDATE, { id: String(target.id) }, { token: sonHaEditor });
    const missing = await platform.query(UPDATE, { id: '987654321' }, { token: sonHaEditor });
    expect(outside.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const strip = (message: string) => message.replace(/\d+/g, 'N');
    expect(strip(outside.errors![0].message)).toBe(strip(missing.errors![0].message));
    expect(outside.errors![0].extensions).toEqual(missing.errors![0].extensions);
    expect(JSON.stringify(outside.errors)).not.toMatch(/select|official\b.*where/i);

    // While another session holds the row, the refused callers are answered at once: they
    // never wait on (or take) its lock.
    const holder = new pg.Client({ connectionString: scratch.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from official where id = $1 for update', [target.id]);
      const timeout = new Promise((resolve) => setTimeout(() => resolve('blocked'), 3000));
      for (const token of [sonHaEditor, '']) {
        const answer = await Promise.race([
          platform.query(UPDATE, { id: String(target.id) }, { token }),
          timeout,
        ]);
        expect(answer).not.toBe('blocked');
        expect(
          (answer as { errors?: { extensions: { code: string } }[] }).errors?.[0].extensions.code,
        ).toMatch(/NOT_FOUND|UNAUTHENTICATED/);
      }
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect(await platform.fingerprint()).toBe(before);
  });
});

describe('personal data through filters (hole 2)', () => {
  const POSITION = `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { id } }`;
  const post = (officialId: string) => ({
    officialId,
    title: 'Công chức Tư pháp – Hộ tịch',
    organisationKind: 'PEOPLES_COMMITTEE',
    localityCode: '529',
    isKeyLeadership: false,
    startDate: '2024-03-01',
  });

  it('refuses a post for an official out of scope exactly as for a missing official', async () => {
    const target = await outsider();
    const before = await platform.fingerprint();
    const outside = await platform.query(
      POSITION,
      { input: post(String(target.id)) },
      { token: sonHaEditor },
    );
    const missing = await platform.query(
      POSITION,
      { input: post('987654321') },
      { token: sonHaEditor },
    );
    expect(outside.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'officialId',
    });
    const strip = (value: unknown) => JSON.stringify(value).replace(/\d{3,}/g, 'N');
    expect(strip(outside.errors![0].extensions)).toBe(strip(missing.errors![0].extensions));
    expect(await platform.fingerprint()).toBe(before);
    const enrol = await platform.query(
      `mutation ($id: ID!) { enrollOfficial(input: { programCode: "QNG-2023-BD-02", officialId: $id }) { id } }`,
      { id: String(target.id) },
      { token: provinceEditor },
    );
    // The province's editor reaches the official; Sơn Hà's does not.
    expect(enrol.errors?.[0]?.extensions?.field).not.toBe('officialId');
  });

  it('counts exactly, for an editor, only the officials of its scope, not those merely posted in it', async () => {
    const target = await outsider();
    const given = await platform.query(
      POSITION,
      { input: post(String(target.id)) },
      { token: admin },
    );
    expect(given.errors).toBeUndefined();
    const query = `{ officialsBreakdown(groupBy: [SEX], filter: { within: "529" }, options: { asOf: "2024-06-01", minCount: 1 }) { total perturbed } }`;
    const byEditor = (await platform.data(query, undefined, { token: sonHaEditor }))
      .officialsBreakdown;
    const byAdmin = (await platform.data(query, undefined, { token: admin })).officialsBreakdown;
    const [{ n }] = await platform.sql<{ n: string }>(
      `select count(*) as n from official o join locality h on h.id = o.home_locality_id
         join locality d on d.code = '529' and h.path like d.path || '%'
        where o.archived_at is null`,
    );
    expect(byEditor).toEqual({ total: Number(n), perturbed: false });
    expect(byAdmin.total).toBeGreaterThan(Number(n));
  });

  it('lets no personal filter, sort or grouping reach an official the caller may not see', async () => {
    const target = await outsider();
    // An admin gave the outsider a post in Sơn Hà: `within` now lists them for Sơn Hà's editor.
    const given = await platform.query(
      POSITION,
      { input: post(String(target.id)) },
      { token: admin },
    );
    expect(given.errors).toBeUndefined();
    // `within` matches them, but the list holds only the officials of the editor's scope.
    const listed = await platform.data(
      `{ officials(first: 500, filter: { within: "529", activeOn: "2024-06-01" }) { nodes { id fullName } } }`,
      undefined,
      { token: sonHaEditor },
    );
    expect(listed.officials.nodes.length).toBeGreaterThan(0);
    expect(listed.officials.nodes.map((n: { id: string }) => n.id)).not.toContain(
      String(target.id),
    );

    const count = async (filter: string, orderBy = '') =>
      (
        await platform.data(
          `{ officials(first: 500, filter: { within: "529", activeOn: "2024-06-01", ${filter} }${orderBy}) { totalCount nodes { id } } }`,
          undefined,
          { token: sonHaEditor },
        )
      ).officials;
    const probes = [
      `birthYearFrom: ${target.birth_year}, birthYearTo: ${target.birth_year}`,
      `ethnicities: [${JSON.stringify(target.ethnicity)}]`,
      `search: ${JSON.stringify(target.full_name.split(' ').at(-1))}`,
      `ethnicMinority: ${target.ethnicity !== 'Kinh'}`,
    ];
    for (const probe of probes) {
      const found = await count(probe);
      expect(
        found.nodes.map((n: { id: string }) => n.id),
        probe,
      ).not.toContain(String(target.id));
    }
    const sorted = await count('', ', orderBy: { field: BIRTH_YEAR }');
    expect(sorted.nodes.map((n: { id: string }) => n.id)).not.toContain(String(target.id));

    // A breakdown by a personal dimension counts only officials the caller may see.
    const query = `query ($filter: OfficialFilter) {
      officialsBreakdown(groupBy: [AGE_BAND], filter: $filter, options: { asOf: "2024-06-01", minCount: 1 }) { total } }`;
    const filter = {
      within: '529',
      birthYearFrom: target.birth_year,
      birthYearTo: target.birth_year,
      ethnicities: [target.ethnicity],
    };
    const byEditor = await platform.data(query, { filter }, { token: sonHaEditor });
    const byAdmin = await platform.data(query, { filter }, { token: admin });
    const [{ n }] = await platform.sql<{ n: string }>(
      `select count(*) as n from official o join locality h on h.id = o.home_locality_id
         join locality d on d.code = '529' and h.path like d.path || '%'
        where o.archived_at is null and o.birth_year = ? and o.ethnicity = ?`,
      [target.birth_year, target.ethnicity],
    );
    expect(byAdmin.officialsBreakdown.total).toBeGreaterThan(Number(n));
    expect(byEditor.officialsBreakdown.total).toBe(Number(n));
  });
});

describe('people lists are personal data', () => {
  const ATTACK = `query ($within: String!) {
    officials(first: 500, filter: { within: $within, activeOn: "2024-06-01", sex: FEMALE }) {
      totalCount
      nodes { id homeLocality { code } positions { isKeyLeadership title locality { code } } enrollments { status program { code } } }
    } }`;
  /** Women whose home locality lies in the unit `code`'s subtree (with a post there optionally). */
  async function womenAtHome(code: string, extra = ''): Promise<string[]> {
    const rows = await platform.sql<{ id: number }>(
      `select o.id from official o join locality h on h.id = o.home_locality_id
         join locality d on d.code = ? and h.path like d.path || '%'
        where o.archived_at is null and o.sex = 'FEMALE' ${extra} order by o.id`,
      [code],
    );
    return rows.map((row) => String(row.id));
  }

  it('refuses lists of officials and enrolments, and single officials, to callers without personal access', async () => {
    const analyst = await signToken({ role: 'ANALYST', sub: 'analyst' });
    const unscopedEditor = await signToken({ role: 'EDITOR', sub: 'no-scope' });
    const [{ id: someone }] = await platform.sql<{ id: number }>(
      `select id from official order by id limit 1`,
    );
    const queries: [string, Record<string, unknown>][] = [
      [ATTACK, { within: '529' }],
      [
        `{ officials(filter: { within: "529", activeOn: "2024-06-01", sex: FEMALE }) { totalCount } }`,
        {},
      ],
      [
        `{ locality(code: "529", asOf: "2024-02-01") { officials(filter: { sex: FEMALE }) { totalCount } } }`,
        {},
      ],
      [`{ trainingProgram(code: "QNG-2023-BD-02") { enrollments { totalCount } } }`, {}],
      [`query ($id: ID!) { official(id: $id) { id sex } }`, { id: String(someone) }],
    ];
    for (const [query, variables] of queries) {
      for (const [token, code] of [
        [analyst, 'FORBIDDEN'],
        [unscopedEditor, 'FORBIDDEN'],
        ['', 'UNAUTHENTICATED'],
      ]) {
        const answer = await platform.query(query, variables, { token });
        expect(answer.errors?.[0].extensions?.code, `${code}: ${query}`).toBe(code);
        expect(answer.errors?.[0].message, query).toMatch(/personal access|ANALYST access/);
        expect(JSON.stringify(answer.data ?? null), query).not.toMatch(/totalCount":\d|"sex"/);
      }
    }
  });

  it('gives an editor only the officials of its scope, so that no count covers anyone else', async () => {
    const [outsideWoman] = await platform.sql<{ id: number }>(
      `select o.id from official o join locality h on h.id = o.home_locality_id
         join locality d on d.code = '525' and h.path like d.path || '%'
        where o.archived_at is null and o.sex = 'FEMALE' order by o.id limit 1`,
    );
    // An admin posts a woman from elsewhere in Sơn Hà: `within` matches her, the scope does not.
    const given = await platform.query(
      `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { id } }`,
      {
        input: {
          officialId: String(outsideWoman.id),
          title: 'Phó Chủ tịch Hội Liên hiệp Phụ nữ',
          organisationKind: 'MASS_ORGANISATION',
          localityCode: '529',
          isKeyLeadership: false,
          startDate: '2024-03-01',
        },
      },
      { token: admin },
    );
    expect(given.errors).toBeUndefined();
    const ownWomen = await womenAtHome('529');
    expect(ownWomen.length).toBeGreaterThan(0);

    const byEditor = (await platform.data(ATTACK, { within: '529' }, { token: sonHaEditor }))
      .officials;
    expect(byEditor.totalCount).toBe(ownWomen.length);
    expect(byEditor.nodes.map((node: { id: string }) => node.id).sort()).toEqual(
      [...ownWomen].sort(),
    );
    expect(byEditor.nodes.every((node: { homeLocality: unknown }) => node.homeLocality)).toBe(true);
    const byAdmin = (await platform.data(ATTACK, { within: '529' }, { token: admin })).officials;
    expect(byAdmin.totalCount).toBe(ownWomen.length + 1);
    expect(byAdmin.nodes.map((node: { id: string }) => node.id)).toContain(String(outsideWoman.id));

    // Asking about another district gives nothing but the own people posted there.
    const elsewhere = (await platform.data(ATTACK, { within: '525' }, { token: sonHaEditor }))
      .officials;
    const postedThere = await womenAtHome(
      '529',
      `and exists (select 1 from official_position p join locality pl on pl.id = p.locality_id
                    join locality pd on pd.code = '525' and pl.path like pd.path || '%'
                   where p.official_id = o.id and p.archived_at is null
                     and p.start_date <= current_date and (p.end_date is null or p.end_date >= current_date))`,
    );
    expect(elsewhere.totalCount).toBe(postedThere.length);
    const byLocality = await platform.data(
      `{ locality(code: "525", asOf: "2024-02-01") { officials(first: 500, filter: { sex: FEMALE }) { totalCount } } }`,
      undefined,
      { token: sonHaEditor },
    );
    expect(byLocality.locality.officials.totalCount).toBe(0);
    const single = await platform.data(
      `query ($id: ID!) { official(id: $id) { id } }`,
      { id: String(outsideWoman.id) },
      { token: sonHaEditor },
    );
    expect(single.official).toBeNull();
    const own = await platform.data(
      `query ($id: ID!) { official(id: $id) { id sex } }`,
      { id: ownWomen[0] },
      { token: sonHaEditor },
    );
    expect(own.official).toEqual({ id: ownWomen[0], sex: 'FEMALE' });
  });

  it("counts an editor's enrolments over its own people only", async () => {
    const PROGRAM = `{ trainingPrograms(first: 50) { nodes { code enrollments(first: 500) { totalCount nodes { official { id } } } } } }`;
    const inScope = await platform.sql<{ code: string; n: string }>(
      `select p.code, count(e.id) filter (where h.path like d.path || '%') as n
         from training_program p join enrollment e on e.program_id = p.id and e.archived_at is null
         join official o on o.id = e.official_id left join locality h on h.id = o.home_locality_id
         cross join locality d where d.code = '529' group by p.code`,
    );
    expect(inScope.some((row) => Number(row.n) > 0)).toBe(true);
    const byEditor = (await platform.data(PROGRAM, undefined, { token: sonHaEditor }))
      .trainingPrograms.nodes;
    const byAdmin = (await platform.data(PROGRAM, undefined, { token: admin })).trainingPrograms
      .nodes;
    for (const { code, n } of inScope) {
      const editorCount = byEditor.find((p: { code: string }) => p.code === code).enrollments;
      const adminCount = byAdmin.find((p: { code: string }) => p.code === code).enrollments;
      expect(editorCount.totalCount, code).toBe(Number(n));
      expect(adminCount.totalCount, code).toBeGreaterThan(Number(n));
    }
  });

  it('shows the holder of a post, a member or a task only by id to a caller who may not see them', async () => {
    const analyst = await signToken({ role: 'ANALYST', sub: 'analyst' });
    const HOLDER = `official { id synthetic sex homeLocality { code } enrollments { status } fullName }`;
    const QUERY = `query ($code: String!) {
      locality(code: $code, asOf: "2024-02-01") { positions { title isKeyLeadership startDate locality { code } ${HOLDER} } }
      agencies(first: 50) { nodes { members { ${HOLDER} } tasks { assignee { members { ${HOLDER} } } } } }
    }`;
    type Holder = Record<string, unknown>;
    interface Reached {
      locality: { positions: { title: string; official: Holder }[] };
      agencies: {
        nodes: {
          members: { official: Holder }[];
          tasks: { assignee: { members: { official: Holder }[] } }[];
        }[];
      };
    }
    const holders = (data: Reached) => [
      ...data.locality.positions.map((position) => position.official),
      ...data.agencies.nodes.flatMap((agency) => [
        ...agency.members.map((member) => member.official),
        ...agency.tasks.flatMap((task) => task.assignee.members.map((m) => m.official)),
      ]),
    ];
    const byAnalyst = await platform.data<Reached>(QUERY, { code: '529' }, { token: analyst });
    // Offices stay public: titles, places, key leadership.
    expect(byAnalyst.locality.positions.length).toBeGreaterThan(0);
    expect(byAnalyst.locality.positions[0].title).toEqual(expect.any(String));
    const seen = holders(byAnalyst);
    expect(seen.length).toBeGreaterThan(byAnalyst.locality.positions.length);
    for (const official of seen) {
      expect(official).toEqual({
        id: expect.any(String),
        synthetic: expect.any(Boolean),
        sex: null,
        homeLocality: null,
        enrollments: null,
        fullName: null,
      });
    }
    // The editor of Sơn Hà sees the sex of its own people only, wherever they hold a post.
    const ownPeople = new Set(
      (
        await platform.sql<{ id: number }>(
          `select o.id from official o join locality h on h.id = o.home_locality_id
             join locality d on d.code = '529' and h.path like d.path || '%'`,
        )
      ).map((row) => String(row.id)),
    );
    for (const code of ['529', '525']) {
      const reached = holders(
        await platform.data<Reached>(QUERY, { code }, { token: sonHaEditor }),
      );
      expect(reached.length).toBeGreaterThan(0);
      for (const official of reached) {
        const visible = ownPeople.has(official.id as string);
        expect(official.sex === null, `${code}: ${String(official.id)}`).toBe(!visible);
        expect(official.homeLocality === null).toBe(!visible);
      }
      if (code === '529') expect(reached.some((official) => official.sex !== null)).toBe(true);
    }
    const byAdmin = holders(await platform.data<Reached>(QUERY, { code: '529' }, { token: admin }));
    for (const official of byAdmin) expect(official.sex).toMatch(/FEMALE|MALE/);
  });
});

describe('the order of a list', () => {
  it('follows names only for callers who see every name', async () => {
    const LIST = `{ officials(first: 200) { nodes { id fullName } } }`;
    const ids = (nodes: { id: string }[]) => nodes.map((node) => Number(node.id));
    for (const token of [sonHaEditor, provinceEditor]) {
      const { officials } = await platform.data(LIST, undefined, { token });
      expect(officials.nodes.length).toBeGreaterThan(1);
      expect(ids(officials.nodes)).toEqual([...ids(officials.nodes)].sort((a, b) => a - b));
    }
    const { officials } = await platform.data(LIST, undefined, { token: admin });
    const [first, ...rest] = await platform.sql<{ id: number }>(
      `select id from official where archived_at is null order by search_name, id limit 200`,
    );
    expect(ids(officials.nodes)).toEqual([first, ...rest].map((row) => Number(row.id)));
  });
});

const IMPORT = `mutation ($kind: ImportKind!, $csv: String!) {
  importRecords(kind: $kind, csv: $csv) { applied inserted updated problems { line column value reason } }
}`;
const OFFICIALS_HEADER =
  'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date';

describe('imports keep the scope rule for the rows they change (hole 1)', () => {
  it("refuses an editor's file that would rewrite an official out of its scope", async () => {
    const target = await outsider();
    const before = await platform.fingerprint();
    const result = await platform.query(
      IMPORT,
      {
        kind: 'OFFICIALS',
        csv: `${OFFICIALS_HEADER}\n${target.reference},Tên Bị Ghi Đè,MALE,1990,Kinh,529,Công chức,PEOPLES_COMMITTEE,529,,false,2024-01-01,`,
      },
      { token: sonHaEditor },
    );
    expect(result.data!.importRecords).toMatchObject({
      applied: false,
      problems: [
        {
          line: 2,
          column: 'reference',
          value: target.reference,
          reason: 'is outside the scope 529',
        },
      ],
    });
    const enrol = await platform.query(
      IMPORT,
      {
        kind: 'ENROLLMENTS',
        csv: `program_code,official_reference,status,completed_on\nQNG-2023-BD-02,${target.reference},ENROLLED,\nQNG-2023-BD-02,NO-SUCH-REF,ENROLLED,`,
      },
      { token: sonHaEditor },
    );
    const problems = enrol.data!.importRecords.problems.filter(
      (p: { column: string }) => p.column === 'official_reference',
    );
    // The official out of scope reads exactly as a reference nobody has.
    expect(problems.map((p: { reason: string }) => p.reason)).toEqual([
      'no live official has this reference',
      'no live official has this reference',
    ]);
    expect(await platform.fingerprint()).toBe(before);
  });

  it('leaves every changed row traceable: updates with before and after, inserts naming the import', async () => {
    const target = await outsider();
    const report = await platform.data(
      IMPORT,
      {
        kind: 'OFFICIALS',
        csv: `${OFFICIALS_HEADER}\n${target.reference},Tên Mới Nhập,FEMALE,1980,Kinh,525,,,,,,,\nTRACE-1,Người Mới,MALE,1991,Kinh,529,,,,,,,`,
      },
      { token: admin },
    );
    expect(report.importRecords).toMatchObject({ applied: true, inserted: 1, updated: 1 });
    const [event] = await platform.sql<{ id: string; after: unknown }>(
      `select id, after from audit_event where action = 'IMPORT' order by id desc limit 1`,
    );
    expect(event.after).toMatchObject({ inserted: 1, updated: 1 });
    const [inserted] = await platform.sql<{ import_event_id: string }>(
      `select import_event_id from official where reference = 'TRACE-1'`,
    );
    expect(String(inserted.import_event_id)).toBe(String(event.id));
    const trail = await platform.data(
      `query ($id: ID!) { auditTrail(entity: OFFICIAL, id: $id) { nodes { action actor before after note } } }`,
      { id: String(target.id) },
      { token: admin },
    );
    expect(trail.auditTrail.nodes[0]).toMatchObject({
      action: 'UPDATE',
      actor: 'token:admin-one',
      before: { full_name: target.full_name },
      after: { full_name: 'Tên Mới Nhập' },
      note: `import ${event.id}`,
    });
  });
});

const REPORT = `mutation ($input: ReportIndicatorValueInput!, $key: String) {
  reportIndicatorValue(input: $input, idempotencyKey: $key) { id version approvalStatus }
}`;
const SUBMIT = `mutation ($id: ID!, $v: Int!) { submitIndicatorValue(id: $id, version: $v) { version approvalStatus } }`;
const APPROVE = `mutation ($id: ID!, $v: Int!) { approveIndicatorValue(id: $id, version: $v) { version approvalStatus } }`;

async function reportAndSubmit(token: string, input: Record<string, unknown>) {
  const reported = await platform.query(REPORT, { input }, { token });
  expect(reported.errors).toBeUndefined();
  const { id, version } = reported.data!.reportIndicatorValue;
  const submitted = await platform.query(SUBMIT, { id, v: version }, { token });
  expect(submitted.errors).toBeUndefined();
  return { id, version: submitted.data!.submitIndicatorValue.version as number };
}

describe('four eyes (hole 4)', () => {
  it('refuses approval by whoever changed or submitted the value, admins included', async () => {
    const own = await reportAndSubmit(admin, {
      indicatorCode: 'MT2.1',
      localityCode: '529',
      year: 2024,
      value: 40,
    });
    const before = await platform.fingerprint();
    const selfApproved = await platform.query(
      APPROVE,
      { id: own.id, v: own.version },
      { token: admin },
    );
    expect(selfApproved.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(selfApproved.errors?.[0].message).toContain('four eyes');
    expect(await platform.fingerprint()).toBe(before);
    const byOther = await platform.query(
      APPROVE,
      { id: own.id, v: own.version },
      { token: otherAdmin },
    );
    expect(byOther.data!.approveIndicatorValue.approvalStatus).toBe('APPROVED');
  });

  it('lets a parent-scope editor approve what a child-scope editor reported, not its own', async () => {
    const child = await reportAndSubmit(sonHaEditor, {
      indicatorCode: 'MT2.1',
      localityCode: '529',
      year: 2022,
      value: 41,
    });
    const atOwnLevel = await platform.query(
      APPROVE,
      { id: child.id, v: child.version },
      { token: sonHaEditor },
    );
    expect(atOwnLevel.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const byParent = await platform.query(
      APPROVE,
      { id: child.id, v: child.version },
      { token: provinceEditor },
    );
    expect(byParent.data!.approveIndicatorValue.approvalStatus).toBe('APPROVED');

    const parentOwn = await reportAndSubmit(provinceEditor, {
      indicatorCode: 'MT2.1',
      localityCode: '529',
      year: 2021,
      value: 42,
    });
    const before = await platform.fingerprint();
    const selfApproved = await platform.query(
      APPROVE,
      { id: parentOwn.id, v: parentOwn.version },
      { token: provinceEditor },
    );
    expect(selfApproved.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await platform.fingerprint()).toBe(before);
  });
});

describe('retried and repeated reports (hole 5)', () => {
  const input = (year: number, value = 43) => ({
    indicatorCode: 'MT2.1',
    localityCode: '21295',
    year,
    value,
  });

  it('returns the first result for a retry, and an identical report changes nothing', async () => {
    const first = await platform.query(
      REPORT,
      { input: input(2024), key: 'retry-key-0001' },
      {
        token: sonHaEditor,
      },
    );
    const { id } = first.data!.reportIndicatorValue;
    const submitted = await platform.query(SUBMIT, { id, v: 1 }, { token: sonHaEditor });
    const approved = await platform.query(
      APPROVE,
      { id, v: submitted.data!.submitIndicatorValue.version },
      { token: provinceEditor },
    );
    expect(approved.data!.approveIndicatorValue).toEqual({
      version: 3,
      approvalStatus: 'APPROVED',
    });
    const before = await platform.fingerprint();
    const retried = await platform.query(
      REPORT,
      { input: input(2024), key: 'retry-key-0001' },
      {
        token: sonHaEditor,
      },
    );
    expect(retried.data!.reportIndicatorValue).toEqual({
      id,
      version: 3,
      approvalStatus: 'APPROVED',
    });
    const repeated = await platform.query(REPORT, { input: input(2024) }, { token: sonHaEditor });
    expect(repeated.data!.reportIndicatorValue).toEqual({
      id,
      version: 3,
      approvalStatus: 'APPROVED',
    });
    expect(await platform.fingerprint()).toBe(before);
  });

  it('makes one row of 20 concurrent first reports, without spurious errors', async () => {
    for (const [year, key] of [
      [2021, 'concurrent-key-1'],
      [2022, null],
    ] as const) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          platform.query(REPORT, { input: input(year), key }, { token: sonHaEditor }),
        ),
      );
      expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
      const ids = new Set(answers.map((a) => a.data!.reportIndicatorValue.id));
      expect(ids.size).toBe(1);
      const [row] = await platform.sql<{ n: string; version: number }>(
        `select count(*) as n, max(v.version) as version from indicator_value v
           join locality l on l.id = v.locality_id join indicator i on i.id = v.indicator_id
          where i.code = 'MT2.1' and l.code = '21295' and v.year = ? and v.disaggregation is null`,
        [year],
      );
      expect(row).toEqual({ n: '1', version: 1 });
    }
  });
});
