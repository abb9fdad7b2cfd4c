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
 * The day a query that names a locality answers for when the caller gives none: today, so an
 * ordinary query sees the structure in force now (codes are reused across reforms).
 */
export function structureDay(asOf?: Date | string | null): string {
  return toIsoDate(asOf ?? new Date());
}

/**
 * SQL for "the locality with this code, in force on `asOf` (today by default), and everything
 * under it". Paths are `/1/14/203/`, so a subtree is a range of paths (`'/' < '0'` in the C
 * collation), which the path index serves.
 */
export function subtreeIds(
  knex: Knex,
  code: string,
  asOf?: Date | string | null,
): Knex.QueryBuilder {
  const query = knex('locality as root')
    .join('locality as member', function joinSubtree() {
      this.on(knex.raw(pathWithin('member', 'root.path')));
    })
    .select('member.id')
    .where('root.code', code);
  whereValidOn(query, 'root', structureDay(asOf));
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

/** Whether a unit with these validity bounds (`validTo` exclusive) is in force on `day`. */
export function inForceOn(
  unit: { validFrom?: string | null; validTo?: string | null },
  day: string,
): boolean {
  return (
    (unit.validFrom == null || unit.validFrom <= day) &&
    (unit.validTo == null || unit.validTo > day)
  );
}
