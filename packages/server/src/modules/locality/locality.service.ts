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
import { structureDay, subtreeIds, whereValidOn } from '../common/subtree.js';
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

  /** The unit with this code in force on `asOf` (today by default); null when none was. */
  async findByCode(code: string, asOf?: Date | string | null): Promise<Locality | null> {
    const query = this.em.getKnex()('locality as t').select('t.*').where('t.code', code).limit(1);
    whereValidOn(query, 't', structureDay(asOf));
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
    // A unit's children belong to its own period; a day is applied only when one is asked for.
    const scoped = filter.asOf == null ? { ...filter, allPeriods: true } : filter;
    return fetchPagesByKey(this.em, this.query(scoped, order), 'parent_id', parentIds, page);
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
    const parent = knex('locality as p').select('p.id').where('p.code', filter.parentCode);
    whereValidOn(parent, 'p', structureDay(filter.asOf));
    query.whereIn('t.parent_id', parent);
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
  // A name search without a day looks through every period: it is how a former unit is found.
  const searchesHistory = filter.search != null && filter.asOf == null;
  if (!filter.allPeriods && !searchesHistory) whereValidOn(query, 't', structureDay(filter.asOf));
}
