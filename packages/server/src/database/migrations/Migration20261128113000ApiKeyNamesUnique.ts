import { Migration } from '@mikro-orm/migrations';

/**
 * A key's name is who its caller is: the subject of its requests, in the audit trail, the
 * four-eyes rule, the rate limit and the read-your-writes window. Two keys of one name were one
 * caller to all of them, so names are now unique, revoked keys included (their names stay in the
 * audit trail). Keys that already shared a name keep it on the oldest; the others get their
 * prefix added, which `api-key list` shows. Those renamed keys are new callers from then on: the
 * four-eyes rule no longer sees them as the one who submitted under the shared name (which it
 * could not tell apart anyway), so operators should revoke keys that shared a name.
 */
export class Migration20261128113000ApiKeyNamesUnique extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      update api_key k set name = k.name || ' (' || k.prefix || ')'
       where exists (select from api_key older where older.name = k.name and older.id < k.id);`);
    this.addSql('create unique index api_key_name_unique on api_key (name);');
  }

  override async down(): Promise<void> {
    // Names made distinct stay so: they were only ever told apart by their prefix.
    this.addSql('drop index if exists api_key_name_unique;');
  }
}
