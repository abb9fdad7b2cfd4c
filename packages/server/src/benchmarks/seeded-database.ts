import path from 'node:path';
import { loadConfig, repositoryRoot } from '../config.js';
import { freePort, startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { createMigratedDatabase } from '../database/own-database.js';
import { seedDemoData } from '../seed/seed.js';

/**
 * A migrated, seeded database of a benchmark's own on DATABASE_URL's server, else on an embedded
 * PostgreSQL; `drop()` removes it (and stops the embedded server).
 */
export async function seededBenchmarkDatabase(label: string) {
  const { databaseUrl } = loadConfig();
  const embedded = databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(repositoryRoot, '.data', 'bench-postgres'),
        port: await freePort(),
      });
  const serverUrl = databaseUrl ?? embedded!.url('postgres');
  const database = await createMigratedDatabase(
    serverUrl,
    `binh_dang_bench_${label}_${process.pid}`,
    seedDemoData,
  );
  return {
    url: database.url,
    async drop() {
      await database.drop();
      await embedded?.stop();
    },
  };
}
