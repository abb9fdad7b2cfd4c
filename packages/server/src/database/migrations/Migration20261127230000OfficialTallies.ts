import { Migration } from '@mikro-orm/migrations';

/**
 * Officials counted ahead for officialsBreakdown's exact tables, as of one day (the tally day):
 *
 * - `official_cell`: for each live official, one row per distinct cell of their posts active on
 *   the tally day (post locality, organisation kind, key leadership), or one row at home when
 *   none; with the official's own fields, their home, whether they hold a key post, and whether
 *   this is their only cell (`single`). Tables by place and `within` read it by the locality
 *   and home indexes instead of every official and post.
 * - `official_tally`: the single-cell officials summed by locality level and every other field;
 *   national tables read it (a few thousand rows), and add the few officials with several cells
 *   from `official_cell`, so that nobody is counted twice.
 * - `official_tally_state`: the tally day, and the first later day on which a live post starts
 *   or ends (`valid_until`): until then every official's cells are those of the tally day.
 *
 * Statement triggers on official and official_position recount the officials a statement
 * touched, in the writing transaction, for single writes and imports alike. When the asked day
 * leaves the window, the first reader rebuilds both tables for it (official_tally_rebuild).
 */
export class Migration20261127230000OfficialTallies extends Migration {
  override async up(): Promise<void> {
    // The cells on day `day` of the live officials `o` that pass `where` (the aggregate's rule:
    // posts live and active on the day, locality coalesce(post, home), one row per distinct cell).
    const cellsOn = (day: string, where: string) => `
      select c.official_id, c.home_locality_id, c.locality_id, l.level as locality_level, c.sex,
        c.ethnicity, c.birth_year, c.organisation_kind, c.key_leadership,
        bool_or(coalesce(c.key_leadership, false)) over official as holds_key,
        count(*) over official = 1 as single
      from (select distinct o.id as official_id, o.home_locality_id,
          coalesce(p.locality_id, o.home_locality_id) as locality_id, o.sex, o.ethnicity,
          o.birth_year, p.organisation_kind, p.is_key_leadership as key_leadership
        from official o
        left join official_position p on p.official_id = o.id and p.archived_at is null
          and p.start_date <= ${day} and (p.end_date is null or p.end_date >= ${day})
        where o.archived_at is null and ${where}) c
      left join locality l on l.id = c.locality_id
      window official as (partition by c.official_id)`;
    // The national tally's grain: a cell's level and every field of the official and the post.
    const grain = 'locality_level, sex, ethnicity, birth_year, organisation_kind, key_leadership';
    // The first day after \`day\` on which a live post of those that pass \`where\` starts or ends.
    const nextChange = (where: string) => `(select
        least(min(p.start_date) filter (where p.start_date > day),
              min(p.end_date + 1) filter (where p.end_date >= day))
      from official_position p where p.archived_at is null and ${where})`;
    // Statement triggers after insert, update and delete on \`table\`, with their transition tables.
    const statementTriggers = (table: string, name: string, action: string) =>
      (
        [
          ['insert', 'new table as new_rows'],
          ['update', 'old table as old_rows new table as new_rows'],
          ['delete', 'old table as old_rows'],
        ] as const
      )
        .map(
          ([event, tables]) => `create trigger ${name}_${event} after ${event} on ${table}
        referencing ${tables} for each statement execute function ${action}();`,
        )
        .join('\n');
    this.addSql(`
      create table official_tally_state (
        only_row boolean primary key default true check (only_row),
        day date not null,
        valid_until date
      );
      comment on table official_tally_state is 'The day official_cell and official_tally count, and the first later day a live post starts or ends';
      create table official_cell (
        official_id integer not null,
        home_locality_id integer,
        locality_id integer,
        locality_level text,
        sex text not null,
        ethnicity text not null,
        birth_year integer,
        organisation_kind text,
        key_leadership boolean,
        holds_key boolean not null,
        single boolean not null
      );
      create index official_cell_official_idx on official_cell (official_id);
      create index official_cell_home_idx on official_cell (home_locality_id);
      create index official_cell_locality_idx on official_cell (locality_id);
      create index official_cell_several_idx on official_cell (official_id) where not single;
      comment on table official_cell is 'Each live official''s distinct cells of posts active on the tally day (or home); kept by triggers';
      create table official_tally (
        locality_level text,
        sex text not null,
        ethnicity text not null,
        birth_year integer,
        organisation_kind text,
        key_leadership boolean,
        n integer not null,
        constraint official_tally_cell unique nulls not distinct
          (locality_level, sex, ethnicity, birth_year, organisation_kind, key_leadership)
      );
      create index official_tally_empty_idx on official_tally (sex) where n = 0;
      comment on table official_tally is 'Live officials with a single cell on the tally day, by level, sex, ethnicity, birth year, organisation kind and key leadership; kept by triggers';

      -- The first day after \`day\` on which a live post of the officials \`ids\` (null: all)
      -- starts or stops being active.
      create function official_tally_next_change(ids integer[], day date) returns date
      language plpgsql stable as $$
      begin
        -- Two statements, so that a few officials' posts are found by the official index.
        if ids is null then
          return ${nextChange('true')};
        end if;
        return ${nextChange('p.official_id = any(ids)')};
      end $$;

      -- Recounts the officials \`ids\`: their old cells leave, their cells now enter, and the
      -- single ones move the national tally (rows locked by on conflict, so writers add up).
      create function official_tally_recount(ids integer[]) returns void language plpgsql as $$
      declare
        tally_day date;
        next_change date;
      begin
        if ids = '{}' then
          return;
        end if;
        -- Two writers recounting one official would each miss the other's cells: they take
        -- turns, by the official's row (by the table for a whole file, too many rows to lock).
        -- A rebuild excludes both. The statements below then see what the one before committed,
        -- the tally day included.
        if cardinality(ids) > 10000 then
          lock table official_cell in share row exclusive mode;
        else
          lock table official_cell in row exclusive mode;
          perform 1 from official o where o.id = any(ids) order by o.id for no key update;
        end if;
        select s.day into tally_day from official_tally_state s;
        if tally_day is null then
          return; -- no tally day: the next reader rebuilds from the tables as they are
        end if;
        with gone as (
          delete from official_cell c where c.official_id = any(ids) returning c.*
        ), fresh as (
          insert into official_cell ${cellsOn('tally_day', 'o.id = any(ids)')}
          returning *
        ), moved as (
          select ${grain}, -1 as n from gone where single
          union all
          select ${grain}, 1 from fresh where single
        ), delta as (
          select ${grain}, sum(n)::int from moved group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6
        )
        insert into official_tally as t select * from delta
        on conflict on constraint official_tally_cell do update set n = t.n + excluded.n;
        delete from official_tally where n = 0;
        -- A post starting or ending after the tally day shortens the window; the state row is
        -- written only then, so concurrent writers do not queue on it.
        next_change := official_tally_next_change(ids, tally_day);
        if next_change is not null then
          update official_tally_state set valid_until = next_change
            where valid_until is null or valid_until > next_change;
        end if;
      end $$;

      -- Both tables counted afresh for \`day\`. Writers wait (their recounts then see the new
      -- rows); readers go on with the tables as they were, which do not count the day, and
      -- count row by row meanwhile.
      create function official_tally_rebuild(day date) returns void language plpgsql as $$
      begin
        lock table official_cell, official_tally, official_tally_state in exclusive mode;
        delete from official_cell;
        delete from official_tally;
        insert into official_cell ${cellsOn('day', 'true')};
        insert into official_tally
          select ${grain}, count(*)::int from official_cell where single
          group by 1, 2, 3, 4, 5, 6;
        insert into official_tally_state (day, valid_until)
          values (day, official_tally_next_change(null, day))
          on conflict (only_row) do update set day = excluded.day, valid_until = excluded.valid_until;
        analyze official_cell;
        analyze official_tally;
      end $$;

      create function official_tally_on_official() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          perform official_tally_recount(array(select id from old_rows));
        end if;
        if tg_op = 'INSERT' then
          perform official_tally_recount(array(select id from new_rows));
        end if;
        return null;
      end $$;
      create function official_tally_on_position() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          perform official_tally_recount(array(select distinct official_id from new_rows));
        elsif tg_op = 'DELETE' then
          perform official_tally_recount(array(select distinct official_id from old_rows));
        else
          perform official_tally_recount(array(
            select official_id from old_rows union select official_id from new_rows));
        end if;
        return null;
      end $$;
      ${statementTriggers('official', 'official_tally', 'official_tally_on_official')}
      ${statementTriggers('official_position', 'official_tally_position', 'official_tally_on_position')}

      -- Truncating the sources, or changing a unit's level, leaves the tallies wrong: they are
      -- dropped with the tally day, and the next reader rebuilds them.
      create function official_tally_forget() returns trigger language plpgsql as $$
      begin
        truncate official_cell, official_tally, official_tally_state;
        return null;
      end $$;
      create trigger official_tally_truncate after truncate on official
        for each statement execute function official_tally_forget();
      create trigger official_tally_position_truncate after truncate on official_position
        for each statement execute function official_tally_forget();
      create trigger official_tally_locality_level after update of level on locality
        for each statement execute function official_tally_forget();

      select official_tally_rebuild(current_date);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger official_tally_insert on official;
      drop trigger official_tally_update on official;
      drop trigger official_tally_delete on official;
      drop trigger official_tally_truncate on official;
      drop trigger official_tally_position_insert on official_position;
      drop trigger official_tally_position_update on official_position;
      drop trigger official_tally_position_delete on official_position;
      drop trigger official_tally_position_truncate on official_position;
      drop trigger official_tally_locality_level on locality;
      drop function official_tally_on_official();
      drop function official_tally_on_position();
      drop function official_tally_forget();
      drop function official_tally_rebuild(date);
      drop function official_tally_recount(integer[]);
      drop function official_tally_next_change(integer[], date);
      drop table official_cell;
      drop table official_tally;
      drop table official_tally_state;`);
  }
}
