import type { PlatformModule } from '../common/platform-module.js';
import { LocalitySuccession } from './locality-succession.entity.js';
import { Locality } from './locality.entity.js';
import {
  LocalityMutationsResolver,
  LocalityResolver,
  LocalitySuccessionResolver,
} from './locality.resolver.js';

/** Administrative units and what each went into across reforms. */
export const localityModule: PlatformModule = {
  entities: [Locality, LocalitySuccession],
  resolvers: [LocalityResolver, LocalitySuccessionResolver, LocalityMutationsResolver],
};
