import { Migration } from '@mikro-orm/migrations';

/**
 * Serves the default order of lists of officials for callers who see names (by name, then id):
 * a first page, or any later page from its cursor, reads its rows straight from this index.
 */
export class Migration20261127100000ReadPathIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index official_search_name_id_idx on official (search_name, id);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists official_search_name_id_idx;`);
  }
}
