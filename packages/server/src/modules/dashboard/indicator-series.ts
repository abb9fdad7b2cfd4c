import type { Knex } from '@mikro-orm/postgresql';
import { badUserInput } from '../common/errors.js';
import type { Locality } from '../locality/locality.entity.js';
import { Indicator, IndicatorUnit } from '../strategy/indicator.entity.js';
import { ValueStatus } from '../strategy/indicator-value.entity.js';
import { Derivation, type IndicatorSeries, type PredecessorValue } from './dashboard.types.js';
import { checkYear, countedValue, GAP_SQL, num, type DashboardReader } from './common.js';

export async function indicatorSeries(
  db: DashboardReader,
  args: {
    indicatorCode: string;
    localityCode: string;
    fromYear?: number | null;
    toYear?: number | null;
    includeSubmitted?: boolean | null;
    asOf?: Date | null;
  },
): Promise<IndicatorSeries> {
  const strategy = await db.strategy();
  const fromYear = args.fromYear ?? strategy.startYear;
  const toYear = args.toYear ?? strategy.endYear;
  checkYear(fromYear, strategy, 'fromYear');
  checkYear(toYear, strategy, 'toYear');
  if (fromYear > toYear) throw badUserInput('toYear', 'must not be before fromYear');
  const indicator = await db.indicator(args.indicatorCode);
  const locality = await db.locality(args.localityCode, 'localityCode', args.asOf);
  const knex = db.knex;
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
    db.run<Record<string, unknown>>(
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
    db.run<Record<string, unknown>>(
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
      ? predecessorFigures(db, indicator, locality, fromYear, lastDerivedYear, args)
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

/**
 * Per year, the figures of the units a locality came from, in one statement: how many there
 * are, how many reported, whether any was divided, the sums a derivation needs and each one's
 * own value.
 */
function predecessorFigures(
  db: DashboardReader,
  indicator: Indicator,
  locality: Locality,
  fromYear: number,
  toYear: number,
  args: { includeSubmitted?: boolean | null },
): Promise<PredecessorFigures[]> {
  const knex = db.knex;
  return db.run<PredecessorFigures>(
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
