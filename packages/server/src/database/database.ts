import type { MikroORM } from '@mikro-orm/postgresql';
import type { PlatformConfig } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.js';
import { migrate, openOrm, pendingMigrations } from './orm.js';
import { log as platformLog } from '../modules/observability/log.js';

export const EMBEDDED_DATABASE = 'binh_dang';

export interface Database {
  orm: MikroORM;
  /** One ORM per streaming replica (`DATABASE_REPLICA_URLS`), for read-only requests. */
  replicas: MikroORM[];
  /** True when the platform runs its own PostgreSQL (no DATABASE_URL). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to the configured PostgreSQL, or starts the embedded one, and brings the schema up
 * to date with the committed migrations.
 */
export async function openDatabase(
  config: PlatformConfig,
  log: (message: string) => void = (message) => platformLog().info(message),
  options: { migrate?: boolean } = {},
): Promise<Database> {
  let embeddedServer: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embeddedServer = await startEmbeddedPostgres({ ...config.embedded, log });
    url = embeddedServer.url(EMBEDDED_DATABASE);
    await ensureDatabaseExists(embeddedServer, EMBEDDED_DATABASE);
    log(`Embedded PostgreSQL running on port ${config.embedded.port} (${config.embedded.dataDir})`);
  }
  try {
    // Migrations may run long; requests get the statement timeout.
    if (options.migrate ?? true) {
      const migrator = await openOrm(url);
      try {
        const applied = await migrate(migrator);
        if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
      } finally {
        await migrator.close(true);
      }
    }
    const orm = await openOrm(url, {
      statementTimeoutMs: config.limits.statementTimeoutMs,
      poolSize: config.database.poolSize,
      transactionPooling: config.database.transactionPooling,
    });
    if (!embeddedServer) await checkRole(orm, config);
    if (!(options.migrate ?? true)) {
      // Said here for the operator; readiness reports it all the same, so a failing check only warns.
      const pending = await pendingMigrations(orm).catch((error: unknown) => {
        platformLog().warn({ err: error }, 'Could not read which migrations are applied');
        return [];
      });
      if (pending.length > 0) {
        platformLog().warn(
          `${pending.length} migrations are not applied and MIGRATE_ON_START is false: run \`binh-dang migrate up\` as the schema's owner; /health/ready answers 503 until then`,
        );
      }
    }
    const replicas: MikroORM[] = [];
    try {
      for (const replicaUrl of config.database.replicaUrls) {
        replicas.push(
          await openOrm(replicaUrl, {
            statementTimeoutMs: config.limits.statementTimeoutMs,
            poolSize: config.database.poolSize,
            transactionPooling: config.database.transactionPooling,
          }),
        );
      }
    } catch (error) {
      await Promise.all([orm, ...replicas].map((opened) => opened.close(true)));
      throw error;
    }
    return {
      orm,
      replicas,
      embedded: embeddedServer !== undefined,
      async close() {
        await Promise.all(replicas.map((replica) => replica.close(true)));
        await orm.close(true);
        await embeddedServer?.stop();
      },
    };
  } catch (error) {
    await embeddedServer?.stop();
    throw error;
  }
}

/**
 * Warns about a role the platform should not run as: a superuser (one bug away from dropping the
 * database, and it takes the connections kept for the administrator), or, behind a pooler in
 * transaction mode, a role without its own statement_timeout (nothing else would bound a query).
 */
async function checkRole(orm: MikroORM, config: PlatformConfig): Promise<void> {
  const { rows } = (await orm.em
    .getKnex()
    .raw(
      "select rolsuper as superuser, current_user as role, current_setting('statement_timeout') as timeout from pg_roles where rolname = current_user",
    )) as { rows: { superuser: boolean; role: string; timeout: string }[] };
  const [row] = rows;
  if (!row) return;
  if (row.superuser) {
    platformLog().warn(
      `The platform is connected as "${row.role}", a superuser: run it as an ordinary role with only the GRANTs the README lists`,
    );
  }
  if (config.database.transactionPooling && row.timeout === '0') {
    platformLog().warn(
      `DATABASE_POOL_MODE=transaction but role "${row.role}" has no statement_timeout: ALTER ROLE "${row.role}" SET statement_timeout = '${config.limits.statementTimeoutMs}ms'`,
    );
  }
}

async function ensureDatabaseExists(server: EmbeddedServer, name: string): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: server.url('postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}
