import type { PlatformModule } from '../common/platform-module.js';
import { Agency } from './agency.entity.js';
import { AgencyMutationsResolver, AgencyResolver } from './agency.resolver.js';

/** Agencies and committees. */
export const agencyModule: PlatformModule = {
  entities: [Agency],
  resolvers: [AgencyResolver, AgencyMutationsResolver],
};
