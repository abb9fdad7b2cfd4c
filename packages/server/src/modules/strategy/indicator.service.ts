import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { PageRequest } from '../common/connection.js';
import { nonEmpty } from '../common/errors.js';
import { ASC, orderTerms, whereAnyOf, type SortKey } from '../common/lookup.js';
import {
  fetchPage,
  fetchPagesByKey,
  type OrderTerm,
  type PagedQuery,
} from '../common/paged-query.js';
import { structureDay, subtreeIds, whereValidOn } from '../common/subtree.js';
import { whereNameMatches } from '../common/text-search.js';
import { whereYearRange } from '../common/year-range.js';
import { Indicator } from './indicator.entity.js';
import { IndicatorValue } from './indicator-value.entity.js';
import {
  DEFAULT_STRATEGY_CODE,
  IndicatorOrderField,
  IndicatorValueOrderField,
  type IndicatorFilter,
  type IndicatorOrder,
  type IndicatorValueFilter,
  type IndicatorValueOrder,
} from './strategy.inputs.js';

const INDICATOR_ORDER: Record<IndicatorOrderField, SortKey> = {
  [IndicatorOrderField.CODE]: { sql: 't.sort_order', type: 'integer' },
  [IndicatorOrderField.NAME]: { sql: 't.search_name' },
};

const VALUE_ORDER: Record<IndicatorValueOrderField, SortKey> = {
  [IndicatorValueOrderField.INDICATOR]: {
    sql: 'oi.sort_order',
    type: 'integer',
    join: 'join indicator as oi on oi.id = t.indicator_id',
  },
  [IndicatorValueOrderField.YEAR]: { sql: 't.year', type: 'integer' },
  [IndicatorValueOrderField.LOCALITY]: {
    sql: 'ol.code',
    join: 'join locality as ol on ol.id = t.locality_id',
  },
  [IndicatorValueOrderField.VALUE]: { sql: 't.value', type: 'numeric', nullable: true },
};

/**
 * The default order of values: by indicator, locality and year as stored (their ids, in the order
 * they were created), which the unique key's index serves at any size. Ordering by an indicator's
 * sort order or a locality's code reads another table per row and is asked for with `orderBy`.
 */
export const DEFAULT_VALUE_ORDER_DESCRIPTION =
  'Without `orderBy`: by indicator, then locality, then year, each in the order it was created';

const DEFAULT_VALUE_ORDER: OrderTerm[] = [
  { sql: 't.indicator_id', type: 'integer', direction: ASC },
  { sql: 't.locality_id', type: 'integer', direction: ASC },
  { sql: 't.year', type: 'integer', direction: ASC },
];

export class IndicatorService {
  constructor(private readonly em: EntityManager) {}

  findByCode(code: string, strategyCode = DEFAULT_STRATEGY_CODE): Promise<Indicator | null> {
    return this.em.findOne(Indicator, { code, strategy: { code: strategyCode } });
  }

  list(filter: IndicatorFilter = {}, order: IndicatorOrder | undefined, page: PageRequest) {
    return fetchPage(this.em, this.indicatorQuery(filter, order), page);
  }

  listValues(
    filter: IndicatorValueFilter = {},
    order: IndicatorValueOrder | undefined,
    page: PageRequest,
  ) {
    return fetchPage(this.em, this.valueQuery(filter, order), page);
  }

  /** Pages of values for many parents at once, keyed by `indicator_id` or `locality_id`. */
  valuesBy(
    column: 'indicator_id' | 'locality_id',
    keys: readonly number[],
    filter: IndicatorValueFilter = {},
    order: IndicatorValueOrder | undefined,
    page: PageRequest,
  ) {
    return fetchPagesByKey(this.em, this.valueQuery(filter, order), column, keys, page);
  }

  private indicatorQuery(filter: IndicatorFilter, order?: IndicatorOrder): PagedQuery<Indicator> {
    const knex = this.em.getKnex();
    return {
      entity: Indicator,
      table: 'indicator',
      orderBy: orderTerms(order, INDICATOR_ORDER, [
        { sql: '(select s.code from strategy s where s.id = t.strategy_id)', direction: ASC },
        { ...INDICATOR_ORDER.CODE, direction: ASC },
      ]),
      where: (query) => {
        if (filter.strategyCode != null) {
          query.whereIn(
            't.strategy_id',
            knex('strategy').select('id').where('code', filter.strategyCode),
          );
        }
        if (filter.goalCode != null) {
          query.whereIn('t.goal_id', knex('goal').select('id').where('code', filter.goalCode));
        }
        if (filter.planCode != null) query.whereIn('t.id', planIndicatorIds(knex, filter.planCode));
        if (filter.units) query.whereIn('t.unit', nonEmpty(filter.units, 'filter.units'));
        if (filter.textStatuses) {
          query.whereIn('t.text_status', nonEmpty(filter.textStatuses, 'filter.textStatuses'));
        }
        if (filter.search != null) {
          whereNameMatches(query, 't.search_name', filter.search);
        }
      },
    };
  }

  private valueQuery(
    filter: IndicatorValueFilter,
    order?: IndicatorValueOrder,
  ): PagedQuery<IndicatorValue> {
    const knex = this.em.getKnex();
    return {
      entity: IndicatorValue,
      table: 'indicator_value',
      orderBy: orderTerms(order, VALUE_ORDER, DEFAULT_VALUE_ORDER),
      where: (query) => applyValueFilter(knex, query, filter),
    };
  }
}

function applyValueFilter(knex: Knex, query: Knex.QueryBuilder, filter: IndicatorValueFilter) {
  if (!filter.includeArchived) query.whereNull('t.archived_at');
  if (filter.indicatorCode != null) {
    whereAnyOf(
      query,
      't.indicator_id',
      knex('indicator').select('id').where('code', filter.indicatorCode),
    );
  }
  if (filter.goalCode != null) {
    whereAnyOf(
      query,
      't.indicator_id',
      knex('indicator as i')
        .join('goal as g', 'g.id', 'i.goal_id')
        .select('i.id')
        .where('g.code', filter.goalCode),
    );
  }
  if (filter.planCode != null)
    whereAnyOf(query, 't.indicator_id', planIndicatorIds(knex, filter.planCode));
  whereYearRange(query, 't.year', filter);
  // Codes name the unit in force at the end of the year asked for (the last of a range), else today.
  const lastYear = filter.year ?? filter.yearTo;
  const day = lastYear != null ? `${lastYear}-12-31` : undefined;
  if (filter.localityCode != null) {
    const unit = knex('locality as u').select('u.id').where('u.code', filter.localityCode);
    whereValidOn(unit, 'u', structureDay(day));
    whereAnyOf(query, 't.locality_id', unit);
  }
  if (filter.within != null) {
    whereAnyOf(query, 't.locality_id', subtreeIds(knex, filter.within, day));
  }
  if (filter.statuses) query.whereIn('t.status', nonEmpty(filter.statuses, 'filter.statuses'));
  if (filter.approvalStatuses)
    query.whereIn(
      't.approval_status',
      nonEmpty(filter.approvalStatuses, 'filter.approvalStatuses'),
    );
  if (filter.illustrative != null) query.where('t.illustrative', filter.illustrative);
  if (filter.totalsOnly === true) query.whereNull('t.disaggregation');
  if (filter.totalsOnly === false) query.whereNotNull('t.disaggregation');
}

function planIndicatorIds(knex: Knex, planCode: string) {
  return knex('plan_indicator as pi')
    .join('plan as p', 'p.id', 'pi.plan_id')
    .select('pi.indicator_id')
    .where('p.code', planCode);
}
