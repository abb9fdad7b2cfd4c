import { badUserInput } from '../common/errors.js';
import { whereValidOn, pathWithin } from '../common/subtree.js';
import type { LocalityLevel } from '../locality/locality.entity.js';
import { IndicatorUnit } from '../strategy/indicator.entity.js';
import { RollupMethod, type IndicatorRollup } from './dashboard.types.js';
import {
  approvedStates,
  checkTierExists,
  checkYear,
  countedValue,
  LEVEL_RANK,
  levelBelow,
  num,
  yearEnd,
  type DashboardReader,
} from './common.js';

export async function indicatorRollup(
  db: DashboardReader,
  args: {
    indicatorCode: string;
    localityCode: string;
    year: number;
    fromLevel?: LocalityLevel | null;
    includeSubmitted?: boolean | null;
  },
): Promise<IndicatorRollup> {
  const strategy = await db.strategy();
  checkYear(args.year, strategy, 'year');
  const indicator = await db.indicator(args.indicatorCode);
  const day = yearEnd(args.year);
  const locality = await db.locality(args.localityCode, 'localityCode', day);
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
  const knex = db.knex;
  const states = approvedStates(args.includeSubmitted);
  const units = knex('locality as u')
    .select('u.id', 'u.code')
    .where('u.level', fromLevel)
    .whereNull('u.archived_at')
    .whereRaw(pathWithin('u', '?', true), [locality.path, locality.path]);
  whereValidOn(units, 'u', day);
  const [row] = await db.run<Record<string, unknown>>(
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
