import { Migration } from '@mikro-orm/migrations';

/** The error of the first bad row, the same before and after this migration. */
const RAISE_FIRST_BAD_ROW = /* sql */ `
  if not found then
    return null;
  elsif bad.no_locality then
    raise exception 'locality % does not exist', bad.locality_id
      using errcode = 'foreign_key_violation', table = 'indicator_value', column = 'locality_id',
            constraint = 'indicator_value_locality_id_fkey';
  elsif bad.no_indicator then
    raise exception 'indicator % does not exist', bad.indicator_id
      using errcode = 'foreign_key_violation', table = 'indicator_value', column = 'indicator_id',
            constraint = 'indicator_value_indicator_id_fkey';
  elsif bad.indicator_direction <> bad.direction then
    raise exception 'a value of indicator % carries direction % instead of %', bad.code,
        bad.indicator_direction, bad.direction
      using errcode = 'check_violation', table = 'indicator_value', column = 'indicator_direction',
            constraint = 'indicator_value_direction_matches';
  elsif not value_fits_unit(bad.unit, bad.value) then
    raise exception 'value % is out of range for % indicator %', bad.value, bad.unit, bad.code
      using errcode = 'check_violation', table = 'indicator_value', column = 'value',
            constraint = 'indicator_value_unit_range';
  else
    raise exception 'value % of indicator % disagrees with numerator % / denominator % × %',
        bad.value, bad.code, bad.numerator, bad.denominator, bad.value_scale
      using errcode = 'check_violation', table = 'indicator_value', column = 'value',
            constraint = 'indicator_value_fraction_consistent';
  end if;`;

/**
 * The check of inserted and updated indicator values runs over the statement's transition table
 * in one hash join with the localities and the indicators, whatever the number of rows: asked
 * for the first bad row only, the planner chose an index probe per row, which made the check a
 * fifth of a large import. The rules and their errors are unchanged.
 */
export const CHECK_ROWS = /* sql */ `
create or replace function indicator_value_check_rows() returns trigger language plpgsql as $fn$
declare
  bad record;
begin
  -- Locked as a foreign key locks them: no unit or indicator can be deleted under these rows.
  -- Indicators more strongly, as the rows carry their direction and follow their unit: a
  -- concurrent change of those waits, then re-checks these rows.
  perform from locality l where l.id in (select locality_id from changed_rows) for key share;
  perform from indicator i where i.id in (select indicator_id from changed_rows) for share;
  -- Planned for every row, not for the first bad one: with LIMIT alone the planner probes the
  -- locality index once per row, four times slower on a large import.
  with checked as materialized (
    select c.indicator_id, c.locality_id, c.value, c.numerator, c.denominator, c.indicator_direction,
           l.id is null as no_locality, i.id is null as no_indicator, i.code, i.unit, i.direction,
           i.value_scale
      from changed_rows c
      left join locality l on l.id = c.locality_id
      left join indicator i on i.id = c.indicator_id
     where l.id is null or i.id is null or c.indicator_direction <> i.direction
        or not value_fits_unit(i.unit, c.value)
        or not value_matches_fraction(c.value, c.numerator, c.denominator, i.value_scale))
  select * into bad from checked limit 1;
${RAISE_FIRST_BAD_ROW}
end $fn$;`;

const PREVIOUS_CHECK_ROWS = /* sql */ `
create or replace function indicator_value_check_rows() returns trigger language plpgsql as $fn$
declare
  bad record;
begin
  -- Locked as a foreign key locks them: no unit or indicator can be deleted under these rows.
  -- Indicators more strongly, as the rows carry their direction and follow their unit: a
  -- concurrent change of those waits, then re-checks these rows.
  perform from locality l where l.id in (select locality_id from changed_rows) for key share;
  perform from indicator i where i.id in (select indicator_id from changed_rows) for share;
  select c.indicator_id, c.locality_id, c.value, c.numerator, c.denominator, c.indicator_direction,
         l.id is null as no_locality, i.id is null as no_indicator, i.code, i.unit, i.direction,
         i.value_scale
    into bad
    from changed_rows c
    left join locality l on l.id = c.locality_id
    left join indicator i on i.id = c.indicator_id
   where l.id is null or i.id is null or c.indicator_direction <> i.direction
      or not value_fits_unit(i.unit, c.value)
      or not value_matches_fraction(c.value, c.numerator, c.denominator, i.value_scale)
   limit 1;
${RAISE_FIRST_BAD_ROW}
end $fn$;`;

export class Migration20261127130000ValueChecksInOnePass extends Migration {
  override async up(): Promise<void> {
    this.addSql(CHECK_ROWS);
  }

  override async down(): Promise<void> {
    this.addSql(PREVIOUS_CHECK_ROWS);
  }
}
