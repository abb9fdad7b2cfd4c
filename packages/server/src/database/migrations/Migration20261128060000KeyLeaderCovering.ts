import { Migration } from '@mikro-orm/migrations';

/**
 * keyLeaderCoverage asks, for each unit, whether a live woman holds one of its key posts on a
 * day. With these two indexes covering what it reads (the post's holder, agency and archiving;
 * the official's sex), both look-ups are answered from the indexes without visiting the tables.
 * Each replaces an index on the same keys, so writes maintain no more indexes than before.
 */
export class Migration20261128060000KeyLeaderCovering extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index official_position_key_leadership_covering_idx on official_position
        (locality_id, start_date, end_date) include (official_id, agency_id, archived_at)
        where is_key_leadership;
      drop index official_position_key_leadership_idx;
      alter index official_position_key_leadership_covering_idx rename to official_position_key_leadership_idx;
      create index official_live_covering_idx on official (id) include (sex) where archived_at is null;
      drop index official_live_idx;
      alter index official_live_covering_idx rename to official_live_idx;`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index official_position_key_leadership_idx;
      create index official_position_key_leadership_idx on official_position (locality_id, start_date, end_date)
        where is_key_leadership;
      drop index official_live_idx;
      create index official_live_idx on official (id) where archived_at is null;`);
  }
}
