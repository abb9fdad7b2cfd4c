import { Migration } from '@mikro-orm/migrations';

const localitySetPath = (parentNamed: string, parentValue: string) => `
create or replace function locality_set_path() returns trigger language plpgsql as $fn$
declare
  parent_path text;
  parent_level text;
  parent_code text;
begin
  if new.parent_id is null then
    new.path := '/' || new.id || '/';
    return new;
  end if;
  select path, level, code into parent_path, parent_level, parent_code from locality where id = new.parent_id;
  if parent_level = 'COMMUNE' or (new.level = 'DISTRICT' and parent_level <> 'PROVINCE') then
    raise exception 'locality % (%) cannot belong to a % (${parentNamed} %)',
      new.code, new.level, parent_level, ${parentValue}
      using errcode = 'check_violation', column = 'parent_id', constraint = 'locality_parent_tier';
  end if;
  if position('/' || new.id || '/' in parent_path) > 0 then
    raise exception 'locality % cannot belong to its own descendant', new.code
      using errcode = 'check_violation', column = 'parent_id', constraint = 'locality_parent_tier';
  end if;
  new.path := parent_path || new.id || '/';
  return new;
end $fn$;`;

const enrollmentCheckCapacity = (programNamed: string) => `
create or replace function enrollment_check_capacity() returns trigger language plpgsql as $fn$
declare
  v_capacity integer;
  v_taken integer;
  v_code text;
begin
  if new.status = 'WITHDRAWN' then
    return new;
  end if;
  select capacity, code into v_capacity, v_code from training_program where id = new.program_id for update;
  select count(*) into v_taken from enrollment
   where program_id = new.program_id and status <> 'WITHDRAWN' and id <> new.id;
  if v_taken >= v_capacity then
    raise exception 'training program % is full (capacity %)', ${programNamed}, v_capacity
      using errcode = 'check_violation', column = 'program_id', constraint = 'enrollment_capacity';
  end if;
  return new;
end $fn$;`;

/**
 * The text of these triggers reaches callers (as the reason of a field error): it names units and
 * programs by their codes, never by internal ids.
 */
export class Migration20261127083000CallerFacingTriggerMessages extends Migration {
  override async up(): Promise<void> {
    this.addSql(localitySetPath('code', 'parent_code'));
    this.addSql(enrollmentCheckCapacity('v_code'));
  }

  override async down(): Promise<void> {
    this.addSql(localitySetPath('parent_id', 'new.parent_id'));
    this.addSql(enrollmentCheckCapacity('new.program_id'));
  }
}
