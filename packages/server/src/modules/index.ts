import { agencyModule } from './agency/index.js';
import { auditModule } from './audit/index.js';
import { commonModule } from './common/index.js';
import type { PlatformModule } from './common/platform-module.js';
import { dashboardModule } from './dashboard/index.js';
import { importModule } from './import/index.js';
import { labelsModule } from './labels/index.js';
import { localityModule } from './locality/index.js';
import { officialModule } from './official/index.js';
import { strategyModule } from './strategy/index.js';
import { taskModule } from './task/index.js';
import { trainingModule } from './training/index.js';

/**
 * The feature modules with entities or resolvers, each from its `index.ts`; the order is that of
 * MikroORM discovery. `test/modules.test.ts` fails when a declared entity or resolver is in none.
 */
export const platformModules: PlatformModule[] = [
  commonModule,
  localityModule,
  strategyModule,
  agencyModule,
  officialModule,
  trainingModule,
  taskModule,
  auditModule,
  dashboardModule,
  importModule,
  labelsModule,
];
