import { loadConfig } from '../config.js';
import { openDatabase } from '../database/database.js';
import { seedDemoData } from '../seed/seed.js';

/** `pnpm seed`: loads the demo data set into whichever database is configured. */
const database = await openDatabase(loadConfig());
try {
  const summary = await seedDemoData(database.orm);
  console.log(summary.inserted ? `Seeded: ${summary.describe()}` : 'Demo data already present');
} finally {
  await database.close();
}
