import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { badUserInput, nonEmpty } from '../common/errors.js';
import { activeOnSql } from '../common/lookup.js';
import { toIsoDate } from '../common/scalars.js';
import { structureDay, subtreeIds, whereValidOn, pathWithin } from '../common/subtree.js';
import { whereYearRange } from '../common/year-range.js';
import { Locality, LocalityLevel } from '../locality/locality.entity.js';
import { LocalityService } from '../locality/locality.service.js';
import { MAJORITY_ETHNICITY } from '../official/official.entity.js';
import type { OfficialFilter } from '../official/official.inputs.js';
import { applyOfficialFilter } from '../official/official.service.js';
import { Indicator, IndicatorUnit } from '../strategy/indicator.entity.js';
import { ValueStatus } from '../strategy/indicator-value.entity.js';
import { IndicatorService } from '../strategy/indicator.service.js';
import { Plan } from '../strategy/plan.entity.js';
import { Strategy } from '../strategy/strategy.entity.js';
import { DEFAULT_STRATEGY_CODE } from '../strategy/strategy.inputs.js';
import {
  OfficialDimension,
  TrainingDimension,
  type BreakdownOptions,
  type TrainingParticipationFilter,
} from './dashboard.inputs.js';
import { cellKeySql, perturbCount, recordKeySql, type RecordKind } from './disclosure.js';
import {
  Derivation,
  RollupMethod,
  type AttainmentCounts,
  type PredecessorValue,
  type IndicatorAttainment,
  type IndicatorRollup,
  type IndicatorSeries,
  type KeyLeaderCoverage,
  type OfficialsBreakdown,
  type TrainingParticipation,
} from './dashboard.types.js';

/** Cells of personal breakdowns smaller than this are suppressed (SMALL_CELL_THRESHOLD). */
export function smallCellThreshold(): number {
  const configured = Number(process.env.SMALL_CELL_THRESHOLD ?? 5);
  return Number.isInteger(configured) && configured >= 1 ? configured : 5;
}

const BELOW_LEVEL: Partial<Record<LocalityLevel, LocalityLevel>> = {
  [LocalityLevel.PROVINCE]: LocalityLevel.DISTRICT,
  [LocalityLevel.DISTRICT]: LocalityLevel.COMMUNE,
};
/** Tiers abolished by a reform, with the first day without them. */
const TIER_ABOLISHED: Partial<Record<LocalityLevel, string>> = {
  [LocalityLevel.DISTRICT]: '2025-07-01',
};

/** The level just below `level` in the structure in force on `day`. */
function levelBelow(level: LocalityLevel, day: string): LocalityLevel | undefined {
  const below = BELOW_LEVEL[level];
  return below && !tierExists(below, day) ? BELOW_LEVEL[below] : below;
}

function tierExists(level: LocalityLevel, day: string): boolean {
  const abolished = TIER_ABOLISHED[level];
  return abolished === undefined || day < abolished;
}

/** An aggregate over a tier that no longer existed on the day is a mistake, not an empty answer. */
function checkTierExists(level: LocalityLevel, day: string, field: string): void {
  if (!tierExists(level, day)) {
    throw badUserInput(
      field,
      `there is no ${level} tier on ${day}: it was abolished on ${TIER_ABOLISHED[level]}`,
    );
  }
}

/** Aggregates of a year take the structure in force at its end. */
function yearEnd(year: number): string {
  return `${year}-12-31`;
}
const LEVEL_RANK: Record<LocalityLevel, number> = { PROVINCE: 1, DISTRICT: 2, COMMUNE: 3 };

/** Shortfall against a target, positive when short, for the indicator's direction. */
const GAP_SQL = (value: string, target: string) =>
  `case when ${value} is null or ${target} is null then null
        when i.direction = 'AT_LEAST' then ${target} - ${value} else ${value} - ${target} end`;

/** Values aggregates count: live, and approved (or, on request, submitted for approval). */
function approvedStates(includeSubmitted?: boolean | null): string[] {
  return includeSubmitted ? ['APPROVED', 'SUBMITTED'] : ['APPROVED'];
}

function countedValue(join: Knex.JoinClause, alias: string, includeSubmitted?: boolean | null) {
  join
    .andOnNull(`${alias}.archived_at`)
    .andOnIn(`${alias}.approval_status`, approvedStates(includeSubmitted));
}

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * Dashboard aggregates. Each is computed by PostgreSQL from row-level data in one or two
 * statements whatever the data size; nothing here loops over rows to add them up.
 */
export class DashboardService {
  constructor(private readonly em: EntityManager) {}

  private get knex(): Knex {
    return this.em.getKnex();
  }

  private run<T>(query: Knex.QueryBuilder | Knex.Raw): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(query as Knex.QueryBuilder);
  }

  async indicatorAttainment(args: {
    year: number;
    localityCode: string;
    planCode?: string | null;
    goalCode?: string | null;
    includeSubmitted?: boolean | null;
  }): Promise<IndicatorAttainment> {
    const strategy = await this.strategy();
    checkYear(args.year, strategy, 'year');
    const locality = await this.locality(args.localityCode, 'localityCode', yearEnd(args.year));
    const plan = await this.plan(args.planCode, locality, args.year);
    if (args.goalCode != null) {
      const [goal] = await this.run(
        this.knex('goal').select('id').where({ code: args.goalCode, strategy_id: strategy.id }),
      );
      if (!goal) throw badUserInput('goalCode', `no goal "${args.goalCode}" in ${strategy.code}`);
    }
    const knex = this.knex;
    const tracked = knex('plan_indicator').select('indicator_id').where('plan_id', plan.id);
    const rows = knex('indicator as i')
      .join('goal as g', 'g.id', 'i.goal_id')
      .leftJoin('indicator_value as v', function joinValue() {
        this.on('v.indicator_id', 'i.id')
          .andOnVal('v.locality_id', locality.id)
          .andOnVal('v.year', args.year)
          .andOnNull('v.disaggregation');
        countedValue(this, 'v', args.includeSubmitted);
      })
      .whereIn('i.id', tracked)
      .select(
        'i.id as indicator_id',
        'g.id as goal_id',
        'g.sort_order as goal_order',
        'i.sort_order',
        'v.value',
        'v.target',
        'v.illustrative',
        knex.raw(`coalesce(v.status, 'NO_DATA') as status`),
        knex.raw(`${GAP_SQL('v.value', 'v.target')} as gap`),
      );
    if (args.goalCode != null) rows.where('g.code', args.goalCode);

    const [indicatorRows, countRows] = await Promise.all([
      this.run<Record<string, unknown>>(rows.clone().orderBy(['goal_order', 'i.sort_order'])),
      this.run<Record<string, unknown>>(
        knex
          .with('r', rows)
          .from('r')
          .select(
            'goal_id',
            knex.raw('min(goal_order) as goal_order'),
            knex.raw('count(*) as tracked'),
            knex.raw(`count(*) filter (where status = 'MET') as met`),
            knex.raw(`count(*) filter (where status = 'NOT_MET') as not_met`),
            knex.raw(`count(*) filter (where status = 'NO_TARGET') as no_target`),
            knex.raw(`count(*) filter (where status = 'NO_DATA') as no_data`),
          )
          .groupByRaw('grouping sets ((goal_id), ())')
          .orderBy('goal_order'),
      ),
    ]);
    const counts = (row: Record<string, unknown>): AttainmentCounts => {
      const trackedCount = Number(row.tracked);
      const met = Number(row.met);
      return {
        tracked: trackedCount,
        met,
        notMet: Number(row.not_met),
        noTarget: Number(row.no_target),
        noData: Number(row.no_data),
        metShare: trackedCount > 0 ? met / trackedCount : null,
      };
    };
    const total = countRows.find((row) => row.goal_id === null);
    return {
      ...(total
        ? counts(total)
        : { tracked: 0, met: 0, notMet: 0, noTarget: 0, noData: 0, metShare: null }),
      year: args.year,
      localityId: locality.id,
      planId: plan.id,
      goals: countRows
        .filter((row) => row.goal_id !== null)
        .map((row) => ({ ...counts(row), goalId: Number(row.goal_id) })),
      indicators: indicatorRows.map((row) => ({
        indicatorId: Number(row.indicator_id),
        value: num(row.value),
        target: num(row.target),
        status: row.status as ValueStatus,
        gap: num(row.gap),
        illustrative: row.illustrative as boolean | null,
      })),
    };
  }

  async keyLeaderCoverage(args: {
    localityCode: string;
    level: LocalityLevel;
    asOf: Date;
  }): Promise<KeyLeaderCoverage> {
    const day = toIsoDate(args.asOf);
    checkTierExists(args.level, day, 'level');
    const locality = await this.locality(args.localityCode, 'localityCode', args.asOf);
    if (LEVEL_RANK[args.level] <= LEVEL_RANK[locality.level]) {
      throw badUserInput(
        'level',
        `must be below ${locality.level} (the level of ${locality.code})`,
      );
    }
    const knex = this.knex;
    const units = knex('locality as u')
      .select('u.id', 'u.code')
      .where('u.level', args.level)
      .whereNull('u.archived_at')
      .whereRaw(pathWithin('u', '?', true), [locality.path, locality.path]);
    whereValidOn(units, 'u', day);
    const covered = knex.from('units').select(
      'units.id',
      'units.code',
      knex.raw(
        `exists (select 1 from official_position p join official o on o.id = p.official_id
                    where p.locality_id = units.id and p.is_key_leadership and p.agency_id is null
                      and p.archived_at is null and o.archived_at is null
                      and o.sex = 'FEMALE' and ${activeOnSql('p')}) as covered`,
        [day, day],
      ),
    );
    const [row] = await this.run<{ units: string; covered: string; without_ids: number[] | null }>(
      knex
        .with('units', units)
        // Materialised, so that each unit's posts are looked up once, not once per use below.
        .withMaterialized('coverage', covered)
        .from('coverage')
        .select(
          knex.raw('count(*) as units'),
          knex.raw('count(*) filter (where covered) as covered'),
          knex.raw('array_agg(id order by code) filter (where not covered) as without_ids'),
        ),
    );
    // An aggregate without GROUP BY returns exactly one row.
    if (!row) throw new Error('keyLeaderCoverage: the count returned no row');
    const total = Number(row.units);
    const withWoman = Number(row.covered);
    return {
      localityId: locality.id,
      level: args.level,
      asOf: day,
      units: total,
      withFemaleKeyLeader: withWoman,
      share: total > 0 ? withWoman / total : null,
      unitsWithoutIds: row.without_ids ?? [],
    };
  }

  async officialsBreakdown(
    groupBy: OfficialDimension[],
    filter: OfficialFilter = {},
    options: BreakdownOptions = {},
    disclosure: Disclosure = EXACT,
    /** Officials a personal grouping or filter may count (see personalQueryScope). */
    personalScope: Knex.Raw | null = null,
  ): Promise<OfficialsBreakdown> {
    const dimensions = uniqueDimensions(groupBy, 'groupBy');
    const day = toIsoDate(options.asOf ?? new Date());
    const threshold = this.threshold(options.minCount);
    const knex = this.knex;
    const expressions: Record<OfficialDimension, { sql: string; column: string }> = {
      SEX: { sql: 'b.sex', column: 'sex' },
      ETHNICITY_GROUP: { sql: ETHNICITY_GROUP_SQL('b.ethnicity'), column: 'ethnicity_group' },
      ETHNICITY: { sql: 'b.ethnicity', column: 'ethnicity' },
      LOCALITY_LEVEL: { sql: 'l.level', column: 'locality_level' },
      LOCALITY: { sql: 'l.id', column: 'locality_id' },
      AGE_BAND: { sql: AGE_BAND_SQL('b.age'), column: 'age_band' },
      ORGANISATION_KIND: { sql: 'b.organisation_kind', column: 'organisation_kind' },
      KEY_LEADERSHIP: { sql: 'coalesce(b.is_key_leadership, false)', column: 'key_leadership' },
    };
    const within = filter.within;
    const base = knex('official as t');
    if (within == null) {
      base.leftJoin('official_position as p', function joinPost() {
        this.on('p.official_id', 't.id')
          .andOnNull('p.archived_at')
          .andOn(knex.raw(activeOnSql('p'), [day, day]));
      });
    } else {
      // Within a subtree the officials are few: their posts are found by official, one by one
      // (`offset 0` keeps the planner from turning this back into a join over every post).
      base.joinRaw(
        `left join lateral (select * from official_position p where p.official_id = t.id
           and p.archived_at is null and ${activeOnSql('p')} offset 0) p on true`,
        [day, day],
      );
    }
    base.select(
      't.id as official_id',
      't.sex',
      't.ethnicity',
      knex.raw('extract(year from ?::date)::int - t.birth_year as age', [day]),
      'p.organisation_kind',
      'p.is_key_leadership',
      knex.raw('coalesce(p.locality_id, t.home_locality_id) as locality_id'),
      recordKeyColumn(knex, disclosure, 'official', 't.id'),
    );
    // `within` (home or a post on the day in the subtree) is served by indexes: the subtree's
    // units by the path index, then officials by home and posts by locality, gathered once.
    const officialFilter = { activeOn: options.asOf, ...filter };
    const withinDay = toIsoDate(officialFilter.activeOn ?? new Date());
    applyOfficialFilter(knex, base, { ...officialFilter, within: undefined }, personalScope);
    if (within != null) base.whereIn('t.id', knex.from('scoped').select('official_id'));
    const selected = dimensions.map((dimension) => expressions[dimension]);
    const columns = selected.map(({ column }) => column);
    // An official with several posts in one cell counts once, and so does their record key.
    const members = knex
      .from('base as b')
      .leftJoin('locality as l', 'l.id', 'b.locality_id')
      .select(
        ...selected.map(({ sql, column }) => knex.raw(`${sql} as ${column}`)),
        'b.official_id',
        'b.record_key',
      )
      .groupByRaw([...selected.map(({ sql }) => sql), 'b.official_id', 'b.record_key'].join(', '));
    const cells = knex
      .from('members')
      .select(
        ...columns,
        knex.raw('count(*) as n'),
        knex.raw(`${cellKeySql('record_key')} as cell_key`),
      )
      .groupBy(columns);
    const officials = knex.from('base').distinct('official_id', 'record_key');
    const totals = knex
      .from(officials.as('o'))
      .select(
        knex.raw('count(*) as total'),
        knex.raw(`${cellKeySql('o.record_key')} as total_key`),
      );
    const statement = knex.queryBuilder();
    if (within != null) {
      statement.withMaterialized('subtree', subtreeIds(knex, within, day)).withMaterialized(
        'scoped',
        knex
          .from('official as h')
          .select('h.id as official_id')
          .whereIn('h.home_locality_id', knex.from('subtree').select('id'))
          .union((union) => {
            union
              .from('official_position as s')
              .select('s.official_id')
              .whereIn('s.locality_id', knex.from('subtree').select('id'))
              .whereNull('s.archived_at')
              .whereRaw(activeOnSql('s'), [withinDay, withinDay]);
          }),
      );
    }
    const rows = await this.run<Record<string, unknown>>(
      statement
        .with('base', base)
        .with('members', members)
        .with('cells', cells)
        .with('totals', totals)
        .from('totals')
        .leftJoin('cells', knex.raw('true'))
        .select('cells.*', 'totals.total', 'totals.total_key')
        .orderBy(columns.map((column) => ({ column: `cells.${column}` }))),
    );
    // `totals` has one row whatever the cells, so the left join always returns one at least.
    const [first] = rows;
    if (!first) throw new Error('officialsBreakdown: the totals returned no row');
    const table = publishTable(
      disclosure,
      threshold,
      { count: Number(first.total), key: Number(first.total_key) },
      rows.filter((row) => row.n !== null),
      (row) => ({ count: Number(row.n), key: Number(row.cell_key) }),
    );
    const total = table.total;
    return {
      total,
      threshold,
      perturbed: disclosure.perturbed,
      suppressedGroups: table.suppressed,
      groups: table.shown
        .map(({ row, count }) => ({
          sex: (row.sex as never) ?? null,
          ethnicityGroup: (row.ethnicity_group as never) ?? null,
          ethnicity: (row.ethnicity as string) ?? null,
          localityLevel: (row.locality_level as never) ?? null,
          localityId: num(row.locality_id),
          ageBand: (row.age_band as never) ?? null,
          organisationKind: (row.organisation_kind as never) ?? null,
          keyLeadership: (row.key_leadership as boolean | undefined) ?? null,
          count,
          share: total ? Math.min(1, count / total) : 0,
        }))
        // Largest first; the sort is stable, so ties keep the order of their dimensions.
        .sort((a, b) => b.count - a.count),
    };
  }

  async trainingParticipation(
    groupBy: TrainingDimension[],
    filter: TrainingParticipationFilter = {},
    options: Pick<BreakdownOptions, 'minCount'> = {},
    disclosure: Disclosure = EXACT,
  ): Promise<TrainingParticipation> {
    const dimensions = uniqueDimensions(groupBy, 'groupBy');
    const threshold = this.threshold(options.minCount);
    const knex = this.knex;
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
      ? this.enrollmentRows(selected, filter, disclosure, statement)
      : this.enrollmentTally(dimensions, selected, filter);
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
    const rows = await this.run<Record<string, unknown>>(
      statement
        .with('base', base)
        .from('base')
        .select(
          ...columns,
          ...metrics,
          knex.raw(`grouping(${columns.join(', ')}) <> 0 as is_total`),
        )
        .groupByRaw(`grouping sets ((${columns.join(', ')}), ())`)
        .orderBy(columns.map((column) => ({ column }))),
    );
    return trainingTable(rows, threshold, disclosure);
  }

  /** One row per live enrolment (n = 1), with its record key. */
  private enrollmentRows(
    selected: TrainingExpression[],
    filter: TrainingParticipationFilter,
    disclosure: Disclosure,
    statement: Knex.QueryBuilder,
  ): Knex.QueryBuilder {
    const knex = this.knex;
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
  private enrollmentTally(
    dimensions: TrainingDimension[],
    selected: TrainingExpression[],
    filter: TrainingParticipationFilter,
  ): Knex.QueryBuilder {
    const knex = this.knex;
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

  async indicatorSeries(args: {
    indicatorCode: string;
    localityCode: string;
    fromYear?: number | null;
    toYear?: number | null;
    includeSubmitted?: boolean | null;
    asOf?: Date | null;
  }): Promise<IndicatorSeries> {
    const strategy = await this.strategy();
    const fromYear = args.fromYear ?? strategy.startYear;
    const toYear = args.toYear ?? strategy.endYear;
    checkYear(fromYear, strategy, 'fromYear');
    checkYear(toYear, strategy, 'toYear');
    if (fromYear > toYear) throw badUserInput('toYear', 'must not be before fromYear');
    const indicator = await this.indicator(args.indicatorCode);
    const locality = await this.locality(args.localityCode, 'localityCode', args.asOf);
    const knex = this.knex;
    // Years that ended before the unit began are derived from its predecessors.
    const firstOwnYear = locality.validFrom ? Number(locality.validFrom.slice(0, 4)) : -Infinity;
    const lastDerivedYear = Math.min(toYear, firstOwnYear - 1);
    const nationalTarget = (alias: string, year: number) =>
      function joinTarget(this: Knex.JoinClause) {
        this.on(`${alias}.indicator_id`, 'i.id')
          .andOnVal(`${alias}.year`, year)
          .andOnNull(`${alias}.plan_id`);
      };
    const [points, [trend], derivedRows] = await Promise.all([
      this.run<Record<string, unknown>>(
        knex
          .from(knex.raw('generate_series(?::int, ?::int) as y(year)', [fromYear, toYear]))
          .join('indicator as i', 'i.id', knex.raw('?', [indicator.id]))
          .leftJoin('indicator_target as t25', nationalTarget('t25', 2025))
          .leftJoin('indicator_target as t30', nationalTarget('t30', 2030))
          .leftJoin('indicator_value as v', function joinValue() {
            this.on('v.indicator_id', 'i.id')
              .andOnVal('v.locality_id', locality.id)
              .andOn('v.year', 'y.year')
              .andOnNull('v.disaggregation');
            countedValue(this, 'v', args.includeSubmitted);
          })
          .select(
            'y.year',
            'v.value',
            'v.target',
            knex.raw(`coalesce(v.status, 'NO_DATA') as status`),
            knex.raw(`${GAP_SQL('v.value', 't25.value')} as gap2025`),
            knex.raw(`${GAP_SQL('v.value', 't30.value')} as gap2030`),
          )
          .orderBy('y.year'),
      ),
      this.run<Record<string, unknown>>(
        knex('indicator as i')
          .leftJoin('indicator_target as t25', nationalTarget('t25', 2025))
          .leftJoin('indicator_target as t30', nationalTarget('t30', 2030))
          .leftJoin('indicator_value as v', function joinValue() {
            this.on('v.indicator_id', 'i.id')
              .andOnVal('v.locality_id', locality.id)
              .andOnNull('v.disaggregation')
              .andOnNotNull('v.value')
              .andOnBetween('v.year', [fromYear, toYear]);
            countedValue(this, 'v', args.includeSubmitted);
          })
          .where('i.id', indicator.id)
          .groupBy('t25.value', 't30.value')
          .select(
            knex.raw('count(v.value) as n'),
            knex.raw('regr_slope(v.value, v.year) as slope'),
            knex.raw('regr_intercept(v.value, v.year) as intercept'),
            't25.value as target2025',
            't30.value as target2030',
          ),
      ),
      fromYear <= lastDerivedYear
        ? this.predecessorFigures(indicator, locality, fromYear, lastDerivedYear, args)
        : Promise.resolve([]),
    ]);
    const derived = new Map(
      derivedRows.map((row) => [row.year, deriveValue(row, indicator)] as const),
    );
    // The indicator exists (found above), so its one group is always there.
    if (!trend) throw new Error('indicatorSeries: the trend returned no row');
    const target2025 = num(trend.target2025);
    const target2030 = num(trend.target2030);
    const gap = (value: number | null, target: number | null) => {
      if (value === null || target === null) return null;
      return indicator.direction === 'AT_LEAST' ? target - value : value - target;
    };
    const seriesPoints = points.map((row) => {
      const year = Number(row.year);
      // A year before the unit existed is never its own, even when no predecessor is recorded.
      const derivation =
        derived.get(year) ??
        (year <= lastDerivedYear
          ? { value: null, method: Derivation.NOT_DERIVABLE, predecessors: [] }
          : undefined);
      if (!derivation) {
        return {
          year,
          value: num(row.value),
          target: num(row.target),
          status: row.status as ValueStatus,
          gap2025: num(row.gap2025),
          gap2030: num(row.gap2030),
          derived: false,
          derivation: null,
          predecessorValues: [],
        };
      }
      return {
        year,
        value: derivation.value,
        target: null,
        status: derivation.value === null ? ValueStatus.NO_DATA : ValueStatus.NO_TARGET,
        gap2025: gap(derivation.value, target2025),
        gap2030: gap(derivation.value, target2030),
        derived: true,
        derivation: derivation.method,
        predecessorValues: derivation.predecessors,
      };
    });
    // With derived years the trend runs through them too: one line across the reform.
    const acrossReform = fromYear <= lastDerivedYear;
    const fitted = acrossReform ? leastSquares(seriesPoints) : null;
    const slope = acrossReform
      ? (fitted?.slope ?? null)
      : Number(trend.n) >= 2
        ? num(trend.slope)
        : null;
    const intercept = acrossReform ? (fitted?.intercept ?? null) : num(trend.intercept);
    const project = (year: number) =>
      slope === null || intercept === null ? null : intercept + slope * year;
    const reaches = (projected: number | null, target: number | null) => {
      if (projected === null || target === null) return null;
      if (indicator.direction === 'AT_LEAST') return projected >= target;
      if (indicator.direction === 'AT_MOST') return projected <= target;
      return projected < target;
    };
    return {
      indicatorId: indicator.id,
      localityId: locality.id,
      fromYear,
      toYear,
      target2025,
      target2030,
      points: seriesPoints,
      trendPerYear: slope,
      projected2025: project(2025),
      projected2030: project(2030),
      onTrack2025: reaches(project(2025), target2025),
      onTrack2030: reaches(project(2030), target2030),
    };
  }

  async indicatorRollup(args: {
    indicatorCode: string;
    localityCode: string;
    year: number;
    fromLevel?: LocalityLevel | null;
    includeSubmitted?: boolean | null;
  }): Promise<IndicatorRollup> {
    const strategy = await this.strategy();
    checkYear(args.year, strategy, 'year');
    const indicator = await this.indicator(args.indicatorCode);
    const day = yearEnd(args.year);
    const locality = await this.locality(args.localityCode, 'localityCode', day);
    const fromLevel = args.fromLevel ?? levelBelow(locality.level, day);
    if (!fromLevel || LEVEL_RANK[fromLevel] <= LEVEL_RANK[locality.level]) {
      throw badUserInput(
        args.fromLevel ? 'fromLevel' : 'localityCode',
        `no level below ${locality.level} to roll up from`,
      );
    }
    checkTierExists(fromLevel, day, 'fromLevel');
    const method =
      indicator.unit === IndicatorUnit.COUNT
        ? RollupMethod.SUM
        : indicator.unit === IndicatorUnit.BOOLEAN
          ? RollupMethod.ALL
          : RollupMethod.RATIO_OF_SUMS;
    const knex = this.knex;
    const states = approvedStates(args.includeSubmitted);
    const units = knex('locality as u')
      .select('u.id', 'u.code')
      .where('u.level', fromLevel)
      .whereNull('u.archived_at')
      .whereRaw(pathWithin('u', '?', true), [locality.path, locality.path]);
    whereValidOn(units, 'u', day);
    const [row] = await this.run<Record<string, unknown>>(
      knex
        .with('units', units)
        .from('units')
        .leftJoin('indicator_value as v', function joinValue() {
          this.on('v.locality_id', 'units.id')
            .andOnVal('v.indicator_id', indicator.id)
            .andOnVal('v.year', args.year)
            .andOnNull('v.disaggregation');
          countedValue(this, 'v', args.includeSubmitted);
        })
        .select(
          knex.raw('count(*) as units'),
          knex.raw('count(v.value) as reporting'),
          knex.raw('count(v.value) filter (where v.numerator is null) as without_fraction'),
          knex.raw('sum(v.value) as sum_value'),
          knex.raw('sum(v.numerator) filter (where v.value is not null) as numerator'),
          knex.raw('sum(v.denominator) filter (where v.value is not null) as denominator'),
          knex.raw('bool_or(v.value = 0) as any_not_achieved'),
          knex.raw(
            'array_agg(units.id order by units.code) filter (where v.value is null) as missing_ids',
          ),
          knex.raw(
            `(select value from indicator_value r where r.indicator_id = ? and r.locality_id = ?
               and r.year = ? and r.disaggregation is null and r.archived_at is null
               and r.approval_status in (${states.map(() => '?').join(', ')})) as reported`,
            [indicator.id, locality.id, args.year, ...states],
          ),
        ),
    );
    // An aggregate without GROUP BY returns exactly one row.
    if (!row) throw new Error('indicatorRollup: the count returned no row');
    const reporting = Number(row.reporting);
    const withoutFraction = Number(row.without_fraction);
    const numerator = num(row.numerator);
    const denominator = num(row.denominator);
    let value: number | null = null;
    if (reporting > 0) {
      if (method === RollupMethod.SUM) value = num(row.sum_value);
      else if (method === RollupMethod.ALL) {
        // One unit that did not achieve it settles "no"; "yes" needs every unit to have said so.
        if (row.any_not_achieved) value = 0;
        else if (reporting === Number(row.units)) value = 1;
      } else if (withoutFraction === 0 && numerator !== null && denominator) {
        value = (numerator / denominator) * indicator.valueScale;
      }
    }
    return {
      indicatorId: indicator.id,
      localityId: locality.id,
      missingIds: (row.missing_ids as number[] | null) ?? [],
      year: args.year,
      fromLevel,
      method,
      value,
      numerator: method === RollupMethod.RATIO_OF_SUMS ? numerator : null,
      denominator: method === RollupMethod.RATIO_OF_SUMS ? denominator : null,
      units: Number(row.units),
      reporting,
      complete: reporting === Number(row.units),
      withoutFraction: method === RollupMethod.RATIO_OF_SUMS ? withoutFraction : 0,
      reportedValue: num(row.reported),
    };
  }

  /**
   * Per year, the figures of the units a locality came from, in one statement: how many there
   * are, how many reported, whether any was divided, the sums a derivation needs and each one's
   * own value.
   */
  private predecessorFigures(
    indicator: Indicator,
    locality: Locality,
    fromYear: number,
    toYear: number,
    args: { includeSubmitted?: boolean | null },
  ): Promise<PredecessorFigures[]> {
    const knex = this.knex;
    return this.run<PredecessorFigures>(
      knex
        .from(knex.raw('generate_series(?::int, ?::int) as y(year)', [fromYear, toYear]))
        .crossJoin(knex.raw('locality_succession as s'))
        .join('locality as p', 'p.id', 's.predecessor_id')
        .leftJoin('indicator_value as v', function joinValue() {
          this.on('v.locality_id', 's.predecessor_id')
            .andOnVal('v.indicator_id', indicator.id)
            .andOn('v.year', 'y.year')
            .andOnNull('v.disaggregation');
          countedValue(this, 'v', args.includeSubmitted);
        })
        .where('s.successor_id', locality.id)
        .groupBy('y.year')
        .orderBy('y.year')
        .select(
          knex.raw('y.year::int as year'),
          knex.raw('count(*)::int as units'),
          knex.raw('count(v.value)::int as reporting'),
          knex.raw('count(v.value) filter (where v.numerator is null)::int as without_fraction'),
          knex.raw('bool_or(s.divided) as any_divided'),
          knex.raw('sum(v.value)::float8 as sum_value'),
          knex.raw('sum(v.numerator)::float8 as numerator'),
          knex.raw('sum(v.denominator)::float8 as denominator'),
          knex.raw(
            `json_agg(json_build_object('localityId', p.id, 'value', v.value::float8,
               'numerator', v.numerator::float8, 'denominator', v.denominator::float8,
               'divided', s.divided) order by p.code) as predecessors`,
          ),
        ),
    );
  }

  private threshold(minCount: number | undefined | null): number {
    if (minCount != null && (!Number.isInteger(minCount) || minCount < 0)) {
      throw badUserInput('options.minCount', 'must be a non-negative integer');
    }
    return Math.max(smallCellThreshold(), minCount ?? 0);
  }

  private async strategy(): Promise<Strategy> {
    const strategy = await this.em.findOne(Strategy, { code: DEFAULT_STRATEGY_CODE });
    if (!strategy) throw new Error(`Strategy ${DEFAULT_STRATEGY_CODE} is not loaded`);
    return strategy;
  }

  private async locality(
    code: string,
    field: string,
    asOf?: Date | string | null,
  ): Promise<Locality> {
    const locality = await new LocalityService(this.em).findByCode(code, asOf);
    if (!locality) {
      throw badUserInput(field, `no locality has the code "${code}" on ${structureDay(asOf)}`);
    }
    return locality;
  }

  private async indicator(code: string): Promise<Indicator> {
    const indicator = await new IndicatorService(this.em).findByCode(code);
    if (!indicator)
      throw badUserInput('indicatorCode', `no indicator "${code}" in ${DEFAULT_STRATEGY_CODE}`);
    return indicator;
  }

  /**
   * The named plan; else the plan in force that year of the locality itself or of its nearest
   * ancestor that has one (a district follows its province's plan until it adopts its own);
   * else an error saying there is none — never the whole catalogue.
   */
  private async plan(
    code: string | null | undefined,
    locality: Locality,
    year: number,
  ): Promise<Plan> {
    if (code != null) {
      const plan = await this.em.findOne(Plan, { code });
      if (!plan) throw badUserInput('planCode', `no plan has the code "${code}"`);
      return plan;
    }
    const knex = this.knex;
    const [row] = await this.run<{ id: number }>(
      knex('locality as l')
        .join('locality as a', function joinAncestor() {
          this.on(knex.raw(pathWithin('l', 'a.path')));
        })
        .join('plan as p', 'p.locality_id', 'a.id')
        .join('strategy as s', 's.id', 'p.strategy_id')
        .where('l.id', locality.id)
        .where('s.code', DEFAULT_STRATEGY_CODE)
        .where('p.start_year', '<=', year)
        .where('p.end_year', '>=', year)
        .orderByRaw('length(a.path) desc')
        .select('p.id')
        .limit(1),
    );
    if (!row) {
      throw badUserInput(
        'localityCode',
        `no plan is in force in ${year} for ${locality.code} or any unit above it; adopt one with savePlan or name one with planCode`,
      );
    }
    return this.em.findOneOrFail(Plan, { id: row.id });
  }
}

interface PredecessorFigures {
  year: number;
  units: number;
  reporting: number;
  without_fraction: number;
  any_divided: boolean;
  sum_value: number | null;
  numerator: number | null;
  denominator: number | null;
  predecessors: PredecessorValue[];
}

/**
 * A year's value of a unit from its predecessors' values, where the indicator's unit allows:
 * one whole predecessor carries over; counts add; rates are summed numerators over summed
 * denominators. Every predecessor must have reported, and none may have been divided (its
 * figure cannot be split between its successors without more data).
 */
function deriveValue(
  row: PredecessorFigures,
  indicator: Indicator,
): { value: number | null; method: Derivation; predecessors: PredecessorValue[] } {
  const result = (value: number | null, method: Derivation) => ({
    value,
    method,
    predecessors: row.predecessors,
  });
  if (row.any_divided || row.reporting < row.units) return result(null, Derivation.NOT_DERIVABLE);
  if (row.units === 1) return result(row.predecessors[0]?.value ?? null, Derivation.CARRIED);
  if (indicator.unit === IndicatorUnit.COUNT) return result(row.sum_value, Derivation.SUM);
  if (indicator.unit === IndicatorUnit.BOOLEAN || row.without_fraction > 0 || !row.denominator) {
    return result(null, Derivation.NOT_DERIVABLE);
  }
  return result(
    ((row.numerator ?? 0) / row.denominator) * indicator.valueScale,
    Derivation.RATIO_OF_SUMS,
  );
}

/** Least-squares line through the points that have a value; null with fewer than two. */
function leastSquares(
  points: { year: number; value: number | null }[],
): { slope: number; intercept: number } | null {
  const known = points.filter((point) => point.value !== null) as {
    year: number;
    value: number;
  }[];
  if (known.length < 2) return null;
  const meanX = known.reduce((sum, p) => sum + p.year, 0) / known.length;
  const meanY = known.reduce((sum, p) => sum + p.value, 0) / known.length;
  const sxx = known.reduce((sum, p) => sum + (p.year - meanX) ** 2, 0);
  const sxy = known.reduce((sum, p) => sum + (p.year - meanX) * (p.value - meanY), 0);
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/** Who gets what: exact figures, or figures perturbed by the cell key method (disclosure.ts). */
export interface Disclosure {
  perturbed: boolean;
}
const EXACT: Disclosure = { perturbed: false };

/** The record key column of a breakdown's base rows; exact tables need none. */
function recordKeyColumn(knex: Knex, disclosure: Disclosure, kind: RecordKind, idSql: string) {
  return disclosure.perturbed
    ? knex.raw('? as record_key', [recordKeySql(knex, kind, idSql)])
    : knex.raw('0::bigint as record_key');
}

/** A cell as counted: its exact count and its cell key. */
interface Counted {
  count: number;
  key: number;
}

function publish(disclosure: Disclosure, counted: Counted): number {
  return disclosure.perturbed ? perturbCount(counted.count, counted.key) : counted.count;
}

/**
 * The published table: the total and every cell as the caller may see them, cells under the
 * threshold left out. A perturbed total is a cell of its own, never the sum of the cells; a
 * perturbed table whose total is under the threshold is withheld whole.
 */
function publishTable<T>(
  disclosure: Disclosure,
  threshold: number,
  total: Counted,
  cells: T[],
  counted: (cell: T) => Counted,
): { total: number | null; shown: { row: T; count: number }[]; suppressed: number } {
  const publishedTotal = publish(disclosure, total);
  const totalShown = !disclosure.perturbed || publishedTotal >= threshold;
  const shown = totalShown
    ? cells
        .map((row) => ({ row, count: publish(disclosure, counted(row)) }))
        .filter(({ count }) => count >= threshold)
    : [];
  return {
    total: totalShown ? publishedTotal : null,
    shown,
    suppressed: cells.length - shown.length,
  };
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

function checkYear(year: number, strategy: Strategy, field: string): void {
  if (!Number.isInteger(year) || year < strategy.startYear || year > strategy.endYear) {
    throw badUserInput(
      field,
      `must lie in the strategy period ${strategy.startYear}–${strategy.endYear}`,
    );
  }
}

function uniqueDimensions<T extends string>(groupBy: T[], field: string): T[] {
  nonEmpty(groupBy, field);
  if (new Set(groupBy).size !== groupBy.length)
    throw badUserInput(field, 'lists a dimension twice');
  return groupBy;
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

const ETHNICITY_GROUP_SQL = (column: string) =>
  `case when ${column} = '${MAJORITY_ETHNICITY}' then 'KINH' else 'ETHNIC_MINORITY' end`;

const AGE_BAND_SQL = (age: string) =>
  `case when ${age} is null then null
        when ${age} < 30 then 'UNDER_30' when ${age} < 40 then 'FROM_30_TO_39'
        when ${age} < 50 then 'FROM_40_TO_49' when ${age} < 60 then 'FROM_50_TO_59'
        else 'FROM_60' end`;
