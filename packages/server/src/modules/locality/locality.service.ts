import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Page, PageRequest } from '../common/connection.js';
import { nonEmpty } from '../common/errors.js';
import { orderTerms, type SortKey } from '../common/lookup.js';
import { OrderDirection } from '../common/order-direction.js';
import {
  fetchPage,
  fetchPagesByKey,
  type OrderTerm,
  type PagedQuery,
} from '../common/paged-query.js';
import { subtreeIds, whereValidOn } from '../common/subtree.js';
import { whereNameMatches } from '../common/text-search.js';
import { Locality } from './locality.entity.js';
import { LocalityOrderField, type LocalityFilter, type LocalityOrder } from './locality.inputs.js';

const ORDER_KEY: Record<LocalityOrderField, SortKey> = {
  [LocalityOrderField.CODE]: { sql: 't.code' },
  [LocalityOrderField.NAME]: { sql: 'vn_fold(t.short_name)' },
  [LocalityOrderField.LEVEL]: {
    sql: `array_position(array['PROVINCE','DISTRICT','COMMUNE'], t.level)`,
    type: 'integer',
  },
};

export class LocalityService {
  constructor(private readonly em: EntityManager) {}

  /** The unit with this code in force on `asOf`, or the most recent one; null when unknown. */
  async findByCode(code: string, asOf?: Date): Promise<Locality | null> {
    const query = this.em
      .getKnex()('locality as t')
      .select('t.*')
      .where('t.code', code)
      .orderByRaw('t.valid_from desc nulls last')
      .limit(1);
    if (asOf) whereValidOn(query, 't', asOf);
    const [row] = await this.em.getConnection().execute(query);
    return row ? this.em.map(Locality, row) : null;
  }

  list(filter: LocalityFilter = {}, order: LocalityOrder | undefined, page: PageRequest) {
    return fetchPage(this.em, this.query(filter, order), page);
  }

  childrenOf(
    parentIds: readonly number[],
    filter: LocalityFilter = {},
    order: LocalityOrder | undefined,
    page: PageRequest,
  ): Promise<Map<number, Page<Locality>>> {
    return fetchPagesByKey(this.em, this.query(filter, order), 'parent_id', parentIds, page);
  }

  private query(filter: LocalityFilter, order?: LocalityOrder): PagedQuery<Locality> {
    const orderBy: OrderTerm[] = orderTerms(order, ORDER_KEY, [
      { ...ORDER_KEY.CODE, direction: OrderDirection.ASC },
    ]);
    return {
      entity: Locality,
      table: 'locality',
      orderBy,
      where: (query) => applyLocalityFilter(this.em.getKnex(), query, filter),
    };
  }
}

export function applyLocalityFilter(knex: Knex, query: Knex.QueryBuilder, filter: LocalityFilter) {
  if (!filter.includeArchived) query.whereNull('t.archived_at');
  if (filter.level) query.where('t.level', filter.level);
  if (filter.types) query.whereIn('t.type', nonEmpty(filter.types, 'filter.types'));
  if (filter.codes) query.whereIn('t.code', filter.codes);
  if (filter.parentCode !== undefined && filter.parentCode !== null) {
    query.whereIn('t.parent_id', knex('locality').select('id').where('code', filter.parentCode));
  }
  if (filter.within !== undefined && filter.within !== null) {
    query.whereIn('t.id', subtreeIds(knex, filter.within, filter.asOf));
  }
  if (filter.search !== undefined && filter.search !== null) {
    whereNameMatches(query, 't.search_name', filter.search);
  }
  for (const flag of ['ethnicMinorityArea', 'mountainous', 'island'] as const) {
    const value = filter[flag];
    if (value !== undefined && value !== null) {
      query.where(`t.${flag.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, value);
    }
  }
  if (filter.asOf) whereValidOn(query, 't', filter.asOf);
}
