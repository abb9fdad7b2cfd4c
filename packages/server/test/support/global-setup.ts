import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { repositoryRoot } from '../../src/config.js';
import {
  freePort,
  startEmbeddedPostgres,
  type EmbeddedServer,
} from '../../src/database/embedded-postgres.js';
import { migrate, openOrm } from '../../src/database/orm.js';
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
  const database = `binh_dang_test_${process.pid}_${Date.now()}`;
  await adminQuery(serverUrl, `create database "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;

  const orm = await openOrm(url.toString());
  try {
    await migrate(orm);
    await seedDemoData(orm);
  } finally {
    await orm.close(true);
  }
  project.provide('databaseUrl', url.toString());
  project.provide('serverUrl', serverUrl);
  console.log(`Test database ${database} on ${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}`);

  return async () => {
    await adminQuery(serverUrl, `drop database if exists "${database}" with (force)`);
    await embedded?.stop();
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
