/**
 * Benchmark: how fast new indicator values are written under the statement-level reference
 * checks `indicator_value` has, and under real foreign keys with the load paths PostgreSQL offers
 * for them, all in one run and printed as ratios to the statement-level checks.
 *
 * `pnpm bench:references [--existing-years 2] [--new-years 2] [--rounds 3]`: in a seeded database
 * of its own (DATABASE_URL's server, else an embedded PostgreSQL; dropped afterwards) it resolves
 * every indicator × every locality × each year into a staging table, then, for each mechanism, on
 * a fresh table `like indicator_value including all` already holding the existing years, times
 * the writing of the new years:
 *
 * - the import's own statement, `insert … select … order by`, and a COPY of the same rows;
 * - statement-level checks (the platform's triggers), real foreign keys, foreign keys dropped for
 *   the load and added back `NOT VALID` then `VALIDATE`d, and a staging partition loaded without
 *   foreign keys and attached to a table partitioned by year that has them;
 * - every mechanism keeps the value rules (unit range, fraction, direction) in one statement-level
 *   pass, as the platform must; a table with no reference check at all is the floor.
 *
 * Rounds run the mechanisms in turn and the median is printed, so that a busy machine slows all
 * of them alike.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { seededBenchmarkDatabase } from './seeded-database.js';

const { values: options } = parseArgs({
  options: {
    'existing-years': { type: 'string', default: '2' },
    'new-years': { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
  },
});
const existingYears = Number(options['existing-years']);
const newYears = Number(options['new-years']);
const rounds = Number(options.rounds);
const FIRST_YEAR = 2021;
const firstNewYear = FIRST_YEAR + existingYears;

const COLUMNS =
  'indicator_id, locality_id, year, disaggregation, value, numerator, denominator, target, note, source, approval_status, indicator_direction, changed_by';

/**
 * The value rules without the reference checks, for the tables that leave references to foreign
 * keys: the same functions and one pass over the statement's rows, as the platform's check does.
 */
const RULES_ONLY = /* sql */ `
create or replace function bench_value_rules_only() returns trigger language plpgsql as $fn$
begin
  if exists (
    select from changed_rows c join indicator i on i.id = c.indicator_id
     where c.indicator_direction <> i.direction
        or not value_fits_unit(i.unit, c.value)
        or not value_matches_fraction(c.value, c.numerator, c.denominator, i.value_scale)) then
    raise exception 'a value breaks its indicator''s rules' using errcode = 'check_violation';
  end if;
  return null;
end $fn$`;

const foreignKeys = (table: string, suffix = '') => /* sql */ `
alter table ${table}
  add constraint ${table}_indicator_fk foreign key (indicator_id) references indicator (id)${suffix},
  add constraint ${table}_locality_fk foreign key (locality_id) references locality (id)${suffix}`;

const trigger = (table: string, fn: string) => /* sql */ `
create trigger ${table}_check after insert on ${table}
  referencing new table as changed_rows for each statement execute function ${fn}()`;

type Load = 'insert … select' | 'COPY';

interface Mechanism {
  name: string;
  /** Creates `target` holding the existing years, untimed. */
  prepare(client: pg.Client, target: string): Promise<void>;
  /** Writes the new years into `target` (timed), with `load` into whichever table takes them. */
  write(client: pg.Client, target: string, load: (table: string) => Promise<void>): Promise<void>;
}

const existing = `select ${COLUMNS} from staged where year < ${firstNewYear}`;

async function plainTable(client: pg.Client, table: string) {
  await client.query(`create table ${table} (like indicator_value including all)`);
  await client.query(`insert into ${table} (${COLUMNS}) ${existing} order by 1, 2, 3`);
}

async function withForeignKeys(client: pg.Client, table: string) {
  await plainTable(client, table);
  await client.query(foreignKeys(table));
  await client.query(trigger(table, 'bench_value_rules_only'));
}

const mechanisms: Mechanism[] = [
  {
    name: 'statement-level checks (the platform)',
    async prepare(client, table) {
      await plainTable(client, table);
      await client.query(trigger(table, 'indicator_value_check_rows'));
    },
    write: (_client, table, load) => load(table),
  },
  {
    name: 'foreign keys',
    prepare: withForeignKeys,
    write: (_client, table, load) => load(table),
  },
  {
    name: 'foreign keys dropped, added NOT VALID, VALIDATE',
    prepare: withForeignKeys,
    async write(client, table, load) {
      await client.query(
        `alter table ${table} drop constraint ${table}_indicator_fk, drop constraint ${table}_locality_fk`,
      );
      await load(table);
      await client.query(foreignKeys(table, ' not valid'));
      await client.query(`alter table ${table} validate constraint ${table}_indicator_fk`);
      await client.query(`alter table ${table} validate constraint ${table}_locality_fk`);
    },
  },
  {
    name: 'staging partition, attached',
    async prepare(client, table) {
      // A primary key of a partitioned table must hold the partition key: (id, year), not id.
      await client.query(
        `create table ${table} (like indicator_value including defaults including generated including constraints)
           partition by range (year)`,
      );
      // Ids from one sequence, which the staging table's copied default shares.
      await client.query(`create sequence ${table}_id_seq`);
      await client.query(
        `alter table ${table} alter id set default nextval('${table}_id_seq'), add primary key (id, year)`,
      );
      await client.query(
        `alter table ${table} add unique nulls not distinct (indicator_id, locality_id, year, disaggregation)`,
      );
      await client.query(`create index on ${table} (locality_id, year)`);
      await client.query(`create index on ${table} (year, indicator_id)`);
      await client.query(foreignKeys(table));
      await client.query(
        `create table ${table}_old partition of ${table} for values from (${FIRST_YEAR}) to (${firstNewYear})`,
      );
      await client.query(`insert into ${table} (${COLUMNS}) ${existing} order by 1, 2, 3`);
      await client.query(trigger(`${table}_old`, 'bench_value_rules_only'));
    },
    async write(client, table, load) {
      // The staging table states its years, so that attaching it need not scan it for them.
      const staging = `${table}_new`;
      await client.query(
        `create table ${staging} (like ${table} including all,
           check (year >= ${firstNewYear} and year < ${firstNewYear + newYears}))`,
      );
      await client.query(trigger(staging, 'bench_value_rules_only'));
      await load(staging);
      await client.query(
        `alter table ${table} attach partition ${staging}
           for values from (${firstNewYear}) to (${firstNewYear + newYears})`,
      );
    },
  },
  {
    name: 'no reference check (floor)',
    async prepare(client, table) {
      await plainTable(client, table);
      await client.query(trigger(table, 'bench_value_rules_only'));
    },
    write: (_client, table, load) => load(table),
  },
];

const database = await seededBenchmarkDatabase('references');
const url = new URL(database.url);
const client = new pg.Client({ connectionString: database.url });
try {
  await client.connect();
  // Every indicator in every locality and year, resolved as the import resolves them.
  await client.query(`create table staged as
    select i.id as indicator_id, l.id as locality_id, y as year, null::text as disaggregation,
           case i.unit when 'COUNT' then (l.id + y) % 500
                       when 'BOOLEAN' then (l.id + y) % 2
                       else ((l.id + y) % 1000) / 10.0 end::numeric as value,
           null::numeric as numerator, null::numeric as denominator, null::numeric as target,
           null::text as note, 'benchmark'::text as source, 'DRAFT'::text as approval_status,
           i.direction as indicator_direction, 'benchmark'::text as changed_by
      from indicator i cross join locality l
     cross join generate_series(${FIRST_YEAR}, ${firstNewYear + newYears - 1}) y`);
  await client.query(`create index on staged (year)`);
  await client.query(RULES_ONLY);
  await client.query('vacuum (analyze) staged, locality, indicator');
  const [{ n: newRows }] = (
    await client.query<{ n: string }>(
      `select count(*) as n from staged where year >= ${firstNewYear}`,
    )
  ).rows as [{ n: string }];
  const [{ server_version: version }] = (
    await client.query<{ server_version: string }>('show server_version')
  ).rows as [{ server_version: string }];
  console.log(
    `PostgreSQL ${version}; Node ${process.version}; ${os.cpus().length} cores; load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `${Number(newRows).toLocaleString('en')} new rows (${newYears} years) onto ${existingYears} existing years; median of ${rounds} rounds`,
  );

  const newRowsQuery = `select ${COLUMNS} from staged where year >= ${firstNewYear} order by indicator_id, locality_id, year`;
  const loads: Record<Load, (table: string) => Promise<void>> = {
    'insert … select': async (table) => {
      await client.query(`insert into ${table} (${COLUMNS}) ${newRowsQuery}`);
    },
    COPY: async (table) => {
      // Two connections: one reads the rows out, the other copies them in.
      const reader = new pg.Client({ connectionString: url.toString() });
      await reader.connect();
      try {
        await pipeline(
          reader.query(copyTo(`copy (${newRowsQuery}) to stdout`)),
          client.query(copyFrom(`copy ${table} (${COLUMNS}) from stdin`)),
        );
      } finally {
        await reader.end();
      }
    },
  };

  const seconds = new Map<string, number[]>();
  let table = 0;
  for (let round = 0; round < rounds; round++) {
    for (const load of Object.keys(loads) as Load[]) {
      for (const mechanism of mechanisms) {
        const target = `bench_target_${table++}`;
        await mechanism.prepare(client, target);
        await client.query(`vacuum (analyze) ${target}`);
        await client.query('checkpoint');
        const started = performance.now();
        await client.query('begin');
        await mechanism.write(client, target, loads[load]);
        await client.query('commit');
        const elapsed = (performance.now() - started) / 1000;
        const written = Number(
          (
            await client.query<{ n: string }>(
              `select count(*) as n from ${target} where year >= ${firstNewYear}`,
            )
          ).rows[0]?.n,
        );
        if (written !== Number(newRows))
          throw new Error(`${mechanism.name}: ${written} rows written, not ${newRows}`);
        const key = `${load}\t${mechanism.name}`;
        seconds.set(key, [...(seconds.get(key) ?? []), elapsed]);
        await client.query(`drop table ${target} cascade`);
        await client.query(`drop sequence if exists ${target}_id_seq`);
      }
    }
  }

  const median = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? NaN;
  };
  console.log('| load | mechanism | seconds (median) | rows/s | speed / statement-level checks |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const load of Object.keys(loads) as Load[]) {
    const base = median(seconds.get(`${load}\t${mechanisms[0]!.name}`) ?? []);
    for (const mechanism of mechanisms) {
      const s = median(seconds.get(`${load}\t${mechanism.name}`) ?? []);
      console.log(
        `| ${load} | ${mechanism.name} | ${s.toFixed(2)} | ${Math.round(Number(newRows) / s)} | ${(base / s).toFixed(2)} |`,
      );
    }
  }
} finally {
  await client.end().catch(() => undefined);
  await database.drop();
}
