import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from './context.js';
import { badUserInput } from './errors.js';
import { parseId } from './ids.js';
import { OrderDirection } from './order-direction.js';
import type { OrderTerm } from './paged-query.js';

/**
 * Resolves a root look-up that accepts either `id` or a unique `code`; an unknown key gives
 * null, a missing one a BAD_USER_INPUT error.
 */
export async function findByIdOrCode<T extends { id: number; code: string }>(
  context: RequestContext,
  entity: EntityClass<T>,
  id: string | undefined | null,
  code: string | undefined | null,
): Promise<T | null> {
  if (id !== undefined && id !== null) return context.byId(entity).load(parseId(id, 'id'));
  if (code !== undefined && code !== null) {
    return context.em.findOne(entity, { code } as unknown as FilterQuery<T>);
  }
  throw badUserInput('id', 'give either "id" or "code"');
}

/** The SQL order for a list: the requested field, or the list's default terms. */
export function orderTerms<F extends string>(
  order: { field: F; direction: OrderDirection } | undefined | null,
  keyByField: Record<F, SortKey>,
  defaults: OrderTerm[],
): OrderTerm[] {
  return order ? [{ ...keyByField[order.field], direction: order.direction }] : defaults;
}

/** A sortable expression of a list, without its direction. */
export type SortKey = Omit<OrderTerm, 'direction'>;

/**
 * `column` is one of the ids `ids` selects (a look-up by code, a subtree). Given as an array, the
 * ids are index keys the planner can read in order, where `in (subquery)` would be a join.
 */
export function whereAnyOf(query: Knex.QueryBuilder, column: string, ids: Knex.QueryBuilder) {
  query.whereRaw(`${column} = any(array(?))`, [ids]);
}

/**
 * Whether the field being resolved selects `name` directly below it. A fragment might select
 * it, so any fragment counts as yes: the answer only decides whether to read ahead.
 */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((node) =>
    (node.selectionSet?.selections ?? []).some(
      (selection) => selection.kind !== Kind.FIELD || selection.name.value === name,
    ),
  );
}

/** Rows active on a day: started on or before it and not ended before it. */
export function activeOnSql(alias: string): string {
  return `${alias}.start_date <= ?::date and (${alias}.end_date is null or ${alias}.end_date >= ?::date)`;
}

export const ASC = OrderDirection.ASC;
