import DataLoader from 'dataloader';
import type { PageRequest } from '../common/connection.js';
import { pagedLoader, type RequestContext } from '../common/context.js';
import { Indicator } from './indicator.entity.js';
import { IndicatorTarget } from './indicator-target.entity.js';
import { IndicatorService } from './indicator.service.js';
import type { IndicatorValueFilter, IndicatorValueOrder } from './strategy.inputs.js';

/** Indicators each plan tracks, in catalogue order. */
export function planIndicatorsLoader(context: RequestContext): DataLoader<number, Indicator[]> {
  return context.loader('Plan.indicators', () => {
    return new DataLoader<number, Indicator[]>(async (planIds) => {
      const knex = context.em.getKnex();
      const rows: (Record<string, unknown> & { plan_id: number })[] = await context.em
        .getConnection()
        .execute(
          knex('plan_indicator as pi')
            .join('indicator as t', 't.id', 'pi.indicator_id')
            .select('t.*', 'pi.plan_id')
            .whereIn('pi.plan_id', [...planIds])
            .orderBy('t.sort_order'),
        );
      const groups = new Map<number, Indicator[]>(planIds.map((id) => [id, []]));
      for (const { plan_id: planId, ...row } of rows) {
        groups.get(planId)!.push(context.em.map(Indicator, row));
      }
      return planIds.map((id) => groups.get(id)!);
    });
  });
}

/** All targets of each indicator, national and per plan. */
export function indicatorTargetsLoader(context: RequestContext) {
  return context.byParent(IndicatorTarget, 'indicator', { year: 'asc', id: 'asc' });
}

export function indicatorValuesLoader(
  context: RequestContext,
  by: 'indicator_id' | 'locality_id',
  filter: IndicatorValueFilter | undefined,
  order: IndicatorValueOrder | undefined,
  page: PageRequest,
) {
  return pagedLoader(context, `IndicatorValue.by.${by}`, { filter, order, page }, (keys) =>
    new IndicatorService(context.em).valuesBy(by, keys, filter, order, page),
  );
}
