import { Migration } from '@mikro-orm/migrations';

const IMPORTED_TABLES = [
  'locality',
  'official',
  'official_position',
  'enrollment',
  'indicator_value',
];

/**
 * Who did what, on the row itself, where a decision needs it under concurrency: an indicator
 * value records who last changed its figures and who submitted it, so that approval (four eyes)
 * reads them under the row's lock. Rows an import inserted name the import's audit event.
 */
export class Migration20261127070000Accountability extends Migration {
  override async up(): Promise<void> {
    this
      .addSql(`alter table indicator_value add column changed_by text, add column submitted_by text;
      comment on column indicator_value.changed_by is 'Who last reported or imported the figures';
      comment on column indicator_value.submitted_by is 'Who submitted the value for approval';`);
    for (const table of IMPORTED_TABLES) {
      this.addSql(`alter table ${table} add column import_event_id bigint;
        comment on column ${table}.import_event_id is 'The IMPORT audit event that inserted this row';`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`alter table indicator_value drop column changed_by, drop column submitted_by;`);
    for (const table of IMPORTED_TABLES) {
      this.addSql(`alter table ${table} drop column import_event_id;`);
    }
  }
}
