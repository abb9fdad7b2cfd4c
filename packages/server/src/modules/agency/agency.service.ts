import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageRequest } from '../common/connection.js';
import { nonEmpty } from '../common/errors.js';
import { ASC } from '../common/lookup.js';
import { fetchPage } from '../common/paged-query.js';
import { territoryIds } from '../common/subtree.js';
import { whereNameMatches } from '../common/text-search.js';
import { Agency } from './agency.entity.js';
import type { AgencyFilter } from './agency.inputs.js';

export class AgencyService {
  constructor(private readonly em: EntityManager) {}

  list(filter: AgencyFilter = {}, page: PageRequest) {
    const knex = this.em.getKnex();
    return fetchPage(
      this.em,
      {
        entity: Agency,
        table: 'agency',
        orderBy: [{ sql: 't.code', direction: ASC }],
        where: (query) => {
          if (!filter.includeArchived) query.whereNull('t.archived_at');
          if (filter.kinds) query.whereIn('t.kind', nonEmpty(filter.kinds, 'filter.kinds'));
          if (filter.within != null)
            query.whereIn('t.locality_id', territoryIds(knex, filter.within, filter.asOf));
          if (filter.search != null) {
            whereNameMatches(query, 't.search_name', filter.search);
          }
        },
      },
      page,
    );
  }
}
