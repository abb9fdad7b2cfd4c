import type { Knex } from '@mikro-orm/postgresql';
import { toIsoDate } from './scalars.js';

/**
 * SQL: `member`'s path lies under `rootPath` (an SQL expression: a column or `?`). Paths are
 * `/1/14/203/`, so a subtree is a range (`'/' < '0'` in the C collation) the path index serves.
 * `strict` leaves the root itself out.
 */
export function pathWithin(member: string, rootPath: string, strict = false): string {
  return `${member}.path ${strict ? '>' : '>='} ${rootPath} and ${member}.path < left(${rootPath}, -1) || '0'`;
}

/**
 * SQL for "the locality with this code and everything under it". Paths are `/1/14/203/`, so a
 * subtree is a range of paths (`'/' < '0'` in the C collation), which the path index serves.
 */
export function subtreeIds(knex: Knex, code: string, asOf?: Date | string): Knex.QueryBuilder {
  const query = knex('locality as root')
    .join('locality as member', function joinSubtree() {
      this.on(knex.raw(pathWithin('member', 'root.path')));
    })
    .select('member.id')
    .where('root.code', code);
  if (asOf !== undefined) whereValidOn(query, 'root', asOf);
  return query;
}

/** Rows of `alias` (a locality) in force on the given day. */
export function whereValidOn(query: Knex.QueryBuilder, alias: string, day: Date | string): void {
  const iso = toIsoDate(day);
  query.whereRaw(
    `(${alias}.valid_from is null or ${alias}.valid_from <= ?::date) and (${alias}.valid_to is null or ${alias}.valid_to > ?::date)`,
    [iso, iso],
  );
}
