import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, type TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Records } from './support/own-data.js';

/**
 * A post counts from its start date through its end date, both included. Every computation
 * over the posts held on a day is asked on the day before the start, the start, the end and
 * the day after the end. The data is made here, on a database of its own: women living in
 * commune 94102 hold key posts in commune 94101 from START to END, enough of them for their
 * breakdown cell to be shown.
 */
const START = '2023-03-10';
const END = '2023-09-20';
const DAYS = [
  { day: '2023-03-09', held: false, why: 'the day before the start' },
  { day: START, held: true, why: 'the start date' },
  { day: END, held: true, why: 'the end date' },
  { day: '2023-09-21', held: false, why: 'the day after the end' },
];
const HOLDERS = testConfig().smallCellThreshold;

let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;
const localityIds: Record<string, string> = {};

beforeAll(async () => {
  ({ platform, records, stop } = await startOnOwnDatabase('as_of_dates'));
  await records.locality('94');
  await records.locality('941', '94');
  for (const code of ['94101', '94102'])
    localityIds[code] = (await records.locality(code, '941')).id;
  for (let i = 0; i < HOLDERS; i++) {
    const official = await records.official({
      fullName: `Phạm Thị Hạn ${i}`,
      sex: 'FEMALE',
      homeLocalityCode: '94102',
    });
    await records.position({
      officialId: official.id,
      localityCode: '94101',
      startDate: START,
      endDate: END,
    });
  }
});
afterAll(() => stop?.());

describe.each(DAYS)('posts on $why ($day)', ({ day, held }) => {
  it(`keyLeaderCoverage ${held ? 'counts' : 'does not count'} the post`, async () => {
    const data = await platform.data(
      `query ($day: Date!) { keyLeaderCoverage(localityCode: "94", level: COMMUNE, asOf: $day) {
          units withFemaleKeyLeader unitsWithout { code } } }`,
      { day },
    );
    expect(data.keyLeaderCoverage).toEqual({
      units: 2,
      withFemaleKeyLeader: held ? 1 : 0,
      unitsWithout: (held ? ['94102'] : ['94101', '94102']).map((code) => ({ code })),
    });
  });

  it(`officialsBreakdown ${held ? 'places' : 'does not place'} the holders at their post`, async () => {
    const data = await platform.data(
      `query ($day: Date!) { officialsBreakdown(groupBy: [LOCALITY, KEY_LEADERSHIP], filter: { within: "94" }, options: { asOf: $day }) {
          total suppressedGroups groups { locality { id } keyLeadership count } } }`,
      { day },
    );
    expect(data.officialsBreakdown).toEqual({
      total: HOLDERS,
      suppressedGroups: 0,
      groups: [
        held
          ? { locality: { id: localityIds['94101'] }, keyLeadership: true, count: HOLDERS }
          : { locality: { id: localityIds['94102'] }, keyLeadership: false, count: HOLDERS },
      ],
    });
  });

  it(`the officials and positions lists ${held ? 'include' : 'leave out'} the post`, async () => {
    const data = await platform.data(
      `query ($day: Date!) {
        keyLeaders: officials(filter: { within: "94", keyLeadership: true, activeOn: $day }) { totalCount }
        withoutKeyPost: officials(filter: { within: "94", keyLeadership: false, activeOn: $day }) { totalCount }
        atThePost: officials(filter: { within: "94101", activeOn: $day }) { totalCount }
        locality(code: "94101") { positions(filter: { activeOn: $day }) { startDate endDate } }
      }`,
      { day },
    );
    expect(data.keyLeaders.totalCount).toBe(held ? HOLDERS : 0);
    expect(data.withoutKeyPost.totalCount).toBe(held ? 0 : HOLDERS);
    expect(data.atThePost.totalCount).toBe(held ? HOLDERS : 0);
    expect(data.locality.positions).toEqual(
      held ? Array(HOLDERS).fill({ startDate: START, endDate: END }) : [],
    );
  });
});
