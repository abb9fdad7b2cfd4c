import type { Knex } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIsoDate } from '../src/modules/common/scalars.js';
import type { OfficialDimension } from '../src/modules/dashboard/dashboard.inputs.js';
import { DashboardService } from '../src/modules/dashboard/dashboard.service.js';
import { EXACT } from '../src/modules/dashboard/disclosure.js';
import { rebuildOfficialTalliesEvery } from '../src/modules/dashboard/officials-tally.js';
import type { OfficialFilter } from '../src/modules/official/official.inputs.js';
import { signToken, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

/**
 * Exact officialsBreakdown tables are counted from tallies that triggers keep, as of a tally
 * day. After every kind of write and import of officials and posts, and after the day moves,
 * each table must equal the same table counted row by row from the officials and their posts.
 */
let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
let platform: TestPlatform;

beforeAll(async () => {
  scratch = await createSeededDatabase('official-tallies');
  platform = await TestPlatform.start(scratch.url);
});
afterAll(async () => {
  await platform?.stop();
  await scratch?.drop();
});

const today = toIsoDate(new Date());
const dayAfter = (days: number) => toIsoDate(new Date(Date.now() + days * 86_400_000));

/** Groupings and filters checked after each write: national tallies, by place, within. */
const TABLES: { groupBy: string[]; filter?: OfficialFilter; asOf?: string }[] = [
  { groupBy: ['SEX', 'LOCALITY_LEVEL'] },
  { groupBy: ['LOCALITY'] },
  { groupBy: ['AGE_BAND', 'ETHNICITY_GROUP'] },
  { groupBy: ['ORGANISATION_KIND', 'KEY_LEADERSHIP'] },
  { groupBy: ['ETHNICITY', 'SEX'], filter: { birthYearFrom: 1970, birthYearTo: 1990 } },
  { groupBy: ['SEX', 'LOCALITY_LEVEL'], filter: { within: '51' } },
  { groupBy: ['LOCALITY', 'KEY_LEADERSHIP'], filter: { within: '529' } },
  { groupBy: ['SEX'], filter: { keyLeadership: true } },
  { groupBy: ['LOCALITY_LEVEL'], filter: { keyLeadership: false, ethnicMinority: true } },
  { groupBy: ['AGE_BAND'], filter: { sex: 'FEMALE' as never, within: '51' } },
  { groupBy: ['SEX', 'ORGANISATION_KIND'], asOf: dayAfter(3) },
];

function service(): DashboardService {
  return new DashboardService(platform.orm.em.fork(), 0);
}

/** Whether the tallies answer `day` without a rebuild. */
async function talliesServe(day = today): Promise<boolean> {
  const [state] = await platform.sql<{ serves: boolean }>(
    `select day <= ?::date and (valid_until is null or ?::date < valid_until) as serves
     from official_tally_state`,
    [day, day],
  );
  return state?.serves === true;
}

async function expectExactTables(when: string): Promise<void> {
  // A personal scope that admits everyone sends the same question down the row-by-row path.
  const everyone = platform.orm.em.getKnex().raw('true') as Knex.Raw;
  for (const { groupBy, filter, asOf } of TABLES) {
    const dimensions = groupBy as OfficialDimension[];
    const options = { minCount: 0, asOf: asOf ? new Date(asOf) : undefined };
    const tallied = await service().officialsBreakdown(dimensions, filter, options);
    const counted = await service().officialsBreakdown(
      dimensions,
      filter,
      options,
      EXACT,
      everyone,
    );
    const label = `${when}: ${groupBy.join(', ')} ${JSON.stringify(filter ?? {})} ${asOf ?? ''}`;
    expect(tallied, label).toEqual(counted);
  }
}

const OFFICIALS_HEADER =
  'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date\n';

describe('officialsBreakdown counted from the tallies', () => {
  it('equals the count row by row after writes and imports of every kind', async () => {
    expect(await talliesServe()).toBe(true);
    await expectExactTables('as seeded');

    const communes = await platform.sql<{ code: string }>(
      `select m.code from locality m join locality r on r.code = '51'
         and m.path like r.path || '%'
       where m.level = 'COMMUNE' and m.archived_at is null
         and (m.valid_to is null or m.valid_to > current_date) order by m.code limit 3`,
    );
    const [home, work, other] = communes.map(({ code }) => code);
    // Within one commune: an official inside by a post there also counts in their other cells.
    TABLES.push(
      { groupBy: ['LOCALITY', 'KEY_LEADERSHIP'], filter: { within: work } },
      { groupBy: ['SEX'], filter: { within: other } },
    );
    // A new official at home without a post, then posted elsewhere: home and post differ.
    const official = (
      await platform.data(
        `mutation ($input: CreateOfficialInput!) { createOfficial(input: $input) { id version } }`,
        {
          input: {
            fullName: 'Đinh Thị Kiểm',
            sex: 'FEMALE',
            ethnicity: 'Hrê',
            birthYear: 1985,
            homeLocalityCode: home,
            reference: 'BREAKDOWN-1',
          },
        },
      )
    ).createOfficial;
    await expectExactTables('after creating an official');
    const post = (input: Record<string, unknown>) =>
      platform.data(
        `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { id version } }`,
        {
          input: {
            officialId: official.id,
            title: 'Phó Chủ tịch',
            organisationKind: 'PEOPLES_COMMITTEE',
            isKeyLeadership: false,
            startDate: '2025-08-01', // the communes as they are since the 2025 reform
            ...input,
          },
        },
      );
    const first = (await post({ localityCode: work })).createPosition;
    await expectExactTables('after a post away from home');
    // A second post in another cell: the official counts once in each, once in the total.
    const second = (await post({ localityCode: other, isKeyLeadership: true })).createPosition;
    await expectExactTables('after a second post in another cell');
    // A third post in the cell of the first: still once there.
    await post({ localityCode: work, title: 'Ủy viên' });
    await expectExactTables('after a third post in the cell of the first');

    const moved = (
      await platform.data(
        `mutation ($id: ID!, $v: Int!) { updateOfficial(id: $id, version: $v,
           input: { sex: MALE, ethnicity: "Kinh", homeLocalityCode: "51", birthYear: 1960 }) { id version } }`,
        { id: official.id, v: official.version },
      )
    ).updateOfficial;
    await expectExactTables('after changing the official');

    // A post that ended yesterday no longer counts today.
    await platform.data(
      `mutation ($id: ID!, $v: Int!, $end: Date!) { updatePosition(id: $id, version: $v,
         input: { endDate: $end }) { id } }`,
      { id: second.id, v: second.version, end: dayAfter(-1) },
    );
    await expectExactTables('after a post ended');
    await platform.data(
      `mutation ($id: ID!, $v: Int!) { archivePosition(id: $id, version: $v) { archivedAt } }`,
      { id: first.id, v: first.version },
    );
    await expectExactTables('after archiving a post');

    // A post that starts in two days: today is still tallied, the day it starts is not.
    await post({ localityCode: other, startDate: dayAfter(2), organisationKind: 'AGENCY' });
    expect(await talliesServe()).toBe(true);
    expect(await talliesServe(dayAfter(3))).toBe(false);
    await expectExactTables('after a post starting later');

    // Imports: a new official with a post, then the officials file changing an existing one.
    await importFile(
      OFFICIALS_HEADER +
        `BREAKDOWN-2,Hà Văn Nhập,MALE,1975,Cor,${home},Bí thư,PARTY_COMMITTEE,${work},,true,2025-08-01,`,
    );
    await expectExactTables('after importing a new official');
    const [existing] = await platform.sql<{
      reference: string;
      full_name: string;
      birth_year: number | null;
      sex: string;
    }>(
      `select reference, full_name, birth_year, sex from official
       where reference is not null and archived_at is null and reference <> 'BREAKDOWN-2'
       order by id limit 1`,
    );
    await importFile(
      OFFICIALS_HEADER +
        `${existing!.reference},${existing!.full_name},${existing!.sex === 'MALE' ? 'FEMALE' : 'MALE'},${existing!.birth_year ?? ''},Cor,${other},Chủ tịch,PEOPLES_COUNCIL,${home},,true,2025-08-01,`,
    );
    await expectExactTables('after importing a changed official');

    await platform.data(
      `mutation ($id: ID!, $v: Int!) { archiveOfficial(id: $id, version: $v) { archivedAt } }`,
      { id: moved.id, v: moved.version },
    );
    await expectExactTables('after archiving an official');
  });

  it('is rebuilt for today by a reader when the day leaves the window', async () => {
    // The tallies as they would stand from days ago, wrong since: the next exact read rebuilds.
    await platform.sql(`update official_tally set n = n + 1000`);
    await platform.sql(
      `update official_tally_state set day = current_date - 5, valid_until = current_date - 1`,
    );
    expect(await talliesServe()).toBe(false);
    await expectExactTables('after the day changed');
    expect(await talliesServe()).toBe(true);
    // After a truncation the first reader rebuilds them too.
    await platform.sql(`truncate official_tally_state`);
    await expectExactTables('after the tally day was dropped');
  });
});

/** Whether the tallies have a tally day at all (none: the next reader of today rebuilds them). */
async function tallyDayKept(): Promise<boolean> {
  const [state] = await platform.sql<{ n: number }>(
    'select count(*)::int as n from official_tally_state',
  );
  return state?.n === 1;
}

describe('the tallies after writes that touch many officials, and after changes of units', () => {
  it('a statement over most officials drops the tally day; the next reader rebuilds it', async () => {
    await expectExactTables('before');
    expect(await tallyDayKept()).toBe(true);
    // A few officials are recounted in the writing statement, the tally day kept.
    await platform.sql(
      `update official set birth_year = birth_year + 1
        where id in (select id from official where birth_year < 2000 order by id limit 5)`,
    );
    expect(await tallyDayKept()).toBe(true);
    await expectExactTables('after a write of five officials');
    // Every official in one statement: more than a quarter of them, and more than 1,000.
    const [{ n } = { n: 0 }] = await platform.sql<{ n: number }>(
      `with touched as (update official set birth_year = birth_year - 1
          where id in (select id from official where birth_year < 2000 order by id limit 5)
             or archived_at is null returning 1)
       select count(*)::int as n from touched`,
    );
    expect(n).toBeGreaterThan(1000);
    expect(await tallyDayKept()).toBe(false);
    await expectExactTables('after a write of every official');
    expect(await tallyDayKept()).toBe(true);
  });

  it("a unit's level changed drops the tally day; other changes of units keep it", async () => {
    await platform.sql(
      `update locality set name = name, level = level
        where id in (select locality_id from official_position)`,
    );
    expect(await tallyDayKept()).toBe(true);
    await expectExactTables('after rewriting the units of every post as they were');
    const [unit] = await platform.sql<{ id: number; level: string; code: string }>(
      `select l.id, l.level, l.code from locality l join official_position p on p.locality_id = l.id
        where l.level = 'COMMUNE' limit 1`,
    );
    // Corrupted tallies would be read as they are while the day is kept.
    await platform.sql('update official_tally set n = n + 1000');
    // A district's code has three digits.
    await platform.sql(`update locality set level = 'DISTRICT', code = '998' where id = ?`, [
      unit!.id,
    ]);
    try {
      expect(await tallyDayKept()).toBe(false);
      await expectExactTables('after a commune became a district');
    } finally {
      await platform.sql('update locality set level = ?, code = ? where id = ?', [
        unit!.level,
        unit!.code,
        unit!.id,
      ]);
    }
    await expectExactTables('after it became a commune again');
  });

  it('a rebuild waits for a writer that dropped the day and recounts again, without a deadlock', async () => {
    const writer = new pg.Client({ connectionString: scratch.url });
    const rebuilder = new pg.Client({ connectionString: scratch.url });
    await writer.connect();
    await rebuilder.connect();
    try {
      await writer.query('begin');
      await writer.query('update official set birth_year = birth_year where archived_at is null');
      const rebuilt = rebuilder.query('select official_tally_rebuild(current_date)');
      // The rebuild is queued behind the writer before the writer writes again.
      await expect
        .poll(
          async () =>
            (
              await platform.sql<{ n: number }>(
                'select count(*)::int as n from pg_locks where not granted',
              )
            )[0]?.n,
          { timeout: 10_000, interval: 50 },
        )
        .toBeGreaterThan(0);
      await writer.query(
        'update official set birth_year = birth_year where id = (select min(id) from official)',
      );
      await writer.query('commit');
      await rebuilt;
    } finally {
      await writer.end();
      await rebuilder.end();
    }
    expect(await talliesServe()).toBe(true);
    await expectExactTables('after a rebuild that waited for a large write');
  });

  it('are rebuilt on the primary every interval, without a reader', async () => {
    await platform.sql('delete from official_tally_state');
    const stop = rebuildOfficialTalliesEvery(platform.orm.em.fork(), 50);
    try {
      await expect.poll(tallyDayKept, { timeout: 10_000, interval: 100 }).toBe(true);
    } finally {
      stop();
    }
    expect(await talliesServe()).toBe(true);
    await expectExactTables('after the rebuild without a reader');
  });
});

describe('filters the tallies do not hold', () => {
  it('are counted row by row, never answered from the tallies with the field left out', async () => {
    const everyone = platform.orm.em.getKnex().raw('true') as Knex.Raw;
    const options = { minCount: 0 };
    // `futureField` stands for a filter field added to OfficialFilter after the tallies.
    const filters = [
      { search: 'nguyen' },
      { includeArchived: true },
      { sex: 'FEMALE', futureField: 'x' } as never as OfficialFilter,
    ];
    // A tally made wrong on purpose: an answer read from it would differ.
    await platform.sql(`update official_tally set n = n + 7`);
    try {
      expect(
        (await service().officialsBreakdown(['SEX'] as OfficialDimension[], {}, options)).total,
      ).not.toBe(
        (
          await service().officialsBreakdown(
            ['SEX'] as OfficialDimension[],
            {},
            options,
            EXACT,
            everyone,
          )
        ).total,
      );
      for (const filter of filters) {
        const dimensions = ['SEX', 'LOCALITY_LEVEL'] as OfficialDimension[];
        expect(
          await service().officialsBreakdown(dimensions, filter, options),
          JSON.stringify(filter),
        ).toEqual(await service().officialsBreakdown(dimensions, filter, options, EXACT, everyone));
      }
    } finally {
      await platform.sql(`select official_tally_rebuild(current_date)`);
    }
  });
});

describe('who reads the tallies', () => {
  // Each request a new document (its own operation name), so that no stored answer is reused.
  let sent = 0;
  const NATIONAL = () => `query Breakdown${++sent} ($filter: OfficialFilter) {
    officialsBreakdown(groupBy: [SEX, LOCALITY_LEVEL], filter: $filter) {
      total perturbed suppressedGroups groups { sex localityLevel count } } }`;

  it('only exact tables for everyone: others get what the row-by-row path gives', async () => {
    const tokens = {
      anonymous: '',
      analyst: await signToken({ role: 'ANALYST', sub: 'analyst@test' }),
      editor: await signToken({ role: 'EDITOR', scope: '51', sub: 'editor-51' }),
      otherEditor: await signToken({ role: 'EDITOR', scope: '01', sub: 'editor-01' }),
    };
    const filters = [null, { within: '51' }];
    const answers = async () => {
      const seen: unknown[] = [];
      for (const token of Object.values(tokens)) {
        for (const filter of filters) {
          seen.push(await platform.query(NATIONAL(), { filter }, { token }));
        }
      }
      return seen;
    };
    const admin = () => platform.data(NATIONAL(), { filter: null });
    const before = await answers();
    const adminBefore = await admin();
    // A tally made wrong on purpose changes what an ADMIN reads, and nobody else's figures.
    await platform.sql(`update official_tally set n = n + 7`);
    expect((await admin()).officialsBreakdown.total).not.toBe(adminBefore.officialsBreakdown.total);
    expect(await answers()).toEqual(before);
    await platform.sql(`select official_tally_rebuild(current_date)`);
    expect(await admin()).toEqual(adminBefore);
  });
});

const IMPORT = `mutation ($kind: ImportKind!, $csv: String!) {
  importRecords(kind: $kind, csv: $csv) { applied problems { line column value reason } } }`;

async function importFile(csv: string): Promise<void> {
  const result = await platform.data(IMPORT, { kind: 'OFFICIALS', csv });
  expect(result.importRecords.problems).toEqual([]);
  expect(result.importRecords.applied).toBe(true);
}
