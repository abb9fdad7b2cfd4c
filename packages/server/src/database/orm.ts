import 'reflect-metadata';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';

export function ormOptions(clientUrl: string): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    // Requests fork their own EntityManager; touching the global one is a bug.
    allowGlobalContext: false,
    pool: { min: 0, max: 10 },
  };
}

export async function openOrm(clientUrl: string): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl));
}

/** Applies committed migrations that have not run yet; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
