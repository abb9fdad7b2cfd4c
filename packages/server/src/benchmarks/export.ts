/**
 * The export benchmark (`pnpm bench:export`): starts the built platform on a national database
 * (read only: no migrations at start) and downloads indicator values as CSV and XLSX, about 11,000
 * rows (one indicator, one year) and about 100,000 (one indicator, every year), sampling the
 * platform's resident memory every 50 ms. Memory is flat when the peak of the large export is
 * close to that of the small one (the ratio printed), whatever the row count.
 *
 * Options: --database <name> (default bench_national) on DATABASE_URL's server (else
 * 127.0.0.1:5432); --migrate applies the build's migrations at start (only on a copy of a shared
 * database: `createdb -T bench_national <copy>`); --json <file>.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { freePort } from '../database/embedded-postgres.js';
import { loadConfig } from '../config.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};

const server = new URL(loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
server.pathname = `/${option('database') ?? 'bench_national'}`;

function residentKilobytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

async function main() {
  const port = await freePort();
  const secret = randomBytes(32).toString('hex');
  const child = spawn(process.execPath, [path.join(here, '..', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: server.toString(),
      PORT: String(port),
      MIGRATE_ON_START: option('migrate') === undefined ? 'false' : 'true',
      JWT_SECRET: secret,
      CELL_KEY_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await fetch(`${base}/health/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (attempt > 1200) throw new Error('the platform did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const token = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('export-benchmark')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));

    const download = async (format: string, filter: Record<string, unknown>) => {
      const url = `${base}/export/indicator-values.${format}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
      let peak = residentKilobytes(child.pid!);
      const before = peak;
      const sampler = setInterval(() => {
        peak = Math.max(peak, residentKilobytes(child.pid!));
      }, 50);
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      let bytes = 0;
      let newlines = 0;
      for await (const chunk of response.body!) {
        bytes += chunk.length;
        if (format === 'csv') for (const byte of chunk) if (byte === 10) newlines++;
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      return {
        format,
        filter,
        bytes,
        rows: format === 'csv' ? newlines - 1 : undefined,
        seconds,
        beforeMb: before / 1024,
        peakMb: peak / 1024,
      };
    };

    const sizes = {
      small: { indicatorCode: 'MT2.1', year: 2023 },
      medium: { indicatorCode: 'MT2.1', yearFrom: 2021, yearTo: 2024 },
      large: { indicatorCode: 'MT2.1' },
    };
    // Warm-up, so that the first measured export does not pay for compiling code paths.
    await download('csv', { indicatorCode: 'MT2.1', year: 2022 });
    const results = [];
    for (const format of ['csv', 'xlsx']) {
      const runs = [];
      for (const [size, filter] of Object.entries(sizes))
        runs.push({ size, ...(await download(format, filter)) });
      const [small] = runs;
      if (!small) continue;
      for (const run of runs) {
        console.log(
          `${format} ${run.size.padEnd(6)}: ${String(run.rows ?? '').padStart(6)} rows, ${(run.bytes / 1e6).toFixed(1)} MB in ${run.seconds.toFixed(1)} s; ` +
            `peak RSS ${run.peakMb.toFixed(0)} MB (${(run.peakMb / small.peakMb).toFixed(2)} x the small export's)`,
        );
      }
      results.push({ format, runs });
    }
    const json = option('json');
    if (json) fs.writeFileSync(json, JSON.stringify(results, null, 2));
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
