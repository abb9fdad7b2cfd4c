/**
 * Benchmark: streams generated indicator-value files of growing size through the CSV import and
 * prints rows per second and the process's peak memory. `pnpm bench:import [rows …]`
 * (default 250000 1000000). Uses DATABASE_URL's server, else an embedded PostgreSQL; always in a
 * database of its own, dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openOrm } from '../database/orm.js';
import { importCsv } from '../modules/import/import.service.js';
import { seededBenchmarkDatabase } from './seeded-database.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rowsToTry = sizes.length > 0 ? sizes : [250_000, 1_000_000];

/** Writes `rows` valid, distinct indicator values: indicators × localities × years. */
async function writeFile(
  file: string,
  rows: number,
  indicators: { code: string; unit: string }[],
  localities: string[],
) {
  const out = fs.createWriteStream(file);
  out.write(
    'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source\n',
  );
  let written = 0;
  outer: for (const locality of localities) {
    for (const indicator of indicators) {
      for (let year = 2021; year <= 2030; year++) {
        if (written >= rows) break outer;
        const value =
          indicator.unit === 'COUNT'
            ? written % 500
            : indicator.unit === 'BOOLEAN'
              ? written % 2
              : (written % 1000) / 10;
        const line = `${indicator.code},${locality},${year},${value},,,,,,benchmark\n`;
        if (!out.write(line))
          await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        written++;
      }
    }
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return written;
}

const database = await seededBenchmarkDatabase('import');
const orm = await openOrm(database.url);
try {
  const knex = orm.em.getKnex();
  const indicators = await knex('indicator').select('code', 'unit').orderBy('sort_order');
  const localities = (await knex('locality').select('code').orderBy('code')).map(
    (row: { code: string }) => row.code,
  );
  console.log(
    `PostgreSQL: ${(await knex.raw('show server_version')).rows[0].server_version}; Node ${process.version}; ${os.cpus().length} cores`,
  );
  console.log(
    'rows       | file MB | import        | seconds | rows/s  | peak RSS MB | RSS growth MB',
  );
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  for (const rows of rowsToTry) {
    // Each size starts from the seeded table; vacuumed now, not by autovacuum during the import.
    await knex('indicator_value').where('source', 'benchmark').delete();
    await knex.raw('vacuum (analyze) indicator_value');
    const file = path.join(os.tmpdir(), `binh-dang-bench-${rows}.csv`);
    const written = await writeFile(file, rows, indicators, localities);
    // The same file twice: new rows, then a re-import that must change nothing.
    for (const run of ['new rows', 'same again'] as const) {
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const report = await importCsv(knex, {
        kind: 'indicator-values',
        input: fs.createReadStream(file),
        actor: 'benchmark',
        source: 'benchmark',
      });
      clearInterval(sampler);
      if (!report.applied)
        throw new Error(`benchmark file rejected: ${JSON.stringify(report.problems.slice(0, 3))}`);
      const expected = run === 'new rows' ? written : 0;
      if (report.inserted !== expected || report.updated !== 0)
        throw new Error(`${run}: ${report.inserted} inserted, ${report.updated} updated`);
      console.log(
        `${String(written).padEnd(10)} | ${mb(fs.statSync(file).size).padStart(7)} | ${run.padEnd(13)} | ${report.seconds.toFixed(1).padStart(7)} | ${String(Math.round(written / report.seconds)).padStart(7)} | ${mb(peak).padStart(11)} | ${mb(peak - baseline).padStart(13)}`,
      );
    }
    fs.rmSync(file);
  }
} finally {
  await orm.close(true);
  await database.drop();
}
