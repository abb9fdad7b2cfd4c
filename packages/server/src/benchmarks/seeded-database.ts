import path from 'node:path';
import pg from 'pg';
import { repositoryRoot } from '../config.js';
import { freePort, startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { migrate, openOrm } from '../database/orm.js';
import { seedDemoData } from '../seed/seed.js';

/**
 * A migrated, seeded database of a benchmark's own on DATABASE_URL's server, else on an embedded
 * PostgreSQL; `drop()` removes it (and stops the embedded server).
 */
export async function seededBenchmarkDatabase(label: string) {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(repositoryRoot, '.data', 'bench-postgres'),
        port: await freePort(),
      });
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url('postgres');
  const database = `binh_dang_bench_${label}_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const orm = await openOrm(url.toString());
  try {
    await migrate(orm);
    await seedDemoData(orm);
  } finally {
    await orm.close(true);
  }
  return {
    url: url.toString(),
    async drop() {
      await admin(`drop database if exists "${database}" with (force)`);
      await embedded?.stop();
    },
  };
}
