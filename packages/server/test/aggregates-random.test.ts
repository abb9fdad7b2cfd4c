import type { Knex } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NOISE } from '../src/modules/dashboard/disclosure.js';
import { SeededRandom } from '../src/seed/random.js';
import { testConfig, TestPlatform } from './support/platform.js';
import { createScratchDatabase } from './support/scratch-database.js';

/**
 * Every aggregate, checked against a computation written independently here in plain
 * TypeScript over a generated data set. The seed is fixed, so every run (CI included) checks
 * the same data; it is printed, and AGGREGATE_SEED=<number> replays another data set
 * (AGGREGATE_SEED=random draws one).
 *
 * The generator makes sure the edges occur: posts that start or end on the days the checks ask
 * about (and the days next to them), values equal to their targets, and breakdown cells of
 * exactly the small-cell threshold and of one below it.
 */
const FIXED_SEED = 20_211_231;
const SEED =
  process.env.AGGREGATE_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.AGGREGATE_SEED ?? FIXED_SEED);
if (!Number.isInteger(SEED)) throw new Error('AGGREGATE_SEED must be an integer or "random"');
const random = new SeededRandom(SEED);
const THRESHOLD = testConfig().smallCellThreshold;

/** Days the post checks ask about; posts are made to start and end on and next to them. */
const COVERAGE_DAYS = [
  ['COMMUNE', '2022-06-30'],
  ['DISTRICT', '2023-12-31'],
  ['COMMUNE', '2024-12-31'],
] as const;
const BREAKDOWN_DAY = '2023-06-30';
const CHECKED_DAYS = [...COVERAGE_DAYS.map(([, day]) => day), BREAKDOWN_DAY];

const DIRECTIONS = ['AT_LEAST', 'AT_MOST', 'BELOW'] as const;
type Direction = (typeof DIRECTIONS)[number];

interface Unit {
  id: number;
  code: string;
  level: 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
  parentId: number | null;
  districtId: number | null;
}
interface IndicatorRow {
  id: number;
  code: string;
  goalId: number;
  goalCode: string;
  unit: string;
  direction: Direction;
  scale: number;
  tracked: boolean;
}
interface ValueRow {
  indicatorId: number;
  localityId: number;
  year: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
}
interface OfficialRow {
  id: number;
  sex: 'FEMALE' | 'MALE';
  ethnicity: string;
  birthYear: number | null;
  homeId: number;
}
interface PostRow {
  officialId: number;
  localityId: number;
  agency: boolean;
  kind: string;
  key: boolean;
  start: string;
  end: string | null;
}
interface EnrollmentRow {
  officialId: number;
  programCode: string;
  programYear: number;
  programKind: string;
  status: string;
}

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let platform: TestPlatform;
const units: Unit[] = [];
const indicators: IndicatorRow[] = [];
const values: ValueRow[] = [];
const officials: OfficialRow[] = [];
const posts: PostRow[] = [];
const enrollments: EnrollmentRow[] = [];

const date = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

async function generate(knex: Knex) {
  const [strategy] = await knex('strategy')
    .insert({
      code: 'NQ28-2021-2030',
      name_vi: 'Thử',
      name_en: 'Test',
      legal_basis: 'test',
      start_year: 2021,
      end_year: 2030,
    })
    .returning('id');
  const insertUnit = async (code: string, level: Unit['level'], parent: Unit | null) => {
    const [row] = await knex('locality')
      .insert({
        code,
        name: `Đơn vị ${code}`,
        short_name: code,
        level,
        source: 'random test data',
        type:
          level === 'PROVINCE' ? 'PROVINCE' : level === 'DISTRICT' ? 'RURAL_DISTRICT' : 'COMMUNE',
        parent_id: parent?.id ?? null,
      })
      .returning('id');
    const unit: Unit = {
      id: row.id,
      code,
      level,
      parentId: parent?.id ?? null,
      districtId: level === 'COMMUNE' ? parent!.id : null,
    };
    units.push(unit);
    return unit;
  };
  const province = await insertUnit('97', 'PROVINCE', null);
  for (let d = 0; d < random.int(3, 6); d++) {
    const district = await insertUnit(`9${70 + d}`, 'DISTRICT', province);
    for (let c = 0; c < random.int(2, 9); c++)
      await insertUnit(`97${d}${String(c).padStart(2, '0')}`, 'COMMUNE', district);
  }
  // Two communes home to exactly THRESHOLD and THRESHOLD − 1 officials, and to no one else.
  const edgeDistrict = await insertUnit('979', 'DISTRICT', province);
  const atThreshold = await insertUnit('97901', 'COMMUNE', edgeDistrict);
  const belowThreshold = await insertUnit('97902', 'COMMUNE', edgeDistrict);
  const edgeUnits = [atThreshold, belowThreshold];

  const goalIds = new Map<string, number>();
  for (const [index, code] of ['MT1', 'MT2', 'MT3'].entries()) {
    const [goal] = await knex('goal')
      .insert({
        strategy_id: strategy.id,
        code,
        name_vi: code,
        name_en: code,
        sort_order: index + 1,
      })
      .returning('id');
    goalIds.set(code, goal.id);
  }
  const kinds = [
    { unit: 'PERCENT', scale: 100 },
    { unit: 'PERCENT', scale: 100 },
    { unit: 'RATIO', scale: 100 },
    { unit: 'COUNT', scale: 1 },
    { unit: 'BOOLEAN', scale: 1 },
    { unit: 'RATE_PER_100K', scale: 100000 },
    { unit: 'PERCENT', scale: 100 },
    { unit: 'RATIO', scale: 1 },
  ];
  for (const [index, kind] of kinds.entries()) {
    const goalCode = random.pick(['MT1', 'MT2', 'MT3']);
    const direction = kind.unit === 'BOOLEAN' ? 'AT_LEAST' : random.pick(DIRECTIONS);
    const code = `${goalCode}.${index + 1}`;
    const [row] = await knex('indicator')
      .insert({
        strategy_id: strategy.id,
        goal_id: goalIds.get(goalCode),
        code,
        name_vi: code,
        name_en: code,
        unit: kind.unit,
        direction,
        text_status: 'UNKNOWN',
        source: 'test',
        sort_order: index + 1,
        value_scale: kind.scale,
      })
      .returning('id');
    indicators.push({
      id: row.id,
      code,
      goalId: goalIds.get(goalCode)!,
      goalCode,
      unit: kind.unit,
      direction,
      scale: kind.scale,
      tracked: random.next() < 0.8,
    });
  }
  const [plan] = await knex('plan')
    .insert({
      code: 'TEST-PLAN',
      name: 'Test',
      strategy_id: strategy.id,
      locality_id: province.id,
      start_year: 2021,
      end_year: 2030,
      source: 'test',
    })
    .returning('id');
  await knex('plan_indicator').insert(
    indicators.filter((i) => i.tracked).map((i) => ({ plan_id: plan.id, indicator_id: i.id })),
  );
  for (const indicator of indicators) {
    await knex('indicator_target').insert({
      indicator_id: indicator.id,
      year: 2025,
      value: randomValue(indicator).value ?? 1,
      source: 'test',
    });
  }

  const valueRows: object[] = [];
  for (const indicator of indicators) {
    for (const unit of units) {
      for (const year of [2021, 2022, 2023, 2024]) {
        if (random.next() < 0.2) continue;
        const { value, numerator, denominator } = randomValue(indicator);
        const roll = random.next();
        // Some values sit exactly on their target, where the direction decides.
        const target = roll < 0.15 ? null : roll < 0.35 ? value : randomValue(indicator).value;
        const approval = random.pick(['APPROVED', 'APPROVED', 'APPROVED', 'SUBMITTED', 'DRAFT']);
        // Aggregates count approved values only; the others must stay invisible to them.
        if (approval === 'APPROVED')
          values.push({
            indicatorId: indicator.id,
            localityId: unit.id,
            year,
            value,
            numerator,
            denominator,
            target,
          });
        valueRows.push({
          approval_status: approval,
          indicator_id: indicator.id,
          locality_id: unit.id,
          year,
          value,
          numerator,
          denominator,
          target,
          source: 'random test data',
        });
      }
    }
  }
  await knex.batchInsert('indicator_value', valueRows, 500);

  const ethnicities = ['Kinh', 'Kinh', 'Kinh', 'Hrê', 'Cor', 'Ca Dong'];
  const ordinaryUnits = units.filter((u) => !edgeUnits.includes(u));
  const governmentUnits = ordinaryUnits.filter((u) => u.level !== 'PROVINCE');
  const officialRows: object[] = [];
  const edgeHomes = [
    ...Array<Unit>(THRESHOLD).fill(atThreshold),
    ...Array<Unit>(THRESHOLD - 1).fill(belowThreshold),
  ];
  for (let i = 0; i < 400 + edgeHomes.length; i++) {
    const home = i < 400 ? random.pick(ordinaryUnits) : edgeHomes[i - 400];
    const official: OfficialRow = {
      id: 0,
      sex: random.next() < 0.4 ? 'FEMALE' : 'MALE',
      ethnicity: random.pick(ethnicities),
      birthYear: random.next() < 0.05 ? null : random.int(1955, 2000),
      homeId: home.id,
    };
    officials.push(official);
    officialRows.push({
      full_name: `Người ${i}`,
      sex: official.sex,
      ethnicity: official.ethnicity,
      birth_year: official.birthYear,
      home_locality_id: home.id,
      synthetic: true,
      reference: `RANDOM-${i}`,
    });
  }
  const inserted = await knex('official').insert(officialRows).returning(['id', 'reference']);
  for (const row of inserted) officials[Number(String(row.reference).slice(7))].id = row.id;
  const [agency] = await knex('agency')
    .insert({
      code: 'TEST-AGENCY',
      name_vi: 'Sở Thử',
      name_en: 'Test',
      kind: 'DEPARTMENT',
      locality_id: province.id,
    })
    .returning('id');
  const postRows: object[] = [];
  const edgeOfficials = new Set(officials.slice(400).map((official) => official.id));
  /** A checked day, or the day before or after it. */
  const nearCheckedDay = () => {
    const day = new Date(`${random.pick(CHECKED_DAYS)}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + random.int(-1, 1));
    return day.toISOString().slice(0, 10);
  };
  for (const official of officials) {
    // The edge communes' officials hold no post, so that their home decides their cell.
    if (edgeOfficials.has(official.id)) continue;
    for (let p = 0; p < random.int(0, 2); p++) {
      const startYear = random.int(2019, 2024);
      const edge = random.next();
      const start =
        edge < 0.2 ? nearCheckedDay() : date(startYear, random.int(1, 12), random.int(1, 28));
      const end =
        edge >= 0.2 && edge < 0.4
          ? nearCheckedDay()
          : random.next() < 0.4
            ? date(startYear + random.int(0, 2), 12, random.int(1, 28))
            : null;
      const post: PostRow = {
        officialId: official.id,
        localityId: random.pick(governmentUnits).id,
        agency: random.next() < 0.3,
        kind: random.pick(['PARTY_COMMITTEE', 'PEOPLES_COUNCIL', 'PEOPLES_COMMITTEE']),
        key: random.next() < 0.5,
        start,
        end: end !== null && end < start ? start : end,
      };
      posts.push(post);
      postRows.push({
        official_id: post.officialId,
        title: 'Chức vụ thử',
        organisation_kind: post.kind,
        locality_id: post.localityId,
        agency_id: post.agency ? agency.id : null,
        is_key_leadership: post.key,
        start_date: post.start,
        end_date: post.end,
      });
    }
  }
  await knex.batchInsert('official_position', postRows, 500);

  for (const [index, year] of [2022, 2023, 2023, 2024].entries()) {
    const kind = random.pick(['TRAINING', 'RETRAINING', 'WORKSHOP']);
    const [program] = await knex('training_program')
      .insert({
        code: `TEST-${index}`,
        title: `Khóa ${index}`,
        kind,
        organising_agency_id: agency.id,
        locality_id: province.id,
        start_date: date(year, 3, 1),
        end_date: date(year, 4, 1),
        capacity: 200,
      })
      .returning('id');
    const rows = random.sample(officials, random.int(20, 150)).map((official) => {
      const status = random.pick(['COMPLETED', 'COMPLETED', 'ENROLLED', 'WITHDRAWN']);
      enrollments.push({
        officialId: official.id,
        programCode: `TEST-${index}`,
        programYear: year,
        programKind: kind,
        status,
      });
      return {
        program_id: program.id,
        official_id: official.id,
        status,
        completed_on: status === 'COMPLETED' ? date(year, 4, 1) : null,
      };
    });
    await knex('enrollment').insert(rows);
  }
  // A workshop for everyone of the edge communes: cells of THRESHOLD and THRESHOLD − 1.
  const [workshop] = await knex('training_program')
    .insert({
      code: 'TEST-EDGE',
      title: 'Khóa biên',
      kind: 'WORKSHOP',
      organising_agency_id: agency.id,
      locality_id: province.id,
      start_date: date(2024, 5, 1),
      end_date: date(2024, 5, 2),
      capacity: 200,
    })
    .returning('id');
  const edgeRows = officials.slice(400).map((official) => {
    enrollments.push({
      officialId: official.id,
      programCode: 'TEST-EDGE',
      programYear: 2024,
      programKind: 'WORKSHOP',
      status: 'ENROLLED',
    });
    return { program_id: workshop.id, official_id: official.id, status: 'ENROLLED' };
  });
  await knex('enrollment').insert(edgeRows);
  await knex.raw('analyze');
}

function randomValue(indicator: { unit: string; scale: number }) {
  if (indicator.unit === 'COUNT')
    return { value: random.int(0, 500), numerator: null, denominator: null };
  if (indicator.unit === 'BOOLEAN')
    return { value: random.next() < 0.7 ? 1 : 0, numerator: null, denominator: null };
  if (random.next() < 0.1) return { value: null, numerator: null, denominator: null };
  const denominator = random.int(1, 1000);
  const numerator = indicator.unit === 'PERCENT' ? random.int(0, denominator) : random.int(0, 2000);
  return {
    value: Math.round((numerator / denominator) * indicator.scale * 10000) / 10000,
    numerator,
    denominator,
  };
}

const met = (value: number, target: number, direction: Direction) =>
  direction === 'AT_LEAST'
    ? value >= target
    : direction === 'AT_MOST'
      ? value <= target
      : value < target;
const statusOf = (row: ValueRow | undefined, direction: Direction) =>
  !row || row.value === null
    ? 'NO_DATA'
    : row.target === null
      ? 'NO_TARGET'
      : met(row.value, row.target, direction)
        ? 'MET'
        : 'NOT_MET';
const activeOn = (post: PostRow, day: string) =>
  post.start <= day && (post.end === null || post.end >= day);
const province = () => units.find((unit) => unit.level === 'PROVINCE')!;

beforeAll(async () => {
  console.log(`aggregate check data set: AGGREGATE_SEED=${SEED}`);
  scratch = await createScratchDatabase('aggregates');
  platform = await TestPlatform.start(scratch.url);
  await generate(platform.orm.em.getKnex());
});
afterAll(async () => {
  await platform?.stop();
  await scratch?.drop();
});

describe(`aggregates against an independent computation (AGGREGATE_SEED=${SEED})`, () => {
  it('indicatorAttainment counts the tracked indicators by status, in total and per goal', async () => {
    for (const year of [2021, 2023, 2024]) {
      const data = await platform.data(
        `query ($year: Int!) { indicatorAttainment(year: $year, localityCode: "97") {
          tracked met notMet noTarget noData metShare goals { goal { code } tracked met notMet noData }
          indicators { indicator { code } value gap } } }`,
        { year },
      );
      const tracked = indicators.filter((i) => i.tracked);
      const statuses = tracked.map((i) => ({
        goal: i.goalCode,
        status: statusOf(
          values.find(
            (v) => v.indicatorId === i.id && v.localityId === province().id && v.year === year,
          ),
          i.direction,
        ),
      }));
      const count = (status: string, goal?: string) =>
        statuses.filter((s) => s.status === status && (!goal || s.goal === goal)).length;
      const result = data.indicatorAttainment;
      expect(result).toMatchObject({
        tracked: tracked.length,
        met: count('MET'),
        notMet: count('NOT_MET'),
        noTarget: count('NO_TARGET'),
        noData: count('NO_DATA'),
      });
      expect(result.metShare).toBeCloseTo(count('MET') / tracked.length, 10);
      for (const row of result.indicators) {
        const indicator = tracked.find((i) => i.code === row.indicator.code)!;
        const value = values.find(
          (v) =>
            v.indicatorId === indicator.id && v.localityId === province().id && v.year === year,
        );
        if (!value || value.value === null || value.target === null) expect(row.gap).toBeNull();
        else {
          const shortfall =
            indicator.direction === 'AT_LEAST'
              ? value.target - value.value
              : value.value - value.target;
          expect(row.gap).toBeCloseTo(shortfall, 6);
        }
      }
      for (const goal of result.goals) {
        expect(goal.tracked).toBe(statuses.filter((s) => s.goal === goal.goal.code).length);
        expect(goal.met).toBe(count('MET', goal.goal.code));
        expect(goal.noData).toBe(count('NO_DATA', goal.goal.code));
      }
    }
  });

  it('keyLeaderCoverage counts units with a woman in a key local-government post on the day', async () => {
    for (const [level, day] of COVERAGE_DAYS) {
      const data = await platform.data(
        `query ($level: LocalityLevel!, $day: Date!) { keyLeaderCoverage(localityCode: "97", level: $level, asOf: $day) { units withFemaleKeyLeader unitsWithout { code } } }`,
        { level, day },
      );
      const candidates = units.filter((u) => u.level === level);
      const female = new Set(officials.filter((o) => o.sex === 'FEMALE').map((o) => o.id));
      const covered = candidates.filter((unit) =>
        posts.some(
          (p) =>
            p.localityId === unit.id &&
            p.key &&
            !p.agency &&
            female.has(p.officialId) &&
            activeOn(p, day),
        ),
      );
      expect(data.keyLeaderCoverage.units).toBe(candidates.length);
      expect(data.keyLeaderCoverage.withFemaleKeyLeader).toBe(covered.length);
      expect(data.keyLeaderCoverage.unitsWithout.map((u: { code: string }) => u.code)).toEqual(
        candidates
          .filter((u) => !covered.includes(u))
          .map((u) => u.code)
          .sort(),
      );
    }
  });

  it('officialsBreakdown counts distinct officials per cell and suppresses small cells', async () => {
    const day = BREAKDOWN_DAY;
    const data = await platform.data(
      `{ officialsBreakdown(groupBy: [SEX, ETHNICITY_GROUP, KEY_LEADERSHIP], options: { asOf: "${day}" }) {
          total threshold suppressedGroups groups { sex ethnicityGroup keyLeadership count } } }`,
    );
    const cells = new Map<string, Set<number>>();
    for (const official of officials) {
      const active = posts.filter((p) => p.officialId === official.id && activeOn(p, day));
      const keys = active.length > 0 ? active.map((p) => p.key) : [false];
      for (const key of keys) {
        const cell = `${official.sex}|${official.ethnicity === 'Kinh' ? 'KINH' : 'ETHNIC_MINORITY'}|${key}`;
        if (!cells.has(cell)) cells.set(cell, new Set());
        cells.get(cell)!.add(official.id);
      }
    }
    const expected = [...cells].map(([cell, ids]) => ({ cell, count: ids.size }));
    const breakdown = data.officialsBreakdown;
    expect(breakdown.total).toBe(officials.length);
    expect(breakdown.suppressedGroups).toBe(
      expected.filter((e) => e.count < breakdown.threshold).length,
    );
    const actual = breakdown.groups.map(
      (g: { sex: string; ethnicityGroup: string; keyLeadership: boolean; count: number }) => ({
        cell: `${g.sex}|${g.ethnicityGroup}|${g.keyLeadership}`,
        count: g.count,
      }),
    );
    const sort = (rows: { cell: string }[]) =>
      [...rows].sort((a, b) => a.cell.localeCompare(b.cell));
    expect(sort(actual)).toEqual(sort(expected.filter((e) => e.count >= breakdown.threshold)));
  });

  it('an anonymous caller gets the same breakdown perturbed within the documented bound', async () => {
    const day = BREAKDOWN_DAY;
    const data = await platform.data(
      `{ officialsBreakdown(groupBy: [SEX, ETHNICITY_GROUP, KEY_LEADERSHIP], options: { asOf: "${day}" }) {
          total threshold perturbed suppressedGroups groups { sex ethnicityGroup keyLeadership count } } }`,
      undefined,
      { token: '' },
    );
    const cells = new Map<string, Set<number>>();
    for (const official of officials) {
      const active = posts.filter((p) => p.officialId === official.id && activeOn(p, day));
      for (const key of active.length > 0 ? active.map((p) => p.key) : [false]) {
        const cell = `${official.sex}|${official.ethnicity === 'Kinh' ? 'KINH' : 'ETHNIC_MINORITY'}|${key}`;
        if (!cells.has(cell)) cells.set(cell, new Set());
        cells.get(cell)!.add(official.id);
      }
    }
    const breakdown = data.officialsBreakdown;
    const { threshold } = breakdown;
    expect(breakdown.perturbed).toBe(true);
    if (breakdown.total === null) {
      expect(officials.length).toBeLessThan(threshold + MAX_NOISE);
      expect(breakdown.groups).toEqual([]);
    } else {
      expect(Math.abs(breakdown.total - officials.length)).toBeLessThanOrEqual(MAX_NOISE);
    }
    const shown = new Map<string, number>(
      breakdown.groups.map(
        (g: { sex: string; ethnicityGroup: string; keyLeadership: boolean; count: number }) => [
          `${g.sex}|${g.ethnicityGroup}|${g.keyLeadership}`,
          g.count,
        ],
      ),
    );
    expect(breakdown.suppressedGroups).toBe(cells.size - shown.size);
    for (const [cell, count] of shown) {
      expect(cells.has(cell), cell).toBe(true);
      expect(count, cell).toBeGreaterThanOrEqual(threshold);
      expect(Math.abs(count - cells.get(cell)!.size), cell).toBeLessThanOrEqual(MAX_NOISE);
    }
    if (breakdown.total !== null) {
      for (const [cell, ids] of cells) {
        if (ids.size >= threshold + MAX_NOISE) expect(shown.has(cell), cell).toBe(true);
      }
    }
  });

  it('the generated data reaches the edges the aggregates must get right', () => {
    for (const day of CHECKED_DAYS) {
      expect(
        posts.some((p) => p.start === day),
        `a post starting on ${day}`,
      ).toBe(true);
      expect(
        posts.some((p) => p.end === day),
        `a post ending on ${day}`,
      ).toBe(true);
    }
    expect(values.some((v) => v.value !== null && v.value === v.target)).toBe(true);
    const homes = new Map<number, number>();
    for (const official of officials)
      homes.set(official.homeId, (homes.get(official.homeId) ?? 0) + 1);
    expect([...homes.values()]).toContain(THRESHOLD);
    expect([...homes.values()]).toContain(THRESHOLD - 1);
  });

  it('officialsBreakdown by locality shows cells of the threshold and suppresses smaller ones', async () => {
    const data = await platform.data(
      `{ officialsBreakdown(groupBy: [LOCALITY], options: { asOf: "${BREAKDOWN_DAY}" }) {
          total threshold suppressedGroups groups { locality { code } count } } }`,
    );
    const codeOf = new Map(units.map((u) => [u.id, u.code]));
    const cells = new Map<string, Set<number>>();
    for (const official of officials) {
      const active = posts.filter(
        (p) => p.officialId === official.id && activeOn(p, BREAKDOWN_DAY),
      );
      const places = active.length > 0 ? active.map((p) => p.localityId) : [official.homeId];
      for (const place of places) {
        const code = codeOf.get(place)!;
        if (!cells.has(code)) cells.set(code, new Set());
        cells.get(code)!.add(official.id);
      }
    }
    const expected = [...cells].map(([code, ids]) => ({ code, count: ids.size }));
    const breakdown = data.officialsBreakdown;
    expect(breakdown.threshold).toBe(THRESHOLD);
    expect(breakdown.total).toBe(officials.length);
    expect(breakdown.suppressedGroups).toBe(expected.filter((e) => e.count < THRESHOLD).length);
    const actual = breakdown.groups.map((g: { locality: { code: string }; count: number }) => ({
      code: g.locality.code,
      count: g.count,
    }));
    const sort = (rows: { code: string }[]) =>
      [...rows].sort((a, b) => a.code.localeCompare(b.code));
    expect(sort(actual)).toEqual(sort(expected.filter((e) => e.count >= THRESHOLD)));
    expect(actual).toContainEqual({ code: '97901', count: THRESHOLD });
  });

  it('trainingParticipation by home locality shows cells of the threshold and suppresses smaller ones', async () => {
    const data = await platform.data(`{
      trainingParticipation(groupBy: [LOCALITY], filter: { programCode: "TEST-EDGE" }) {
        enrollments threshold suppressedGroups groups { locality { code } enrollments }
      }
    }`);
    const codeOf = new Map(units.map((u) => [u.id, u.code]));
    const homeOf = new Map(officials.map((o) => [o.id, o.homeId]));
    const cells = new Map<string, number>();
    const rows = enrollments.filter((e) => e.programCode === 'TEST-EDGE');
    for (const row of rows) {
      const code = codeOf.get(homeOf.get(row.officialId)!)!;
      cells.set(code, (cells.get(code) ?? 0) + 1);
    }
    const participation = data.trainingParticipation;
    expect(participation.threshold).toBe(THRESHOLD);
    expect(participation.enrollments).toBe(rows.length);
    expect(participation.suppressedGroups).toBe(
      [...cells.values()].filter((n) => n < THRESHOLD).length,
    );
    expect(
      participation.groups.map((g: { locality: { code: string }; enrollments: number }) => [
        g.locality.code,
        g.enrollments,
      ]),
    ).toEqual([...cells].filter(([, n]) => n >= THRESHOLD).sort(([a], [b]) => a.localeCompare(b)));
  });

  it('officialsBreakdown and trainingParticipation within a unit count whoever lives or serves there on the day', async () => {
    const byId = new Map(units.map((u) => [u.id, u]));
    const inside = (unitId: number, root: Unit) => {
      for (let u: Unit | undefined = byId.get(unitId); u; u = byId.get(u.parentId ?? -1)) {
        if (u.id === root.id) return true;
      }
      return false;
    };
    const codeOf = new Map(units.map((u) => [u.id, u.code]));
    const roots = [province(), ...units.filter((u) => u.level === 'DISTRICT').slice(0, 4)];
    for (const day of [BREAKDOWN_DAY, '2021-06-30']) {
      for (const root of roots) {
        const data = await platform.data(
          `query ($within: String!, $day: Date!) {
            officialsBreakdown(groupBy: [LOCALITY, KEY_LEADERSHIP], filter: { within: $within }, options: { asOf: $day }) {
              total threshold groups { locality { code } keyLeadership count } } }`,
          { within: root.code, day },
        );
        const cells = new Map<string, Set<number>>();
        let total = 0;
        for (const official of officials) {
          const active = posts.filter((p) => p.officialId === official.id && activeOn(p, day));
          const counted =
            inside(official.homeId, root) || active.some((p) => inside(p.localityId, root));
          if (!counted) continue;
          total++;
          const places =
            active.length > 0
              ? active.map((p) => `${codeOf.get(p.localityId)}|${p.key}`)
              : [`${codeOf.get(official.homeId)}|false`];
          for (const place of places) {
            if (!cells.has(place)) cells.set(place, new Set());
            cells.get(place)!.add(official.id);
          }
        }
        const breakdown = data.officialsBreakdown;
        expect(breakdown.total, `${root.code} on ${day}`).toBe(total);
        const expected = [...cells]
          .map(([cell, ids]) => ({ cell, count: ids.size }))
          .filter((e) => e.count >= breakdown.threshold)
          .sort((a, b) => a.cell.localeCompare(b.cell));
        const actual = breakdown.groups
          .map((g: { locality: { code: string }; keyLeadership: boolean; count: number }) => ({
            cell: `${g.locality.code}|${g.keyLeadership}`,
            count: g.count,
          }))
          .sort((a: { cell: string }, b: { cell: string }) => a.cell.localeCompare(b.cell));
        expect(actual, `${root.code} on ${day}`).toEqual(expected);
      }
    }
    for (const root of roots) {
      const data = await platform.data(
        `query ($within: String!) { trainingParticipation(groupBy: [SEX], filter: { within: $within }) { enrollments completions } }`,
        { within: root.code },
      );
      const homeOf = new Map(officials.map((o) => [o.id, o.homeId]));
      const rows = enrollments.filter((e) => inside(homeOf.get(e.officialId)!, root));
      expect(data.trainingParticipation.enrollments, root.code).toBe(rows.length);
      expect(data.trainingParticipation.completions, root.code).toBe(
        rows.filter((e) => e.status === 'COMPLETED').length,
      );
    }
  });

  it('trainingParticipation counts enrolments, completions and rates per cell', async () => {
    const data = await platform.data(`{
      trainingParticipation(groupBy: [YEAR, SEX], options: { minCount: 1 }) {
        enrollments completions withdrawals completionRate groups { year sex enrollments completions withdrawals completionRate }
      }
    }`);
    const sexOf = new Map(officials.map((o) => [o.id, o.sex]));
    const participation = data.trainingParticipation;
    expect(participation.enrollments).toBe(enrollments.length);
    expect(participation.completions).toBe(
      enrollments.filter((e) => e.status === 'COMPLETED').length,
    );
    expect(participation.withdrawals).toBe(
      enrollments.filter((e) => e.status === 'WITHDRAWN').length,
    );
    for (const group of participation.groups) {
      const rows = enrollments.filter(
        (e) => e.programYear === group.year && sexOf.get(e.officialId) === group.sex,
      );
      const completed = rows.filter((e) => e.status === 'COMPLETED').length;
      expect(group.enrollments).toBe(rows.length);
      expect(group.completions).toBe(completed);
      expect(group.completionRate).toBeCloseTo(completed / rows.length, 10);
    }
  });

  it('indicatorSeries fits the least-squares trend of the reported values', async () => {
    for (const indicator of indicators.filter((i) => i.unit !== 'BOOLEAN')) {
      const data = await platform.data(
        `query ($code: String!) { indicatorSeries(indicatorCode: $code, localityCode: "97", fromYear: 2021, toYear: 2024) {
            trendPerYear projected2025 points { year value } } }`,
        { code: indicator.code },
      );
      const points = values
        .filter(
          (v) =>
            v.indicatorId === indicator.id && v.localityId === province().id && v.value !== null,
        )
        .map((v) => ({ x: v.year, y: v.value! }));
      const series = data.indicatorSeries;
      if (points.length < 2) {
        expect(series.trendPerYear).toBeNull();
        continue;
      }
      const meanX = points.reduce((s, p) => s + p.x, 0) / points.length;
      const meanY = points.reduce((s, p) => s + p.y, 0) / points.length;
      const slope =
        points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0) /
        points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
      expect(series.trendPerYear).toBeCloseTo(slope, 6);
      expect(series.projected2025).toBeCloseTo(meanY + slope * (2025 - meanX), 4);
    }
  });

  it('indicatorRollup sums counts, divides summed fractions and requires every yes', async () => {
    for (const indicator of indicators) {
      for (const district of units.filter((u) => u.level === 'DISTRICT')) {
        const data = await platform.data(
          `query ($code: String!, $locality: String!) { indicatorRollup(indicatorCode: $code, localityCode: $locality, year: 2023) {
              method value numerator denominator units reporting complete withoutFraction } }`,
          { code: indicator.code, locality: district.code },
        );
        const communes = units.filter((u) => u.parentId === district.id);
        const rows = values.filter(
          (v) =>
            v.indicatorId === indicator.id &&
            v.year === 2023 &&
            v.value !== null &&
            communes.some((c) => c.id === v.localityId),
        );
        const rollup = data.indicatorRollup;
        expect(rollup.units).toBe(communes.length);
        expect(rollup.reporting).toBe(rows.length);
        expect(rollup.complete).toBe(rows.length === communes.length);
        if (rows.length === 0) {
          expect(rollup.value).toBeNull();
        } else if (indicator.unit === 'COUNT') {
          expect(rollup.method).toBe('SUM');
          expect(rollup.value).toBe(rows.reduce((s, r) => s + r.value!, 0));
        } else if (indicator.unit === 'BOOLEAN') {
          expect(rollup.method).toBe('ALL');
          // No settles it; yes needs every unit.
          const expected = rows.some((r) => r.value === 0)
            ? 0
            : rows.length === communes.length
              ? 1
              : null;
          expect(rollup.value).toBe(expected);
        } else {
          const numerator = rows.reduce((s, r) => s + r.numerator!, 0);
          const denominator = rows.reduce((s, r) => s + r.denominator!, 0);
          expect(rollup).toMatchObject({
            method: 'RATIO_OF_SUMS',
            numerator,
            denominator,
            withoutFraction: 0,
          });
          expect(rollup.value).toBeCloseTo((numerator / denominator) * indicator.scale, 6);
        }
      }
    }
  });
});
