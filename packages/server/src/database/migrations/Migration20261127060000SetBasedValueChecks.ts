import { Migration } from '@mikro-orm/migrations';
import { REDERIVE_VALUES } from './Migration20261127000000Foundation.js';
import { DERIVE_STATUS } from './Migration20261127010000ValueScale.js';

/**
 * Indicator values arrive a million at a time, and per-row checks cost more than the rows
 * themselves: a foreign-key check on each of the two references and a status trigger querying the
 * indicator made up two thirds of an import. The same rules now hold per statement, over the
 * statement's transition table, in one pass whatever the number of rows:
 *
 * - the status is a generated column over the value, the target and the indicator's direction,
 *   which each row carries (filled in when a writer leaves it out, and checked against the
 *   indicator);
 * - an inserted or updated row must refer to an existing indicator and locality, which stay locked
 *   until the transaction ends (the locality FOR KEY SHARE, as a foreign key locks it; the
 *   indicator FOR SHARE, so its unit and direction cannot change under the row either); a value
 *   must fit its indicator's unit and agree with its fraction; errors name the same constraints
 *   and columns as before;
 * - an indicator or locality that values refer to cannot be deleted, truncated or renumbered, and
 *   a change to an indicator's unit, scale or direction re-checks and re-derives its values.
 *
 * Deleting or truncating under REPEATABLE READ or SERIALIZABLE is refused: the check for referring values reads
 * the transaction's snapshot there and could miss a value committed after it started. Under READ
 * COMMITTED, PostgreSQL's default, it sees every committed value, and the locks keep the rest out.
 */
export class Migration20261127060000SetBasedValueChecks extends Migration {
  override async up(): Promise<void> {
    this.addSql(UP);
  }

  override async down(): Promise<void> {
    this.addSql(DOWN);
  }
}

const STATUS = /* sql */ `case
    when value is null then 'NO_DATA'
    when target is null then 'NO_TARGET'
    when indicator_direction = 'AT_LEAST' and value >= target then 'MET'
    when indicator_direction = 'AT_MOST' and value <= target then 'MET'
    when indicator_direction = 'BELOW' and value < target then 'MET'
    else 'NOT_MET'
  end`;

const UP = /* sql */ `
alter table indicator_value add column indicator_direction text
  check (indicator_direction in ('AT_LEAST', 'AT_MOST', 'BELOW'));
comment on column indicator_value.indicator_direction is
  'The indicator''s direction, carried so that status can be a generated column; kept equal to indicator.direction';
update indicator_value v set indicator_direction = i.direction from indicator i where i.id = v.indicator_id;
alter table indicator_value alter column indicator_direction set not null;

drop trigger indicator_value_derive_status on indicator_value;
drop function indicator_value_derive_status();
drop trigger indicator_rederive_values on indicator;
drop function indicator_rederive_values();
alter table indicator_value drop column status;
alter table indicator_value add column status text not null generated always as (${STATUS}) stored;
alter table indicator_value drop constraint indicator_value_indicator_id_fkey,
  drop constraint indicator_value_locality_id_fkey;

-- The rules a value keeps, shared by these checks and the import's report of bad rows. Plain SQL
-- expressions, which the planner inlines into the queries using them.
create function value_fits_unit(unit text, value numeric) returns boolean
  language sql immutable parallel safe as $fn$
  select case unit
    when 'PERCENT' then value between 0 and 100
    when 'COUNT' then value >= 0 and value = trunc(value)
    when 'BOOLEAN' then value in (0, 1)
    when 'RATIO' then value >= 0
    when 'RATE_PER_100K' then value >= 0
  end
$fn$;
create function value_matches_fraction(value numeric, numerator numeric, denominator numeric, scale numeric)
  returns boolean language sql immutable parallel safe as $fn$
  select abs(value - numerator / denominator * scale) <= greatest(0.01, abs(numerator / denominator * scale) * 0.005)
$fn$;

-- A writer may leave the direction out; the WHEN clause costs nothing to one that gives it.
create function indicator_value_fill_direction() returns trigger language plpgsql as $fn$
begin
  -- FOR SHARE: the indicator's direction cannot change before this transaction ends.
  select direction into new.indicator_direction from indicator where id = new.indicator_id for share;
  if not found then
    raise exception 'indicator % does not exist', new.indicator_id
      using errcode = 'foreign_key_violation', table = 'indicator_value', column = 'indicator_id',
            constraint = 'indicator_value_indicator_id_fkey';
  end if;
  return new;
end $fn$;
create trigger indicator_value_fill_direction before insert on indicator_value
  for each row when (new.indicator_direction is null)
  execute function indicator_value_fill_direction();
create trigger indicator_value_refill_direction before update of indicator_id on indicator_value
  for each row when (new.indicator_id is distinct from old.indicator_id)
  execute function indicator_value_fill_direction();

create function indicator_value_check_rows() returns trigger language plpgsql as $fn$
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
  end if;
end $fn$;
-- PostgreSQL allows a transition table on a trigger for one event only, hence two triggers.
create trigger indicator_value_check_inserted after insert on indicator_value
  referencing new table as changed_rows for each statement
  execute function indicator_value_check_rows();
create trigger indicator_value_check_updated after update on indicator_value
  referencing new table as changed_rows for each statement
  execute function indicator_value_check_rows();

-- A change to how an indicator is measured applies to its values: re-derived and re-checked.
create function indicator_recheck_values() returns trigger language plpgsql as $fn$
begin
  update indicator_value set indicator_direction = new.direction where indicator_id = new.id;
  return null;
end $fn$;
create trigger indicator_recheck_values after update of unit, direction, value_scale on indicator
  for each row
  when ((old.unit, old.direction, old.value_scale) is distinct from (new.unit, new.direction, new.value_scale))
  execute function indicator_recheck_values();

-- The guards below look for values referring to the rows; outside READ COMMITTED they would read
-- the transaction's snapshot and could miss a value committed meanwhile.
create function refuse_outside_read_committed(operation text) returns void language plpgsql as $fn$
begin
  if current_setting('transaction_isolation') not in ('read committed', 'read uncommitted') then
    raise exception '% runs under READ COMMITTED only', operation
      using errcode = 'feature_not_supported',
            hint = 'Under another isolation level the check for indicator values referring to the rows could miss one committed meanwhile.';
  end if;
end $fn$;

create function indicator_value_guard_referenced() returns trigger language plpgsql as $fn$
declare
  referring record;
begin
  perform refuse_outside_read_committed(tg_op || ' on ' || tg_table_name);
  if tg_table_name = 'locality' then
    select v.id, v.locality_id as referenced into referring from indicator_value v
     where v.locality_id in (select id from removed_rows) limit 1;
  else
    select v.id, v.indicator_id as referenced into referring from indicator_value v
     where v.indicator_id in (select id from removed_rows) limit 1;
  end if;
  if found then
    raise exception 'indicator value % refers to % %', referring.id, tg_table_name, referring.referenced
      using errcode = 'foreign_key_violation', table = 'indicator_value',
            constraint = 'indicator_value_' || tg_table_name || '_id_fkey';
  end if;
  return null;
end $fn$;
create trigger locality_guard_indicator_values after delete on locality
  referencing old table as removed_rows for each statement
  execute function indicator_value_guard_referenced();
create trigger indicator_guard_indicator_values after delete on indicator
  referencing old table as removed_rows for each statement
  execute function indicator_value_guard_referenced();

create function indicator_value_guard_truncate() returns trigger language plpgsql as $fn$
begin
  perform refuse_outside_read_committed(tg_op || ' on ' || tg_table_name);
  if exists (select from indicator_value) then
    raise exception 'cannot truncate % while indicator values refer to it', tg_table_name
      using errcode = 'foreign_key_violation', table = 'indicator_value',
            constraint = 'indicator_value_' || tg_table_name || '_id_fkey',
            hint = 'Truncate indicator_value first, in a statement of its own.';
  end if;
  return null;
end $fn$;
create trigger locality_guard_truncate before truncate on locality
  for each statement execute function indicator_value_guard_truncate();
create trigger indicator_guard_truncate before truncate on indicator
  for each statement execute function indicator_value_guard_truncate();

create function refuse_id_change() returns trigger language plpgsql as $fn$
begin
  raise exception 'the id of a % row never changes', tg_table_name
    using errcode = 'restrict_violation', table = tg_table_name, column = 'id';
end $fn$;
create trigger locality_id_never_changes before update of id on locality
  for each row when (old.id is distinct from new.id) execute function refuse_id_change();
create trigger indicator_id_never_changes before update of id on indicator
  for each row when (old.id is distinct from new.id) execute function refuse_id_change();
`;

const DOWN = /* sql */ `
drop trigger indicator_id_never_changes on indicator;
drop trigger locality_id_never_changes on locality;
drop function refuse_id_change();
drop trigger indicator_guard_truncate on indicator;
drop trigger locality_guard_truncate on locality;
drop function indicator_value_guard_truncate();
drop trigger indicator_guard_indicator_values on indicator;
drop trigger locality_guard_indicator_values on locality;
drop function indicator_value_guard_referenced();
drop function refuse_outside_read_committed(text);
drop trigger indicator_recheck_values on indicator;
drop function indicator_recheck_values();
drop trigger indicator_value_check_updated on indicator_value;
drop trigger indicator_value_check_inserted on indicator_value;
drop function indicator_value_check_rows();
drop trigger indicator_value_refill_direction on indicator_value;
drop trigger indicator_value_fill_direction on indicator_value;
drop function indicator_value_fill_direction();
drop function value_matches_fraction(numeric, numeric, numeric, numeric);
drop function value_fits_unit(text, numeric);

alter table indicator_value drop column status;
alter table indicator_value add column status text not null default 'NO_DATA'
  check (status in ('MET', 'NOT_MET', 'NO_TARGET', 'NO_DATA'));
${DERIVE_STATUS(true)}
create trigger indicator_value_derive_status before insert or update on indicator_value
  for each row execute function indicator_value_derive_status();
update indicator_value set status = status;
${REDERIVE_VALUES}alter table indicator_value drop column indicator_direction;
alter table indicator_value
  add constraint indicator_value_indicator_id_fkey foreign key (indicator_id) references indicator (id),
  add constraint indicator_value_locality_id_fkey foreign key (locality_id) references locality (id);
`;
