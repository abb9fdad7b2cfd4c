/**
 * Exports: the same answers as GraphQL, caller by caller, as CSV and XLSX files an analyst can
 * open, with nothing a spreadsheet would run.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnOwnDatabase } from './support/own-data.js';
import { signToken, TestPlatform } from './support/platform.js';

let platform: TestPlatform;
let analyst: string;
let sonHaEditor: string;
beforeAll(async () => {
  platform = await TestPlatform.start();
  analyst = await signToken({ role: 'ANALYST', sub: 'analyst' });
  sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha' });
});
afterAll(() => platform?.stop());

async function download(path: string, token?: string) {
  const response = await fetch(new URL(path, platform.url), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function csvRows(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8')) as string[][];
}

const BREAKDOWN = `query ($groupBy: [OfficialDimension!]!) {
  officialsBreakdown(groupBy: $groupBy) { groups { sex localityLevel count share } }
}`;

describe('exports', () => {
  it('give each caller the breakdown GraphQL gives them: perturbed for anonymous callers and analysts, exact for admins', async () => {
    for (const token of ['', analyst, platform.adminToken]) {
      const { response, bytes } = await download(
        '/export/officials-breakdown.csv?groupBy=SEX,LOCALITY_LEVEL',
        token,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = csvRows(bytes);
      expect(header).toContain('Giới tính');
      const graphql = await platform.data(
        BREAKDOWN,
        { groupBy: ['SEX', 'LOCALITY_LEVEL'] },
        { token },
      );
      const sex = header.indexOf('Giới tính');
      const level = header.indexOf('Cấp hành chính');
      const count = header.indexOf('Số người');
      expect(rows.map((row) => [row[sex], row[level], Number(row[count])])).toEqual(
        graphql.officialsBreakdown.groups.map((group: Record<string, unknown>) => [
          group.sex,
          group.localityLevel,
          group.count,
        ]),
      );
      expect(rows.length).toBeGreaterThan(0);
    }
  });

  it('label columns in the chosen language and write XLSX', async () => {
    const { response, bytes } = await download(
      '/export/indicator-series.xlsx?indicatorCode=MT1.1&localityCode=51&lang=en',
      '',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('indicator-series.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Year', 'Value', 'Target', 'Status']);
    const graphql = await platform.data(
      '{ indicatorSeries(indicatorCode: "MT1.1", localityCode: "51") { points { year value } } }',
      undefined,
      { token: '' },
    );
    const years = [];
    for (let row = 2; row <= sheet.rowCount; row++) years.push(sheet.getRow(row).getCell(1).value);
    expect(years).toEqual(
      graphql.indicatorSeries.points.map((point: { year: number }) => point.year),
    );
  });

  it('walk a list page by page', async () => {
    const { response, bytes } = await download('/export/localities.csv?lang=en', '');
    expect(response.status).toBe(200);
    const [header, ...rows] = csvRows(bytes);
    expect(header.slice(0, 2)).toEqual(['Code', 'Name']);
    const graphql = await platform.data('{ localities { totalCount } }', undefined, { token: '' });
    expect(rows).toHaveLength(graphql.localities.totalCount);
    expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
  });

  it('refuse what GraphQL refuses, and show an editor nothing outside their scope', async () => {
    const anonymous = await download('/export/officials.csv', '');
    const graphqlAnonymous = await platform.query('{ officials { totalCount } }', undefined, {
      token: '',
    });
    expect(anonymous.response.status).toBe(graphqlAnonymous.status);
    expect(anonymous.response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(anonymous.bytes.toString()).errors[0].extensions.code).toBe(
      graphqlAnonymous.errors?.[0].extensions?.code,
    );
    const analystList = await download('/export/officials.xlsx', analyst);
    expect(analystList.response.status).toBeGreaterThanOrEqual(400);

    // Another province's officials, asked for by Sơn Hà's editor: none.
    const outside = await download(
      `/export/officials.csv?filter=${encodeURIComponent('{"localityCode":"01"}')}`,
      sonHaEditor,
    );
    const inside = await platform.query(
      '{ officials(filter: { localityCode: "01" }) { totalCount } }',
      undefined,
      { token: sonHaEditor },
    );
    expect(outside.response.status).toBe(inside.errors ? inside.status : 200);
    if (!inside.errors) expect(csvRows(outside.bytes)).toHaveLength(1);

    const forged = await download(
      '/export/officials-breakdown.csv?groupBy=SEX',
      await signToken({ role: 'ADMIN' }, 'another-secret-of-at-least-thirty-two-chars'),
    );
    expect(forged.response.status).toBe(401);
  });

  it('name bad parameters in a 400', async () => {
    for (const [path, field] of [
      ['/export/officials-breakdown.csv?groupBy=SEX&lang=fr', 'lang'],
      ['/export/officials-breakdown.csv?groupBy=SEX&drop=table', 'drop'],
      [
        '/export/indicator-series.csv?indicatorCode=MT1.1&localityCode=51&fromYear=soon',
        'fromYear',
      ],
      ['/export/localities.csv?first=100000', 'first'],
      ['/export/localities.csv?filter=%7Bnot%20json', 'filter'],
      ['/export/localities.csv?lang=vi&lang=en', 'lang'],
    ]) {
      const { response, bytes } = await download(path, '');
      expect(response.status, path).toBe(400);
      expect(JSON.parse(bytes.toString()).error.field, path).toBe(field);
    }
    const wrongEnum = await download('/export/officials-breakdown.csv?groupBy=SHOE_SIZE', '');
    expect(wrongEnum.response.status).toBe(400);
    expect(wrongEnum.bytes.toString()).toContain('groupBy');
    expect((await download('/export/secrets.csv', '')).response.status).toBe(404);
    expect((await download('/export/localities.json', '')).response.status).toBe(404);
  });
});

describe('exported cells', () => {
  let own: Awaited<ReturnType<typeof startOnOwnDatabase>>;
  beforeAll(async () => {
    own = await startOnOwnDatabase('export-cells');
  });
  afterAll(() => own?.stop());

  it('never start with a character a spreadsheet reads as a formula', async () => {
    const names = [
      '=HYPERLINK("http://evil.test","x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      'Nguyễn Thị An',
    ];
    for (const fullName of names) await own.records.official({ fullName, sex: 'FEMALE' });
    const base = new URL(own.platform.url);
    const headers = { authorization: `Bearer ${own.platform.adminToken}` };

    const csv = Buffer.from(
      await (await fetch(new URL('/export/officials.csv', base), { headers })).arrayBuffer(),
    );
    const [header, ...rows] = csvRows(csv);
    const column = header.indexOf('Họ và tên');
    expect(rows.map((row) => row[column]).sort()).toEqual(
      [
        "'+1+1",
        "'-2+3",
        '\'=HYPERLINK("http://evil.test","x")',
        "'@SUM(A1)",
        'Nguyễn Thị An',
      ].sort(),
    );

    const xlsx = Buffer.from(
      await (await fetch(new URL('/export/officials.xlsx', base), { headers })).arrayBuffer(),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as never);
    const sheet = workbook.worksheets[0];
    const cells: unknown[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const cell = row.getCell(column + 1);
      expect(cell.formula).toBeUndefined();
      cells.push(cell.value);
    });
    expect(cells.every((value) => typeof value === 'string' && !/^[=+\-@]/.test(value))).toBe(true);
    expect(cells).toHaveLength(5);
  });
});
