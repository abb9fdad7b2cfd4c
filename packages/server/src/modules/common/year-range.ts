import type { Knex } from '@mikro-orm/postgresql';
import { badUserInput } from './errors.js';

/** Adds `year`, `yearFrom` and `yearTo` conditions, refusing an empty range. */
export function whereYearRange(
  query: Knex.QueryBuilder,
  /** A SQL expression for the year, from code, never user text. */
  yearSql: string,
  filter: { year?: number | null; yearFrom?: number | null; yearTo?: number | null },
  prefix = 'filter',
): void {
  for (const key of ['year', 'yearFrom', 'yearTo'] as const) {
    const value = filter[key];
    if (value !== undefined && value !== null && (value < 1990 || value > 2100)) {
      throw badUserInput(`${prefix}.${key}`, 'must be a year between 1990 and 2100');
    }
  }
  if (filter.yearFrom != null && filter.yearTo != null && filter.yearFrom > filter.yearTo) {
    throw badUserInput(`${prefix}.yearTo`, 'must not be before yearFrom');
  }
  if (filter.year != null) query.whereRaw(`${yearSql} = ?`, [filter.year]);
  if (filter.yearFrom != null) query.whereRaw(`${yearSql} >= ?`, [filter.yearFrom]);
  if (filter.yearTo != null) query.whereRaw(`${yearSql} <= ?`, [filter.yearTo]);
}
