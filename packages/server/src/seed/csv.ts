import fs from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * Reads a CSV file with a header line (RFC 4180 quoting, an optional byte-order mark, blank lines
 * skipped) into records of the `columns` named; a file lacking one of them is an error naming the
 * file and the column, before any row is used.
 */
export function readCsvRecords<Column extends string>(
  file: URL,
  columns: readonly Column[],
): Record<Column, string>[] {
  return parse(fs.readFileSync(file), {
    bom: true,
    skip_empty_lines: true,
    columns: (header: string[]) => {
      const missing = columns.filter((column) => !header.includes(column));
      if (missing.length > 0)
        throw new Error(`${file.pathname} has no column ${missing.join(', ')}`);
      return header;
    },
  }) as Record<Column, string>[];
}

/** Files under `packages/server/data`, the same relative path from `src/seed` and `dist/seed`. */
export function dataFile(name: string): URL {
  return new URL(`../../data/${name}`, import.meta.url);
}
