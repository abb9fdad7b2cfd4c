import type { PlatformModule } from '../common/platform-module.js';
import { ImportResolver } from './import.resolver.js';

/** Bulk import of CSV files. */
export const importModule: PlatformModule = {
  entities: [],
  resolvers: [ImportResolver],
};
