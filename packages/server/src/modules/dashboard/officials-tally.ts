import type { Knex } from '@mikro-orm/postgresql';
import { nonEmpty } from '../common/errors.js';
import { toIsoDate } from '../common/scalars.js';
import { subtreeIds } from '../common/subtree.js';
import { MAJORITY_ETHNICITY } from '../official/official.entity.js';
import type { OfficialFilter } from '../official/official.inputs.js';
import { checkBirthYears } from '../official/official.service.js';
import type { OfficialDimension } from './dashboard.inputs.js';
import type { DashboardReader } from './common.js';

/**
 * Exact officialsBreakdown tables from the tallies the triggers keep (migration OfficialTallies):
 * `official_tally` for the officials with a single cell, `official_cell` for tables by place,
 * `within`, and the officials with several cells. Null when the tallies cannot answer: a filter
 * they do not hold, or a day outside the tally day's window that this reader may not rebuild.
 */
export async function tallyBreakdownRows(
  db: DashboardReader,
  dimensions: OfficialDimension[],
  expressions: Record<OfficialDimension, { sql: string; column: string }>,
  filter: OfficialFilter,
  day: string,
): Promise<Record<string, unknown>[] | null> {
  if (filter.includeArchived || filter.search != null) return null;
  if (filter.activeOn != null && toIsoDate(filter.activeOn) !== day) return null;
  checkBirthYears(filter);
  if (!(await tallyCounts(db, day))) return null;
  const knex = db.knex;
  // Rows with the columns of the row-by-row path's `base`, and `n`: the officials they stand for.
  // A row with an official id is that official in one cell; a row without, single-cell officials.
  const cellColumns = `c.official_id, c.sex, c.ethnicity, c.birth_year, c.organisation_kind,
    c.key_leadership, c.holds_key, c.locality_id, c.locality_level, 1 as n`;
  const cells = () => knex('official_cell as c').select(knex.raw(cellColumns));
  const statement = knex.queryBuilder();
  let rows: Knex.QueryBuilder;
  if (filter.within != null) {
    // Home or a cell in the subtree, one look-up by each index: a cell's locality is the
    // post's, or home without one. An official with several cells counts in each of them, so
    // the other cells of those inside by a post alone are added.
    statement.withMaterialized(
      'subtree',
      knex.select(knex.raw('array(?) as ids', [subtreeIds(knex, filter.within, day)])),
    );
    const inside = (alias: string) =>
      `(${alias}.home_locality_id = any((select ids from subtree)::integer[])
        or ${alias}.locality_id = any((select ids from subtree)::integer[]))`;
    rows = cells()
      .whereRaw(inside('c'))
      .unionAll(
        cells()
          .whereRaw(`not c.single and not coalesce(${inside('c')}, false)`)
          .whereIn(
            'c.official_id',
            knex('official_cell as m')
              .select('m.official_id')
              .whereRaw(
                'not m.single and m.locality_id = any((select ids from subtree)::integer[])',
              ),
          ),
        true,
      );
  } else if (dimensions.includes('LOCALITY' as OfficialDimension)) {
    rows = cells();
  } else {
    rows = knex('official_tally as t')
      .select(
        knex.raw(`null::integer as official_id, t.sex, t.ethnicity, t.birth_year,
          t.organisation_kind, t.key_leadership, coalesce(t.key_leadership, false) as holds_key,
          null::integer as locality_id, t.locality_level, t.n`),
      )
      .unionAll(cells().whereRaw('not c.single'), true);
  }
  const base = knex
    .from(rows.as('r'))
    .select(
      'r.official_id',
      'r.n',
      'r.locality_id',
      'r.organisation_kind',
      'r.key_leadership as is_key_leadership',
      'r.sex',
      'r.ethnicity',
      knex.raw('extract(year from ?::date)::int - r.birth_year as age', [day]),
      'r.locality_level',
    );
  applyTallyFilter(base, filter);
  // Level and locality are columns of the rows here, not of a joined locality.
  const sqlOf = (dimension: OfficialDimension) =>
    ({ LOCALITY_LEVEL: 'b.locality_level', LOCALITY: 'b.locality_id' })[dimension as string] ??
    expressions[dimension].sql;
  const selected = dimensions.map((dimension) => ({
    sql: sqlOf(dimension),
    column: expressions[dimension].column,
  }));
  const columns = selected.map(({ column }) => column);
  // An official with several cells that fall in one asked cell counts once there.
  const members = knex
    .from('base as b')
    .select(
      ...selected.map(({ sql, column }) => knex.raw(`${sql} as ${column}`)),
      knex.raw('case when b.official_id is null then sum(b.n) else 1 end as n'),
    )
    .groupByRaw([...selected.map(({ sql }) => sql), 'b.official_id'].join(', '));
  const table = knex
    .from('members')
    .select(...columns, knex.raw('sum(n) as n'), knex.raw('0 as cell_key'))
    .groupBy(columns);
  const totals = knex.from('base').select(
    knex.raw(
      `coalesce(sum(n) filter (where official_id is null), 0)
          + count(distinct official_id) filter (where official_id is not null) as total`,
    ),
    knex.raw('0 as total_key'),
  );
  return db.run<Record<string, unknown>>(
    statement
      .with('base', base)
      .with('members', members)
      .with('cells', table)
      .with('totals', totals)
      .from('totals')
      .leftJoin('cells', knex.raw('true'))
      .select('cells.*', 'totals.total', 'totals.total_key')
      .orderBy(columns.map((column) => ({ column: `cells.${column}` }))),
  );
}

/** The OfficialFilter fields the tallies hold, on their rows `r`. */
function applyTallyFilter(query: Knex.QueryBuilder, filter: OfficialFilter): void {
  if (filter.sex) query.where('r.sex', filter.sex);
  if (filter.ethnicities)
    query.whereIn('r.ethnicity', nonEmpty(filter.ethnicities, 'filter.ethnicities'));
  if (filter.ethnicMinority === true) query.whereNot('r.ethnicity', MAJORITY_ETHNICITY);
  if (filter.ethnicMinority === false) query.where('r.ethnicity', MAJORITY_ETHNICITY);
  if (filter.birthYearFrom != null) query.where('r.birth_year', '>=', filter.birthYearFrom);
  if (filter.birthYearTo != null) query.where('r.birth_year', '<=', filter.birthYearTo);
  if (filter.keyLeadership != null) query.where('r.holds_key', filter.keyLeadership);
}

/** Arbitrary key of the advisory lock one rebuilding reader holds. */
const REBUILD_LOCK = 2026_1127_23;

/**
 * Whether the tallies count `day`: no live post starts or ends between the tally day and it.
 * Otherwise, for today, one reader rebuilds them for today while the others count row by row;
 * a read-only server (a replica) cannot, and counts row by row until the primary has.
 */
async function tallyCounts(db: DashboardReader, day: string): Promise<boolean> {
  const state = (knex: Knex | Knex.Transaction) =>
    knex.raw<{ rows: { serves: boolean }[] }>(
      `select day <= ?::date and (valid_until is null or ?::date < valid_until) as serves
       from official_tally_state`,
      [day, day],
    );
  const [current] = await db.run<{ serves: boolean }>(state(db.knex));
  if (current?.serves) return true;
  if (day !== toIsoDate(new Date())) return false;
  try {
    return await db.knex.transaction(async (trx) => {
      const lock = await trx.raw<{ rows: { locked: boolean }[] }>(
        'select pg_try_advisory_xact_lock(?) as locked',
        [REBUILD_LOCK],
      );
      if (!lock.rows[0]?.locked) return false;
      if ((await state(trx)).rows[0]?.serves) return true;
      await trx.raw('select official_tally_rebuild(?::date)', [day]);
      return true;
    });
  } catch (error) {
    // 25006: read-only transaction (a replica).
    if ((error as { code?: string }).code === '25006') return false;
    throw error;
  }
}
