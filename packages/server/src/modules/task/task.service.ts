import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageRequest } from '../common/connection.js';
import { badUserInput, nonEmpty } from '../common/errors.js';
import { ASC } from '../common/lookup.js';
import { fetchPage } from '../common/paged-query.js';
import { toIsoDate } from '../common/scalars.js';
import { Task } from './task.entity.js';
import type { TaskFilter } from './task.inputs.js';

export class TaskService {
  constructor(private readonly em: EntityManager) {}

  list(filter: TaskFilter = {}, page: PageRequest) {
    const knex = this.em.getKnex();
    if (filter.dueFrom && filter.dueTo && toIsoDate(filter.dueFrom) > toIsoDate(filter.dueTo)) {
      throw badUserInput('filter.dueTo', 'must not be before dueFrom');
    }
    return fetchPage(
      this.em,
      {
        entity: Task,
        table: 'task',
        orderBy: [
          { sql: 't.due_date', type: 'date', nullable: true, direction: ASC },
          { sql: 't.code', direction: ASC },
        ],
        where: (query) => {
          if (!filter.includeArchived) query.whereNull('t.archived_at');
          if (filter.statuses)
            query.whereIn('t.status', nonEmpty(filter.statuses, 'filter.statuses'));
          if (filter.assigneeCode != null) {
            query.whereIn(
              't.assignee_id',
              knex('agency').select('id').where('code', filter.assigneeCode),
            );
          }
          if (filter.committeeCode != null) {
            query.whereIn(
              't.committee_id',
              knex('agency').select('id').where('code', filter.committeeCode),
            );
          }
          if (filter.dueFrom) query.where('t.due_date', '>=', toIsoDate(filter.dueFrom));
          if (filter.dueTo) query.where('t.due_date', '<=', toIsoDate(filter.dueTo));
        },
      },
      page,
    );
  }
}
