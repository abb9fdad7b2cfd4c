import { Migration } from '@mikro-orm/migrations';

/**
 * The official tallies (migration OfficialTallies) after writes that touch many officials, and
 * after changes of a unit's level:
 *
 * - A statement that touches more than a quarter of the officials (and more than
 *   LARGE_WRITE_MIN_OFFICIALS), such as a national import, no longer recounts them: it drops the
 *   tally day, and the next reader of today rebuilds the tallies. An import recounted its
 *   officials twice (once for the officials, again for their posts), which cost more than one
 *   rebuild: 2.3 s + 4.0 s for 297,586 officials, against 6–7 s for a rebuild.
 * - Changing a unit's level drops the tally day only when a level really changed; before, any
 *   update naming the column did (an import of localities rewrites every column).
 *
 * The tally day is dropped by deleting its row, not by truncating the tables: readers go on
 * reading the tallies as they were until the writer commits, and are not blocked meanwhile.
 */
const LARGE_WRITE_MIN_OFFICIALS = 1000;

export class Migration20261128020000TalliesAfterLargeWrites extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      -- The tally day dropped: the next reader of today rebuilds both tables. The cells' table
      -- is locked first, as recounts and rebuilds lock it: a rebuild waits for this writer, which
      -- may still recount in the same transaction, instead of the two waiting on each other.
      create function official_tally_drop_day() returns void language plpgsql as $$
      begin
        lock table official_cell in row exclusive mode;
        delete from official_tally_state;
      end $$;

      -- The triggers' recount of the officials \`ids\` a statement touched: their cells recounted
      -- (the former function, renamed), or, when they are a large share of all officials
      -- (estimated from the table's statistics), the tally day dropped.
      alter function official_tally_recount(integer[]) rename to official_tally_recount_cells;
      create function official_tally_recount(ids integer[]) returns void language plpgsql as $$
      begin
        if cardinality(ids) > ${LARGE_WRITE_MIN_OFFICIALS} and cardinality(ids) >
            (select greatest(c.reltuples, 0) / 4 from pg_class c where c.oid = 'official'::regclass) then
          perform official_tally_drop_day();
        else
          perform official_tally_recount_cells(ids);
        end if;
      end $$;

      -- Transition tables cannot go with a column list: every update of units is looked at.
      drop trigger official_tally_locality_level on locality;
      create function official_tally_on_locality() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from old_rows o join new_rows n on n.id = o.id
                    where n.level is distinct from o.level) then
          perform official_tally_drop_day();
        end if;
        return null;
      end $$;
      create trigger official_tally_locality_level after update on locality
        referencing old table as old_rows new table as new_rows
        for each statement execute function official_tally_on_locality();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop trigger official_tally_locality_level on locality;
      drop function official_tally_on_locality();
      create trigger official_tally_locality_level after update of level on locality
        for each statement execute function official_tally_forget();
      drop function official_tally_recount(integer[]);
      alter function official_tally_recount_cells(integer[]) rename to official_tally_recount;
      drop function official_tally_drop_day();
    `);
  }
}
