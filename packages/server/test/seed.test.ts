import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../src/seed/seed.js';
import { TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

/** Local governments of a level under Quảng Ngãi with a woman in a key post on a day. */
async function withFemaleKeyLeader(level: 'DISTRICT' | 'COMMUNE', day: string) {
  const [row] = await platform.sql<{ units: string; with_woman: string }>(
    `select count(*) as units,
            count(*) filter (where exists (
              select 1 from official_position p join official o on o.id = p.official_id
               where p.locality_id = u.id and p.is_key_leadership and p.agency_id is null
                 and o.sex = 'FEMALE' and p.start_date <= ?::date
                 and (p.end_date is null or p.end_date >= ?::date))) as with_woman
       from locality u
      where u.level = ? and u.path like (select path from locality where code = '51' and valid_from is null) || '%'`,
    [day, day, level],
  );
  return [Number(row.with_woman), Number(row.units)];
}

describe('the Quảng Ngãi demo data set', () => {
  it('reproduces the published key-leader figures from row-level positions', async () => {
    expect(await withFemaleKeyLeader('DISTRICT', '2023-12-31')).toEqual([9, 13]);
    expect(await withFemaleKeyLeader('COMMUNE', '2023-12-31')).toEqual([105, 173]);
  });

  it('marks every generated person and every demo value as such', async () => {
    const [people] = await platform.sql<{ total: string; synthetic: string }>(
      `select count(*) as total, count(*) filter (where synthetic) as synthetic from official`,
    );
    expect(Number(people.total)).toBeGreaterThan(1000);
    expect(people.synthetic).toBe(people.total);
    const [values] = await platform.sql<{ unmarked: string }>(
      `select count(*) filter (where not illustrative) as unmarked from indicator_value`,
    );
    expect(Number(values.unmarked)).toBe(0);
  });

  it('draws officials of the mountainous districts mostly from their ethnic minorities', async () => {
    const data = await platform.data(`{
      all: officials(filter: { within: "530", activeOn: "2024-06-01" }) { totalCount }
      minority: officials(filter: { within: "530", activeOn: "2024-06-01", ethnicMinority: true }) { totalCount nodes { ethnicity } }
      womenInKeyPosts: officials(filter: { within: "51", sex: FEMALE, keyLeadership: true, activeOn: "2023-12-31" }) { totalCount }
    }`);
    expect(data.minority.totalCount / data.all.totalCount).toBeGreaterThan(0.5);
    expect(new Set(data.minority.nodes.map((n: { ethnicity: string }) => n.ethnicity))).toEqual(
      new Set(['Ca Dong']),
    );
    expect(data.womenInKeyPosts.totalCount).toBeGreaterThanOrEqual(9 + 105);
  });

  it('is idempotent: a second run inserts nothing and changes no count', async () => {
    const tables = [
      'locality',
      'indicator',
      'indicator_value',
      'official',
      'official_position',
      'enrollment',
      'task',
    ];
    const count = async () =>
      Promise.all(
        tables.map(
          async (table) =>
            (await platform.sql<{ n: string }>(`select count(*) as n from ${table}`))[0].n,
        ),
      );
    const before = await count();
    const summary = await seedDemoData(platform.orm);
    expect(summary.inserted).toBe(0);
    expect(await count()).toEqual(before);
  });
});
