import type { Knex } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { PageRequest } from '../common/connection.js';
import { pagedLoader, type RequestContext } from '../common/context.js';
import type { OfficialFilter, OfficialOrder, PositionFilter } from './official.inputs.js';
import { OfficialService } from './official.service.js';
import { Official } from './official.entity.js';
import type { Position } from './position.entity.js';

/**
 * Posts of many parents in one statement. `withHolders`: the selection reads each post's
 * official, so the batch also reads the holders (one more statement for all of them) before it
 * answers, and every post's `official` then resolves without waiting.
 */
export function positionsLoader(
  context: RequestContext,
  by: 'official_id' | 'locality_id' | 'agency_id',
  filter: PositionFilter | undefined,
  withHolders = false,
): DataLoader<number, Position[]> {
  const key = `Position.by.${by}:${withHolders}:${JSON.stringify(filter ?? {})}`;
  return context.loader(key, () => {
    return new DataLoader<number, Position[]>(async (keys) => {
      const posts = await new OfficialService(context.em).positionsBy(by, keys, filter);
      if (withHolders) {
        const holders = new Set<number>();
        for (const group of posts) for (const post of group) holders.add(post.official.id);
        await context.byId(Official).loadMany([...holders]);
      }
      return posts;
    });
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
