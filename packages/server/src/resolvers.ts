import type { NonEmptyArray } from 'type-graphql';
import type { ResolverClass } from './modules/common/platform-module.js';
import { platformModules } from './modules/index.js';

/** Every module's resolvers (`modules/<feature>/index.ts`), in the order of the module list. */
export const resolvers = platformModules.flatMap(
  (module) => module.resolvers,
) as NonEmptyArray<ResolverClass>;
