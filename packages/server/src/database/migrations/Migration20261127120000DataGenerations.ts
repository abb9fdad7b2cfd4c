import { Migration } from '@mikro-orm/migrations';

/**
 * What each domain's aggregates read. A write to any of these tables, by whatever path (the API,
 * an import, the command line, plain SQL), moves its domain's generation on.
 */
export const DOMAIN_TABLES: Record<string, string[]> = {
  localities: ['locality'],
  people: ['official', 'official_position', 'agency'],
  training: ['training_program', 'enrollment'],
  indicators: [
    'strategy',
    'goal',
    'indicator',
    'indicator_target',
    'indicator_value',
    'plan',
    'plan_indicator',
  ],
};

/**
 * Data generations: one token per domain, drawn anew by a statement trigger inside the writing
 * transaction. A response cached under a generation is never served once the generation has
 * moved: readers see the new token exactly when they can see the committed rows, and a
 * rolled-back write moves nothing. Tokens are random rather than counted, so that two copies of
 * a database that diverge never share a generation.
 */
export class Migration20261127120000DataGenerations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table data_generation (
      domain text primary key,
      generation bigint not null default (random() * 9007199254740991)::bigint
    );
    comment on table data_generation is 'Moved on by every write to a domain''s tables; keys of cached responses';
    insert into data_generation (domain) values ${Object.keys(DOMAIN_TABLES)
      .map((domain) => `('${domain}')`)
      .join(', ')};
    create function data_generation_bump() returns trigger language plpgsql as $fn$
    begin
      update data_generation set generation = (random() * 9007199254740991)::bigint
        where domain = tg_argv[0];
      return null;
    end $fn$;`);
    for (const [domain, tables] of Object.entries(DOMAIN_TABLES)) {
      for (const table of tables) {
        this.addSql(`create trigger ${table}_data_generation
          after insert or update or delete or truncate on ${table}
          for each statement execute function data_generation_bump('${domain}');`);
      }
    }
  }

  override async down(): Promise<void> {
    for (const tables of Object.values(DOMAIN_TABLES)) {
      for (const table of tables) {
        this.addSql(`drop trigger ${table}_data_generation on ${table};`);
      }
    }
    this.addSql(`drop function data_generation_bump(); drop table data_generation;`);
  }
}
