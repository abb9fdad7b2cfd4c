import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { toIsoDate } from '../common/scalars.js';
import { log } from '../observability/log.js';
import { subtreeIds } from '../common/subtree.js';
import type { OfficialFilter } from '../official/official.inputs.js';
import { applyOfficialFieldFilter } from '../official/official.service.js';
import type { OfficialDimension } from './dashboard.inputs.js';
import { DashboardReader } from './common.js';

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
  // `includeArchived: false` is the default, which the tallies count.
  const { includeArchived, ...others } = filter;
  if (includeArchived) return null;
  if (Object.entries(others).some(([field, value]) => value != null && !TALLIED.has(field))) {
    return null;
  }
  if (filter.activeOn != null && toIsoDate(filter.activeOn) !== day) return null;
  const knex = db.knex;
  // Two kinds of rows, with the columns of the row-by-row path's `base`: `tallied`, officials
  // with a single cell (`n` of them each), summed as they are; `several`, one row per cell of
  // an official with several, counted once per asked cell and once in the total.
  const cellColumns = `c.sex, c.ethnicity, c.birth_year, c.organisation_kind, c.key_leadership,
    c.holds_key, c.locality_id, c.locality_level`;
  const cells = (single: boolean) =>
    knex('official_cell as c')
      .select(knex.raw(`c.official_id, ${cellColumns}, 1 as n`))
      .where('c.single', single);
  const statement = knex.queryBuilder();
  let tallied: Knex.QueryBuilder;
  const several = cells(false);
  if (filter.within != null) {
    // Home or a cell in the subtree, one look-up by each index: a cell's locality is the
    // post's, or home without one. An official with several cells inside by any of them
    // counts in all of them.
    statement.withMaterialized(
      'subtree',
      knex.select(knex.raw('array(?) as ids', [subtreeIds(knex, filter.within, day)])),
    );
    const inside = (alias: string) =>
      `(${alias}.home_locality_id = any((select ids from subtree)::integer[])
        or ${alias}.locality_id = any((select ids from subtree)::integer[]))`;
    tallied = cells(true).whereRaw(inside('c'));
    several.whereIn(
      'c.official_id',
      knex('official_cell as m')
        .select('m.official_id')
        .whereRaw(`${inside('m')} and not m.single`),
    );
  } else if (dimensions.includes('LOCALITY' as OfficialDimension)) {
    tallied = cells(true);
  } else {
    tallied = knex('official_tally as t').select(
      knex.raw(`null::integer as official_id, t.sex, t.ethnicity, t.birth_year,
          t.organisation_kind, t.key_leadership, coalesce(t.key_leadership, false) as holds_key,
          null::integer as locality_id, t.locality_level, t.n`),
    );
  }
  const base = (rows: Knex.QueryBuilder) => {
    const query = knex
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
    applyTallyFilter(query, filter);
    return query;
  };
  // Level and locality are columns of the rows here, not of a joined locality.
  const sqlOf = (dimension: OfficialDimension) =>
    ({ LOCALITY_LEVEL: 'b.locality_level', LOCALITY: 'b.locality_id' })[dimension as string] ??
    expressions[dimension].sql;
  const selected = dimensions.map((dimension) => ({
    sql: sqlOf(dimension),
    column: expressions[dimension].column,
  }));
  const columns = selected.map(({ column }) => column);
  const asked = selected.map(({ sql, column }) => knex.raw(`${sql} as ${column}`));
  const counted = knex
    .from('tallied as b')
    .select(...asked, 'b.n', knex.raw('false as several'))
    .unionAll((union) => {
      // An official with several cells that fall in one asked cell counts once there.
      union
        .from('several as b')
        .select(...asked, knex.raw('1 as n'), knex.raw('true as several'))
        .groupByRaw([...selected.map(({ sql }) => sql), 'b.official_id'].join(', '));
    });
  const grouping = `grouping(${columns.join(', ')}) <> 0`;
  const query = statement
    .with('tallied', base(tallied))
    .with('several', base(several))
    .with('counted', counted)
    .from('counted')
    .select(
      ...columns,
      knex.raw(`case when ${grouping}
          then coalesce(sum(n) filter (where not several), 0)
            + (select count(distinct official_id) from several)
          else sum(n) end as n`),
      knex.raw(`${grouping} as is_total`),
      // Read with the tallies, in the same snapshot: whether they count the day.
      knex.raw(`coalesce((${SERVES_SQL}), false) as serves`, [day, day]),
    )
    .groupByRaw(`grouping sets ((${columns.join(', ')}), ())`)
    .orderBy(columns.map((column) => ({ column })));
  let rows = await db.run<Record<string, unknown>>(query);
  if (!rows[0]?.serves) {
    if (!(await rebuildFor(db, day))) return null;
    rows = await db.run<Record<string, unknown>>(query);
    if (!rows[0]?.serves) return null;
  }
  // The shape of the row-by-row path's rows: the cells, each with the total.
  const total = Number(rows.find((row) => row.is_total)?.n ?? 0);
  const shown = rows.filter((row) => !row.is_total);
  return (shown.length > 0 ? shown : [{ n: null }]).map((row) => ({
    ...row,
    cell_key: 0,
    total,
    total_key: 0,
  }));
}

/**
 * The OfficialFilter fields the tallies hold; a filter setting any other one (`search`, or a
 * field added later) is counted row by row, never answered with that field left out.
 */
const TALLIED: ReadonlySet<string> = new Set<keyof OfficialFilter>([
  'sex',
  'ethnicities',
  'ethnicMinority',
  'within',
  'keyLeadership',
  'activeOn',
  'birthYearFrom',
  'birthYearTo',
]);

/** The OfficialFilter fields the tallies hold (but `within` and the day), on their rows `r`. */
function applyTallyFilter(query: Knex.QueryBuilder, filter: OfficialFilter): void {
  applyOfficialFieldFilter(query, filter, 'r');
  if (filter.keyLeadership != null) query.where('r.holds_key', filter.keyLeadership);
}

/** Arbitrary key of the advisory lock one rebuilding reader holds. */
const REBUILD_LOCK = 2026_1127_23;

/**
 * Whether the tallies count the day (two bindings): no live post starts or ends between the
 * tally day and it.
 */
const SERVES_SQL = `select day <= ?::date and (valid_until is null or ?::date < valid_until)
  from official_tally_state`;

/**
 * The tallies rebuilt for `day` when it is today: by one reader, while the others count row by
 * row; a read-only server (a replica) cannot, and counts row by row until the primary has.
 * Whether they now count the day.
 */
async function rebuildFor(db: DashboardReader, day: string): Promise<boolean> {
  if (day !== toIsoDate(new Date())) return false;
  try {
    return await db.knex.transaction(async (trx) => {
      const lock = await trx.raw<{ rows: { locked: boolean }[] }>(
        'select pg_try_advisory_xact_lock(?) as locked',
        [REBUILD_LOCK],
      );
      if (!lock.rows[0]?.locked) return false;
      const state = await trx.raw<{ rows: { serves: boolean }[] }>(
        `select (${SERVES_SQL}) as serves`,
        [day, day],
      );
      if (!state.rows[0]?.serves) await trx.raw('select official_tally_rebuild(?::date)', [day]);
      return true;
    });
  } catch (error) {
    // 25006: read-only transaction (a replica).
    if ((error as { code?: string }).code === '25006') return false;
    throw error;
  }
}

/**
 * Keeps the tallies counting today on the primary, checked every `intervalMs`: a day change or
 * a write that touched many officials (an import) drops the tally day, and readers on replicas
 * cannot rebuild it. The rebuild takes the readers' lock, so one reader or instance does it.
 */
export function rebuildOfficialTalliesEvery(
  primary: EntityManager,
  intervalMs: number,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    rebuildFor(new DashboardReader(primary, 0), toIsoDate(new Date()))
      .catch((error: unknown) => log().error({ err: error }, 'Official tallies: rebuilding failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
