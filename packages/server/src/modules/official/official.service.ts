import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { PageRequest } from '../common/connection.js';
import { badUserInput, nonEmpty } from '../common/errors.js';
import { activeOnSql, ASC, orderTerms, type SortKey } from '../common/lookup.js';
import {
  fetchPage,
  fetchPagesByKey,
  integerArray,
  type PagedQuery,
} from '../common/paged-query.js';
import { rememberRow, rowMapper } from '../common/plain-rows.js';
import { toIsoDate } from '../common/scalars.js';
import { subtreeIds } from '../common/subtree.js';
import { whereNameMatches } from '../common/text-search.js';
import { MAJORITY_ETHNICITY, Official } from './official.entity.js';
import { Position } from './position.entity.js';
import {
  OfficialOrderField,
  type OfficialFilter,
  type OfficialOrder,
  type PositionFilter,
} from './official.inputs.js';

const ORDER: Record<OfficialOrderField, SortKey> = {
  [OfficialOrderField.NAME]: { sql: 't.search_name' },
  [OfficialOrderField.BIRTH_YEAR]: { sql: 't.birth_year', type: 'integer', nullable: true },
};

export class OfficialService {
  constructor(private readonly em: EntityManager) {}

  /**
   * `personalScope`: the rows a personal filter or sort may apply to (see personalQueryScope).
   * `namesVisible`: the caller sees every name, so the list may be ordered by name unasked; for
   * anyone else the default order is by id, since an order by name reveals the names it hides.
   */
  list(
    filter: OfficialFilter = {},
    order: OfficialOrder | undefined,
    page: PageRequest,
    personalScope: Knex.Raw | null = null,
    namesVisible = false,
  ) {
    return fetchPage(this.em, this.query(filter, order, personalScope, namesVisible), page);
  }

  /** Pages of officials per home locality. */
  byHomeLocality(
    keys: readonly number[],
    filter: OfficialFilter = {},
    order: OfficialOrder | undefined,
    page: PageRequest,
    personalScope: Knex.Raw | null = null,
    namesVisible = false,
  ) {
    return fetchPagesByKey(
      this.em,
      this.query(filter, order, personalScope, namesVisible),
      'home_locality_id',
      keys,
      page,
    );
  }

  /** Posts grouped by `official_id`, `locality_id` or `agency_id`, in one query for all keys. */
  async positionsBy(
    column: 'official_id' | 'locality_id' | 'agency_id',
    keys: readonly number[],
    filter: PositionFilter = {},
  ): Promise<Position[][]> {
    const query = this.em
      .getKnex()('official_position as t')
      .select('t.*')
      .whereRaw(`t.${column} = any(?::bigint[])`, [integerArray(keys)]);
    applyPositionFilter(query, filter);
    query.orderBy(POSITION_ORDER);
    const rows: Record<string, unknown>[] = await this.em.getConnection().execute(query);
    const groups = new Map<number, Position[]>(keys.map((key) => [key, []]));
    const toPosition = rowMapper(this.em, Position);
    for (const row of rows) {
      groups.get(Number(row[column]))?.push(rememberRow(this.em, Position, toPosition(row)));
    }
    return keys.map((key) => groups.get(key)!);
  }

  private query(
    filter: OfficialFilter,
    order: OfficialOrder | undefined,
    personalScope: Knex.Raw | null,
    namesVisible: boolean,
  ): PagedQuery<Official> {
    const knex = this.em.getKnex();
    return {
      entity: Official,
      table: 'official',
      orderBy: orderTerms(order, ORDER, [
        namesVisible
          ? { ...ORDER.NAME, direction: ASC }
          : { sql: 't.id', type: 'integer', direction: ASC },
      ]),
      where: (query) => applyOfficialFilter(knex, query, filter, personalScope),
    };
  }
}

/** Posts are listed most recent first; the id breaks ties. */
export const POSITION_ORDER: { column: string; order?: 'asc' | 'desc' }[] = [
  { column: 't.start_date', order: 'desc' },
  { column: 't.id' },
];

/** The conditions of a `PositionFilter` on posts `t`. */
export function applyPositionFilter(query: Knex.QueryBuilder, filter: PositionFilter) {
  if (filter.activeOn) {
    const day = toIsoDate(filter.activeOn);
    query.whereRaw(activeOnSql('t'), [day, day]);
  }
  if (!filter.includeArchived) query.whereNull('t.archived_at');
  if (filter.keyLeadership != null) query.where('t.is_key_leadership', filter.keyLeadership);
  if (filter.organisationKinds) {
    query.whereIn(
      't.organisation_kind',
      nonEmpty(filter.organisationKinds, 'filter.organisationKinds'),
    );
  }
}

/** A birth-year range must not end before it starts. */
function checkBirthYears(filter: OfficialFilter): void {
  if (
    filter.birthYearFrom != null &&
    filter.birthYearTo != null &&
    filter.birthYearFrom > filter.birthYearTo
  ) {
    throw badUserInput('filter.birthYearTo', 'must not be before birthYearFrom');
  }
}

/**
 * The conditions on an official's own fields (sex, ethnicity, birth year) over rows `alias` that
 * carry them: officials, or the rows of the officials' tallies.
 */
export function applyOfficialFieldFilter(
  query: Knex.QueryBuilder,
  filter: OfficialFilter,
  alias: string,
): void {
  if (filter.sex) query.where(`${alias}.sex`, filter.sex);
  if (filter.ethnicities)
    query.whereIn(`${alias}.ethnicity`, nonEmpty(filter.ethnicities, 'filter.ethnicities'));
  if (filter.ethnicMinority === true) query.whereNot(`${alias}.ethnicity`, MAJORITY_ETHNICITY);
  if (filter.ethnicMinority === false) query.where(`${alias}.ethnicity`, MAJORITY_ETHNICITY);
  checkBirthYears(filter);
  if (filter.birthYearFrom != null) query.where(`${alias}.birth_year`, '>=', filter.birthYearFrom);
  if (filter.birthYearTo != null) query.where(`${alias}.birth_year`, '<=', filter.birthYearTo);
}

/**
 * `personalScope` (SQL over the official `t`) confines the rows when a personal field filters,
 * sorts or groups them, so that such a filter never reaches officials the caller may not see.
 */
export function applyOfficialFilter(
  knex: Knex,
  query: Knex.QueryBuilder,
  filter: OfficialFilter,
  personalScope: Knex.Raw | null = null,
) {
  if (personalScope) query.where(personalScope);
  if (!filter.includeArchived) query.whereNull('t.archived_at');
  applyOfficialFieldFilter(query, filter, 't');
  if (filter.search != null) {
    whereNameMatches(query, 't.search_name', filter.search);
  }
  const day = toIsoDate(filter.activeOn ?? new Date());
  if (filter.within != null) {
    const within = filter.within;
    // Home in the subtree, or a post there on the day: two index look-ups whose union of ids
    // is small for a commune or a district, instead of a test per official of the country.
    query.whereIn(
      't.id',
      knex('official as h')
        .select('h.id')
        .whereIn('h.home_locality_id', subtreeIds(knex, within, day))
        .unionAll(
          knex('official_position as p')
            .select('p.official_id')
            .whereNull('p.archived_at')
            .whereRaw(activeOnSql('p'), [day, day])
            .whereIn('p.locality_id', subtreeIds(knex, within, day)),
          true,
        ),
    );
  }
  if (filter.keyLeadership != null) {
    const keyPost = knex('official_position as k')
      .whereRaw('k.official_id = t.id and k.is_key_leadership and k.archived_at is null')
      .whereRaw(activeOnSql('k'), [day, day]);
    if (filter.keyLeadership) query.whereExists(keyPost);
    else query.whereNotExists(keyPost);
  }
}
