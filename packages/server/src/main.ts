import { loadConfig, type PlatformConfig } from './config.js';
import { openDatabase, type Database } from './database/database.js';
import { isDatabaseUnavailable } from './modules/common/error-handling.js';
import { createLogger, log, useLogger } from './modules/observability/log.js';
import { seedDemoData } from './seed/seed.js';
import { createPlatformServer } from './server.js';

/** Where the database is, for log lines: host, port and name, never the password. */
function databaseLocation(config: PlatformConfig): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (${config.embedded.dataDir})`;
  const url = new URL(config.databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** Opens the database, retrying with growing pauses while it cannot be reached. */
async function openWithRetries(config: PlatformConfig): Promise<Database> {
  const attempts = config.operations.databaseConnectAttempts;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(config, (message) => log().info(message), {
        migrate: config.operations.migrateOnStart,
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error) || attempt >= attempts) throw error;
      const seconds = Math.min(30, 2 ** (attempt - 1));
      const reason = (error as { code?: string; message?: string }).code ?? String(error);
      log().warn(
        { attempt, attempts, retryInSeconds: seconds, reason },
        `Database not reachable at ${databaseLocation(config)} (${reason}); attempt ${attempt} of ${attempts}, retrying in ${seconds} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  useLogger(createLogger(config.operations.logLevel));
  const database = await openWithRetries(config);
  // Demo rows go only into the platform's own embedded database; an operator's database gets
  // them only through `pnpm seed`.
  if (database.embedded) {
    const summary = await seedDemoData(database.orm);
    log().info(summary.inserted ? `Seeded demo data: ${summary.describe()}` : 'Demo data present');
  }
  const server = await createPlatformServer(database.orm, config, {
    replicas: database.replicas,
  });
  let url: string;
  try {
    url = await server.listen(config.port);
  } catch (error) {
    await server.stop();
    await database.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`PORT ${config.port} is already in use by another process`);
    }
    throw error;
  }
  log().info({ url }, `Bình Đẳng GraphQL API ready at ${url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, `${signal} received: draining requests and stopping`);
    const { shutdownDelaySeconds, shutdownGraceSeconds } = config.operations;
    // Should draining hang past its bounds, the process still ends.
    setTimeout(
      () => {
        log().error('Shutdown took too long; exiting');
        process.exit(1);
      },
      (shutdownDelaySeconds + shutdownGraceSeconds + 15) * 1000,
    ).unref();
    try {
      await server.stop();
      await database.close();
      log().info('Stopped');
      process.exit(0);
    } catch (error) {
      log().error({ err: error }, 'Shutdown failed');
      process.exit(1);
    }
  };
  // The platform drains requests first, then stops the database.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch((error) => {
  log().fatal({ err: error }, `Start-up failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
