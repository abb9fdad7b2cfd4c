import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFile, readCsvRecords } from '../src/seed/csv.js';

/** The seed's reading of its CSV files: what the data files hold, and what a broken one gets. */
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-csv-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const fileWith = (name: string, text: string) => {
  const file = path.join(folder, name);
  fs.writeFileSync(file, text);
  return pathToFileURL(file);
};

describe('readCsvRecords', () => {
  it('reads quoted commas, doubled quotes, line breaks, a byte-order mark and blank lines', () => {
    const file = fileWith(
      'quoted.csv',
      '\uFEFFcode,name\r\n01,"Hà Nội, thủ đô"\r\n\r\n02,"Tên ""mới""\nhai dòng"\r\n',
    );
    expect(readCsvRecords(file, ['code', 'name'])).toEqual([
      { code: '01', name: 'Hà Nội, thủ đô' },
      { code: '02', name: 'Tên "mới"\nhai dòng' },
    ]);
  });

  it('refuses a file without a column the caller reads, naming the file and the column', () => {
    const file = fileWith('short.csv', 'code,name\n01,Hà Nội\n');
    expect(() => readCsvRecords(file, ['code', 'parent_code'])).toThrow(
      /short\.csv has no column parent_code/,
    );
  });

  it('reads the official lists whole: 11,366 units of 2024 and 3,355 of 2025', () => {
    const columns = ['code', 'name', 'level', 'parent_code'] as const;
    const units2024 = readCsvRecords(dataFile('vn-admin-units-2024-02-01.csv'), columns);
    const units2025 = readCsvRecords(dataFile('vn-admin-units-2025-07-01.csv'), columns);
    expect([units2024.length, units2025.length]).toEqual([11366, 3355]);
    expect(units2025.find((unit) => unit.code === '51')?.name).toBe('Tỉnh Quảng Ngãi');
  });
});
