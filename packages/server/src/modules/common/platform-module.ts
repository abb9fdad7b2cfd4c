import type { AnyEntity, EntityClass } from '@mikro-orm/core';

/** A resolver class: type-graphql takes them as plain constructors. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ResolverClass = Function;

/**
 * What a feature module gives the platform, from its `index.ts`: the MikroORM entities of its
 * tables and its type-graphql resolvers. `modules/index.ts` lists the modules;
 * `database/entities.ts` and `resolvers.ts` only concatenate them.
 */
export interface PlatformModule {
  entities: EntityClass<AnyEntity>[];
  resolvers: ResolverClass[];
}
