import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropByteOrderMark } from '../src/modules/import/byte-order-mark.js';
import { EndOfDataMarker, refuseEndOfDataMarker } from '../src/modules/import/end-marker.js';
import { signToken, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
let platform: TestPlatform;
let admin: string;
let sonHaEditor: string;

beforeAll(async () => {
  scratch = await createSeededDatabase('import');
  platform = await TestPlatform.start(scratch.url);
  admin = await signToken({ role: 'ADMIN', sub: 'importer' });
  sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha' });
});
afterAll(async () => {
  await platform?.stop();
  await scratch?.drop();
});

const IMPORT = `mutation ($kind: ImportKind!, $csv: String!) {
  importRecords(kind: $kind, csv: $csv) {
    applied rows inserted updated unchanged problemCount problems { line column value reason }
  }
}`;

async function importFile(kind: string, csv: string, token = admin) {
  const result = await platform.query(IMPORT, { kind, csv }, { token });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.importRecords;
}

const VALUES_HEADER =
  'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';

describe('CSV import', () => {
  it('applies a good file, and importing it again changes nothing', async () => {
    const csv = [
      VALUES_HEADER,
      'MT2.1,529,2024,48.5,,,,50,,district survey',
      'MT2.1,530,2024,51,51,100,,50,,district survey',
      'MT4.1,529,2024,110.5,1105,1000,,111,,births register',
      'MT2.1,529,2024,47,,,sex:FEMALE,,,district survey',
    ].join('\n');
    expect(await importFile('INDICATOR_VALUES', csv)).toMatchObject({
      applied: true,
      rows: 4,
      inserted: 4,
      updated: 0,
      problemCount: 0,
    });
    const before = await platform.fingerprint();
    expect(await importFile('INDICATOR_VALUES', csv)).toMatchObject({
      applied: true,
      rows: 4,
      inserted: 0,
      updated: 0,
      unchanged: 4,
    });
    expect(await platform.fingerprint()).toBe(before);
    const changed = csv.replace('MT2.1,529,2024,48.5', 'MT2.1,529,2024,49.5');
    expect(await importFile('INDICATOR_VALUES', changed)).toMatchObject({
      applied: true,
      inserted: 0,
      updated: 1,
      unchanged: 3,
    });
    const [row] = await platform.sql<{ value: string; approval_status: string; version: number }>(
      `select v.value, v.approval_status, v.version from indicator_value v join locality l on l.id = v.locality_id
        join indicator i on i.id = v.indicator_id where i.code = 'MT2.1' and l.code = '529' and v.year = 2024 and v.disaggregation is null`,
    );
    expect(row).toEqual({ value: '49.5', approval_status: 'DRAFT', version: 2 });
  });

  it('rejects a file with bad rows, reports every one of them, and leaves the database unchanged', async () => {
    const before = await platform.fingerprint();
    const csv = [
      VALUES_HEADER,
      'MT2.1,529,2024,40,,,,,,ok',
      'MT9.9,529,2024,40,,,,,,unknown indicator',
      'MT2.1,99999,2024,40,,,,,,unknown locality',
      'MT2.1,529,2019,40,,,,,,outside the period',
      'MT2.1,530,2024,140,,,,,,percentage above 100',
      'MT2.1,531,2024,forty,,,,,,not a number',
      'MT2.1,535,2024,40,1,,,,,fraction without denominator',
      'MT2.1,529,2024,41,,,,,,repeats line 2',
      ',529,2024,40,,,,,,missing indicator',
    ].join('\n');
    const report = await importFile('INDICATOR_VALUES', csv);
    expect(report.applied).toBe(false);
    expect(
      report.problems.map((p: { line: number; column: string }) => `${p.line}:${p.column}`),
    ).toEqual([
      '3:indicator_code',
      '4:locality_code',
      '5:year',
      '6:value',
      '7:value',
      '8:denominator',
      '9:indicator_code',
      '10:indicator_code',
    ]);
    expect(report.problems[4]).toMatchObject({ value: 'forty', reason: 'must be a number' });
    expect(report.problems[6].reason).toBe('repeats the row on line 2');
    expect(report.problemCount).toBe(8);
    expect(await platform.fingerprint()).toBe(before);
  });

  it('reports a key repeated in an otherwise clean file, for new values and for a stored one', async () => {
    const stored = `${VALUES_HEADER}\nMT2.1,533,2023,40,,,,,,stored`;
    expect(await importFile('INDICATOR_VALUES', stored)).toMatchObject({ applied: true });
    const before = await platform.fingerprint();
    const repeated = {
      applied: false,
      problemCount: 1,
      problems: [
        { line: 3, column: 'indicator_code', value: 'MT2.1', reason: 'repeats the row on line 2' },
      ],
    };
    // Two new rows with one key (no breakdown on either: the key's empty part is equal too).
    const fresh = `${VALUES_HEADER}\nMT2.1,534,2023,40,,,,,,a\nMT2.1,534,2023,41,,,,,,b\nMT2.1,535,2023,40,,,,,,c`;
    expect(await importFile('INDICATOR_VALUES', fresh)).toMatchObject(repeated);
    // Two rows for the stored value, changed or not.
    const again = `${VALUES_HEADER}\nMT2.1,533,2023,40,,,,,,stored\nMT2.1,533,2023,42,,,,,,changed`;
    expect(await importFile('INDICATOR_VALUES', again)).toMatchObject(repeated);
    expect(await platform.fingerprint()).toBe(before);
  });

  it("reports a repeated key with an editor's out-of-scope rows, and an anonymous caller's file is refused", async () => {
    const before = await platform.fingerprint();
    const csv = `${VALUES_HEADER}\nMT2.1,525,2023,40,,,,,,a\nMT2.1,525,2023,40,,,,,,a`;
    const report = await importFile('INDICATOR_VALUES', csv, sonHaEditor);
    expect(report).toMatchObject({ applied: false, problemCount: 3 });
    expect(
      report.problems.map((p: { line: number; column: string }) => `${p.line}:${p.column}`),
    ).toEqual(['2:locality_code', '3:indicator_code', '3:locality_code']);
    expect(report.problems[1].reason).toBe('repeats the row on line 2');
    const anonymous = await platform.query(
      IMPORT,
      { kind: 'INDICATOR_VALUES', csv },
      { token: '' },
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await platform.fingerprint()).toBe(before);
  });

  it('reports a header that does not match, and a row that is not CSV', async () => {
    const wrongHeader = await importFile('INDICATOR_VALUES', 'code,place,year\nMT2.1,529,2024');
    expect(wrongHeader).toMatchObject({
      applied: false,
      problems: [{ line: 1, column: 'header' }],
    });
    const ragged = await importFile(
      'INDICATOR_VALUES',
      `${VALUES_HEADER}\nMT2.1,529,2024,40,,,,,,ok\nMT2.1,529,2022,40,,,,,,ok,extra`,
    );
    expect(ragged).toMatchObject({ applied: false, problems: [{ line: 3, column: 'row' }] });
  });

  it("refuses rows outside an editor's scope", async () => {
    const before = await platform.fingerprint();
    const report = await importFile(
      'INDICATOR_VALUES',
      `${VALUES_HEADER}\nMT2.1,529,2024,40,,,,,,inside\nMT2.1,525,2024,40,,,,,,outside`,
      sonHaEditor,
    );
    expect(report.applied).toBe(false);
    expect(report.problems).toEqual([
      { line: 3, column: 'locality_code', value: '525', reason: 'is outside the scope 529' },
    ]);
    expect(await platform.fingerprint()).toBe(before);
  });

  it('imports localities, officials with positions and enrolments', async () => {
    const localities = await importFile(
      'LOCALITIES',
      'code,name,short_name,type,level,parent_code,valid_from,valid_to,ethnic_minority_area,mountainous,island,source\n' +
        '99911,Xã Thử Một,Thử Một,Xã,COMMUNE,529,2024-01-01,,true,true,false,test\n' +
        '99912,Xã Thử Hai,Thử Hai,COMMUNE,COMMUNE,529,,2025-07-01,,,,test',
    );
    expect(localities).toMatchObject({ applied: true, inserted: 2 });
    const officials = await importFile(
      'OFFICIALS',
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date\n' +
        'IMP-1,Đinh Thị Nhập,FEMALE,1985,Hrê,99911,Chủ tịch Ủy ban nhân dân,PEOPLES_COMMITTEE,99911,,true,2024-02-01,\n' +
        'IMP-1,Đinh Thị Nhập,FEMALE,1985,Hrê,99911,Bí thư Đảng ủy,PARTY_COMMITTEE,99911,,true,2024-02-01,\n' +
        'IMP-2,Phạm Văn Nhập,MALE,,Hrê,99912,,,,,,,',
    );
    expect(officials).toMatchObject({ applied: true, inserted: 4 });
    const enrollments = await importFile(
      'ENROLLMENTS',
      'program_code,official_reference,status,completed_on\nQNG-2023-BD-02,IMP-1,COMPLETED,2023-06-16\nQNG-2023-BD-02,IMP-2,ENROLLED,',
    );
    expect(enrollments).toMatchObject({ applied: true, inserted: 2 });
    const again = await importFile(
      'ENROLLMENTS',
      'program_code,official_reference,status,completed_on\nQNG-2023-BD-02,IMP-1,COMPLETED,2023-06-16\nQNG-2023-BD-02,IMP-2,ENROLLED,',
    );
    expect(again).toMatchObject({ applied: true, inserted: 0, updated: 0, unchanged: 2 });
    const coverage = await platform.data(
      `{ keyLeaderCoverage(localityCode: "529", level: COMMUNE, asOf: "2024-06-30") { unitsWithout { code } } }`,
    );
    expect(coverage.keyLeaderCoverage.unitsWithout.map((u: { code: string }) => u.code)).toContain(
      '99912',
    );
    expect(
      coverage.keyLeaderCoverage.unitsWithout.map((u: { code: string }) => u.code),
    ).not.toContain('99911');
  });

  it('resolves an officials file to the unit in force under each code and to live agencies', async () => {
    // One code with an earlier version that ended and a later one that is archived: the post goes
    // to the live one in force.
    const [{ province }] = await platform.sql<{ province: number }>(
      `select id as province from locality where code = '51'`,
    );
    const versions = await platform.sql<{ id: number; current: boolean }>(
      `insert into locality (code, name, short_name, type, level, parent_id, valid_from, valid_to, archived_at, source)
       values ('999', 'Huyện Cũ', 'Cũ', 'RURAL_DISTRICT', 'DISTRICT', ?, null, '2019-12-31', null, 'test'),
              ('999', 'Huyện Mới', 'Mới', 'RURAL_DISTRICT', 'DISTRICT', ?, '2020-01-01', '2030-12-31', null, 'test'),
              ('999', 'Huyện Lưu', 'Lưu', 'RURAL_DISTRICT', 'DISTRICT', ?, '2031-01-01', null, now(), 'test')
       returning id, name = 'Huyện Mới' as current`,
      [province, province, province],
    );
    await platform.sql(
      `insert into agency (code, name_vi, name_en, kind, locality_id, archived_at)
       values ('IMP-ARCHIVED', 'Sở đã giải thể', 'Dissolved department', 'DEPARTMENT', ?, now())`,
      [province],
    );
    const header =
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date';
    const rejected = await importFile(
      'OFFICIALS',
      `${header}\nIMP-9,Lê Thị Mới,FEMALE,1980,Kinh,999,Giám đốc,AGENCY,999,IMP-ARCHIVED,true,2024-01-01,`,
    );
    expect(rejected.problems).toEqual([
      {
        line: 2,
        column: 'agency_code',
        value: 'IMP-ARCHIVED',
        reason: 'no live agency has this code',
      },
    ]);
    const applied = await importFile(
      'OFFICIALS',
      `${header}\nIMP-9,Lê Thị Mới,FEMALE,1980,Kinh,999,Giám đốc,AGENCY,999,QNG-SNV,true,2024-01-01,`,
    );
    expect(applied).toMatchObject({ applied: true, inserted: 2 });
    const [row] = await platform.sql<{ home: number; post: number; agency: string }>(
      `select o.home_locality_id as home, p.locality_id as post, a.code as agency
         from official o join official_position p on p.official_id = o.id join agency a on a.id = p.agency_id
        where o.reference = 'IMP-9'`,
    );
    const current = versions.find((version) => version.current)!.id;
    expect(row).toEqual({ home: current, post: current, agency: 'QNG-SNV' });
  });

  it('names bad rows in every kind of file', async () => {
    const localities = await importFile(
      'LOCALITIES',
      'code,name,short_name,type,level,parent_code,valid_from,valid_to,ethnic_minority_area,mountainous,island,source\n' +
        '9991,Xã Sai,Sai,Làng,COMMUNE,00000,2024-02-30,,maybe,,,test',
    );
    expect(localities.problems.map((p: { column: string }) => p.column).sort()).toEqual([
      'code',
      'ethnic_minority_area',
      'parent_code',
      'type',
      'valid_from',
    ]);
    const enrollments = await importFile(
      'ENROLLMENTS',
      'program_code,official_reference,status,completed_on\nNOPE,IMP-1,DONE,2023-06-16',
    );
    expect(enrollments.problems.map((p: { column: string }) => p.column).sort()).toEqual([
      'program_code',
      'status',
    ]);
  });

  it('runs from the command line with a summary, and exits non-zero on a rejected file', async () => {
    // The command line as the sources stand, not as some earlier build left it: the CLI runs
    // through tsx with the server's compiler settings.
    const server = path.resolve(import.meta.dirname, '..');
    const cli = path.join(server, 'src/cli/index.ts');
    const file = path.join(os.tmpdir(), `binh-dang-cli-${process.pid}.csv`);
    const run = (csv: string) => {
      fs.writeFileSync(file, csv);
      return promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', cli, 'import', 'indicator-values', file],
        {
          // `--import tsx` resolves from the working directory: the repository, which has tsx.
          cwd: path.resolve(server, '../..'),
          env: {
            ...process.env,
            DATABASE_URL: scratch.url,
            TSX_TSCONFIG_PATH: path.join(server, 'tsconfig.json'),
          },
        },
      ).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    };
    try {
      const good = await run(`${VALUES_HEADER}\nMT6.3,529,2024,61,,,,,,cli`);
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/Imported 1 rows .*1 inserted, 0 updated, 0 unchanged/);
      const bad = await run(
        `${VALUES_HEADER}\nMT6.3,529,2024,61,,,,,,cli\nMT6.3,529,2032,61,,,,,,cli`,
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(
        'line 3, year = "2032": must lie in the strategy period 2021–2030',
      );
      const cut = await run(
        `${VALUES_HEADER}\r\nMT6.3,529,2024,62,,,,,,cli\r\n\\.\r\nMT6.3,529,2022,62,,,,,,cli\r\n`,
      );
      expect(cut.code).toBe(1);
      expect(cut.stderr).toMatch(
        /line 3, row = "\\\.": a line holding only \\\. would end the data/,
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
  }, 60_000);
});

describe('the end-of-data marker of COPY', () => {
  const FILES: Record<string, string[]> = {
    INDICATOR_VALUES: [
      VALUES_HEADER,
      'MT6.3,529,2024,63,,,,,,marker',
      'MT6.3,529,2022,63,,,,,,marker',
    ],
    LOCALITIES: [
      'code,name,short_name,type,level,parent_code,valid_from,valid_to,ethnic_minority_area,mountainous,island,source',
      '99981,Xã Dấu Một,Dấu Một,Xã,COMMUNE,529,,,,,,test',
      '99982,Xã Dấu Hai,Dấu Hai,Xã,COMMUNE,529,,,,,,test',
    ],
    OFFICIALS: [
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date',
      'MARK-1,Đinh Thị Dấu,FEMALE,1985,Hrê,529,,,,,,,',
      'MARK-2,Đinh Văn Dấu,MALE,1986,Hrê,529,,,,,,,',
    ],
    ENROLLMENTS: [
      'program_code,official_reference,status,completed_on',
      'QNG-2023-BD-02,NO-SUCH-1,ENROLLED,',
      'QNG-2023-BD-02,NO-SUCH-2,ENROLLED,',
    ],
  };

  it('rejects a file of any kind with a line holding only \\. before more rows, naming the line', async () => {
    for (const [kind, [header, first, second]] of Object.entries(FILES)) {
      for (const end of ['\n', '\r\n']) {
        const before = await platform.fingerprint();
        const report = await importFile(kind, [header, first, '\\.', second].join(end) + end);
        expect(report, `${kind} ${JSON.stringify(end)}`).toMatchObject({
          applied: false,
          problemCount: 1,
          problems: [{ line: 3, column: 'row', value: '\\.' }],
        });
        expect(report.problems[0].reason).toContain('a line holding only \\. would end');
        expect(await platform.fingerprint()).toBe(before);
      }
    }
  });

  /** Feeds `text` to the marker check cut into the given pieces; the line it stops at, or null. */
  async function markerLine(pieces: string[]): Promise<number | null> {
    try {
      await pipeline(
        Readable.from(pieces.map((piece) => Buffer.from(piece))),
        refuseEndOfDataMarker(),
        new Writable({ write: (_chunk, _encoding, done) => done() }),
      );
      return null;
    } catch (error) {
      if (error instanceof EndOfDataMarker) return error.line;
      throw error;
    }
  }

  it('finds the marker wherever the file is cut into chunks, and nothing else', async () => {
    const cases: [string, number | null][] = [
      ['h\na\n\\.\nb\n', 3],
      ['h\r\na\r\n\\.\r\nb\r\n', 3],
      ['h\ra\r\\.\rb', 1], // lines ended by CR alone are numbered by line feeds
      ['\\.\nh\n', 1],
      ['h\na\n\\.', 3],
      ['h\na\n\\.\n', 3],
      ['h\na\\.\nb\n', null],
      ['h\n\\.a\nb\n', null],
      ['h\n"\\."\nb\n', null],
      ['h\n\\\\.\nb\n', null],
      ['h\n.\\\nb\n', null],
    ];
    for (const [text, line] of cases) {
      expect(await markerLine([text]), JSON.stringify(text)).toBe(line);
      for (let cut = 1; cut < text.length; cut++) {
        const pieces = [text.slice(0, cut), text.slice(cut)];
        expect(await markerLine(pieces), `${JSON.stringify(pieces)}`).toBe(line);
      }
      expect(await markerLine(text.split('')), `${JSON.stringify(text)} byte by byte`).toBe(line);
    }
  });
});

describe('a locality file naming another parent for a unit already stored', () => {
  const HEADER =
    'code,name,short_name,type,level,parent_code,valid_from,valid_to,ethnic_minority_area,mountainous,island,source';
  /** The stored unit as a line of a localities file, under `parentCode`. */
  async function lineOf(code: string, parentCode: string) {
    const [unit] = await platform.sql<Record<string, string | boolean | null>>(
      `select code, name, short_name, type, level, to_char(valid_from, 'YYYY-MM-DD') as valid_from,
              to_char(valid_to, 'YYYY-MM-DD') as valid_to, ethnic_minority_area, mountainous, island, source
         from locality where code = ? and valid_to = '2025-07-01'`,
      [code],
    );
    const u = unit!;
    return [
      u.code,
      u.name,
      u.short_name,
      u.type,
      u.level,
      parentCode,
      u.valid_from ?? '',
      u.valid_to ?? '',
      u.ethnic_minority_area,
      u.mountainous,
      u.island,
      `"${String(u.source)}"`,
    ].join(',');
  }
  const placeOf = (code: string) =>
    platform.sql<{ parent: string; path: string; parent_path: string }>(
      `select p.code as parent, c.path, p.path as parent_path from locality c join locality p on p.id = c.parent_id
        where c.code = ? and c.valid_to = '2025-07-01'`,
      [code],
    );

  it('moves it there, as an update through the API does, and an editor only within its scope', async () => {
    // An editor of Sơn Hà (529) may not move one of its communes under Sơn Tây (530).
    const moveOut = `${HEADER}\n${await lineOf('21292', '530')}`;
    const before = await platform.fingerprint();
    expect(await importFile('LOCALITIES', moveOut, sonHaEditor)).toMatchObject({
      applied: false,
      problems: [
        { line: 2, column: 'parent_code', value: '530', reason: 'is outside the scope 529' },
      ],
    });
    expect(await platform.fingerprint()).toBe(before);
    expect((await placeOf('21292'))[0]!.parent).toBe('529');

    // An administrator's file moves it: the parent and the path change, and the next import of
    // the same file changes nothing.
    expect(await importFile('LOCALITIES', moveOut)).toMatchObject({ applied: true, updated: 1 });
    const [moved] = await placeOf('21292');
    expect(moved!.parent).toBe('530');
    expect(moved!.path.startsWith(moved!.parent_path)).toBe(true);
    expect(await importFile('LOCALITIES', moveOut)).toMatchObject({ applied: true, unchanged: 1 });

    // And back, as the file says.
    const moveBack = `${HEADER}\n${await lineOf('21292', '529')}`;
    expect(await importFile('LOCALITIES', moveBack)).toMatchObject({ applied: true, updated: 1 });
    expect((await placeOf('21292'))[0]!.parent).toBe('529');
  });
});

describe('a byte order mark at the start of a file', () => {
  it('is dropped: a file saved as "CSV UTF-8" by a spreadsheet imports as without it', async () => {
    const csv = `\uFEFF${VALUES_HEADER}\nMT2.1,530,2023,44,,,,50,,saved by a spreadsheet`;
    expect(await importFile('INDICATOR_VALUES', csv)).toMatchObject({
      applied: true,
      rows: 1,
      inserted: 1,
      problemCount: 0,
    });
    const [row] = await platform.sql<{ value: string; source: string }>(
      `select v.value, v.source from indicator_value v join locality l on l.id = v.locality_id
        join indicator i on i.id = v.indicator_id
       where i.code = 'MT2.1' and l.code = '530' and v.year = 2023 and v.disaggregation is null`,
    );
    expect(row).toEqual({ value: '44', source: 'saved by a spreadsheet' });
  });

  it('is dropped wherever the chunks are cut, and nothing else is', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const through = async (pieces: Buffer[]) => {
      const out: Buffer[] = [];
      await pipeline(
        Readable.from(pieces),
        dropByteOrderMark(),
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            out.push(chunk);
            done();
          },
        }),
      );
      return Buffer.concat(out).toString('latin1');
    };
    const cases: [Buffer, string][] = [
      [Buffer.concat([bom, Buffer.from('h\na\n')]), 'h\na\n'],
      [Buffer.from('h\na\n'), 'h\na\n'],
      [
        Buffer.concat([Buffer.from('h\n'), bom, Buffer.from('a\n')]),
        `h\n${bom.toString('latin1')}a\n`,
      ],
      [bom, ''],
      [bom.subarray(0, 2), bom.subarray(0, 2).toString('latin1')],
      [Buffer.from([0xef, 0x41]), '\u00efA'],
    ];
    for (const [bytes, expected] of cases) {
      const name = bytes.toString('hex');
      expect(await through([bytes]), name).toBe(expected);
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(
          await through([bytes.subarray(0, cut), bytes.subarray(cut)]),
          `${name} cut at ${cut}`,
        ).toBe(expected);
      }
      const oneByOne = [...bytes].map((byte) => Buffer.from([byte]));
      expect(await through(oneByOne), `${name} byte by byte`).toBe(expected);
    }
  });
});

describe('text lengths in imported files', () => {
  const OFFICIALS_HEADER =
    'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date';

  it('are held to the limits of the API, for every text column, each bad row named', async () => {
    const before = await platform.fingerprint();
    const huge = 'a'.repeat(3_000_000);
    const officials = await importFile(
      'OFFICIALS',
      [
        OFFICIALS_HEADER,
        `LEN-1,${huge},FEMALE,1985,Hrê,529,,,,,,,`,
        `LEN-2,${'b'.repeat(201)},MALE,1985,${'c'.repeat(51)},529,,,,,,,`,
        `${'R'.repeat(101)},Tên Đủ,MALE,1985,Hrê,529,,,,,,,`,
        `LEN-4,Tên Đủ,MALE,1985,Hrê,529,${'d'.repeat(201)},PEOPLES_COMMITTEE,529,,false,2024-01-01,`,
      ].join('\n'),
    );
    expect(officials.applied).toBe(false);
    const lengthProblems = officials.problems
      .filter((p: { reason: string }) => p.reason.startsWith('must be at most'))
      .map((p: { line: number; column: string; reason: string }) => [p.line, p.column, p.reason]);
    expect(lengthProblems).toEqual([
      [2, 'full_name', 'must be at most 200 characters'],
      [3, 'ethnicity', 'must be at most 50 characters'],
      [3, 'full_name', 'must be at most 200 characters'],
      [4, 'reference', 'must be at most 100 characters'],
      [5, 'position_title', 'must be at most 200 characters'],
    ]);
    // The report echoes no more of a value than the limit.
    expect(JSON.stringify(officials).length).toBeLessThan(10_000);

    const values = await importFile(
      'INDICATOR_VALUES',
      `${VALUES_HEADER}\nMT6.3,529,2024,64,,,,,${'n'.repeat(2001)},${'s'.repeat(501)}\n${'M'.repeat(201)},529,2024,64,,,,,,`,
    );
    expect(
      values.problems.filter((p: { reason: string }) => p.reason.startsWith('must be at most')),
    ).toMatchObject([
      { line: 2, column: 'note', reason: 'must be at most 2000 characters' },
      { line: 2, column: 'source', reason: 'must be at most 500 characters' },
      { line: 3, column: 'indicator_code', reason: 'must be at most 200 characters' },
    ]);
    const localities = await importFile(
      'LOCALITIES',
      'code,name,short_name,type,level,parent_code,valid_from,valid_to,ethnic_minority_area,mountainous,island,source\n' +
        `99971,${'x'.repeat(201)},${'y'.repeat(201)},Xã,COMMUNE,529,2024-01-01,,,,,test`,
    );
    expect(localities.problems.map((p: { column: string }) => p.column)).toEqual([
      'name',
      'short_name',
    ]);
    const enrollments = await importFile(
      'ENROLLMENTS',
      `program_code,official_reference,status,completed_on\nQNG-2023-BD-02,${'r'.repeat(101)},ENROLLED,`,
    );
    expect(enrollments.problems).toContainEqual(
      expect.objectContaining({
        column: 'official_reference',
        reason: 'must be at most 100 characters',
      }),
    );
    expect(await platform.fingerprint()).toBe(before);
  });

  it('accepts text at the limit', async () => {
    const report = await importFile(
      'OFFICIALS',
      `${OFFICIALS_HEADER}\n${'L'.repeat(100)},${'b'.repeat(200)},MALE,1985,${'c'.repeat(50)},529,,,,,,,`,
    );
    expect(report).toMatchObject({ applied: true, inserted: 1 });
  });
});
