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

/**
 * SQL for the territory of the unit with this code in force on `asOf` (today by default): its
 * subtree, and the subtree of every unit that went into a member of it, however many reforms
 * back. Rows attached to a unit that a reform merged away (an agency of the old province, a
 * program held in an abolished district) so stay with the territory that took the unit over.
 */
export function territoryIds(
  knex: Knex,
  code: string,
  asOf?: Date | string | null,
): Knex.QueryBuilder {
  return knex
    .withRecursive('territory_member', ['id'], (recursive) => {
      recursive
        .select('member.id')
        .from(subtreeIds(knex, code, asOf).as('member'))
        .union(function earlierUnits() {
          this.select('member.id')
            .from('territory_member as later')
            .join('locality_succession as succession', 'succession.successor_id', 'later.id')
            .join('locality as predecessor', 'predecessor.id', 'succession.predecessor_id')
            .join('locality as member', function joinSubtree() {
              this.on(knex.raw(pathWithin('member', 'predecessor.path')));
            });
        });
    })
    .select('id')
    .from('territory_member');
}

/** The day a year's figures are placed by: its last, so a year belongs to the units that close it. */
export function yearEnd(year: number): string {
  return `${String(year).padStart(4, '0')}-12-31`;
}
