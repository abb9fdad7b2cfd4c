import type { Knex } from '@mikro-orm/postgresql';
import { badUserInput } from './errors.js';

/**
 * Adds a diacritic- and case-insensitive name match: the column holds `vn_fold(name)` and the
 * user's text is folded by the same database function, so `quang ngai` finds `Quảng Ngãi`.
 */
export function whereNameMatches(
  query: Knex.QueryBuilder,
  column: string,
  text: string,
  field = 'filter.search',
): void {
  if (text.trim() === '') throw badUserInput(field, 'must not be blank');
  const escaped = text.normalize('NFC').replace(/[\\%_]/g, (c) => `\\${c}`);
  query.whereRaw(`${column} like '%' || vn_fold(?) || '%'`, [escaped]);
}
