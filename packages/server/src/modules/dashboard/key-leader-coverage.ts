import { badUserInput } from '../common/errors.js';
import { activeOnSql } from '../common/lookup.js';
import { toIsoDate } from '../common/scalars.js';
import { whereValidOn, pathWithin } from '../common/subtree.js';
import { Locality, type LocalityLevel } from '../locality/locality.entity.js';
import type { KeyLeaderCoverage } from './dashboard.types.js';
import { checkTierExists, LEVEL_RANK, type DashboardReader } from './common.js';

export async function keyLeaderCoverage(
  db: DashboardReader,
  args: {
    localityCode: string;
    level: LocalityLevel;
    asOf: Date;
  },
): Promise<KeyLeaderCoverage> {
  const day = toIsoDate(args.asOf);
  checkTierExists(args.level, day, 'level');
  const locality = await db.locality(args.localityCode, 'localityCode', args.asOf);
  if (LEVEL_RANK[args.level] <= LEVEL_RANK[locality.level]) {
    throw badUserInput('level', `must be below ${locality.level} (the level of ${locality.code})`);
  }
  const knex = db.knex;
  const units = knex('locality as u')
    .select('u.*')
    .where('u.level', args.level)
    .whereNull('u.archived_at')
    .whereRaw(pathWithin('u', '?', true), [locality.path, locality.path]);
  whereValidOn(units, 'u', day);
  const covered = knex.from('units').select(
    'units.*',
    knex.raw(
      `exists (select 1 from official_position p join official o on o.id = p.official_id
                  where p.locality_id = units.id and p.is_key_leadership and p.agency_id is null
                    and p.archived_at is null and o.archived_at is null
                    and o.sex = 'FEMALE' and ${activeOnSql('p')}) as covered`,
      [day, day],
    ),
  );
  // One statement: the counts, and the whole rows of the units without a woman, which the
  // request keeps so that `unitsWithout` resolves them without a statement of its own.
  const rows = await db.run<Record<string, unknown>>(
    knex
      .with('units', units)
      // Materialised, so that each unit's posts are looked up once, not once per use below.
      .withMaterialized('coverage', covered)
      .from(
        knex.raw(`(select count(*) as coverage_units, count(*) filter (where covered) as coverage_covered
                     from coverage) as totals
                  left join coverage c on not c.covered`),
      )
      .select('totals.coverage_units', 'totals.coverage_covered', 'c.*')
      .orderBy('c.code'),
  );
  // The counts are on every row; without a unit lacking a woman, one row holds them alone.
  const [row] = rows;
  if (!row) throw new Error('keyLeaderCoverage: the count returned no row');
  const without = rows.filter((unit) => unit.id !== null);
  db.remember(Locality, without);
  const total = Number(row.coverage_units);
  const withWoman = Number(row.coverage_covered);
  return {
    localityId: locality.id,
    level: args.level,
    asOf: day,
    units: total,
    withFemaleKeyLeader: withWoman,
    share: total > 0 ? withWoman / total : null,
    unitsWithoutIds: without.map((unit) => Number(unit.id)),
  };
}
