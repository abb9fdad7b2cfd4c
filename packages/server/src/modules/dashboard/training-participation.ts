import type { Knex } from '@mikro-orm/postgresql';
import { nonEmpty } from '../common/errors.js';
import { subtreeIds } from '../common/subtree.js';
import { whereYearRange } from '../common/year-range.js';
import {
  TrainingDimension,
  type BreakdownOptions,
  type TrainingParticipationFilter,
} from './dashboard.inputs.js';
import type { TrainingParticipation } from './dashboard.types.js';
import {
  cellKeySql,
  EXACT,
  publish,
  publishTable,
  recordKeyColumn,
  type Counted,
  type Disclosure,
} from './disclosure.js';
import { ETHNICITY_GROUP_SQL, num, uniqueDimensions, type DashboardReader } from './common.js';

export async function trainingParticipation(
  db: DashboardReader,
  groupBy: TrainingDimension[],
  filter: TrainingParticipationFilter = {},
  options: Pick<BreakdownOptions, 'minCount'> = {},
  disclosure: Disclosure = EXACT,
): Promise<TrainingParticipation> {
  const dimensions = uniqueDimensions(groupBy, 'groupBy');
  const threshold = db.threshold(options.minCount);
  const knex = db.knex;
  const statement = knex.queryBuilder();
  // `tally`: the same value in the tallies, where the official's fields are columns of their own.
  const expressions: Record<TrainingDimension, TrainingExpression> = {
    YEAR: { sql: 'extract(year from tp.start_date)::int', column: 'year' },
    PROGRAM_KIND: { sql: 'tp.kind', column: 'program_kind' },
    SEX: { sql: 'o.sex', tally: 't.sex', column: 'sex' },
    ETHNICITY_GROUP: {
      sql: ETHNICITY_GROUP_SQL('o.ethnicity'),
      tally: 't.ethnicity_group',
      column: 'ethnicity_group',
    },
    ETHNIC_MINORITY_AREA: {
      sql: 'coalesce(l.ethnic_minority_area, false)',
      column: 'ethnic_minority_area',
    },
    MOUNTAINOUS: { sql: 'coalesce(l.mountainous, false)', column: 'mountainous' },
    ISLAND: { sql: 'coalesce(l.island, false)', column: 'island' },
    LOCALITY: { sql: 'l.id', column: 'locality_id' },
  };
  const selected = dimensions.map((dimension) => expressions[dimension]);
  // Exact tables count from the tallies the triggers keep (migration EnrollmentTallies), one
  // row per cell of enrolments instead of one per enrolment and its official; perturbed tables
  // need each record's key, so they still read the enrolments one by one.
  const base = disclosure.perturbed
    ? enrollmentRows(db, selected, filter, disclosure, statement)
    : enrollmentTally(db, dimensions, selected, filter);
  whereYearRange(base, 'extract(year from tp.start_date)', filter);
  if (filter.programKinds)
    base.whereIn('tp.kind', nonEmpty(filter.programKinds, 'filter.programKinds'));
  if (filter.programCode != null) base.where('tp.code', filter.programCode);
  const columns = selected.map(({ column }) => column);
  // Enrolments, completions and withdrawals are each a cell of their own records.
  const metrics = [
    knex.raw('coalesce(sum(n), 0) as enrollments'),
    knex.raw(`${cellKeySql('record_key')} as enrollments_key`),
    knex.raw(`coalesce(sum(n) filter (where status = 'COMPLETED'), 0) as completions`),
    knex.raw(`${cellKeySql('record_key', `status = 'COMPLETED'`)} as completions_key`),
    knex.raw(`coalesce(sum(n) filter (where status = 'WITHDRAWN'), 0) as withdrawals`),
    knex.raw(`${cellKeySql('record_key', `status = 'WITHDRAWN'`)} as withdrawals_key`),
  ];
  const rows = await db.run<Record<string, unknown>>(
    statement
      .with('base', base)
      .from('base')
      .select(...columns, ...metrics, knex.raw(`grouping(${columns.join(', ')}) <> 0 as is_total`))
      .groupByRaw(`grouping sets ((${columns.join(', ')}), ())`)
      .orderBy(columns.map((column) => ({ column }))),
  );
  return trainingTable(rows, threshold, disclosure);
}

/** One row per live enrolment (n = 1), with its record key. */
function enrollmentRows(
  db: DashboardReader,
  selected: TrainingExpression[],
  filter: TrainingParticipationFilter,
  disclosure: Disclosure,
  statement: Knex.QueryBuilder,
): Knex.QueryBuilder {
  const knex = db.knex;
  const base = knex('enrollment as e')
    .join('training_program as tp', 'tp.id', 'e.program_id')
    .join('official as o', 'o.id', 'e.official_id')
    .leftJoin('locality as l', 'l.id', 'o.home_locality_id')
    .whereNull('e.archived_at')
    .whereNull('tp.archived_at')
    .whereNull('o.archived_at')
    .select(
      ...selected.map(({ sql, column }) => knex.raw(`${sql} as ${column}`)),
      'e.status',
      knex.raw('1 as n'),
      recordKeyColumn(knex, disclosure, 'enrollment', 'e.id'),
    );
  if (filter.within != null) {
    // The participants of a subtree are gathered first, by the path and home-locality indexes,
    // so that the planner never pairs every program with every official of the subtree.
    statement.withMaterialized(
      'participants',
      knex
        .from('official as h')
        .select('h.id')
        .whereIn('h.home_locality_id', subtreeIds(knex, filter.within)),
    );
    base.whereIn('e.official_id', knex.from('participants').select('id'));
  }
  return base;
}

/**
 * One row per tally cell (n enrolments of one program, sex, ethnicity group, status and, when
 * a place is asked for, home locality), with the same columns as enrollmentRows.
 */
function enrollmentTally(
  db: DashboardReader,
  dimensions: TrainingDimension[],
  selected: TrainingExpression[],
  filter: TrainingParticipationFilter,
): Knex.QueryBuilder {
  const knex = db.knex;
  const byPlace =
    filter.within != null || dimensions.some((dimension) => PLACE_DIMENSIONS.includes(dimension));
  const base = knex(byPlace ? 'enrollment_tally as t' : 'enrollment_tally_national as t')
    .join('training_program as tp', 'tp.id', 't.program_id')
    .whereNull('tp.archived_at')
    .select(
      ...selected.map(({ sql, tally, column }) => knex.raw(`${tally ?? sql} as ${column}`)),
      't.status',
      't.n',
      knex.raw('0::bigint as record_key'),
    );
  if (byPlace) base.leftJoin('locality as l', 'l.id', 't.home_locality_id');
  if (filter.within != null) base.whereIn('t.home_locality_id', subtreeIds(knex, filter.within));
  return base;
}

function trainingTable(
  rows: Record<string, unknown>[],
  threshold: number,
  disclosure: Disclosure,
): TrainingParticipation {
  const measure = (row: Record<string, unknown>, name: string): Counted => ({
    count: Number(row[name]),
    key: Number(row[`${name}_key`]),
  });
  const totals = rows.find((row) => row.is_total)!;
  const table = publishTable(
    disclosure,
    threshold,
    measure(totals, 'enrollments'),
    rows.filter((row) => !row.is_total),
    (row) => measure(row, 'enrollments'),
  );
  // Completions and withdrawals are cells of their own, shown with the enrolments they belong to.
  const within = (row: Record<string, unknown>, enrollments: number) => {
    const completions = Math.min(publish(disclosure, measure(row, 'completions')), enrollments);
    return {
      enrollments,
      completions,
      withdrawals: Math.min(publish(disclosure, measure(row, 'withdrawals')), enrollments),
      completionRate: enrollments > 0 ? completions / enrollments : null,
    };
  };
  const overall =
    table.total === null
      ? { enrollments: null, completions: null, withdrawals: null, completionRate: null }
      : within(totals, table.total);
  return {
    ...overall,
    threshold,
    perturbed: disclosure.perturbed,
    suppressedGroups: table.suppressed,
    groups: table.shown.map(({ row, count }) => ({
      year: num(row.year),
      programKind: (row.program_kind as never) ?? null,
      sex: (row.sex as never) ?? null,
      ethnicityGroup: (row.ethnicity_group as never) ?? null,
      ethnicMinorityArea: (row.ethnic_minority_area as boolean | undefined) ?? null,
      mountainous: (row.mountainous as boolean | undefined) ?? null,
      island: (row.island as boolean | undefined) ?? null,
      localityId: num(row.locality_id),
      ...within(row, count),
    })),
  };
}

/** Training dimensions read from the home locality: only the tally by place has them. */
const PLACE_DIMENSIONS: TrainingDimension[] = [
  TrainingDimension.ETHNIC_MINORITY_AREA,
  TrainingDimension.MOUNTAINOUS,
  TrainingDimension.ISLAND,
  TrainingDimension.LOCALITY,
];

interface TrainingExpression {
  sql: string;
  tally?: string;
  column: string;
}
