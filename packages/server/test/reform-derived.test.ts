import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, type TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Records } from './support/own-data.js';

/**
 * Figures of a unit formed by a reform, for years before it existed, derived from its
 * predecessors' own values; on a database of its own, with exact values made here. Two
 * provinces (51 and 62) went into a new 51 on 2025-07-01; old commune 21001 was divided between
 * new communes 21100 and 21200, old 21002 went wholly into 21100.
 */
const REFORM = '2025-07-01';
let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;

const SUCCESSIONS = [
  'predecessor_code,successor_code,effective_date,divided,source',
  `51,51,${REFORM},false,test merge`,
  `62,51,${REFORM},,test merge`,
  `21001,21100,${REFORM},true,test merge`,
  `21001,21200,${REFORM},true,test merge`,
  `21002,21100,${REFORM},false,test merge`,
].join('\n');

const IMPORT = `mutation ($csv: String!) {
  importRecords(kind: LOCALITY_SUCCESSIONS, csv: $csv) {
    applied inserted updated unchanged problems { line column value reason }
  }
}`;

const SERIES = `query ($indicator: String!, $code: String!) {
  indicatorSeries(indicatorCode: $indicator, localityCode: $code, fromYear: 2023, toYear: 2025) {
    points { year derived derivation value predecessorValues { value numerator denominator divided locality { code validTo } } }
  }
}`;

async function point(indicator: string, code: string, year: number) {
  const data = await platform.data(SERIES, { indicator, code });
  return data.indicatorSeries.points.find((p: { year: number }) => p.year === year);
}

async function value(indicator: string, code: string, year: number, figures: number[]) {
  const knex = platform.orm.em.getKnex();
  const [{ id: indicatorId }] = await knex('indicator').select('id').where('code', indicator);
  const [{ id: localityId }] = await knex('locality')
    .select('id')
    .where('code', code)
    .whereNotNull('valid_to');
  const [v, numerator, denominator] = figures;
  await knex('indicator_value').insert({
    indicator_id: indicatorId,
    locality_id: localityId,
    year,
    value: v,
    numerator: numerator ?? null,
    denominator: denominator ?? null,
    approval_status: 'APPROVED',
    source: 'test',
  });
}

beforeAll(async () => {
  ({ platform, records, stop } = await startOnOwnDatabase('reform_derived'));
  const ended = { validTo: REFORM };
  await records.locality('51', undefined, ended);
  await records.locality('62', undefined, ended);
  await records.locality('511', '51', ended);
  await records.locality('21001', '511', ended);
  await records.locality('21002', '511', ended);
  await records.locality('51', undefined, { validFrom: REFORM, name: 'Tỉnh mới 51' });
  await records.locality('21100', '51', { validFrom: REFORM });
  await records.locality('21200', '51', { validFrom: REFORM });
  await records.strategy(['MT1.1', { code: 'MT1.2', unit: 'COUNT', valueScale: 1 }]);
  // A rate: 30 of 120 in old 51 (25 %), 45 of 60 in 62 (75 %); pooled 75 of 180.
  await value('MT1.1', '51', 2023, [25, 30, 120]);
  await value('MT1.1', '62', 2023, [75, 45, 60]);
  await value('MT1.2', '51', 2023, [7]);
  await value('MT1.2', '62', 2023, [5]);
  await value('MT1.2', '21001', 2023, [3]);
  await value('MT1.2', '21002', 2023, [4]);
});
afterAll(() => stop?.());

describe('a succession import', () => {
  it('refuses anonymous callers and editors outside the units', async () => {
    const anonymous = await platform.query(IMPORT, { csv: SUCCESSIONS }, { token: '' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const editor = await signToken({ role: 'EDITOR', scope: '62', sub: 'kon-tum' });
    const outside = await platform.query(IMPORT, { csv: SUCCESSIONS }, { token: editor });
    expect(outside.data?.importRecords).toMatchObject({ applied: false, inserted: 0 });
    expect(outside.data?.importRecords.problems).toContainEqual({
      line: 4,
      column: 'predecessor_code',
      value: '21001',
      reason: 'is outside the scope 62',
    });
  });

  it('refuses a whole file for one bad row, naming the column and the reason', async () => {
    const report = (
      await platform.data(IMPORT, {
        csv: [
          SUCCESSIONS,
          `62,51,2025-08-01,false,wrong day`,
          `21002,21200,${REFORM},maybe,bad flag`,
          `21001,21001,2025-13-01,false,bad date`,
        ].join('\n'),
      })
    ).importRecords;
    expect(report).toMatchObject({ applied: false, inserted: 0 });
    expect(report.problems).toEqual(
      expect.arrayContaining([
        {
          line: 7,
          column: 'predecessor_code',
          value: '62',
          reason: 'no unit had this code on the day before effective_date',
        },
        { line: 8, column: 'divided', value: 'maybe', reason: 'must be true or false' },
        {
          line: 9,
          column: 'effective_date',
          value: '2025-13-01',
          reason: 'must be a date (YYYY-MM-DD)',
        },
      ]),
    );
    const data = await platform.data(`{ locality(code: "51") { predecessors { id } } }`);
    expect(data.locality.predecessors).toEqual([]);
  });

  it('applies a good file once, and derived figures follow it at once', async () => {
    // Before the links exist the years before the unit are its own in no way.
    expect(await point('MT1.1', '51', 2023)).toMatchObject({
      derived: true,
      derivation: 'NOT_DERIVABLE',
      value: null,
      predecessorValues: [],
    });
    expect((await platform.data(IMPORT, { csv: SUCCESSIONS })).importRecords).toMatchObject({
      applied: true,
      inserted: 5,
      problems: [],
    });
    expect((await platform.data(IMPORT, { csv: SUCCESSIONS })).importRecords).toMatchObject({
      applied: true,
      inserted: 0,
      updated: 0,
    });
    expect((await point('MT1.1', '51', 2023)).derivation).toBe('RATIO_OF_SUMS');
  });
});

describe('derived values of a present unit for a year before the reform', () => {
  it("pools a rate's numerators and denominators, never averaging the rates", async () => {
    expect(await point('MT1.1', '51', 2023)).toEqual({
      year: 2023,
      derived: true,
      derivation: 'RATIO_OF_SUMS',
      value: (75 / 180) * 100,
      predecessorValues: [
        {
          value: 25,
          numerator: 30,
          denominator: 120,
          divided: false,
          locality: { code: '51', validTo: REFORM },
        },
        {
          value: 75,
          numerator: 45,
          denominator: 60,
          divided: false,
          locality: { code: '62', validTo: REFORM },
        },
      ],
    });
    // The year of the reform is the new unit's own: nothing reported, nothing derived.
    expect(await point('MT1.1', '51', 2025)).toMatchObject({ derived: false, value: null });
  });

  it('adds counts', async () => {
    expect(await point('MT1.2', '51', 2023)).toMatchObject({ derivation: 'SUM', value: 12 });
  });

  it('derives nothing from a divided predecessor, and lists the values instead', async () => {
    expect(await point('MT1.2', '21100', 2023)).toEqual({
      year: 2023,
      derived: true,
      derivation: 'NOT_DERIVABLE',
      value: null,
      predecessorValues: [
        {
          value: 3,
          numerator: null,
          denominator: null,
          divided: true,
          locality: { code: '21001', validTo: REFORM },
        },
        {
          value: 4,
          numerator: null,
          denominator: null,
          divided: false,
          locality: { code: '21002', validTo: REFORM },
        },
      ],
    });
  });

  it('answers for the old unit its own values when asked with its day', async () => {
    const data = await platform.data(
      `{ indicatorSeries(indicatorCode: "MT1.1", localityCode: "51", asOf: "2024-12-31", fromYear: 2023, toYear: 2023) {
          points { derived value } } }`,
    );
    expect(data.indicatorSeries.points).toEqual([{ derived: false, value: 25 }]);
  });
});
