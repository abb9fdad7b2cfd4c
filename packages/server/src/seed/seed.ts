import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { LOCALITY_TYPE_NAMES, LocalityType } from '../modules/locality/locality.entity.js';
import { EnrollmentStatus } from '../modules/training/enrollment.entity.js';
import { TargetGroup } from '../modules/training/training-program.entity.js';
import { dataFile, readCsvRecords } from './csv.js';
import {
  AGENCIES,
  GOALS,
  PLAN_CODE,
  PROGRAMS,
  PROVINCE_CODE,
  REPORT_SOURCE,
  STRATEGY_CODE,
  TASKS,
  UNTRACKED_INDICATORS,
} from './quang-ngai-reference.js';
import { SeededRandom } from './random.js';
import {
  generateOfficials,
  generateReformOfficials,
  type GovernmentUnit,
  type SyntheticOfficial,
} from './synthetic-officials.js';

const UNITS_SOURCE = 'GSO list of administrative units, state of 2024-02-01';
const REFORM_UNITS_SOURCE =
  'Administrative units in force from 2025-07-01: Nghị quyết 202/2025/QH15 and the commune resolutions of the National Assembly Standing Committee';
const PROVINCE_REFORM_SOURCE = 'Nghị quyết 202/2025/QH15: provinces merged whole on 2025-07-01';
const COMMUNE_REFORM_SOURCE =
  'Merge lists of the NASC resolutions of 2025, as matched to GSO codes by vietnamadminunits (MIT)';
/** First day of the two-tier structure; the last day of the 2024 units is the day before. */
export const REFORM_DATE = '2025-07-01';
const LAST_DAY_BEFORE_REFORM = '2025-06-30';
const UNIT_SCALES: Record<string, number> = { PERCENT: 100, RATE_PER_100K: 100_000 };
/** Ratios whose value is per 100 (boys per 100 girls at birth). */
const VALUE_SCALES: Record<string, number> = { 'MT4.1': 100 };
const CATALOGUE_SOURCE_NOTE = 'NQ 28/NQ-CP catalogue';
const MINORITY_BY_DISTRICT: Record<string, string> = {
  '525': 'Cor',
  '529': 'Hrê',
  '530': 'Ca Dong',
  '531': 'Hrê',
  '535': 'Hrê',
};

export class SeedSummary {
  constructor(readonly counts: Record<string, number>) {}

  get inserted(): number {
    return Object.values(this.counts).reduce((sum, count) => sum + count, 0);
  }

  describe(): string {
    return Object.entries(this.counts)
      .filter(([, count]) => count > 0)
      .map(([table, count]) => `${count} ${table}`)
      .join(', ');
  }
}

/**
 * Loads the reference and demo data set. Idempotent: every row is keyed by a natural key and
 * inserted only when absent, all in one transaction, so a second run changes nothing and a
 * failed run leaves nothing behind.
 */
export async function seedDemoData(orm: MikroORM): Promise<SeedSummary> {
  const knex = orm.em.getKnex();
  const counts: Record<string, number> = {};
  await knex.transaction(async (trx) => {
    await trx.raw('set local statement_timeout = 0');
    const insert = async (table: string, rows: object[], conflict?: string[]) => {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += 1000) {
        const query = trx(table).insert(rows.slice(i, i + 1000));
        const result = await (conflict ? query.onConflict(conflict) : query.onConflict())
          .ignore()
          .returning('*');
        inserted += result.length;
      }
      counts[table] = (counts[table] ?? 0) + inserted;
    };
    await seedLocalities(trx, insert);
    await seedReform(trx, insert);
    await seedStrategy(trx, insert);
    await seedAgencies(trx, insert);
    await seedOfficials(trx, insert, counts);
    await seedTraining(trx, insert);
    await seedTasks(trx, insert);
  });
  // Fresh tables have no planner statistics; without them subtree joins plan as nested scans.
  if (Object.values(counts).some((count) => count > 0)) await knex.raw('analyze');
  return new SeedSummary(counts);
}

type Insert = (table: string, rows: object[], conflict?: string[]) => Promise<void>;

const TYPE_BY_NAME = new Map(
  Object.entries(LOCALITY_TYPE_NAMES).map(([type, name]) => [name, type as LocalityType]),
);

async function idsByCode(
  trx: Knex,
  table: string,
  codes?: string[],
  unitsSource = UNITS_SOURCE,
): Promise<Map<string, number>> {
  const query = trx(table).select('id', 'code');
  if (codes) query.whereIn('code', codes);
  if (table === 'locality') query.where('source', unitsSource);
  const rows: { id: number; code: string }[] = await query;
  return new Map(rows.map((row) => [row.code, row.id]));
}

/** Columns of the official lists of units. */
const UNIT_COLUMNS = ['code', 'name', 'short_name', 'type', 'level', 'parent_code'] as const;
/** Columns of the reform's commune list: a 2024 commune and a 2025 commune it went into. */
const REFORM_COLUMNS = [
  'old_code',
  'new_code',
  'new_name',
  'new_province_code',
  'divided',
] as const;
/** Columns of the indicator catalogue files. */
const CATALOGUE_COLUMNS = [
  'goal_code',
  'indicator_code',
  'name_vi',
  'name_en',
  'unit',
  'direction',
  'text_status',
  'source',
  'target_2025',
  'target_2030',
] as const;

async function seedLocalities(trx: Knex, insert: Insert) {
  const units = readCsvRecords(dataFile('vn-admin-units-2024-02-01.csv'), UNIT_COLUMNS);
  const flags = new Map(
    readCsvRecords(dataFile('quang-ngai-area-flags.csv'), [
      'district_code',
      'ethnic_minority_area',
      'mountainous',
      'island',
      'basis',
    ]).map((row) => [row.district_code, row]),
  );
  let parents = new Map<string, number>();
  for (const level of ['PROVINCE', 'DISTRICT', 'COMMUNE']) {
    const rows = units
      .filter((unit) => unit.level === level)
      .map((unit) => {
        const type = TYPE_BY_NAME.get(unit.type);
        if (!type) throw new Error(`Unknown unit type "${unit.type}" for ${unit.code}`);
        // Communes take their district's flags; the basis says so.
        const flag = flags.get(level === 'DISTRICT' ? unit.code : unit.parent_code);
        return {
          code: unit.code,
          name: unit.name,
          short_name: unit.short_name,
          type,
          level,
          parent_id: unit.parent_code ? requireId(parents, unit.parent_code, unit.code) : null,
          valid_from: null,
          // Every unit of this list ended with the reform at the latest (see seedReform).
          valid_to: REFORM_DATE,
          ethnic_minority_area: flag?.ethnic_minority_area === 'true',
          mountainous: flag?.mountainous === 'true',
          island: flag?.island === 'true',
          area_flags_source: flag
            ? level === 'DISTRICT'
              ? `${REPORT_SOURCE}. ${flag.basis}`
              : `Inherited from the district. ${REPORT_SOURCE}. ${flag.basis}`
            : null,
          source: UNITS_SOURCE,
        };
      });
    await insert('locality', rows);
    parents = await idsByCode(trx, 'locality');
  }
}

/**
 * The structure of 2025-07-01 and the links from the units of 2024 to it. Communes of 2024
 * missing from the merge lists were merged between the two lists on a day not in the sources:
 * they keep the reform as their latest possible end, flagged approximate, and no successor of
 * their own (their province's is known).
 */
async function seedReform(trx: Knex, insert: Insert) {
  // A database seeded before the reform was loaded has the 2024 units open-ended.
  await trx('locality')
    .where('source', UNITS_SOURCE)
    .whereNull('valid_to')
    .update({ valid_to: REFORM_DATE });
  const units = readCsvRecords(dataFile('vn-admin-units-2025-07-01.csv'), UNIT_COLUMNS);
  let parents = new Map<string, number>();
  for (const level of ['PROVINCE', 'COMMUNE']) {
    const rows = units
      .filter((unit) => unit.level === level)
      .map((unit) => {
        const type = TYPE_BY_NAME.get(unit.type);
        if (!type) throw new Error(`Unknown unit type "${unit.type}" for ${unit.code}`);
        return {
          code: unit.code,
          name: unit.name,
          short_name: unit.short_name,
          type,
          level,
          parent_id: unit.parent_code ? requireId(parents, unit.parent_code, unit.code) : null,
          valid_from: REFORM_DATE,
          valid_to: null,
          source: REFORM_UNITS_SOURCE,
        };
      });
    await insert('locality', rows);
    parents = await idsByCode(trx, 'locality', undefined, REFORM_UNITS_SOURCE);
  }
  const before = await idsByCode(trx, 'locality');
  const after = parents;
  const provinceLinks = readCsvRecords(dataFile('vn-province-reform-2025-07-01.csv'), [
    'old_code',
    'new_code',
  ]).map((row) => ({
    predecessor_id: requireId(before, row.old_code, 'a province succession'),
    successor_id: requireId(after, row.new_code, 'a province succession'),
    effective_date: REFORM_DATE,
    divided: false,
    source: PROVINCE_REFORM_SOURCE,
  }));
  const communeRows = readCsvRecords(dataFile('vn-admin-reform-2025-07-01.csv'), REFORM_COLUMNS);
  // The merge lists call one commune by another code than the official list (06970 for Ba Chẽ,
  // 06978): a successor missing by code is the unit of that name in that province.
  const byName = new Map(
    units.map((unit) => [`${unit.parent_code}/${unit.name}`, after.get(unit.code)]),
  );
  const successorOf = (row: (typeof communeRows)[number]) =>
    after.get(row.new_code) ??
    byName.get(`${row.new_province_code}/${row.new_name}`) ??
    requireId(after, row.new_code, `the successor of ${row.old_code}`);
  // Three communes of the lists were created after 2024-02-01: their predecessor is not loaded.
  const communeLinks = communeRows
    .filter((row) => before.has(row.old_code))
    .map((row) => ({
      predecessor_id: before.get(row.old_code),
      successor_id: successorOf(row),
      effective_date: REFORM_DATE,
      divided: row.divided === 'true',
      source: COMMUNE_REFORM_SOURCE,
    }));
  await insert(
    'locality_succession',
    [...provinceLinks, ...communeLinks],
    ['predecessor_id', 'successor_id'],
  );
  const listed = new Set(communeRows.map((row) => row.old_code));
  await trx('locality')
    .where({ source: UNITS_SOURCE, level: 'COMMUNE', valid_to_approximate: false })
    .whereIn(
      'code',
      [...before.keys()].filter((code) => code.length === 5 && !listed.has(code)),
    )
    .update({ valid_to_approximate: true });
}

function requireId(ids: Map<string, number>, code: string, forCode: string): number {
  const id = ids.get(code);
  if (id === undefined) throw new Error(`Parent ${code} of ${forCode} is not loaded`);
  return id;
}

async function seedStrategy(trx: Knex, insert: Insert) {
  await insert(
    'strategy',
    [
      {
        code: STRATEGY_CODE,
        name_vi: 'Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030',
        name_en: 'National Strategy on Gender Equality 2021–2030',
        legal_basis: 'Nghị quyết 28/NQ-CP ngày 3/3/2021 của Chính phủ',
        start_year: 2021,
        end_year: 2030,
      },
    ],
    ['code'],
  );
  const [{ id: strategyId }] = await trx('strategy').select('id').where('code', STRATEGY_CODE);
  await insert(
    'goal',
    GOALS.map((goal, index) => ({
      strategy_id: strategyId,
      code: goal.code,
      name_vi: goal.nameVi,
      name_en: goal.nameEn,
      sort_order: index + 1,
    })),
    ['strategy_id', 'code'],
  );
  const goalIds = await idsByCode(trx, 'goal');
  const lines = [
    ...readCsvRecords(dataFile('nq28-catalog.csv'), CATALOGUE_COLUMNS),
    ...readCsvRecords(dataFile('nq28-unverified-lines.csv'), CATALOGUE_COLUMNS),
  ].sort((a, b) => compareIndicatorCodes(a.indicator_code, b.indicator_code));
  await insert(
    'indicator',
    lines.map((line, index) => ({
      strategy_id: strategyId,
      goal_id: requireId(goalIds, line.goal_code, line.indicator_code),
      code: line.indicator_code,
      name_vi: line.name_vi,
      name_en: line.name_en,
      unit: line.unit,
      direction: line.direction,
      text_status: line.text_status,
      value_scale: VALUE_SCALES[line.indicator_code] ?? (UNIT_SCALES[line.unit] || 1),
      formula: line.source.includes('formula:')
        ? (line.source.split('formula:')[1]?.trim() ?? null)
        : null,
      disaggregations: [],
      source: `${CATALOGUE_SOURCE_NOTE}: ${line.source}`,
      sort_order: index + 1,
    })),
    ['strategy_id', 'code'],
  );
  const indicatorIds = await idsByCode(trx, 'indicator');
  const nationalTargets = lines.flatMap((line) =>
    (['2025', '2030'] as const)
      .filter((year) => line[`target_${year}`] !== '')
      .map((year) => ({
        indicator_id: indicatorIds.get(line.indicator_code),
        plan_id: null,
        year: Number(year),
        value: Number(line[`target_${year}`]),
        illustrative: false,
        source: line.source,
      })),
  );
  await insert('indicator_target', nationalTargets);

  const provinceId = (await idsByCode(trx, 'locality', [PROVINCE_CODE])).get(PROVINCE_CODE)!;
  await insert(
    'plan',
    [
      {
        code: PLAN_CODE,
        name: 'Quảng Ngãi: thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030',
        strategy_id: strategyId,
        locality_id: provinceId,
        start_year: 2021,
        end_year: 2030,
        source: `${REPORT_SOURCE} (19 tracked indicators). Which 19 of the 20 lines is not published; this selection is illustrative.`,
      },
    ],
    ['code'],
  );
  const [{ id: planId }] = await trx('plan').select('id').where('code', PLAN_CODE);
  const tracked = lines.filter((line) => !UNTRACKED_INDICATORS.includes(line.indicator_code));
  await insert(
    'plan_indicator',
    tracked.map((line) => ({
      plan_id: planId,
      indicator_id: indicatorIds.get(line.indicator_code),
    })),
  );

  const values = readCsvRecords(dataFile('quang-ngai-2023-values.csv'), [
    'indicator_code',
    'value',
    'numerator',
    'denominator',
    'target',
    'note',
  ]);
  const number = (text: string) => (text === '' ? null : Number(text));
  await insert(
    'indicator_target',
    values.map((row) => ({
      indicator_id: requireId(indicatorIds, row.indicator_code, 'a 2023 target'),
      plan_id: planId,
      year: 2023,
      value: Number(row.target),
      illustrative: true,
      source: 'Illustrative provincial target for 2023 (not published)',
    })),
  );
  await insert(
    'indicator_value',
    values.map((row) => ({
      indicator_id: requireId(indicatorIds, row.indicator_code, 'a 2023 value'),
      locality_id: provinceId,
      year: 2023,
      disaggregation: null,
      value: number(row.value),
      numerator: number(row.numerator),
      denominator: number(row.denominator),
      target: number(row.target),
      approval_status: 'APPROVED',
      source: `Illustrative row; published total: ${REPORT_SOURCE}: 16 of 19 indicators met`,
      note: row.note,
      illustrative: true,
    })),
  );

  // Earlier years for trends, and district rows whose fractions add up to the province's.
  const earlier = readCsvRecords(dataFile('quang-ngai-2021-2022-values.csv'), [
    'indicator_code',
    'year',
    'value',
    'target',
    'note',
  ]);
  await insert(
    'indicator_value',
    earlier.map((row) => ({
      indicator_id: requireId(indicatorIds, row.indicator_code, `a ${row.year} value`),
      locality_id: provinceId,
      year: Number(row.year),
      value: number(row.value),
      target: number(row.target),
      approval_status: 'APPROVED',
      source: 'Illustrative row: values of 2021 and 2022 are not published',
      note: row.note,
      illustrative: true,
    })),
  );
  const districtValues = readCsvRecords(dataFile('quang-ngai-2023-district-values.csv'), [
    'indicator_code',
    'locality_code',
    'value',
    'numerator',
    'denominator',
    'target',
    'note',
  ]);
  const districtIds = await idsByCode(
    trx,
    'locality',
    districtValues.map((row) => row.locality_code),
  );
  await insert(
    'indicator_value',
    districtValues.map((row) => ({
      indicator_id: requireId(indicatorIds, row.indicator_code, 'a district value'),
      locality_id: requireId(districtIds, row.locality_code, 'a district value'),
      year: 2023,
      value: number(row.value),
      numerator: number(row.numerator),
      denominator: number(row.denominator),
      target: number(row.target),
      approval_status: 'APPROVED',
      source: 'Illustrative row: district-level values are not published',
      note: row.note,
      illustrative: true,
    })),
  );
}

function compareIndicatorCodes(a: string, b: string): number {
  const [goalA = 0, lineA = 0] = a.slice(2).split('.').map(Number);
  const [goalB = 0, lineB = 0] = b.slice(2).split('.').map(Number);
  return goalA - goalB || lineA - lineB;
}

async function seedAgencies(trx: Knex, insert: Insert) {
  const provinceId = (await idsByCode(trx, 'locality', [PROVINCE_CODE])).get(PROVINCE_CODE)!;
  await insert(
    'agency',
    AGENCIES.filter((agency) => !agency.parentCode).map((agency) => agencyRow(agency, provinceId)),
    ['code'],
  );
  const ids = await idsByCode(trx, 'agency');
  await insert(
    'agency',
    AGENCIES.filter((agency) => agency.parentCode).map((agency) => ({
      ...agencyRow(agency, provinceId),
      parent_id: requireId(ids, agency.parentCode!, agency.code),
    })),
    ['code'],
  );
}

function agencyRow(agency: (typeof AGENCIES)[number], localityId: number) {
  return {
    code: agency.code,
    name_vi: agency.nameVi,
    name_en: agency.nameEn,
    kind: agency.kind,
    locality_id: localityId,
  };
}

async function quangNgaiUnits(trx: Knex): Promise<GovernmentUnit[]> {
  const rows: {
    code: string;
    level: GovernmentUnit['level'];
    type: string;
    district: string | null;
  }[] = await trx('locality as l')
    .leftJoin('locality as d', function joinDistrict() {
      this.on('d.id', '=', 'l.parent_id').andOnVal('d.level', '=', 'DISTRICT');
    })
    .select(
      'l.code',
      'l.level',
      'l.type',
      trx.raw('coalesce(d.code, case when l.level = ? then l.code end) as district', ['DISTRICT']),
    )
    .whereIn('l.id', function subtree() {
      this.select('m.id')
        .from('locality as r')
        .join('locality as m', function joinSubtree() {
          this.on(trx.raw(`m.path like r.path || '%'`));
        })
        .where('r.code', PROVINCE_CODE)
        .andWhere('r.source', UNITS_SOURCE);
    })
    .orderBy('l.code');
  return rows.map((row) => ({
    code: row.code,
    level: row.level,
    type: row.type,
    districtCode: row.district,
    minority: row.district ? (MINORITY_BY_DISTRICT[row.district] ?? null) : null,
  }));
}

async function seedOfficials(trx: Knex, insert: Insert, counts: Record<string, number>) {
  // The units of 2024 ended with the reform, and their posts with them.
  const officials = generateOfficials(await quangNgaiUnits(trx), AGENCIES);
  await insertOfficials(trx, insert, counts, officials, UNITS_SOURCE, LAST_DAY_BEFORE_REFORM);
  const communes: { code: string; type: string }[] = await trx('locality as l')
    .join('locality as p', 'p.id', 'l.parent_id')
    .where({ 'p.code': PROVINCE_CODE, 'l.source': REFORM_UNITS_SOURCE })
    .select('l.code', 'l.type')
    .orderBy('l.code');
  const reformed = generateReformOfficials(
    communes.map((unit) => ({ ...unit, level: 'COMMUNE', districtCode: null, minority: null })),
    REFORM_DATE,
  );
  await insertOfficials(trx, insert, counts, reformed, REFORM_UNITS_SOURCE, null);
}

/** Inserts demo officials living and posted in units of one list, and their posts. */
async function insertOfficials(
  trx: Knex,
  insert: Insert,
  counts: Record<string, number>,
  officials: SyntheticOfficial[],
  unitsSource: string,
  openPostsEnd: string | null,
) {
  const localityIds = await idsByCode(
    trx,
    'locality',
    [
      ...new Set(
        officials.flatMap((o) => [o.homeLocalityCode, ...o.positions.map((p) => p.localityCode)]),
      ),
    ],
    unitsSource,
  );
  const agencyIds = await idsByCode(trx, 'agency');
  const created: { id: number; reference: string }[] = [];
  for (let i = 0; i < officials.length; i += 1000) {
    created.push(
      ...(await trx('official')
        .insert(
          officials.slice(i, i + 1000).map((official) => ({
            reference: official.reference,
            full_name: official.fullName,
            sex: official.sex,
            birth_year: official.birthYear,
            ethnicity: official.ethnicity,
            home_locality_id: localityIds.get(official.homeLocalityCode),
            synthetic: true,
          })),
        )
        .onConflict('reference')
        .ignore()
        .returning(['id', 'reference'])),
    );
  }
  counts.official = (counts.official ?? 0) + created.length;
  // Positions belong to the officials created by this run; existing ones already have theirs.
  const byReference = new Map(officials.map((official) => [official.reference, official]));
  const positions = created.flatMap(({ id, reference }) =>
    byReference.get(reference)!.positions.map((position) => ({
      official_id: id,
      title: position.title,
      organisation_kind: position.organisationKind,
      locality_id: localityIds.get(position.localityCode),
      agency_id: position.agencyCode ? agencyIds.get(position.agencyCode) : null,
      is_key_leadership: position.isKeyLeadership,
      start_date: position.startDate,
      end_date: position.endDate ?? openPostsEnd,
    })),
  );
  await insert('official_position', positions);
}

/** Eligibility of a demo official for a program, from the program's target groups. */
function eligible(
  official: SyntheticOfficial,
  groups: TargetGroup[],
  district: string | null,
): boolean {
  const checks: Partial<Record<TargetGroup, boolean>> = {
    [TargetGroup.FEMALE_OFFICIALS]: official.sex === 'FEMALE',
    [TargetGroup.ETHNIC_MINORITY_OFFICIALS]: official.ethnicity !== 'Kinh',
    [TargetGroup.COMMUNE_OFFICIALS]: official.level === 'COMMUNE',
    [TargetGroup.YOUNG_OFFICIALS]: official.birthYear >= 1985,
    [TargetGroup.ISLAND_AREAS]: district === '536',
    [TargetGroup.MOUNTAINOUS_AREAS]: district !== null && district in MINORITY_BY_DISTRICT,
    [TargetGroup.ETHNIC_MINORITY_AREAS]: district !== null && district in MINORITY_BY_DISTRICT,
  };
  // Female, ethnic-minority and young targets narrow the group; area targets widen within it.
  const personal = groups.filter((g) =>
    [
      TargetGroup.FEMALE_OFFICIALS,
      TargetGroup.YOUNG_OFFICIALS,
      TargetGroup.COMMUNE_OFFICIALS,
    ].includes(g),
  );
  const others = groups.filter((g) => !personal.includes(g));
  return personal.every((g) => checks[g]) && (others.length === 0 || others.some((g) => checks[g]));
}

async function seedTraining(trx: Knex, insert: Insert) {
  const units = await quangNgaiUnits(trx);
  const districtOf = new Map(units.map((unit) => [unit.code, unit.districtCode]));
  const officials = generateOfficials(units, AGENCIES);
  const officialIds = new Map(
    (await trx('official').select('id', 'reference').whereNotNull('reference')).map(
      (row: { id: number; reference: string }) => [row.reference, row.id],
    ),
  );
  const agencyIds = await idsByCode(trx, 'agency');
  const localityIds = await idsByCode(
    trx,
    'locality',
    PROGRAMS.map((p) => p.localityCode),
  );
  await insert(
    'training_program',
    PROGRAMS.map((program) => ({
      code: program.code,
      title: program.title,
      kind: program.kind,
      organising_agency_id: agencyIds.get(program.organiserCode),
      locality_id: localityIds.get(program.localityCode),
      start_date: program.startDate,
      end_date: program.endDate,
      target_groups: program.targetGroups,
      capacity: program.capacity,
      illustrative: true,
    })),
    ['code'],
  );
  const programIds = await idsByCode(trx, 'training_program');
  const random = new SeededRandom(2023);
  const enrollments = PROGRAMS.flatMap((program) => {
    const candidates = officials.filter((official) =>
      eligible(official, program.targetGroups, districtOf.get(official.homeLocalityCode) ?? null),
    );
    const seats = Math.min(
      candidates.length,
      Math.round(program.capacity * (0.6 + random.next() * 0.35)),
    );
    return random.sample(candidates, seats).map((official) => {
      const withdrawn = random.next() < 0.06;
      return {
        program_id: programIds.get(program.code),
        official_id: officialIds.get(official.reference),
        status: withdrawn ? EnrollmentStatus.WITHDRAWN : EnrollmentStatus.COMPLETED,
        completed_on: withdrawn ? null : program.endDate,
      };
    });
  });
  await insert('enrollment', enrollments, ['program_id', 'official_id']);
}

async function seedTasks(trx: Knex, insert: Insert) {
  const agencyIds = await idsByCode(trx, 'agency');
  await insert(
    'task',
    TASKS.map((task) => ({
      code: task.code,
      title: task.title,
      description: task.description,
      committee_id: agencyIds.get(task.committeeCode),
      assignee_id: agencyIds.get(task.assigneeCode),
      due_date: task.dueDate,
      status: task.status,
      source: REPORT_SOURCE,
    })),
    ['code'],
  );
}
