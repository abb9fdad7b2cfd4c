import type { PlatformModule } from '../common/platform-module.js';
import { Official } from './official.entity.js';
import {
  LocalityOfficialsResolver,
  OfficialMutationsResolver,
  OfficialResolver,
  PositionMutationsResolver,
  PositionResolver,
} from './official.resolver.js';
import { Position } from './position.entity.js';

/** Officials and their posts. */
export const officialModule: PlatformModule = {
  entities: [Official, Position],
  resolvers: [
    LocalityOfficialsResolver,
    OfficialResolver,
    PositionResolver,
    OfficialMutationsResolver,
    PositionMutationsResolver,
  ],
};
