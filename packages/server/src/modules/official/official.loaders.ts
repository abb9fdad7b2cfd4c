import type { Knex } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { PageRequest } from '../common/connection.js';
import { pagedLoader, type RequestContext } from '../common/context.js';
import type { OfficialFilter, OfficialOrder, PositionFilter } from './official.inputs.js';
import { OfficialService } from './official.service.js';
import type { Position } from './position.entity.js';

export function positionsLoader(
  context: RequestContext,
  by: 'official_id' | 'locality_id' | 'agency_id',
  filter: PositionFilter | undefined,
): DataLoader<number, Position[]> {
  return context.loader(`Position.by.${by}:${JSON.stringify(filter ?? {})}`, () => {
    return new DataLoader<number, Position[]>((keys) =>
      new OfficialService(context.em).positionsBy(by, keys, filter),
    );
  });
}

export function officialsByHomeLocalityLoader(
  context: RequestContext,
  filter: OfficialFilter | undefined,
  order: OfficialOrder | undefined,
  page: PageRequest,
  personalScope: Knex.Raw | null,
  namesVisible: boolean,
) {
  return pagedLoader(context, 'Official.byHomeLocality', { filter, order, page }, (keys) =>
    new OfficialService(context.em).byHomeLocality(
      keys,
      filter,
      order,
      page,
      personalScope,
      namesVisible,
    ),
  );
}
