import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

describe('strategy, goals and indicators', () => {
  it('carries the strategy with its 6 goals and 20 indicator lines, each with its text status', async () => {
    const data = await platform.data(`{
      strategy { code startYear endYear goals { code indicators { code textStatus } } }
      indicators(first: 100) { totalCount }
    }`);
    expect(data.strategy.code).toBe('NQ28-2021-2030');
    expect(data.strategy.goals.map((goal: { code: string }) => goal.code)).toEqual([
      'MT1',
      'MT2',
      'MT3',
      'MT4',
      'MT5',
      'MT6',
    ]);
    expect(data.indicators.totalCount).toBe(20);
    const statuses = data.strategy.goals.flatMap((goal: { indicators: { textStatus: string }[] }) =>
      goal.indicators.map((indicator) => indicator.textStatus),
    );
    expect(statuses.filter((status: string) => status === 'UNKNOWN')).toHaveLength(6);
  });

  it('never presents an unverified line as official wording', async () => {
    const data = await platform.data(`{
      indicators(filter: { textStatuses: [UNKNOWN, TOPIC_ONLY] }, first: 50) {
        nodes { code nameVi textStatus target2025 target2030 source }
      }
    }`);
    for (const indicator of data.indicators.nodes) {
      if (indicator.textStatus === 'UNKNOWN') expect(indicator.nameVi).toMatch(/chưa xác minh/);
      expect(indicator.target2025).toBeNull();
      expect(indicator.source).not.toBe('');
    }
  });

  it('gives the national targets and definition of a verified indicator', async () => {
    const data = await platform.data(`{
      indicator(code: "MT1.1") { code unit direction textStatus target2025 target2030 goal { code } strategy { code } }
      missing: indicator(code: "MT9.9") { code }
    }`);
    expect(data.indicator).toEqual({
      code: 'MT1.1',
      unit: 'PERCENT',
      direction: 'AT_LEAST',
      textStatus: 'VERIFIED',
      target2025: 60,
      target2030: 75,
      goal: { code: 'MT1' },
      strategy: { code: 'NQ28-2021-2030' },
    });
    expect(data.missing).toBeNull();
  });

  it("lists the 19 indicators Quảng Ngãi's plan tracks", async () => {
    const data = await platform.data(`{
      plan(code: "QNG-NQ28-2021-2030") { locality { code } indicators { code } }
      tracked: indicators(filter: { planCode: "QNG-NQ28-2021-2030" }) { totalCount }
    }`);
    expect(data.plan.locality.code).toBe('51');
    expect(data.plan.indicators).toHaveLength(19);
    expect(data.tracked.totalCount).toBe(19);
  });

  it('finds indicators by name in either language without diacritics', async () => {
    const data = await platform.data(`{
      vi: indicators(filter: { search: "ty so gioi tinh khi sinh" }) { nodes { code } }
      en: indicators(filter: { search: "MATERNAL mortality" }) { nodes { code } }
    }`);
    expect(data.vi.nodes).toEqual([{ code: 'MT4.1' }]);
    expect(data.en.nodes).toEqual([{ code: 'MT4.2' }]);
  });
});

describe('indicator values', () => {
  it('holds the demo seed’s 2023 values for the tracked indicators, marked illustrative, with 16 met as the seed was built to give', async () => {
    const data = await platform.data(`{
      indicatorValues(filter: { year: 2023, localityCode: "51", planCode: "QNG-NQ28-2021-2030" }, first: 100) {
        totalCount
        nodes { value target status illustrative source indicator { code direction } }
      }
    }`);
    const values = data.indicatorValues.nodes;
    expect(data.indicatorValues.totalCount).toBe(19);
    expect(values.every((value: { illustrative: boolean }) => value.illustrative)).toBe(true);
    expect(values.filter((value: { status: string }) => value.status === 'MET')).toHaveLength(16);
  });

  it('derives every status from value, target and direction', async () => {
    const data = await platform.data(`{
      indicatorValues(first: 500) { nodes { value target status indicator { direction } } }
    }`);
    for (const row of data.indicatorValues.nodes) {
      const expected =
        row.value === null
          ? 'NO_DATA'
          : row.target === null
            ? 'NO_TARGET'
            : {
                  AT_LEAST: row.value >= row.target,
                  AT_MOST: row.value <= row.target,
                  BELOW: row.value < row.target,
                }[row.indicator.direction as 'AT_LEAST' | 'AT_MOST' | 'BELOW']
              ? 'MET'
              : 'NOT_MET';
      expect(row.status).toBe(expected);
    }
  });

  it('filters by goal, status and year range and reaches values from a locality', async () => {
    const data = await platform.data(`{
      missed: indicatorValues(filter: { statuses: [NOT_MET], year: 2023, localityCode: "51" }) { totalCount }
      mt3: indicatorValues(filter: { goalCode: "MT3", year: 2023, localityCode: "51" }) { totalCount }
      earlier: indicatorValues(filter: { yearFrom: 2021, yearTo: 2022, localityCode: "51" }) { totalCount }
      districts: indicatorValues(filter: { year: 2023, within: "51", indicatorCode: "MT4.1" }) { totalCount }
      none: indicatorValues(filter: { year: 2020 }) { totalCount }
      locality(code: "51", asOf: "2024-02-01") { indicatorValues(filter: { indicatorCode: "MT4.1" }, orderBy: { field: YEAR, direction: DESC }) { nodes { year value status } } }
    }`);
    expect(data.missed.totalCount).toBe(3);
    expect(data.mt3.totalCount).toBe(4);
    expect(data.earlier.totalCount).toBe(38);
    expect(data.districts.totalCount).toBe(14);
    expect(data.none.totalCount).toBe(0);
    expect(data.locality.indicatorValues.nodes).toEqual([
      { year: 2023, value: 112.4, status: 'NOT_MET' },
      { year: 2022, value: 113, status: 'NOT_MET' },
      { year: 2021, value: 113.6, status: 'NOT_MET' },
    ]);
  });

  it('rejects an empty year range with an error naming the field', async () => {
    const result = await platform.query(
      `{ indicatorValues(filter: { yearFrom: 2025, yearTo: 2021 }) { totalCount } }`,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.yearTo',
    });
    const outside = await platform.query(
      `{ indicatorValues(filter: { year: 20230 }) { totalCount } }`,
    );
    expect(outside.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.year',
    });
  });
});
