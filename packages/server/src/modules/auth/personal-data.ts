import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import type { RequestContext } from '../common/context.js';
import { forbidden, requireRole } from './authorize.js';
import { Role } from './viewer.js';
import type { OfficialFilter, OfficialOrder } from '../official/official.inputs.js';
import { pathWithin } from '../common/subtree.js';

/**
 * Personal fields of officials (name, reference, birth year, ethnicity) are for ADMINs, and for
 * EDITORs about officials whose home locality lies in their scope; for everyone else they are
 * null. One query per request decides for all officials in it.
 */
export function personalDataVisible(context: RequestContext, officialId: number): Promise<boolean> {
  const { viewer } = context;
  if (viewer.role === Role.ADMIN) return Promise.resolve(true);
  if (viewer.role !== Role.EDITOR || !viewer.scopeCode) return Promise.resolve(false);
  const loader = context.loader('Official.personalInScope', () => {
    return new DataLoader<number, boolean>(async (ids) => {
      const knex = context.em.getKnex();
      const inside: { id: number }[] = await context.em.getConnection().execute(
        knex('official as o')
          .join('locality as l', 'l.id', 'o.home_locality_id')
          .join('locality as s', 's.code', knex.raw('?', [viewer.scopeCode]))
          .whereIn('o.id', [...ids])
          .whereRaw(pathWithin('l', 's.path'))
          .select('o.id'),
      );
      const visible = new Set(inside.map((row) => Number(row.id)));
      return ids.map((id) => visible.has(id));
    });
  });
  return loader.load(officialId);
}

/**
 * Filtering, sorting or grouping by a personal field reveals it. Allowed for ADMINs, and for
 * EDITORs when the list is confined (`within`) to their scope; refused for everyone else, naming
 * the field.
 */
export async function assertPersonalQueryAllowed(
  context: RequestContext,
  fields: string[],
  within: string | null | undefined,
): Promise<void> {
  if (fields.length === 0) return;
  const viewer = requireRole(context, Role.ANALYST);
  if (viewer.role === Role.ADMIN) return;
  const refuse = () =>
    forbidden(
      `${fields.join(', ')}: personal fields may be filtered, sorted or grouped by only within your scope`,
    );
  if (viewer.role !== Role.EDITOR || !viewer.scopeCode || !within) throw refuse();
  const knex: Knex = context.em.getKnex();
  const [inside] = await knex('locality as t')
    .join('locality as s', 's.code', knex.raw('?', [viewer.scopeCode]))
    .where('t.code', within)
    .whereRaw(pathWithin('t', 's.path'))
    .select('t.id');
  if (!inside) throw refuse();
}

/** The personal fields a list query would filter or sort by. */
export function personalFields(
  filter: OfficialFilter | undefined,
  order?: OfficialOrder | undefined,
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
