import { Migration } from '@mikro-orm/migrations';

/** Casting helpers for CSV imports: a text that is not a date becomes null instead of an error. */
export class Migration20261127040000ImportHelpers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function try_date(value text) returns date
        language plpgsql immutable strict parallel safe as $fn$
      begin
        if value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
          return null;
        end if;
        return value::date;
      exception when others then
        return null;
      end $fn$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists try_date(text);');
  }
}
