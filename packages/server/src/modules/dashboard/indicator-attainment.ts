import { badUserInput, shown } from '../common/errors.js';
import { ValueStatus } from '../strategy/indicator-value.entity.js';
import type { AttainmentCounts, IndicatorAttainment } from './dashboard.types.js';
import { checkYear, countedValue, GAP_SQL, num, yearEnd, type DashboardReader } from './common.js';

export async function indicatorAttainment(
  db: DashboardReader,
  args: {
    year: number;
    localityCode: string;
    planCode?: string | null;
    goalCode?: string | null;
    includeSubmitted?: boolean | null;
  },
): Promise<IndicatorAttainment> {
  const strategy = await db.strategy();
  checkYear(args.year, strategy, 'year');
  const locality = await db.locality(args.localityCode, 'localityCode', yearEnd(args.year));
  const plan = await db.plan(args.planCode, locality, args.year);
  if (args.goalCode != null) {
    const [goal] = await db.run(
      db.knex('goal').select('id').where({ code: args.goalCode, strategy_id: strategy.id }),
    );
    if (!goal)
      throw badUserInput('goalCode', `no goal ${shown(args.goalCode)} in ${strategy.code}`);
  }
  const knex = db.knex;
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
    db.run<Record<string, unknown>>(rows.clone().orderBy(['goal_order', 'i.sort_order'])),
    db.run<Record<string, unknown>>(
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
