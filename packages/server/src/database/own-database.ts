import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { migrate, openOrm } from './orm.js';

/**
 * Creates the database `name` on the server at `serverUrl` and brings it to the latest
 * migration, then runs `fill` on it (a seed, say): a database of a test's or a benchmark's own.
 * `drop()` removes it, closing whatever is still connected.
 */
export async function createMigratedDatabase(
  serverUrl: string,
  name: string,
  fill?: (orm: MikroORM) => Promise<unknown>,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const onServer = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await onServer(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await openOrm(url.toString());
  try {
    await migrate(orm);
    await fill?.(orm);
  } finally {
    await orm.close(true);
  }
  return {
    url: url.toString(),
    drop: () => onServer(`drop database if exists "${name}" with (force)`),
  };
}
