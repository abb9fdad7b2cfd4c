import type { EntityClass, EntityManager, Knex } from '@mikro-orm/postgresql';
import { rememberRow, rowMapper } from '../common/plain-rows.js';
import { badUserInput, nonEmpty, shown } from '../common/errors.js';
import { structureDay, pathWithin } from '../common/subtree.js';
import { Locality, LocalityLevel } from '../locality/locality.entity.js';
import { LocalityService } from '../locality/locality.service.js';
import { MAJORITY_ETHNICITY } from '../official/official.entity.js';
import { Indicator } from '../strategy/indicator.entity.js';
import { IndicatorService } from '../strategy/indicator.service.js';
import { Plan } from '../strategy/plan.entity.js';
import { Strategy } from '../strategy/strategy.entity.js';
import { DEFAULT_STRATEGY_CODE } from '../strategy/strategy.inputs.js';

// What the dashboard aggregates share: SQL fragments, input checks, and the lookups they start with.

const BELOW_LEVEL: Partial<Record<LocalityLevel, LocalityLevel>> = {
  [LocalityLevel.PROVINCE]: LocalityLevel.DISTRICT,
  [LocalityLevel.DISTRICT]: LocalityLevel.COMMUNE,
};
/** Tiers abolished by a reform, with the first day without them. */
const TIER_ABOLISHED: Partial<Record<LocalityLevel, string>> = {
  [LocalityLevel.DISTRICT]: '2025-07-01',
};

/** The level just below `level` in the structure in force on `day`. */
export function levelBelow(level: LocalityLevel, day: string): LocalityLevel | undefined {
  const below = BELOW_LEVEL[level];
  return below && !tierExists(below, day) ? BELOW_LEVEL[below] : below;
}

function tierExists(level: LocalityLevel, day: string): boolean {
  const abolished = TIER_ABOLISHED[level];
  return abolished === undefined || day < abolished;
}

/** An aggregate over a tier that no longer existed on the day is a mistake, not an empty answer. */
export function checkTierExists(level: LocalityLevel, day: string, field: string): void {
  if (!tierExists(level, day)) {
    throw badUserInput(
      field,
      `there is no ${level} tier on ${day}: it was abolished on ${TIER_ABOLISHED[level]}`,
    );
  }
}

/** Aggregates of a year take the structure in force at its end. */
export function yearEnd(year: number): string {
  return `${year}-12-31`;
}
export const LEVEL_RANK: Record<LocalityLevel, number> = { PROVINCE: 1, DISTRICT: 2, COMMUNE: 3 };

/** Shortfall against a target, positive when short, for the indicator's direction. */
export const GAP_SQL = (value: string, target: string) =>
  `case when ${value} is null or ${target} is null then null
        when i.direction = 'AT_LEAST' then ${target} - ${value} else ${value} - ${target} end`;

/** Values aggregates count: live, and approved (or, on request, submitted for approval). */
export function approvedStates(includeSubmitted?: boolean | null): string[] {
  return includeSubmitted ? ['APPROVED', 'SUBMITTED'] : ['APPROVED'];
}

export function countedValue(
  join: Knex.JoinClause,
  alias: string,
  includeSubmitted?: boolean | null,
) {
  join
    .andOnNull(`${alias}.archived_at`)
    .andOnIn(`${alias}.approval_status`, approvedStates(includeSubmitted));
}

export const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

export function checkYear(year: number, strategy: Strategy, field: string): void {
  if (!Number.isInteger(year) || year < strategy.startYear || year > strategy.endYear) {
    throw badUserInput(
      field,
      `must lie in the strategy period ${strategy.startYear}–${strategy.endYear}`,
    );
  }
}

export function uniqueDimensions<T extends string>(groupBy: T[], field: string): T[] {
  nonEmpty(groupBy, field);
  if (new Set(groupBy).size !== groupBy.length)
    throw badUserInput(field, 'lists a dimension twice');
  return groupBy;
}

export const ETHNICITY_GROUP_SQL = (column: string) =>
  `case when ${column} = '${MAJORITY_ETHNICITY}' then 'KINH' else 'ETHNIC_MINORITY' end`;

export const AGE_BAND_SQL = (age: string) =>
  `case when ${age} is null then null
        when ${age} < 30 then 'UNDER_30' when ${age} < 40 then 'FROM_30_TO_39'
        when ${age} < 50 then 'FROM_40_TO_49' when ${age} < 60 then 'FROM_50_TO_59'
        else 'FROM_60' end`;

/** The database as the aggregates read it, and the lookups they start with. */
export class DashboardReader {
  constructor(
    private readonly em: EntityManager,
    /** SMALL_CELL_THRESHOLD, from the request context. */
    private readonly smallCellThreshold: number,
  ) {}

  get knex(): Knex {
    return this.em.getKnex();
  }

  run<T>(query: Knex.QueryBuilder | Knex.Raw): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(query as Knex.QueryBuilder);
  }

  /** A breakdown's threshold: the platform's, which a caller's `minCount` may raise, never lower. */
  threshold(minCount: number | undefined | null): number {
    if (minCount != null && (!Number.isInteger(minCount) || minCount < 0)) {
      throw badUserInput('options.minCount', 'must be a non-negative integer');
    }
    return Math.max(this.smallCellThreshold, minCount ?? 0);
  }

  /**
   * Whole rows of `entity` an aggregate read, kept for the request: a field that resolves them by
   * id then needs no statement of its own.
   */
  remember<T extends { id: number }>(
    entity: EntityClass<T>,
    rows: Record<string, unknown>[],
  ): void {
    const toRow = rowMapper(this.em, entity);
    for (const row of rows) rememberRow(this.em, entity, toRow(row));
  }

  async strategy(): Promise<Strategy> {
    const strategy = await this.em.findOne(Strategy, { code: DEFAULT_STRATEGY_CODE });
    if (!strategy) throw new Error(`Strategy ${DEFAULT_STRATEGY_CODE} is not loaded`);
    return strategy;
  }

  async locality(code: string, field: string, asOf?: Date | string | null): Promise<Locality> {
    const locality = await new LocalityService(this.em).findByCode(code, asOf);
    if (!locality) {
      throw badUserInput(field, `no locality has the code ${shown(code)} on ${structureDay(asOf)}`);
    }
    return locality;
  }

  async indicator(code: string): Promise<Indicator> {
    const indicator = await new IndicatorService(this.em).findByCode(code);
    if (!indicator)
      throw badUserInput(
        'indicatorCode',
        `no indicator ${shown(code)} in ${DEFAULT_STRATEGY_CODE}`,
      );
    return indicator;
  }

  /**
   * The named plan; else the plan in force that year of the locality itself or of its nearest
   * ancestor that has one (a district follows its province's plan until it adopts its own);
   * else an error saying there is none — never the whole catalogue.
   */
  async plan(code: string | null | undefined, locality: Locality, year: number): Promise<Plan> {
    if (code != null) {
      const plan = await this.em.findOne(Plan, { code });
      if (!plan) throw badUserInput('planCode', `no plan has the code ${shown(code)}`);
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
