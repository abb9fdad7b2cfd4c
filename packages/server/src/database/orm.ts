import 'reflect-metadata';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';
import { keepDriverMessages } from './driver-message.js';
import { log } from '../modules/observability/log.js';

export interface OrmSettings {
  /** statement_timeout for every connection of the pool; none when absent. */
  statementTimeoutMs?: number;
  /** Most connections in the pool (10 when absent). */
  poolSize?: number;
  /**
   * Behind a pooler in transaction mode a `SET` would stay on whichever server connection ran it
   * and miss the next transaction: then nothing is set per connection, and the role's own
   * settings (`ALTER ROLE … SET statement_timeout`) apply to every transaction.
   */
  transactionPooling?: boolean;
}

export function ormOptions(clientUrl: string, settings: OrmSettings = {}): Options {
  const timeout = settings.statementTimeoutMs;
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    // The ORM's own messages (migrations applied) go to the platform's log, without colour codes.
    colors: false,
    logger: (message) => log().info(message),
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    // Requests fork their own EntityManager; touching the global one is a bug.
    allowGlobalContext: false,
    pool: {
      min: 0,
      max: settings.poolSize ?? 10,
      // A request waits for a connection no longer than a statement may run, then is told the
      // database is busy (503), instead of queueing for knex's default minute.
      acquireTimeoutMillis: Math.max(1000, timeout ?? 10_000),
      afterCreate(
        connection: { query: (sql: string, done: (error?: Error) => void) => void },
        done: (error?: Error) => void,
      ) {
        if (settings.transactionPooling) return done();
        connection.query(
          [
            // The API's statements are short: compiling one with JIT costs far more than it
            // saves (a second for a dashboard aggregate that runs in tens of milliseconds).
            'set jit = off',
            // A runaway query is cancelled by PostgreSQL itself, whatever the client does.
            ...(timeout ? [`set statement_timeout = ${Math.trunc(timeout)}`] : []),
          ].join('; '),
          done,
        );
      },
    },
  };
}

export async function openOrm(clientUrl: string, settings: OrmSettings = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl, settings));
  keepDriverMessages(orm.em.getConnection().getKnex());
  return orm;
}

/**
 * Runs `work` while this database's migration lock is held. Instances that start together on an
 * empty database would otherwise all create the migrations table and the extensions at once, and
 * all but one fail; with the lock the others wait, then find nothing left to apply. The lock is a
 * transaction-level advisory lock on a connection of its own (PgBouncer in transaction mode keeps
 * a transaction on one server connection), released when that transaction ends or its connection
 * drops with a dead process.
 */
export async function withMigrationLock<T>(orm: MikroORM, work: () => Promise<T>): Promise<T> {
  const knex = orm.em.getConnection().getKnex();
  return knex.transaction(async (lock) => {
    await lock.raw("select pg_advisory_xact_lock(hashtext('binh_dang.migrations'))");
    return work();
  });
}

/** Applies committed migrations that have not run yet (under the lock); returns their names. */
export async function migrate(orm: MikroORM, options: { to?: string } = {}): Promise<string[]> {
  const applied = await withMigrationLock(orm, () =>
    orm.getMigrator().up(options.to ? { to: options.to } : undefined),
  );
  return applied.map((migration) => migration.name);
}

/**
 * The committed migrations this database has not applied, in order: all of them when it has no
 * migrations table yet (a new database started with MIGRATE_ON_START=false).
 */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  let rows: { name: string }[];
  try {
    rows = await orm.em.getKnex()('mikro_orm_migrations').select('name');
  } catch (error) {
    // 42P01: no such table.
    if ((error as { code?: unknown }).code !== '42P01') throw error;
    rows = [];
  }
  const applied = new Set(rows.map((row) => row.name.replace(/\.[jt]s$/, '')));
  return migrationsList.map((migration) => migration.name).filter((name) => !applied.has(name));
}
