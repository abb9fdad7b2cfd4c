import type { Knex } from '@mikro-orm/postgresql';
import { shown } from './errors.js';
import { toIsoDate } from './scalars.js';
import { inForceOn } from './subtree.js';
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

  /** A record's own code (task, program, agency): upper-case letters, digits and dashes. */
  code(problems: InputProblems, value: string | null | undefined, max: number) {
    if (value != null && !new RegExp(`^[A-Z0-9-]{2,${max}}$`).test(value)) {
      problems.add('code', 'must be upper-case letters, digits and dashes');
    }
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

/**
 * The id of the unit holding `code` on `day`. Codes are reused across reforms (51 names one
 * province until 2025-06-30 and another from 2025-07-01), so a dated record (a year's value, a
 * post from its first day, a program from its start) is placed by the unit in force on its day.
 * An unknown code, or one no live unit held that day, is a problem of `field`.
 */
export async function localityIdOn(
  trx: Knex.Transaction,
  problems: InputProblems,
  field: string,
  code: string | null | undefined,
  day: Date | string,
): Promise<number | null> {
  if (code == null) return null;
  const iso = toIsoDate(day);
  const units = await trx('locality')
    .select('id', 'valid_from', 'valid_to')
    .where('code', code)
    .whereNull('archived_at');
  const bounds = (unit: { valid_from: unknown; valid_to: unknown }) => ({
    validFrom: unit.valid_from == null ? null : toIsoDate(unit.valid_from as string),
    validTo: unit.valid_to == null ? null : toIsoDate(unit.valid_to as string),
  });
  const held = units.find((unit) => inForceOn(bounds(unit), iso));
  if (held) return held.id as number;
  if (units.length === 0) problems.add(field, `no locality has the code ${shown(code)}`);
  else {
    const periods = units
      .map(bounds)
      .map(({ validFrom, validTo }) =>
        [validFrom && `from ${validFrom}`, validTo && `until ${dayBefore(validTo)}`]
          .filter(Boolean)
          .join(' '),
      )
      .join(', ');
    problems.add(
      field,
      `no locality had the code ${shown(code)} on ${iso} (it was in use ${periods})`,
    );
  }
  return null;
}

/** The day before an ISO date (`validTo` is the first day a unit is no longer in force). */
function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Looks up the id of a row by its code; an unknown code is a problem of `field`. A locality code
 * names the unit holding it today, else the last that held it: for undated references (an
 * official's home, an agency's unit); dated records use `localityIdOn`.
 */
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
  if (table !== 'indicator') query.whereNull('archived_at');
  const [row] = await query;
  if (!row) problems.add(field, `no ${table.replace(/_/g, ' ')} has the code ${shown(code)}`);
  return row?.id ?? null;
}

export const isoDate = (value: Date | string | null | undefined) =>
  value == null ? value : toIsoDate(value);

/** A year that names a calendar day (four digits); others are left to the field's own range check. */
export function calendarYear(year: number | null | undefined): year is number {
  return year != null && Number.isInteger(year) && year >= 1000 && year <= 9999;
}

/**
 * The day a unit's parent is read on: its first day, else its last (`validTo` is exclusive),
 * else today.
 */
export function unitDay(
  validFrom: Date | string | null | undefined,
  validTo: Date | string | null | undefined,
): string {
  if (validFrom != null) return toIsoDate(validFrom);
  if (validTo != null) return dayBefore(toIsoDate(validTo));
  return toIsoDate(new Date());
}
