import pg from 'pg';
import { inject } from 'vitest';
import './provided-context.js';
import { migrate, openOrm } from '../../src/database/orm.js';

/** A new, migrated, empty database on the test server; `drop()` removes it. */
export async function createScratchDatabase(label: string) {
  const serverUrl = inject('serverUrl');
  const name = `binh_dang_${label}_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await openOrm(url.toString());
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}
