import type { Knex } from '@mikro-orm/postgresql';
import { activeOnSql } from '../common/lookup.js';
import { toIsoDate } from '../common/scalars.js';
import { subtreeIds } from '../common/subtree.js';
import type { OfficialFilter } from '../official/official.inputs.js';
import { applyOfficialFilter } from '../official/official.service.js';
import type { OfficialDimension, BreakdownOptions } from './dashboard.inputs.js';
import type { OfficialsBreakdown } from './dashboard.types.js';
import { cellKeySql, EXACT, publishTable, recordKeyColumn, type Disclosure } from './disclosure.js';
import { tallyBreakdownRows } from './officials-tally.js';
import {
  AGE_BAND_SQL,
  ETHNICITY_GROUP_SQL,
  num,
  uniqueDimensions,
  type DashboardReader,
} from './common.js';

/** Each dimension as the SQL over a breakdown's base rows `b` and its column in the cells. */
const EXPRESSIONS: Record<OfficialDimension, { sql: string; column: string }> = {
  SEX: { sql: 'b.sex', column: 'sex' },
  ETHNICITY_GROUP: { sql: ETHNICITY_GROUP_SQL('b.ethnicity'), column: 'ethnicity_group' },
  ETHNICITY: { sql: 'b.ethnicity', column: 'ethnicity' },
  LOCALITY_LEVEL: { sql: 'l.level', column: 'locality_level' },
  LOCALITY: { sql: 'l.id', column: 'locality_id' },
  AGE_BAND: { sql: AGE_BAND_SQL('b.age'), column: 'age_band' },
  ORGANISATION_KIND: { sql: 'b.organisation_kind', column: 'organisation_kind' },
  KEY_LEADERSHIP: { sql: 'coalesce(b.is_key_leadership, false)', column: 'key_leadership' },
};

export async function officialsBreakdown(
  db: DashboardReader,
  groupBy: OfficialDimension[],
  filter: OfficialFilter = {},
  options: BreakdownOptions = {},
  disclosure: Disclosure = EXACT,
  /** Officials a personal grouping or filter may count (see personalQueryScope). */
  personalScope: Knex.Raw | null = null,
): Promise<OfficialsBreakdown> {
  const dimensions = uniqueDimensions(groupBy, 'groupBy');
  const day = toIsoDate(options.asOf ?? new Date());
  const threshold = db.threshold(options.minCount);
  // Exact tables without a personal scope are counted from the tallies when they hold the
  // filter and the day; perturbed tables need each record's key, a personal scope each
  // official's home.
  const tallied =
    disclosure.perturbed || personalScope
      ? null
      : await tallyBreakdownRows(db, dimensions, EXPRESSIONS, filter, day);
  const rows =
    tallied ?? (await breakdownRows(db, dimensions, filter, options, disclosure, personalScope));
  return breakdownTable(rows, threshold, disclosure);
}

/**
 * The cells (`n`, `cell_key`) and the total (`total`, `total_key`, on every row) counted row by
 * row from the officials and their posts on the day.
 */
export async function breakdownRows(
  db: DashboardReader,
  dimensions: OfficialDimension[],
  filter: OfficialFilter,
  options: BreakdownOptions,
  disclosure: Disclosure,
  personalScope: Knex.Raw | null,
): Promise<Record<string, unknown>[]> {
  const day = toIsoDate(options.asOf ?? new Date());
  const knex = db.knex;
  const expressions = EXPRESSIONS;
  const within = filter.within;
  const base = knex('official as t');
  if (within == null) {
    base.leftJoin('official_position as p', function joinPost() {
      this.on('p.official_id', 't.id')
        .andOnNull('p.archived_at')
        .andOn(knex.raw(activeOnSql('p'), [day, day]));
    });
  } else {
    // Within a subtree the officials are few: their posts are found by official, one by one
    // (`offset 0` keeps the planner from turning this back into a join over every post).
    base.joinRaw(
      `left join lateral (select * from official_position p where p.official_id = t.id
         and p.archived_at is null and ${activeOnSql('p')} offset 0) p on true`,
      [day, day],
    );
  }
  base.select(
    't.id as official_id',
    't.sex',
    't.ethnicity',
    knex.raw('extract(year from ?::date)::int - t.birth_year as age', [day]),
    'p.organisation_kind',
    'p.is_key_leadership',
    knex.raw('coalesce(p.locality_id, t.home_locality_id) as locality_id'),
    recordKeyColumn(knex, disclosure, 'official', 't.id'),
  );
  // `within` (home or a post on the day in the subtree) is served by indexes: the subtree's
  // units by the path index, then officials by home and posts by locality, gathered once.
  const officialFilter = { activeOn: options.asOf, ...filter };
  const withinDay = toIsoDate(officialFilter.activeOn ?? new Date());
  applyOfficialFilter(knex, base, { ...officialFilter, within: undefined }, personalScope);
  if (within != null) base.whereIn('t.id', knex.from('scoped').select('official_id'));
  const selected = dimensions.map((dimension) => expressions[dimension]);
  const columns = selected.map(({ column }) => column);
  // An official with several posts in one cell counts once, and so does their record key.
  const members = knex
    .from('base as b')
    .leftJoin('locality as l', 'l.id', 'b.locality_id')
    .select(
      ...selected.map(({ sql, column }) => knex.raw(`${sql} as ${column}`)),
      'b.official_id',
      'b.record_key',
    )
    .groupByRaw([...selected.map(({ sql }) => sql), 'b.official_id', 'b.record_key'].join(', '));
  const cells = knex
    .from('members')
    .select(
      ...columns,
      knex.raw('count(*) as n'),
      knex.raw(`${cellKeySql('record_key')} as cell_key`),
    )
    .groupBy(columns);
  const officials = knex.from('base').distinct('official_id', 'record_key');
  const totals = knex
    .from(officials.as('o'))
    .select(knex.raw('count(*) as total'), knex.raw(`${cellKeySql('o.record_key')} as total_key`));
  const statement = knex.queryBuilder();
  if (within != null) {
    statement.withMaterialized('subtree', subtreeIds(knex, within, day)).withMaterialized(
      'scoped',
      knex
        .from('official as h')
        .select('h.id as official_id')
        .whereIn('h.home_locality_id', knex.from('subtree').select('id'))
        .union((union) => {
          union
            .from('official_position as s')
            .select('s.official_id')
            .whereIn('s.locality_id', knex.from('subtree').select('id'))
            .whereNull('s.archived_at')
            .whereRaw(activeOnSql('s'), [withinDay, withinDay]);
        }),
    );
  }
  return db.run<Record<string, unknown>>(
    statement
      .with('base', base)
      .with('members', members)
      .with('cells', cells)
      .with('totals', totals)
      .from('totals')
      .leftJoin('cells', knex.raw('true'))
      .select('cells.*', 'totals.total', 'totals.total_key')
      .orderBy(columns.map((column) => ({ column: `cells.${column}` }))),
  );
}

function breakdownTable(
  rows: Record<string, unknown>[],
  threshold: number,
  disclosure: Disclosure,
): OfficialsBreakdown {
  // `totals` has one row whatever the cells, so the left join always returns one at least.
  const [first] = rows;
  if (!first) throw new Error('officialsBreakdown: the totals returned no row');
  const table = publishTable(
    disclosure,
    threshold,
    { count: Number(first.total), key: Number(first.total_key) },
    rows.filter((row) => row.n !== null),
    (row) => ({ count: Number(row.n), key: Number(row.cell_key) }),
  );
  const total = table.total;
  return {
    total,
    threshold,
    perturbed: disclosure.perturbed,
    suppressedGroups: table.suppressed,
    groups: table.shown
      .map(({ row, count }) => ({
        sex: (row.sex as never) ?? null,
        ethnicityGroup: (row.ethnicity_group as never) ?? null,
        ethnicity: (row.ethnicity as string) ?? null,
        localityLevel: (row.locality_level as never) ?? null,
        localityId: num(row.locality_id),
        ageBand: (row.age_band as never) ?? null,
        organisationKind: (row.organisation_kind as never) ?? null,
        keyLeadership: (row.key_leadership as boolean | undefined) ?? null,
        count,
        share: total ? Math.min(1, count / total) : 0,
      }))
      // Largest first; the sort is stable, so ties keep the order of their dimensions.
      .sort((a, b) => b.count - a.count),
  };
}
