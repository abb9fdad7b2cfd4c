import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { PageRequest } from '../common/connection.js';
import { badUserInput, nonEmpty } from '../common/errors.js';
import { ASC } from '../common/lookup.js';
import { fetchPage, fetchPagesByKey } from '../common/paged-query.js';
import { territoryIds } from '../common/subtree.js';
import { whereNameMatches } from '../common/text-search.js';
import { Enrollment } from './enrollment.entity.js';
import { TrainingProgram } from './training-program.entity.js';
import type { EnrollmentFilter, TrainingProgramFilter } from './training.inputs.js';

export class TrainingService {
  constructor(private readonly em: EntityManager) {}

  listPrograms(filter: TrainingProgramFilter = {}, page: PageRequest) {
    const knex = this.em.getKnex();
    return fetchPage(
      this.em,
      {
        entity: TrainingProgram,
        table: 'training_program',
        orderBy: [
          { sql: 't.start_date', type: 'date', direction: ASC },
          { sql: 't.code', direction: ASC },
        ],
        where: (query) => {
          if (!filter.includeArchived) query.whereNull('t.archived_at');
          if (filter.kinds) query.whereIn('t.kind', nonEmpty(filter.kinds, 'filter.kinds'));
          if (filter.year != null) {
            if (filter.year < 1990 || filter.year > 2100) {
              throw badUserInput('filter.year', 'must be a year between 1990 and 2100');
            }
            query.whereRaw('extract(year from t.start_date) = ?', [filter.year]);
          }
          if (filter.within != null)
            query.whereIn('t.locality_id', territoryIds(knex, filter.within, filter.asOf));
          if (filter.organiserCode != null) {
            query.whereIn(
              't.organising_agency_id',
              knex('agency').select('id').where('code', filter.organiserCode),
            );
          }
          if (filter.targetGroup) query.whereRaw('? = any(t.target_groups)', [filter.targetGroup]);
          if (filter.search != null) {
            whereNameMatches(query, 'vn_fold(t.title)', filter.search);
          }
        },
      },
      page,
    );
  }

  /** `officialsInScope`: SQL over the enrolment `t` confining it to the caller's people. */
  enrollmentsByProgram(
    keys: readonly number[],
    filter: EnrollmentFilter = {},
    page: PageRequest,
    officialsInScope: Knex.Raw | null = null,
  ) {
    return fetchPagesByKey(
      this.em,
      {
        entity: Enrollment,
        table: 'enrollment',
        orderBy: [{ sql: 't.id', type: 'integer', direction: ASC }],
        where: (query) => {
          if (officialsInScope) query.where(officialsInScope);
          if (!filter.includeArchived) query.whereNull('t.archived_at');
          if (filter.statuses) {
            query.whereIn('t.status', nonEmpty(filter.statuses, 'filter.statuses'));
          }
        },
      },
      'program_id',
      keys,
      page,
    );
  }
}
