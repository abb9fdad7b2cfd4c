import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

describe('officials and positions', () => {
  it('filters by sex and ethnicity to the same counts as SQL', async () => {
    const [expected] = await platform.sql<{ women: string; minority_women: string }>(
      `select count(*) filter (where sex = 'FEMALE') as women,
              count(*) filter (where sex = 'FEMALE' and ethnicity <> 'Kinh') as minority_women from official`,
    );
    const data = await platform.data(`{
      women: officials(filter: { sex: FEMALE }) { totalCount }
      minorityWomen: officials(filter: { sex: FEMALE, ethnicMinority: true }) { totalCount }
      hre: officials(filter: { ethnicities: ["Hrê"] }, first: 5) { nodes { ethnicity ethnicMinority } }
    }`);
    expect(data.women.totalCount).toBe(Number(expected.women));
    expect(data.minorityWomen.totalCount).toBe(Number(expected.minority_women));
    expect(data.hre.nodes).toHaveLength(5);
    for (const node of data.hre.nodes)
      expect(node).toEqual({ ethnicity: 'Hrê', ethnicMinority: true });
  });

  it('judges key leadership on a given day, so a post that ended does not count', async () => {
    const [former] = await platform.sql<{ id: number }>(
      `select o.id from official o join official_position p on p.official_id = o.id
        where p.is_key_leadership and p.end_date < '2022-01-01'
          and not exists (select 1 from official_position q where q.official_id = o.id and q.end_date is null)
        limit 1`,
    );
    const data = await platform.data(
      `query ($id: ID!) { official(id: $id) { positions { endDate isKeyLeadership }
        current: positions(filter: { activeOn: "2023-12-31" }) { title } } }`,
      { id: String(former.id) },
    );
    expect(data.official.positions.length).toBeGreaterThan(0);
    expect(data.official.current).toEqual([]);
  });

  it('searches names without diacritics and orders by name', async () => {
    const data = await platform.data(
      `{ officials(filter: { search: "dinh thi" }, first: 20, orderBy: { field: NAME }) { totalCount nodes { fullName } } }`,
    );
    expect(data.officials.totalCount).toBeGreaterThan(0);
    for (const node of data.officials.nodes) expect(node.fullName).toMatch(/^Đinh Thị /);
  });

  it("lists a commune government's key posts with their holders", async () => {
    const data = await platform.data(`{
      locality(code: "21010", asOf: "2023-12-31") { positions(filter: { keyLeadership: true, activeOn: "2023-12-31" }) {
        title organisationKind isKeyLeadership locality { code } official { sex synthetic } } }
    }`);
    const posts = data.locality.positions;
    expect(posts).toHaveLength(5);
    for (const post of posts) {
      expect(post).toMatchObject({
        isKeyLeadership: true,
        locality: { code: '21010' },
        official: { synthetic: true },
      });
    }
  });
});

describe('agencies, committee, training and tasks', () => {
  it('shows the provincial committee with its chair and members', async () => {
    const data = await platform.data(`{
      agency(code: "QNG-VSTBPN") { kind nameVi parent { code } locality { code } members { title official { fullName } } }
    }`);
    expect(data.agency.kind).toBe('COMMITTEE');
    expect(data.agency.parent.code).toBe('QNG-UBND');
    const titles = data.agency.members.map((member: { title: string }) => member.title);
    expect(titles).toContain('Trưởng ban');
    expect(titles).toContain('Phó Trưởng ban Thường trực');
  });

  it('holds the 2024 inspection task of the Department of Home Affairs, due before October', async () => {
    const data = await platform.data(`{
      tasks(filter: { assigneeCode: "QNG-SNV", dueTo: "2024-09-30" }) { nodes { code dueDate status committee { code } assignee { nameEn } } }
      agency(code: "QNG-SNV") { tasks { code } }
    }`);
    expect(data.tasks.nodes).toEqual([
      {
        code: 'QNG-VSTBPN-2024-01',
        dueDate: '2024-09-30',
        status: 'PLANNED',
        committee: { code: 'QNG-VSTBPN' },
        assignee: { nameEn: 'Department of Home Affairs' },
      },
    ]);
    expect(data.agency.tasks).toEqual([{ code: 'QNG-VSTBPN-2024-01' }]);
  });

  it('the demo seed enrols only women in programs for female officials, within capacity', async () => {
    const data = await platform.data(`{
      trainingPrograms(filter: { year: 2023, targetGroup: FEMALE_OFFICIALS }) {
        totalCount
        nodes { code capacity illustrative organisingAgency { code } enrollments(first: 500) { totalCount nodes { status completedOn official { sex } } } }
      }
    }`);
    expect(data.trainingPrograms.totalCount).toBe(4);
    for (const program of data.trainingPrograms.nodes) {
      expect(program.illustrative).toBe(true);
      expect(program.enrollments.totalCount).toBeLessThanOrEqual(program.capacity);
      for (const enrollment of program.enrollments.nodes) {
        expect(enrollment.official.sex).toBe('FEMALE');
        expect(enrollment.completedOn === null).toBe(enrollment.status !== 'COMPLETED');
      }
    }
  });

  it('returns null for unknown codes', async () => {
    const data = await platform.data(
      `{ agency(code: "NOPE") { code } task(code: "NOPE") { code } trainingProgram(code: "NOPE") { code } plan(code: "NOPE") { code } }`,
    );
    expect(data).toEqual({ agency: null, task: null, trainingProgram: null, plan: null });
  });
});
