import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import type { RequestContext } from '../common/context.js';
import { forbidden, requirePersonalAccess, requireRole, scopeOf } from './authorize.js';
import { Role } from './viewer.js';
import type { OfficialFilter, OfficialOrder } from '../official/official.inputs.js';

/**
 * Personal fields of officials (name, reference, birth year, ethnicity) are visible to callers
 * whose scope holds the official (the scope rule); for everyone else they are null. One query per
 * request decides for all officials in it.
 */
export function personalDataVisible(context: RequestContext, officialId: number): Promise<boolean> {
  const scope = scopeOf(context);
  if (scope.unlimited) return Promise.resolve(true);
  if (scope.empty) return Promise.resolve(false);
  const loader = context.loader('Official.personalInScope', () => {
    return new DataLoader<number, boolean>(async (ids) => {
      const decided = decisions(context);
      const knex = context.em.getKnex();
      const inside: { id: number }[] = await context.em.getConnection().execute(
        knex('official as o')
          .whereIn('o.id', [...ids])
          .where(scope.locality(knex, 'o.home_locality_id'))
          .select('o.id'),
      );
      const visible = new Set(inside.map((row) => Number(row.id)));
      for (const id of ids) decided.set(id, visible.has(id));
      return ids.map((id) => visible.has(id));
    });
  });
  return loader.load(officialId);
}

const decisionsByRequest = new WeakMap<RequestContext, Map<number, boolean>>();

function decisions(context: RequestContext): Map<number, boolean> {
  let decided = decisionsByRequest.get(context);
  if (!decided) decisionsByRequest.set(context, (decided = new Map()));
  return decided;
}

/**
 * Whether the caller may see this official's personal fields, when that is already known without
 * a query (the caller's scope is everything or nothing, or a batch of this request decided it);
 * undefined otherwise.
 */
export function personalDataKnown(
  context: RequestContext,
  officialId: number,
): boolean | undefined {
  const scope = scopeOf(context);
  if (scope.unlimited) return true;
  if (scope.empty) return false;
  return decisionsByRequest.get(context)?.get(officialId);
}

/**
 * Filtering, sorting or grouping by a personal field reveals it, so it may apply only to
 * officials whose personal fields the caller may see, whatever other filter is present. Returns
 * the SQL condition on an official row `t` to add (null: no restriction needed), or refuses,
 * naming the fields, a caller who may see no personal data at all.
 */
export function personalQueryScope(
  context: RequestContext,
  fields: string[],
  officialAlias = 't',
): Knex.Raw | null {
  if (fields.length === 0) return null;
  requireRole(context, Role.ANALYST);
  const scope = scopeOf(context);
  if (scope.unlimited) return null;
  if (scope.empty) {
    throw forbidden(
      `${fields.join(', ')}: personal fields may be filtered, sorted or grouped by only by callers who may see them`,
    );
  }
  return scope.locality(context.em.getKnex(), `${officialAlias}.home_locality_id`);
}

/**
 * The SQL condition confining a list of people to the caller's scope: on the official id
 * `officialIdSql` (null: an ADMIN, no restriction). Refuses callers without personal access.
 */
export function peopleInScope(
  context: RequestContext,
  what: string,
  officialIdSql: string,
): Knex.Raw | null {
  const scope = requirePersonalAccess(context, what);
  return scope.unlimited ? null : scope.official(context.em.getKnex(), officialIdSql);
}

/** The personal fields a list query would filter or sort by. */
export function personalFields(
  filter: OfficialFilter | undefined,
  order?: OfficialOrder,
): string[] {
  const fields: string[] = [];
  if (filter?.ethnicities) fields.push('filter.ethnicities');
  if (filter?.ethnicMinority != null) fields.push('filter.ethnicMinority');
  if (filter?.birthYearFrom != null) fields.push('filter.birthYearFrom');
  if (filter?.birthYearTo != null) fields.push('filter.birthYearTo');
  if (filter?.search != null) fields.push('filter.search');
  if (order) fields.push('orderBy');
  return fields;
}
