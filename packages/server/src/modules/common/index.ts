import type { PlatformModule } from './platform-module.js';
import { VersionedRecord } from './versioned-record.js';

/** The columns every versioned, audited record shares. */
export const commonModule: PlatformModule = {
  entities: [VersionedRecord],
  resolvers: [],
};
