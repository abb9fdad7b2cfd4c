/**
 * The national data set for benchmarks: every one of the 11,366 administrative units of 2024,
 * 295,744 officials with their posts, 2,000,416 indicator values and training enrolments.
 * Deterministic and synthetic: people, values and programs are generated, and every generated
 * row says so (officials' references start with `SYN-` and they are flagged `synthetic`; values
 * carry the source "synthetic benchmark data"; programs and their organisers are `illustrative`).
 * Localities and the indicator catalogue come from the seed; officials, values and enrolments
 * are loaded through the platform's own CSV import.
 *
 * `node dist/benchmarks/national-data.js --database <name> [--url <server url>]` builds a new
 * database of that name (refusing one that exists); DATABASE_URL names the server otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { migrate, openOrm } from '../database/orm.js';
import type { ImportKindName } from '../modules/import/import.kinds.js';
import { importCsv, type ImportReport } from '../modules/import/import.service.js';
import { dataFile, readCsvRecords } from '../seed/csv.js';
import { SeededRandom } from '../seed/random.js';
import { seedDemoData } from '../seed/seed.js';
import { GIVEN_NAMES, MIDDLE_NAMES } from '../seed/synthetic-officials.js';
import { Sex } from '../modules/official/official.entity.js';
import { loadConfig } from '../config.js';

/** The sizes the set is built to. */
export const NATIONAL = {
  officials: 295_744,
  officialsPerUnit: 26,
  indicatorValues: 2_000_416,
  /** Every tenth official is enrolled in a program of their province. */
  enrolmentEvery: 10,
} as const;

export const SYNTHETIC_SOURCE = 'synthetic benchmark data';
export const REFERENCE_PREFIX = 'SYN-';
/** Values up to this year are approved (what the dashboard counts); later ones stay drafts. */
const APPROVED_UNTIL = 2028;

interface Unit {
  code: string;
  name: string;
  type: string;
  level: 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
  parentCode: string;
  provinceCode: string;
}

/** The 11,366 units of the 2024 list, in file order, each with its province. */
export function nationalUnits(): Unit[] {
  return unitsOfList('vn-admin-units-2024-02-01.csv');
}

/** The 3,355 units in force from 2025-07-01 (34 provinces, 3,321 communes), in file order. */
export function unitsFrom2025(): Unit[] {
  return unitsOfList('vn-admin-units-2025-07-01.csv');
}

/**
 * The units a year's values are reported for: those in force on its last day (a year's value
 * belongs to the unit holding the code then), the 2024 list up to 2024, the 2025 list after.
 */
export function unitsOfYear(units2024: Unit[], units2025: Unit[]): (year: number) => Unit[] {
  return (year) => (year <= 2024 ? units2024 : units2025);
}

function unitsOfList(file: string): Unit[] {
  const records = readCsvRecords(dataFile(file), ['code', 'name', 'type', 'level', 'parent_code']);
  const parentOf = new Map(records.map((row) => [row.code, row.parent_code]));
  const provinceOf = (code: string): string => {
    let current = code;
    while (parentOf.get(current)) current = parentOf.get(current)!;
    return current;
  };
  return records.map((row) => ({
    code: row.code,
    name: row.name,
    type: row.type,
    level: row.level as Unit['level'],
    parentCode: row.parent_code,
    provinceCode: provinceOf(row.code),
  }));
}

const FAMILY = [
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Lương',
  'Hà',
  'Lò',
];
const MINORITIES = [
  'Tày',
  'Thái',
  'Mường',
  'Khmer',
  'Mông',
  'Nùng',
  'Dao',
  'Gia Rai',
  'Ê Đê',
  'Hrê',
];

type Kind = 'PARTY_COMMITTEE' | 'PEOPLES_COUNCIL' | 'PEOPLES_COMMITTEE' | 'MASS_ORGANISATION';
interface Post {
  title: string;
  kind: Kind;
  key: boolean;
}

function partyCommittee(unit: Unit): string {
  if (unit.level === 'COMMUNE') return 'Đảng ủy';
  if (unit.level === 'PROVINCE') return 'Tỉnh ủy';
  if (unit.type === 'Thành phố') return 'Thành ủy';
  if (unit.type === 'Thị xã') return 'Thị ủy';
  return unit.type === 'Quận' ? 'Quận ủy' : 'Huyện ủy';
}

/** The five key posts (lãnh đạo chủ chốt) of a local government. */
function keyPosts(unit: Unit): Post[] {
  const party = partyCommittee(unit);
  return [
    { title: `Bí thư ${party}`, kind: 'PARTY_COMMITTEE', key: true },
    { title: `Phó Bí thư ${party}`, kind: 'PARTY_COMMITTEE', key: true },
    { title: 'Chủ tịch Hội đồng nhân dân', kind: 'PEOPLES_COUNCIL', key: true },
    { title: 'Chủ tịch Ủy ban nhân dân', kind: 'PEOPLES_COMMITTEE', key: true },
    { title: 'Phó Chủ tịch Ủy ban nhân dân', kind: 'PEOPLES_COMMITTEE', key: true },
  ];
}

const COMMUNE_STAFF: Post[] = [
  { title: 'Phó Chủ tịch Hội đồng nhân dân', kind: 'PEOPLES_COUNCIL', key: false },
  { title: 'Ủy viên Ủy ban nhân dân', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Công chức Văn phòng – Thống kê', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Công chức Địa chính – Xây dựng', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Công chức Tài chính – Kế toán', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Công chức Tư pháp – Hộ tịch', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Công chức Văn hóa – Xã hội', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Chủ tịch Hội Liên hiệp Phụ nữ', kind: 'MASS_ORGANISATION', key: false },
  { title: 'Chủ tịch Hội Nông dân', kind: 'MASS_ORGANISATION', key: false },
  { title: 'Bí thư Đoàn Thanh niên', kind: 'MASS_ORGANISATION', key: false },
  { title: 'Chủ tịch Ủy ban Mặt trận Tổ quốc', kind: 'MASS_ORGANISATION', key: false },
  { title: 'Ủy viên Ban Thường vụ Đảng ủy', kind: 'PARTY_COMMITTEE', key: false },
  { title: 'Đại biểu Hội đồng nhân dân', kind: 'PEOPLES_COUNCIL', key: false },
];
const UPPER_STAFF: Post[] = [
  { title: 'Phó Chủ tịch Hội đồng nhân dân', kind: 'PEOPLES_COUNCIL', key: false },
  { title: 'Ủy viên Ủy ban nhân dân', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Trưởng phòng Nội vụ', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Trưởng phòng Lao động – Thương binh và Xã hội', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Trưởng phòng Tài chính – Kế hoạch', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Trưởng phòng Giáo dục và Đào tạo', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Trưởng phòng Y tế', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Trưởng phòng Văn hóa và Thông tin', kind: 'PEOPLES_COMMITTEE', key: false },
  { title: 'Chủ tịch Hội Liên hiệp Phụ nữ', kind: 'MASS_ORGANISATION', key: false },
  { title: 'Ủy viên Ban Thường vụ', kind: 'PARTY_COMMITTEE', key: false },
  { title: 'Đại biểu Hội đồng nhân dân', kind: 'PEOPLES_COUNCIL', key: false },
];

/** A stream that waits for the disk when its buffer is full. */
async function writeLines(file: string, header: string, lines: Iterable<string>): Promise<number> {
  const out = fs.createWriteStream(file);
  out.write(`${header}\n`);
  let count = 0;
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    count++;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end(() => resolve()).once('error', reject));
  return count;
}

const csvText = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export const OFFICIALS_HEADER =
  'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date';

/**
 * One line per official, each holding one post of their unit: the five key posts and staff
 * posts up to `officialsPerUnit` in every unit, and, in the first units, a predecessor whose
 * term as chair of the people's committee ended in 2023 (so that the total is exact).
 */
export function* officialLines(units: Unit[]): Generator<string> {
  const random = new SeededRandom(20240201);
  const predecessors = NATIONAL.officials - NATIONAL.officialsPerUnit * units.length;
  for (const [index, unit] of units.entries()) {
    const minorityArea = random.next() < 0.2;
    const staff = unit.level === 'COMMUNE' ? COMMUNE_STAFF : UPPER_STAFF;
    const posts = [...keyPosts(unit)];
    for (let i = 0; posts.length < NATIONAL.officialsPerUnit; i++) {
      const post = staff[i % staff.length];
      if (!post) throw new Error('no staff posts to fill a unit with');
      posts.push(post);
    }
    let number = 0;
    const person = (post: Post, start: string, end = '') => {
      const sex = random.next() < (post.key ? 0.18 : 0.45) ? Sex.FEMALE : Sex.MALE;
      const ethnicity =
        random.next() < (minorityArea ? 0.6 : 0.05) ? random.pick(MINORITIES) : 'Kinh';
      const name = `${random.pick(FAMILY)} ${random.pick(MIDDLE_NAMES[sex])} ${random.pick(GIVEN_NAMES[sex])}`;
      const birthYear = post.key ? random.int(1962, 1985) : random.int(1965, 1998);
      number++;
      return [
        `${REFERENCE_PREFIX}${unit.code}-${String(number).padStart(2, '0')}`,
        name,
        sex,
        birthYear,
        ethnicity,
        unit.code,
        csvText(post.title),
        post.kind,
        unit.code,
        '',
        post.key,
        start,
        end,
      ].join(',');
    };
    for (const post of posts) {
      if (post.key && post.title === 'Chủ tịch Ủy ban nhân dân' && index < predecessors) {
        yield person(post, '2021-07-01', '2023-03-31');
        yield person(post, '2023-04-01');
      } else {
        yield person(post, post.key ? '2021-07-01' : `${random.int(2015, 2022)}-01-01`);
      }
    }
  }
}

export const VALUES_HEADER =
  'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';

export interface IndicatorInfo {
  code: string;
  unit: string;
  value_scale: string | number;
}

/** A plausible value of an indicator's unit. */
function valueOf(indicator: IndicatorInfo, random: SeededRandom): string {
  switch (indicator.unit) {
    case 'PERCENT':
      return (random.int(0, 1000) / 10).toString();
    case 'BOOLEAN':
      return random.next() < 0.7 ? '1' : '0';
    case 'COUNT':
      return String(random.int(0, 500));
    case 'RATIO':
      return Number(indicator.value_scale) === 100
        ? (random.int(1020, 1200) / 10).toString()
        : (random.int(100, 400) / 100).toString();
    default:
      return (random.int(0, 2000) / 10).toString();
  }
}

/**
 * Indicator values year by year from the strategy's first year, every indicator in every unit in
 * force at the year's end, then the same for women (`sex:FEMALE`), until the set's size;
 * combinations the seed already holds are left to the seed.
 */
export function* indicatorValueLines(
  indicators: IndicatorInfo[],
  unitsOf: (year: number) => Unit[],
  seeded: Set<string>,
  firstYear: number,
  lastYear: number,
): Generator<string> {
  const random = new SeededRandom(20210303);
  let written = 0;
  for (const disaggregation of ['', 'sex:FEMALE']) {
    for (let year = firstYear; year <= lastYear; year++) {
      for (const indicator of indicators) {
        for (const unit of unitsOf(year)) {
          if (written >= NATIONAL.indicatorValues) return;
          if (seeded.has(`${indicator.code}|${unit.code}|${year}`)) continue;
          const target =
            indicator.unit === 'PERCENT' && disaggregation === ''
              ? year <= 2025
                ? '50'
                : '60'
              : '';
          yield `${indicator.code},${unit.code},${year},${valueOf(indicator, random)},,,${disaggregation},${target},,${SYNTHETIC_SOURCE}`;
          written++;
        }
      }
    }
  }
  if (written < NATIONAL.indicatorValues)
    throw new Error(`the strategy period holds only ${written} values`);
}

export const ENROLMENTS_HEADER = 'program_code,official_reference,status,completed_on';

const programCode = (provinceCode: string, year: number) => `SYN-${provinceCode}-${year}`;

/** Two programs per province (2022 and 2023), organised by a department of its own. */
async function createPrograms(knex: Knex, units: Unit[]): Promise<void> {
  const provinces = units.filter((unit) => unit.level === 'PROVINCE');
  await knex.raw(
    `insert into agency (code, name_vi, name_en, kind, locality_id)
     select 'SYN-' || l.code || '-SLDTBXH', 'Sở Lao động – Thương binh và Xã hội (minh họa) ' || l.name,
            'Department of Labour, Invalids and Social Affairs (illustrative), ' || l.name, 'DEPARTMENT', l.id
       from locality l where l.level = 'PROVINCE' and l.code = any(?) and l.archived_at is null
     on conflict (code) do nothing`,
    [provinces.map((unit) => unit.code)],
  );
  for (const year of [2022, 2023]) {
    await knex.raw(
      `insert into training_program (code, title, kind, organising_agency_id, locality_id, start_date, end_date,
                                     target_groups, capacity, illustrative)
       select 'SYN-' || l.code || '-' || ?::int, 'Bồi dưỡng kiến thức về bình đẳng giới ' || ?::int || ' (minh họa)',
              ?, a.id, l.id, make_date(?::int, 4, 1), make_date(?::int, 6, 30),
              '{}', 5000, true
         from locality l join agency a on a.code = 'SYN-' || l.code || '-SLDTBXH'
        where l.level = 'PROVINCE' and l.archived_at is null
       on conflict (code) do nothing`,
      [year, year, year === 2022 ? 'TRAINING' : 'WORKSHOP', year, year],
    );
  }
}

/** Every `enrolmentEvery`-th official, in a program of their province. */
function* enrolmentLines(units: Unit[]): Generator<string> {
  const random = new SeededRandom(20220401);
  let index = 0;
  const provinceOf = new Map(units.map((unit) => [unit.code, unit.provinceCode]));
  for (const line of officialLines(units)) {
    index++;
    if (index % NATIONAL.enrolmentEvery !== 0) continue;
    const [reference, , , , , home = ''] = line.split(',');
    const year = index % 20 === 0 ? 2023 : 2022;
    const draw = random.next();
    const status =
      draw < 0.06 ? 'WITHDRAWN' : draw < 0.9 || year === 2022 ? 'COMPLETED' : 'ENROLLED';
    const completed = status === 'COMPLETED' ? `${year}-06-30` : '';
    yield `${programCode(provinceOf.get(home)!, year)},${reference},${status},${completed}`;
  }
}

export interface NationalBuild {
  counts: Record<string, number>;
  imports: Partial<Record<ImportKindName, ImportReport>>;
}

async function importFile(
  knex: Knex,
  kind: ImportKindName,
  header: string,
  lines: Iterable<string>,
  log: (message: string) => void,
): Promise<ImportReport> {
  const file = path.join(os.tmpdir(), `binh-dang-national-${kind}-${process.pid}.csv`);
  try {
    const written = await writeLines(file, header, lines);
    const report = await importCsv(knex, {
      kind,
      input: fs.createReadStream(file),
      actor: 'benchmark',
      source: SYNTHETIC_SOURCE,
    });
    if (!report.applied)
      throw new Error(
        `${kind}: the generated file was rejected: ${JSON.stringify(report.problems.slice(0, 5))}`,
      );
    if (report.rows !== written) throw new Error(`${kind}: ${report.rows} of ${written} rows`);
    log(
      `imported ${kind}: ${written} rows in ${report.seconds.toFixed(1)} s (${Math.round(written / report.seconds)} rows/s)`,
    );
    return report;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The generated file of each import kind, for import benchmarks on a database of their own. */
export async function nationalFile(
  knex: Knex,
  kind: 'officials' | 'indicator-values',
  file: string,
): Promise<number> {
  const units = nationalUnits();
  if (kind === 'officials') return writeLines(file, OFFICIALS_HEADER, officialLines(units));
  return writeLines(file, VALUES_HEADER, await nationalValueLines(knex, units));
}

/** The national indicator values' lines, leaving out what the database's seed holds. */
async function nationalValueLines(knex: Knex, units: Unit[]): Promise<Generator<string>> {
  const { indicators, seeded, strategy } = await catalogue(knex);
  return indicatorValueLines(
    indicators,
    unitsOfYear(units, unitsFrom2025()),
    seeded,
    strategy.start_year,
    strategy.end_year,
  );
}

async function catalogue(knex: Knex) {
  const indicators: IndicatorInfo[] = await knex('indicator')
    .select('code', 'unit', 'value_scale')
    .orderBy('sort_order');
  const seededRows: { key: string }[] = await knex
    .raw(
      `select i.code || '|' || l.code || '|' || v.year as key
       from indicator_value v join indicator i on i.id = v.indicator_id join locality l on l.id = v.locality_id`,
    )
    .then((result: { rows: { key: string }[] }) => result.rows);
  const [strategy] = await knex('strategy').select('start_year', 'end_year').orderBy('id').limit(1);
  return { indicators, seeded: new Set(seededRows.map((row) => row.key)), strategy };
}

/**
 * Fills a migrated, empty database: the seed (localities, catalogue, demo rows), then the
 * national officials, values and enrolments through the CSV import.
 */
export async function buildNationalData(
  orm: MikroORM,
  log: (message: string) => void = console.log,
): Promise<NationalBuild> {
  const knex = orm.em.getKnex();
  const units = nationalUnits();
  const seed = await seedDemoData(orm);
  log(`seeded: ${seed.describe() || 'already present'}`);
  const imports: NationalBuild['imports'] = {};
  imports.officials = await importFile(
    knex,
    'officials',
    OFFICIALS_HEADER,
    officialLines(units),
    log,
  );
  await knex.raw(`update official set synthetic = true where reference like ? and not synthetic`, [
    `${REFERENCE_PREFIX}%`,
  ]);
  imports['indicator-values'] = await importFile(
    knex,
    'indicator-values',
    VALUES_HEADER,
    await nationalValueLines(knex, units),
    log,
  );
  // What the dashboard counts: approved values (here, every generated one up to a year).
  await knex.transaction(async (trx) => {
    await trx.raw('set local statement_timeout = 0');
    await trx.raw(
      `update indicator_value set approval_status = 'APPROVED', approved_at = now()
        where source = ? and year <= ? and approval_status <> 'APPROVED'`,
      [SYNTHETIC_SOURCE, APPROVED_UNTIL],
    );
  });
  await createPrograms(knex, units);
  imports.enrollments = await importFile(
    knex,
    'enrollments',
    ENROLMENTS_HEADER,
    enrolmentLines(units),
    log,
  );
  await knex.raw('vacuum (analyze)');
  return { counts: await nationalCounts(knex), imports };
}

export async function nationalCounts(knex: Knex): Promise<Record<string, number>> {
  const { rows } = await knex.raw(
    `select (select count(*) from locality) as localities,
            (select count(*) from locality where level = 'COMMUNE') as communes,
            (select count(*) from official) as officials,
            (select count(*) from official where synthetic) as synthetic_officials,
            (select count(*) from official_position) as positions,
            (select count(*) from official_position where is_key_leadership) as key_positions,
            (select count(*) from indicator) as indicators,
            (select count(*) from indicator_value) as indicator_values,
            (select count(*) from indicator_value where source = ?) as synthetic_values,
            (select count(*) from indicator_value where approval_status = 'APPROVED') as approved_values,
            (select count(*) from training_program) as training_programs,
            (select count(*) from enrollment) as enrollments`,
    [SYNTHETIC_SOURCE],
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]));
}

/** Runs a statement on the server's maintenance database (create or drop a database). */
export async function onServer(serverUrl: string, sql: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates `database` on the server and builds the national set in it. */
export async function createNationalDatabase(
  serverUrl: string,
  database: string,
  log: (message: string) => void = console.log,
): Promise<NationalBuild> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database))
    throw new Error(`not a plain database name: ${database}`);
  await onServer(serverUrl, `create database "${database}"`);
  const orm = await openOrm(databaseUrl(serverUrl, database));
  try {
    await migrate(orm);
    return await buildNationalData(orm, log);
  } finally {
    await orm.close(true);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const database = option('database');
  const serverUrl = option('url') ?? loadConfig().databaseUrl;
  if (!database || !serverUrl) {
    console.error(
      'Usage: national-data.js --database <name> [--url postgres://…] (or DATABASE_URL)',
    );
    process.exit(2);
  }
  const started = performance.now();
  const build = await createNationalDatabase(serverUrl, database);
  console.log(JSON.stringify(build.counts, null, 2));
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
