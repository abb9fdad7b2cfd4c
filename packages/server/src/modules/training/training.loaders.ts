import type { Knex } from '@mikro-orm/postgresql';
import type { PageRequest } from '../common/connection.js';
import { pagedLoader, type RequestContext } from '../common/context.js';
import type { EnrollmentFilter } from './training.inputs.js';
import { TrainingService } from './training.service.js';

export function programEnrollmentsLoader(
  context: RequestContext,
  filter: EnrollmentFilter | undefined,
  page: PageRequest,
  officialsInScope: Knex.Raw | null,
) {
  return pagedLoader(context, 'Enrollment.byProgram', { filter, page }, (keys) =>
    new TrainingService(context.em).enrollmentsByProgram(keys, filter, page, officialsInScope),
  );
}
