import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Records } from './support/own-data.js';

/**
 * Small-cell suppression at its edge: a cell of exactly the threshold is shown and not counted
 * as suppressed, a cell of one less is left out and counted. Asked as an ADMIN, who may see
 * personal data and so gets exact counts (no perturbation), with small cells suppressed. The officials are made here, on a database
 * of their own, so that every cell has a known size:
 *
 *   commune 95101: THRESHOLD women and THRESHOLD − 1 men
 *   commune 95102: THRESHOLD men
 */
const THRESHOLD = testConfig().smallCellThreshold;

let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;
let url: string;
const localityIds: Record<string, string> = {};

beforeAll(async () => {
  ({ platform, records, stop, url } = await startOnOwnDatabase('suppression'));
  await records.locality('95');
  await records.locality('951', '95');
  for (const code of ['95101', '95102'])
    localityIds[code] = (await records.locality(code, '951')).id;
  await records.agency('S-SNV', '951');
  await records.trainingProgram('S-2024-01', 'S-SNV', '951');
  const people: [string, 'FEMALE' | 'MALE', number][] = [
    ['95101', 'FEMALE', THRESHOLD],
    ['95101', 'MALE', THRESHOLD - 1],
    ['95102', 'MALE', THRESHOLD],
  ];
  for (const [home, sex, count] of people) {
    for (let i = 0; i < count; i++) {
      const official = await records.official({
        fullName: `Người ${home} ${sex} ${i}`,
        sex,
        homeLocalityCode: home,
      });
      // Everyone from 95101 takes the workshop: THRESHOLD women, THRESHOLD − 1 men.
      if (home === '95101') await records.enrollment('S-2024-01', official.id);
    }
  }
});
afterAll(() => stop?.());

/** Cells as "locality id|sex|size", sorted. */
const cells = (
  groups: { locality: { id: string } | null; sex: string | null; [size: string]: unknown }[],
  size: 'count' | 'enrollments',
) =>
  groups
    .map((group) => `${group.locality?.id}|${group.sex}|${JSON.stringify(group[size])}`)
    .sort((a, b) => a.localeCompare(b));

describe('small-cell suppression at the threshold', () => {
  it('follows the configured threshold: a platform at THRESHOLD + 1 suppresses every cell here', async () => {
    const stricter = await TestPlatform.start(
      url,
      testConfig({ smallCellThreshold: THRESHOLD + 1 }),
    );
    try {
      const data = await stricter.data(
        `{
          officials: officialsBreakdown(groupBy: [LOCALITY, SEX], filter: { within: "95" }) {
            threshold suppressedGroups groups { count }
          }
          training: trainingParticipation(groupBy: [SEX], filter: { within: "95" }) {
            threshold suppressedGroups groups { enrollments }
          }
        }`,
      );
      expect(data.officials).toEqual({ threshold: THRESHOLD + 1, suppressedGroups: 3, groups: [] });
      expect(data.training).toEqual({ threshold: THRESHOLD + 1, suppressedGroups: 2, groups: [] });
    } finally {
      await stricter.stop();
    }
  });

  it('the platform threshold is at least 2, so that a cell one below it exists', () => {
    expect(THRESHOLD).toBeGreaterThanOrEqual(2);
  });

  it('officialsBreakdown shows a cell of exactly the threshold and suppresses one below it', async () => {
    const data = await platform.data(
      `{
        bySex: officialsBreakdown(groupBy: [LOCALITY, SEX], filter: { within: "95" }) {
          total threshold suppressedGroups groups { locality { id } sex count }
        }
        byLocality: officialsBreakdown(groupBy: [LOCALITY], filter: { within: "95" }) {
          total suppressedGroups groups { locality { id } sex count }
        }
      }`,
    );
    expect(data.bySex.threshold).toBe(THRESHOLD);
    expect(data.bySex.total).toBe(3 * THRESHOLD - 1);
    expect(data.bySex.suppressedGroups).toBe(1);
    expect(cells(data.bySex.groups, 'count')).toEqual(
      [
        `${localityIds['95101']}|FEMALE|${THRESHOLD}`,
        `${localityIds['95102']}|MALE|${THRESHOLD}`,
      ].sort((a, b) => a.localeCompare(b)),
    );
    // Coarser cells: both shown, none suppressed.
    expect(data.byLocality.suppressedGroups).toBe(0);
    expect(cells(data.byLocality.groups, 'count')).toEqual(
      [
        `${localityIds['95101']}|null|${2 * THRESHOLD - 1}`,
        `${localityIds['95102']}|null|${THRESHOLD}`,
      ].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('a minCount above the threshold moves the edge with it', async () => {
    const data = await platform.data(
      `query ($min: Int) { officialsBreakdown(groupBy: [LOCALITY, SEX], filter: { within: "95" }, options: { minCount: $min }) {
          threshold suppressedGroups groups { count } } }`,
      { min: THRESHOLD + 1 },
    );
    expect(data.officialsBreakdown).toEqual({
      threshold: THRESHOLD + 1,
      suppressedGroups: 3,
      groups: [],
    });
  });

  it('trainingParticipation shows a cell of exactly the threshold and suppresses one below it', async () => {
    const data = await platform.data(
      `{ trainingParticipation(groupBy: [LOCALITY, SEX], filter: { within: "95" }) {
          enrollments threshold suppressedGroups groups { locality { id } sex enrollments }
      } }`,
    );
    const participation = data.trainingParticipation;
    expect(participation.threshold).toBe(THRESHOLD);
    expect(participation.enrollments).toBe(2 * THRESHOLD - 1);
    expect(participation.suppressedGroups).toBe(1);
    expect(cells(participation.groups, 'enrollments')).toEqual([
      `${localityIds['95101']}|FEMALE|${THRESHOLD}`,
    ]);
  });
});
