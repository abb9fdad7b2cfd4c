import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repositoryRoot } from '../../src/config.js';
import {
  freePort,
  startEmbeddedPostgres,
  type EmbeddedServer,
} from '../../src/database/embedded-postgres.js';
import { createMigratedDatabase } from '../../src/database/own-database.js';
import { seedDemoData } from '../../src/seed/seed.js';

import './provided-context.js';

/**
 * Every run gets a new database, migrated and seeded from scratch: on the server named by
 * DATABASE_URL when set (the database in the URL is only used to create and drop it), else on
 * an embedded PostgreSQL with its own data directory.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(repositoryRoot, '.data', 'test-postgres'),
      port: await freePort(),
    });
    serverUrl = embedded.url('postgres');
  }
  const name = `binh_dang_test_${process.pid}_${Date.now()}`;
  const database = await createMigratedDatabase(serverUrl, name, seedDemoData);
  project.provide('databaseUrl', database.url);
  project.provide('serverUrl', serverUrl);
  console.log(`Test database ${name} on ${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}`);

  return async () => {
    await database.drop();
    await embedded?.stop();
  };
}
