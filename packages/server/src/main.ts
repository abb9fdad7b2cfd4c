import { loadConfig } from './config.js';
import { cellKeySecret } from './modules/dashboard/disclosure.js';
import { openDatabase } from './database/database.js';
import { seedDemoData } from './seed/seed.js';
import { createPlatformServer } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // A production instance without its disclosure-control secret refuses to start, rather than
  // failing on the first anonymous breakdown.
  cellKeySecret(process.env);
  const database = await openDatabase(config);
  // Demo rows go only into the platform's own embedded database; an operator's database gets
  // them only through `pnpm seed`.
  if (database.embedded) {
    const summary = await seedDemoData(database.orm);
    console.log(summary.inserted ? `Seeded demo data: ${summary.describe()}` : 'Demo data present');
  }
  const server = await createPlatformServer(database.orm, config);
  const url = await server.listen(config.port);
  console.log(`Bình Đẳng GraphQL API ready at ${url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining requests and stopping`);
    try {
      await server.stop();
      await database.close();
      process.exit(0);
    } catch (error) {
      console.error('Shutdown failed', error);
      process.exit(1);
    }
  };
  // The platform drains requests first, then stops the database.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
