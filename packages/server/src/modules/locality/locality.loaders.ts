import type { PageRequest } from '../common/connection.js';
import { pagedLoader, type RequestContext } from '../common/context.js';
import type { LocalityFilter, LocalityOrder } from './locality.inputs.js';
import { LocalityService } from './locality.service.js';

export function localityChildrenLoader(
  context: RequestContext,
  filter: LocalityFilter | undefined,
  order: LocalityOrder | undefined,
  page: PageRequest,
) {
  return pagedLoader(context, 'Locality.children', { filter, order, page }, (parentIds) =>
    new LocalityService(context.em).childrenOf(parentIds, filter, order, page),
  );
}
