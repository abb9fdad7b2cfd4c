import { Migration } from '@mikro-orm/migrations';

/**
 * Enrolments counted ahead, so that trainingParticipation need not read every official to find
 * the sex, ethnicity and home of each participant. Two tallies of the live enrolments of live
 * officials: by program, sex, ethnicity group and status (the national tables), and the same by
 * home locality (tables by place, and `within`). Statement triggers on enrollment and official
 * keep them exact in the writing transaction, for single writes and imports alike; a tally row
 * is locked by `on conflict do update`, so concurrent writers add up instead of overwriting.
 * Program and locality attributes are not copied: the aggregate joins them as they are.
 */
export class Migration20261127200000EnrollmentTallies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table enrollment_tally (
        program_id integer not null,
        home_locality_id integer,
        sex text,
        ethnicity_group text not null,
        status text not null,
        n integer not null,
        constraint enrollment_tally_cell unique nulls not distinct
          (program_id, home_locality_id, sex, ethnicity_group, status)
      );
      create index enrollment_tally_home_idx on enrollment_tally (home_locality_id);
      -- Rows whose count fell to zero are found and removed without reading the tally.
      create index enrollment_tally_empty_idx on enrollment_tally (program_id) where n = 0;
      comment on table enrollment_tally is 'Live enrolments of live officials by program, home locality, sex, ethnicity group and status; kept by triggers';
      create table enrollment_tally_national (
        program_id integer not null,
        sex text,
        ethnicity_group text not null,
        status text not null,
        n integer not null,
        constraint enrollment_tally_national_cell unique nulls not distinct
          (program_id, sex, ethnicity_group, status)
      );
      create index enrollment_tally_national_empty_idx on enrollment_tally_national (program_id)
        where n = 0;
      comment on table enrollment_tally_national is 'Live enrolments of live officials by program, sex, ethnicity group and status; kept by triggers';

      -- Adds signed counts to both tallies; rows that reach zero go, so no empty cell is shown.
      -- (n has no check >= 0: an insert's checks run before its conflict turns it into an update.)
      create function enrollment_tally_add(delta jsonb) returns void language plpgsql as $$
      begin
        if delta = '[]' then
          return;
        end if;
        with d as (
          select program_id, home_locality_id, sex, ethnicity_group, status, sum(n)::int as n
          from jsonb_to_recordset(delta) as x(program_id int, home_locality_id int, sex text,
            ethnicity_group text, status text, n int)
          group by 1, 2, 3, 4, 5 having sum(n) <> 0
          order by 1, 2, 3, 4, 5
        )
        insert into enrollment_tally as t select * from d
        on conflict on constraint enrollment_tally_cell do update set n = t.n + excluded.n;
        with d as (
          select program_id, sex, ethnicity_group, status, sum(n)::int as n
          from jsonb_to_recordset(delta) as x(program_id int, sex text,
            ethnicity_group text, status text, n int)
          group by 1, 2, 3, 4 having sum(n) <> 0
          order by 1, 2, 3, 4
        )
        insert into enrollment_tally_national as t select * from d
        on conflict on constraint enrollment_tally_national_cell do update set n = t.n + excluded.n;
        delete from enrollment_tally where n = 0;
        delete from enrollment_tally_national where n = 0;
      end $$;
    `);
    // The cells of the live enrolments (`e`) of live officials (`o`) in `rows`, each counted
    // `sign`. The ethnicity group is the aggregate's own rule (ETHNICITY_GROUP_SQL, majority 'Kinh').
    const liveCells = (
      sign: string,
      rows: string,
    ) => `select e.program_id, o.home_locality_id, o.sex,
        case when o.ethnicity = 'Kinh' then 'KINH' else 'ETHNIC_MINORITY' end as ethnicity_group,
        e.status, ${sign} as n
      from ${rows}
      where e.archived_at is null and o.archived_at is null`;
    // The same, as a jsonb array: a trigger's part of a delta.
    const cells = (sign: string, rows: string) =>
      `(select coalesce(jsonb_agg(to_jsonb(c)), '[]') from (${liveCells(sign, rows)}) c)`;
    this.addSql(`
      -- Old rows leave their cells and new rows enter theirs in one delta, so an update that
      -- moves nothing (a version bump) adds up to zero and writes no tally row.
      create function enrollment_tally_on_enrollment() returns trigger language plpgsql as $$
      declare delta jsonb := '[]';
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          delta := delta || ${cells('-1', 'old_rows e join official o on o.id = e.official_id')};
        end if;
        if tg_op in ('UPDATE', 'INSERT') then
          delta := delta || ${cells('1', 'new_rows e join official o on o.id = e.official_id')};
        end if;
        perform enrollment_tally_add(delta);
        return null;
      end $$;
      create function enrollment_tally_on_official() returns trigger language plpgsql as $$
      declare delta jsonb := '[]';
      begin
        delta := delta || ${cells('-1', 'old_rows o join enrollment e on e.official_id = o.id')};
        if tg_op = 'UPDATE' then
          delta := delta || ${cells('1', 'new_rows o join enrollment e on e.official_id = o.id')};
        end if;
        perform enrollment_tally_add(delta);
        return null;
      end $$;
      create trigger enrollment_tally_insert after insert on enrollment
        referencing new table as new_rows for each statement
        execute function enrollment_tally_on_enrollment();
      create trigger enrollment_tally_update after update on enrollment
        referencing old table as old_rows new table as new_rows for each statement
        execute function enrollment_tally_on_enrollment();
      create trigger enrollment_tally_delete after delete on enrollment
        referencing old table as old_rows for each statement
        execute function enrollment_tally_on_enrollment();
      -- A new official has no enrolments yet; changes of the copied fields move them.
      create trigger enrollment_tally_official_update after update on official
        referencing old table as old_rows new table as new_rows for each statement
        execute function enrollment_tally_on_official();
      create trigger enrollment_tally_official_delete after delete on official
        referencing old table as old_rows for each statement
        execute function enrollment_tally_on_official();
      -- Truncating the source would leave the tallies wrong: truncate them with it.
      create function enrollment_tally_truncate() returns trigger language plpgsql as $$
      begin
        truncate enrollment_tally, enrollment_tally_national;
        return null;
      end $$;
      create trigger enrollment_tally_truncate after truncate on enrollment
        for each statement execute function enrollment_tally_truncate();

      insert into enrollment_tally
        select program_id, home_locality_id, sex, ethnicity_group, status, count(*)::int
        from (${liveCells('1', 'enrollment e join official o on o.id = e.official_id')}) c
        group by 1, 2, 3, 4, 5;
      insert into enrollment_tally_national
        select program_id, sex, ethnicity_group, status, sum(n)::int
        from enrollment_tally group by 1, 2, 3, 4;
      analyze enrollment_tally;
      analyze enrollment_tally_national;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger enrollment_tally_insert on enrollment;
      drop trigger enrollment_tally_update on enrollment;
      drop trigger enrollment_tally_delete on enrollment;
      drop trigger enrollment_tally_truncate on enrollment;
      drop trigger enrollment_tally_official_update on official;
      drop trigger enrollment_tally_official_delete on official;
      drop function enrollment_tally_on_enrollment();
      drop function enrollment_tally_on_official();
      drop function enrollment_tally_truncate();
      drop function enrollment_tally_add(jsonb);
      drop table enrollment_tally;
      drop table enrollment_tally_national;`);
  }
}
