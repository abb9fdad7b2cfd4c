import type { Knex } from '@mikro-orm/postgresql';
import { toIsoDate } from './scalars.js';
import type { InputProblems } from './write-kit.js';

/** Edge checks shared by every write; each failure is added to `problems` with its field. */
export const check = {
  text(problems: InputProblems, field: string, value: string | null | undefined, max = 500) {
    if (value === undefined || value === null) return;
    if (value.trim() === '') problems.add(field, 'must not be blank');
    else if (value.length > max) problems.add(field, `must be at most ${max} characters`);
  },

  required(problems: InputProblems, field: string, value: unknown) {
    if (value === undefined || value === null) problems.add(field, 'is required');
  },

  pattern(
    problems: InputProblems,
    field: string,
    value: string | null | undefined,
    pattern: RegExp,
    what: string,
  ) {
    if (value != null && !pattern.test(value)) problems.add(field, `must be ${what}`);
  },

  integer(
    problems: InputProblems,
    field: string,
    value: number | null | undefined,
    min: number,
    max: number,
  ) {
    if (value == null) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.add(field, `must be a whole number from ${min} to ${max}`);
    }
  },

  dateOrder(
    problems: InputProblems,
    field: string,
    start: Date | string | null | undefined,
    end: Date | string | null | undefined,
    startField: string,
  ) {
    if (start != null && end != null && toIsoDate(end) < toIsoDate(start)) {
      problems.add(field, `must not be before ${startField}`);
    }
  },
};

/** Looks up the id of a row by its code; an unknown code is a problem of `field`. */
export async function idByCode(
  trx: Knex.Transaction,
  problems: InputProblems,
  table: 'locality' | 'agency' | 'training_program' | 'indicator',
  field: string,
  code: string | null | undefined,
): Promise<number | null> {
  if (code == null) return null;
  const query = trx(table).select('id').where('code', code);
  if (table === 'locality') query.orderByRaw('valid_to desc nulls first').limit(1);
  else if (table !== 'indicator') query.whereNull('archived_at');
  const [row] = await query;
  if (!row) problems.add(field, `no ${table.replace(/_/g, ' ')} has the code "${code}"`);
  return row?.id ?? null;
}

export const isoDate = (value: Date | string | null | undefined) =>
  value == null ? value : toIsoDate(value);
