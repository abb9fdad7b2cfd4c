import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, type GraphQLResponse, type TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Records } from './support/own-data.js';

/**
 * Review and approval in bulk: a district's editor submits, a province's editor approves, many
 * values per call, each under the rules of the one-value mutations; any value that may not
 * change stops the whole call. On a database of its own:
 *
 *   94 ─── 941 ─── 94101 … 94150        95 ─── 951 ─── 95101
 */
let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;
const tokens: Record<string, string> = {};
const INDICATORS = Array.from({ length: 20 }, (_, index) => `MT1.${index + 1}`);
const COMMUNES = Array.from(
  { length: 50 },
  (_, index) => `941${String(index + 1).padStart(2, '0')}`,
);

const REVIEW = `mutation ($input: ReviewIndicatorValuesInput!) {
  reviewIndicatorValues(input: $input) { action approvalStatus changed ids }
}`;
const IMPORT = `mutation ($csv: String!) {
  importRecords(kind: INDICATOR_VALUES, csv: $csv) { applied inserted problemCount problems { reason } }
}`;
const ROLLUP = `query ($code: String!, $year: Int!) {
  indicatorRollup(indicatorCode: "MT1.1", localityCode: $code, year: $year) { units reporting }
}`;

const review = (input: Record<string, unknown>, token: string) =>
  platform.query(REVIEW, { input }, { token });

async function importValues(localities: string[], year: number, token: string) {
  const lines = [
    'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source',
  ];
  for (const locality of localities)
    for (const indicator of INDICATORS)
      lines.push(`${indicator},${locality},${year},60,,,,50,,survey`);
  const data = await platform.data(IMPORT, { csv: lines.join('\n') }, { token });
  expect(data.importRecords).toMatchObject({ applied: true, problemCount: 0 });
}

async function idsOf(localityPrefix: string, year: number): Promise<string[]> {
  const rows = await platform.sql<{ id: number }>(
    `select v.id from indicator_value v join locality l on l.id = v.locality_id
      where l.code like ? and v.year = ? order by v.id`,
    [`${localityPrefix}%`, year],
  );
  return rows.map((row) => String(row.id));
}

/** The versions of values as a reviewer read them, in the order of `ids`. */
async function versionsOf(ids: string[]): Promise<number[]> {
  const rows = await platform.sql<{ id: number; version: number }>(
    `select id, version from indicator_value where id = any(?::int[])`,
    [`{${ids.join(',')}}`],
  );
  const byId = new Map(rows.map((row) => [String(row.id), row.version]));
  return ids.map((id) => byId.get(id)!);
}

const statuses = async (ids: string[]) =>
  (
    await platform.sql<{ approval_status: string }>(
      `select distinct approval_status from indicator_value where id = any(?::int[])`,
      [`{${ids.join(',')}}`],
    )
  ).map((row) => row.approval_status);

function refused(result: GraphQLResponse, code: string) {
  expect(result.data ?? null).toBeNull();
  expect(result.errors![0].extensions!.code, result.errors![0].message).toBe(code);
  return result.errors![0];
}

beforeAll(async () => {
  ({ platform, records, stop } = await startOnOwnDatabase('review'));
  await records.strategy([...INDICATORS, { code: 'MT2.1', unit: 'BOOLEAN', valueScale: 1 }]);
  await records.locality('94');
  await records.locality('941', '94');
  for (const code of COMMUNES) await records.locality(code, '941');
  await records.locality('95');
  await records.locality('951', '95');
  await records.locality('95101', '951');
  tokens.anonymous = '';
  tokens.analyst = await signToken({ role: 'ANALYST', sub: 'analyst@test' });
  tokens.district = await signToken({ role: 'EDITOR', scope: '941', sub: 'district@test' });
  tokens.commune = await signToken({ role: 'EDITOR', scope: '94101', sub: 'commune@test' });
  tokens.province = await signToken({ role: 'EDITOR', scope: '94', sub: 'province@test' });
  tokens.otherProvince = await signToken({ role: 'EDITOR', scope: '95', sub: 'other@test' });
}, 180_000);
afterAll(() => stop?.());

describe('bulk review and approval', () => {
  it('1,000 imported values go DRAFT → SUBMITTED → APPROVED in two calls by two people, and the aggregates then count them', async () => {
    await importValues(COMMUNES, 2024, tokens.district);
    const ids = await idsOf('941', 2024);
    expect(ids).toHaveLength(1000);
    const rollup = async () =>
      (await platform.data(ROLLUP, { code: '941', year: 2024 })).indicatorRollup;
    expect(await rollup()).toMatchObject({ units: 50, reporting: 0 });

    const awaiting = `{ indicatorValues(first: 1, filter: { within: "941", year: 2024, approvalStatuses: [SUBMITTED] }) { totalCount } }`;
    expect((await platform.data(awaiting)).indicatorValues.totalCount).toBe(0);
    const submitted = await platform.data(
      REVIEW,
      {
        input: { action: 'SUBMIT', within: '941', year: 2024 },
      },
      { token: tokens.district },
    );
    expect(submitted.reviewIndicatorValues).toMatchObject({
      action: 'SUBMIT',
      approvalStatus: 'SUBMITTED',
      changed: 1000,
    });
    expect((await platform.data(awaiting)).indicatorValues.totalCount).toBe(1000);
    expect(await rollup()).toMatchObject({ reporting: 0 });

    // Four eyes: the submitter may not approve what it submitted, even a level up.
    const own = await review({ action: 'APPROVE', within: '941', year: 2024 }, tokens.district);
    expect(refused(own, 'FORBIDDEN').extensions!.refused).toBe(1000);
    expect(await statuses(ids)).toEqual(['SUBMITTED']);

    const approved = await platform.data(
      REVIEW,
      {
        input: { action: 'APPROVE', ids, versions: await versionsOf(ids) },
      },
      { token: tokens.province },
    );
    expect(approved.reviewIndicatorValues).toMatchObject({
      approvalStatus: 'APPROVED',
      changed: 1000,
    });
    expect([...approved.reviewIndicatorValues.ids].sort()).toEqual([...ids].sort());
    expect(await statuses(ids)).toEqual(['APPROVED']);
    expect(await rollup()).toMatchObject({ units: 50, reporting: 50 });
    const events = await platform.sql<{ action: string; actor: string; n: string }>(
      `select action, actor, count(*) as n from audit_event
        where entity = 'indicator_value' and action in ('SUBMIT', 'APPROVE') group by action, actor order by action`,
    );
    expect(events).toEqual([
      { action: 'APPROVE', actor: 'token:province@test', n: '1000' },
      { action: 'SUBMIT', actor: 'token:district@test', n: '1000' },
    ]);

    // Returning two sends exactly those two back to DRAFT, with the reason.
    const back = await platform.data(
      REVIEW,
      {
        input: { action: 'RETURN', ids: ids.slice(0, 2), reason: 'Số liệu cần kiểm tra lại' },
      },
      { token: tokens.province },
    );
    expect(back.reviewIndicatorValues).toMatchObject({ approvalStatus: 'DRAFT', changed: 2 });
    expect(await statuses(ids.slice(0, 2))).toEqual(['DRAFT']);
    expect(await statuses(ids.slice(2))).toEqual(['APPROVED']);
  });

  it('takes the same number of statements for 10 values as for 500', async () => {
    await importValues(COMMUNES.slice(0, 25), 2022, tokens.district);
    const ids = await idsOf('941', 2022);
    const small = await platform.countStatements(() =>
      review({ action: 'SUBMIT', ids: ids.slice(0, 10) }, tokens.district),
    );
    const large = await platform.countStatements(() =>
      review({ action: 'SUBMIT', ids: ids.slice(10) }, tokens.district),
    );
    expect(ids.slice(10)).toHaveLength(490);
    expect(large).toBe(small);
    expect(await statuses(ids)).toEqual(['SUBMITTED']);
  });

  it('is refused whole to the anonymous, analysts, out-of-scope editors, mixed lists, self-approval and oversized lists', async () => {
    await importValues(['94101', '94102'], 2023, tokens.district);
    await importValues(['95101'], 2023, tokens.otherProvince);
    const inside = await idsOf('941', 2023);
    const outside = await idsOf('951', 2023);
    const before = await platform.fingerprint();

    refused(await review({ action: 'SUBMIT', ids: inside }, tokens.anonymous), 'UNAUTHENTICATED');
    refused(await review({ action: 'SUBMIT', ids: inside }, tokens.analyst), 'FORBIDDEN');
    refused(await review({ action: 'SUBMIT', ids: inside }, tokens.otherProvince), 'NOT_FOUND');
    refused(
      await review({ action: 'SUBMIT', within: '941', year: 2023 }, tokens.otherProvince),
      'NOT_FOUND',
    );
    const mixed = refused(
      await review({ action: 'SUBMIT', ids: [...inside, outside[0]] }, tokens.district),
      'NOT_FOUND',
    );
    expect(mixed.extensions!.values).toEqual([
      { id: outside[0], reason: 'not found within your reach' },
    ]);
    // Approval belongs a level up: the district editor may not approve its own district's level.
    const versions = await versionsOf(inside);
    refused(
      await review({ action: 'APPROVE', ids: inside, versions }, tokens.commune),
      'NOT_FOUND',
    );
    // (Here the district editor imported the values, so four eyes refuses it first.)
    refused(
      await review({ action: 'APPROVE', ids: inside, versions }, tokens.district),
      'FORBIDDEN',
    );
    refused(
      await review(
        { action: 'SUBMIT', ids: Array.from({ length: 10_001 }, (_, i) => String(i + 1)) },
        tokens.district,
      ),
      'BAD_USER_INPUT',
    );
    refused(await review({ action: 'RETURN', ids: inside }, tokens.province), 'BAD_USER_INPUT');
    for (const loose of ['abc', '1e1', ' 1', '0x1', '01', '3000000000']) {
      refused(await review({ action: 'SUBMIT', ids: [loose] }, tokens.district), 'BAD_USER_INPUT');
    }
    refused(await review({ action: 'SUBMIT' }, tokens.district), 'BAD_USER_INPUT');
    expect(await platform.fingerprint()).toBe(before);

    // Self-approval inside a bulk call: one value the approver changed stops the whole call.
    await platform.data(
      REVIEW,
      { input: { action: 'SUBMIT', ids: inside } },
      { token: tokens.district },
    );
    await platform.data(
      `mutation { reportIndicatorValue(input: { indicatorCode: "MT1.1", localityCode: "94150", year: 2023, value: 70, target: 50 }) { id } }`,
      {},
      { token: tokens.province },
    );
    const [own] = await idsOf('94150', 2023);
    await platform.data(
      REVIEW,
      { input: { action: 'SUBMIT', ids: [own] } },
      { token: tokens.province },
    );
    const selfApproval = refused(
      await review(
        {
          action: 'APPROVE',
          ids: [...inside, own],
          versions: await versionsOf([...inside, own]),
        },
        tokens.province,
      ),
      'FORBIDDEN',
    );
    expect(selfApproval.extensions!.values).toEqual([
      { id: own, reason: 'last changed or submitted by you' },
    ]);
    expect(await statuses([...inside, own])).toEqual(['SUBMITTED']);
  });

  it('approves by ids only the versions reviewed: a value changed since stops the whole call', async () => {
    await importValues(['94103'], 2028, tokens.district);
    const ids = await idsOf('94103', 2028);
    await platform.data(REVIEW, { input: { action: 'SUBMIT', ids } }, { token: tokens.district });
    const reviewed = await versionsOf(ids);
    // The district changes one figure after the province read them, and submits it again.
    const [indicator] = INDICATORS;
    await platform.data(
      `mutation { reportIndicatorValue(input: { indicatorCode: "${indicator}", localityCode: "94103", year: 2028, value: 95, target: 50 }) { id } }`,
      {},
      { token: tokens.district },
    );
    await platform.data(
      REVIEW,
      { input: { action: 'SUBMIT', ids: [ids[0]] } },
      { token: tokens.district },
    );
    const before = await platform.fingerprint();
    const stale = refused(
      await review({ action: 'APPROVE', ids, versions: reviewed }, tokens.province),
      'CONFLICT',
    );
    expect(stale.extensions!.values).toEqual([
      { id: ids[0], reason: expect.stringMatching(/^is at version \d+$/) },
    ]);
    const unversioned = refused(
      await review({ action: 'APPROVE', ids }, tokens.province),
      'BAD_USER_INPUT',
    );
    expect(unversioned.extensions!.field).toBe('versions');
    refused(
      await review({ action: 'APPROVE', ids, versions: reviewed.slice(1) }, tokens.province),
      'BAD_USER_INPUT',
    );
    expect(await platform.fingerprint()).toBe(before);
    const approved = await platform.data(
      REVIEW,
      { input: { action: 'APPROVE', ids, versions: await versionsOf(ids) } },
      { token: tokens.province },
    );
    expect(approved.reviewIndicatorValues.changed).toBe(ids.length);
  });

  it('an import submits what it writes when asked, never approves, and says so', async () => {
    const SUBMITTING = `mutation ($csv: String!, $kind: ImportKind!) {
      importRecords(kind: $kind, csv: $csv, submit: true) { applied inserted submitted reopened writtenAs }
    }`;
    const csv = [
      'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source',
      'MT1.1,94120,2026,61,,,,50,,survey',
      'MT1.2,94120,2026,,,,,50,,survey',
    ].join('\n');
    const data = await platform.data(
      SUBMITTING,
      { csv, kind: 'INDICATOR_VALUES' },
      { token: tokens.district },
    );
    expect(data.importRecords).toMatchObject({
      applied: true,
      inserted: 2,
      submitted: 1,
      reopened: 0,
      writtenAs: 'SUBMITTED',
    });
    const rows = await platform.sql<{
      code: string;
      approval_status: string;
      submitted_by: string;
    }>(
      `select i.code, v.approval_status, v.submitted_by from indicator_value v
         join indicator i on i.id = v.indicator_id where v.year = 2026 order by i.code`,
    );
    expect(rows).toEqual([
      { code: 'MT1.1', approval_status: 'SUBMITTED', submitted_by: 'token:district@test' },
      { code: 'MT1.2', approval_status: 'DRAFT', submitted_by: null },
    ]);
    const refusedKind = await platform.query(
      SUBMITTING,
      { csv: 'program_code,official_reference,status,completed_on', kind: 'ENROLLMENTS' },
      { token: tokens.district },
    );
    expect(refusedKind.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'submit',
    });
    refused(
      await platform.query(
        SUBMITTING,
        { csv, kind: 'INDICATOR_VALUES' },
        { token: tokens.analyst },
      ),
      'FORBIDDEN',
    );
  });

  it('a yes/no indicator holds for a district only where every commune reported and held it; missing communes leave it incomplete', async () => {
    const YES_NO = `{ indicatorRollup(indicatorCode: "MT2.1", localityCode: "941", year: 2025) {
      method value units reporting complete missing { code } } }`;
    const set = (codes: string[], value: number) =>
      platform.sql(
        `insert into indicator_value (indicator_id, locality_id, year, value, source, approval_status)
         select i.id, l.id, 2025, ?, 'test', 'APPROVED' from indicator i, locality l
          where i.code = 'MT2.1' and l.code = any(?::text[])
         on conflict (indicator_id, locality_id, year, disaggregation) do update set value = excluded.value`,
        [value, `{${codes.join(',')}}`],
      );
    await set(COMMUNES.slice(0, 49), 1);
    expect((await platform.data(YES_NO)).indicatorRollup).toEqual({
      method: 'ALL',
      value: null,
      units: 50,
      reporting: 49,
      complete: false,
      missing: [{ code: '94150' }],
    });
    await set(['94150'], 1);
    expect((await platform.data(YES_NO)).indicatorRollup).toMatchObject({
      value: 1,
      complete: true,
      missing: [],
    });
    await set(['94101'], 0);
    expect((await platform.data(YES_NO)).indicatorRollup).toMatchObject({
      value: 0,
      complete: true,
    });
  });
});
