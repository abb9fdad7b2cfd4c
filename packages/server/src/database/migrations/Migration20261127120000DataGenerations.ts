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
 * Data generations. Every statement that writes a domain's tables adds a change with a random
 * token, inside the writing transaction; a domain's generation is its folded total plus the
 * tokens of the changes not yet folded in. Readers see a new generation exactly when they can
 * see the committed rows, and a rolled-back write changes nothing. Writers only insert, so they
 * never wait for one another; `data_generation_fold()` moves committed changes into the totals
 * in one statement, which leaves every generation as it was. Tokens are random rather than
 * counted, so that two copies of a database that diverge never share a generation.
 */
export class Migration20261127120000DataGenerations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table data_generation (
      domain text primary key,
      generation numeric not null default floor(random() * 9007199254740991)
    );
    comment on table data_generation is 'Changes folded in so far, per domain; keys of cached responses';
    insert into data_generation (domain) values ${Object.keys(DOMAIN_TABLES)
      .map((domain) => `('${domain}')`)
      .join(', ')};
    create table data_generation_change (
      id bigint generated always as identity primary key,
      domain text not null,
      token bigint not null default floor(random() * 9007199254740991)::bigint
    );
    create index data_generation_change_domain_idx on data_generation_change (domain);
    comment on table data_generation_change is 'One row per statement that wrote a domain''s tables, until folded';
    create function data_generation_change() returns trigger language plpgsql as $fn$
    begin
      insert into data_generation_change (domain) values (tg_argv[0]);
      return null;
    end $fn$;
    create function data_generation_fold() returns void language sql as $fn$
      with folded as (delete from data_generation_change returning domain, token),
      totals as (select domain, sum(token) as total from folded group by domain)
      update data_generation g set generation = g.generation + t.total
        from totals t where t.domain = g.domain;
    $fn$;`);
    for (const [domain, tables] of Object.entries(DOMAIN_TABLES)) {
      for (const table of tables) {
        this.addSql(`create trigger ${table}_data_generation
          after insert or update or delete or truncate on ${table}
          for each statement execute function data_generation_change('${domain}');`);
      }
    }
  }

  override async down(): Promise<void> {
    for (const tables of Object.values(DOMAIN_TABLES)) {
      for (const table of tables) {
        this.addSql(`drop trigger ${table}_data_generation on ${table};`);
      }
    }
    this.addSql(`drop function data_generation_fold(); drop function data_generation_change();
      drop table data_generation_change; drop table data_generation;`);
  }
}
