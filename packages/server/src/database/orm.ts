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
      max: 10,
      afterCreate(
        connection: { query: (sql: string, done: (error?: Error) => void) => void },
        done: (error?: Error) => void,
      ) {
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

/** Applies committed migrations that have not run yet; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
