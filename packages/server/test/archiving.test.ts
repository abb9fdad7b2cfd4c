import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Created, type Records } from './support/own-data.js';

/**
 * An archived row of every kind leaves its lists and the aggregates that count it, and
 * `includeArchived` brings it back to the lists. The data is made here, on a database of its
 * own: province 96, district 961, communes 96101–96104.
 */
let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;

const ids: Record<string, Created> = {};

beforeAll(async () => {
  ({ platform, records, stop } = await startOnOwnDatabase('archiving'));
  await records.locality('96');
  await records.locality('961', '96');
  for (const commune of ['96101', '96102', '96103', '96104'])
    await records.locality(commune, '961');
  ids.c4 = (await platform.data(`{ locality(code: "96104") { id version } }`)).locality;
  // Women in key posts of communes 96101 and 96102; a man at home in 96103.
  ids.oa = await records.official({
    fullName: 'Nguyễn Thị An',
    sex: 'FEMALE',
    homeLocalityCode: '96101',
  });
  ids.ob = await records.official({
    fullName: 'Trần Thị Bình',
    sex: 'FEMALE',
    homeLocalityCode: '96102',
  });
  ids.oc = await records.official({
    fullName: 'Lê Văn Cường',
    sex: 'MALE',
    homeLocalityCode: '96103',
  });
  ids.pa = await records.position({
    officialId: ids.oa.id,
    localityCode: '96101',
    startDate: '2020-01-01',
  });
  ids.pb = await records.position({
    officialId: ids.ob.id,
    localityCode: '96102',
    startDate: '2020-01-01',
  });
  ids.organiser = await records.agency('T-SNV', '961');
  ids.spare = await records.agency('T-SLD', '961');
  ids.tp1 = await records.trainingProgram('T-2024-01', 'T-SNV', '961');
  ids.tp2 = await records.trainingProgram('T-2024-02', 'T-SNV', '961');
  ids.e1 = await records.enrollment('T-2024-01', ids.oa.id);
  ids.e2 = await records.enrollment('T-2024-01', ids.oc.id);
  ids.e3 = await records.enrollment('T-2024-02', ids.oc.id);
  ids.task = await records.task('T-NV-01', 'T-SNV');
});
afterAll(() => stop?.());

async function archive(kind: string, record: Created) {
  const data = await platform.data(
    `mutation ($id: ID!, $v: Int!) { result: archive${kind}(id: $id, version: $v) { archivedAt } }`,
    { id: record.id, v: record.version },
  );
  expect(data.result.archivedAt).toBeTruthy();
}

const codes = (connection: { nodes: { code: string }[] }) => connection.nodes.map((n) => n.code);
const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id);

const COVERAGE = `{ keyLeaderCoverage(localityCode: "96", level: COMMUNE, asOf: "2024-06-30") {
  units withFemaleKeyLeader unitsWithout { code } } }`;
const PARTICIPATION = `{ trainingParticipation(groupBy: [YEAR], filter: { within: "96" }) { enrollments } }`;

describe('archived rows leave lists and aggregates', () => {
  it('a locality', async () => {
    const query = `query ($all: Boolean) {
      localities(filter: { within: "96", includeArchived: $all }) { totalCount nodes { code } }
      locality(code: "961") { children(filter: { includeArchived: $all }) { nodes { code } } }
    }`;
    const before = await platform.data(query);
    expect(codes(before.localities)).toContain('96104');
    expect(codes(before.locality.children)).toContain('96104');
    const coverageBefore = (await platform.data(COVERAGE)).keyLeaderCoverage;

    await archive('Locality', ids.c4);

    const live = await platform.data(query);
    expect(codes(live.localities)).not.toContain('96104');
    expect(live.localities.totalCount).toBe(before.localities.totalCount - 1);
    expect(codes(live.locality.children)).not.toContain('96104');
    const coverage = (await platform.data(COVERAGE)).keyLeaderCoverage;
    expect(coverage.units).toBe(coverageBefore.units - 1);
    expect(codes({ nodes: coverage.unitsWithout })).not.toContain('96104');

    const all = await platform.data(query, { all: true });
    expect(codes(all.localities)).toContain('96104');
    expect(codes(all.locality.children)).toContain('96104');
  });

  it('a position', async () => {
    const query = `query ($id: ID!, $all: Boolean) {
      official(id: $id) { positions(filter: { includeArchived: $all }) { id } }
      locality(code: "96101") { positions(filter: { includeArchived: $all }) { id } }
      officials(filter: { within: "96", keyLeadership: true, activeOn: "2024-06-30" }) { nodes { id } }
    }`;
    const before = await platform.data(query, { id: ids.oa.id });
    expect(idsOf(before.official.positions)).toEqual([ids.pa.id]);
    expect(idsOf(before.locality.positions)).toEqual([ids.pa.id]);
    expect(idsOf(before.officials.nodes)).toContain(ids.oa.id);
    const coverageBefore = (await platform.data(COVERAGE)).keyLeaderCoverage;
    expect(codes({ nodes: coverageBefore.unitsWithout })).not.toContain('96101');

    await archive('Position', ids.pa);

    const live = await platform.data(query, { id: ids.oa.id });
    expect(live.official.positions).toEqual([]);
    expect(live.locality.positions).toEqual([]);
    expect(idsOf(live.officials.nodes)).not.toContain(ids.oa.id);
    const coverage = (await platform.data(COVERAGE)).keyLeaderCoverage;
    expect(coverage.withFemaleKeyLeader).toBe(coverageBefore.withFemaleKeyLeader - 1);
    expect(codes({ nodes: coverage.unitsWithout })).toContain('96101');

    const all = await platform.data(query, { id: ids.oa.id, all: true });
    expect(idsOf(all.official.positions)).toEqual([ids.pa.id]);
    expect(idsOf(all.locality.positions)).toEqual([ids.pa.id]);
  });

  it('an official', async () => {
    const query = `query ($all: Boolean) {
      officials(filter: { within: "96", includeArchived: $all }) { totalCount nodes { id } }
      officialsBreakdown(groupBy: [SEX], filter: { within: "96", includeArchived: $all }) { total }
    }`;
    const before = await platform.data(query);
    expect(idsOf(before.officials.nodes)).toContain(ids.ob.id);
    const coverageBefore = (await platform.data(COVERAGE)).keyLeaderCoverage;
    expect(codes({ nodes: coverageBefore.unitsWithout })).not.toContain('96102');

    await archive('Official', ids.ob);

    const live = await platform.data(query);
    expect(idsOf(live.officials.nodes)).not.toContain(ids.ob.id);
    expect(live.officials.totalCount).toBe(before.officials.totalCount - 1);
    expect(live.officialsBreakdown.total).toBe(before.officialsBreakdown.total - 1);
    const coverage = (await platform.data(COVERAGE)).keyLeaderCoverage;
    expect(coverage.withFemaleKeyLeader).toBe(coverageBefore.withFemaleKeyLeader - 1);
    expect(codes({ nodes: coverage.unitsWithout })).toContain('96102');

    const all = await platform.data(query, { all: true });
    expect(idsOf(all.officials.nodes)).toContain(ids.ob.id);
    expect(all.officialsBreakdown.total).toBe(before.officialsBreakdown.total);
  });

  it('an enrolment', async () => {
    const query = `query ($all: Boolean) {
      trainingProgram(code: "T-2024-01") { enrollments(filter: { includeArchived: $all }) { nodes { id } } }
    }`;
    const before = await platform.data(query);
    expect(idsOf(before.trainingProgram.enrollments.nodes).sort()).toEqual(
      [ids.e1.id, ids.e2.id].sort(),
    );
    const participationBefore = (await platform.data(PARTICIPATION)).trainingParticipation;

    await archive('Enrollment', ids.e1);

    const live = await platform.data(query);
    expect(idsOf(live.trainingProgram.enrollments.nodes)).toEqual([ids.e2.id]);
    const participation = (await platform.data(PARTICIPATION)).trainingParticipation;
    expect(participation.enrollments).toBe(participationBefore.enrollments - 1);

    const all = await platform.data(query, { all: true });
    expect(idsOf(all.trainingProgram.enrollments.nodes).sort()).toEqual(
      [ids.e1.id, ids.e2.id].sort(),
    );
  });

  it('a training program', async () => {
    const query = `query ($all: Boolean) {
      trainingPrograms(filter: { within: "96", includeArchived: $all }) { nodes { code } }
    }`;
    expect(codes((await platform.data(query)).trainingPrograms)).toContain('T-2024-02');
    const participationBefore = (await platform.data(PARTICIPATION)).trainingParticipation;

    await archive('TrainingProgram', ids.tp2);

    expect(codes((await platform.data(query)).trainingPrograms)).not.toContain('T-2024-02');
    const participation = (await platform.data(PARTICIPATION)).trainingParticipation;
    expect(participation.enrollments).toBe(participationBefore.enrollments - 1);
    expect(codes((await platform.data(query, { all: true })).trainingPrograms)).toContain(
      'T-2024-02',
    );
  });

  it('an agency', async () => {
    const query = `query ($all: Boolean) {
      agencies(filter: { within: "96", includeArchived: $all }) { nodes { code } }
    }`;
    expect(codes((await platform.data(query)).agencies)).toContain('T-SLD');
    await archive('Agency', ids.spare);
    expect(codes((await platform.data(query)).agencies)).toEqual(['T-SNV']);
    expect(codes((await platform.data(query, { all: true })).agencies).sort()).toEqual([
      'T-SLD',
      'T-SNV',
    ]);
  });

  it('a task', async () => {
    const query = `query ($all: Boolean) {
      tasks(filter: { assigneeCode: "T-SNV", includeArchived: $all }) { nodes { code } }
    }`;
    expect(codes((await platform.data(query)).tasks)).toEqual(['T-NV-01']);
    await archive('Task', ids.task);
    expect(codes((await platform.data(query)).tasks)).toEqual([]);
    expect(codes((await platform.data(query, { all: true })).tasks)).toEqual(['T-NV-01']);
  });
});
