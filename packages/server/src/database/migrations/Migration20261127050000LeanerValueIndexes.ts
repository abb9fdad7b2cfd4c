import { Migration } from '@mikro-orm/migrations';

/**
 * Every index on indicator_value is paid for on each reported row. These three served no query:
 * status and approval filters always come with the indicator, locality and year that the unique
 * key and the locality-year index already cover.
 */
export class Migration20261127050000LeanerValueIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists indicator_value_status_idx;
      drop index if exists indicator_value_approval_idx;
      drop index if exists indicator_value_live_idx;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index indicator_value_status_idx on indicator_value (status);
      create index indicator_value_approval_idx on indicator_value (approval_status, locality_id, year);
      create index indicator_value_live_idx on indicator_value (id) where archived_at is null;`);
  }
}
