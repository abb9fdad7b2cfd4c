import 'reflect-metadata';
import {
  lexicographicSortSchema,
  printSchema,
  specifiedDirectives,
  type GraphQLSchema,
} from 'graphql';
import { buildSchema } from 'type-graphql';
import { CacheControlDirective } from './modules/common/cache-control.js';
import { assertEveryMutationDeclaresRole, authChecker } from './modules/auth/authorize.js';
import { readArgumentsWithoutNulls } from './modules/common/input-rules.js';
import { resolvers } from './resolvers.js';

let built: Promise<GraphQLSchema> | undefined;

/** The platform's GraphQL schema, built once per process from the module resolvers. */
export function buildPlatformSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    validate: false,
    // Listing directives replaces graphql's own (@include, @skip, @deprecated …): keep them.
    directives: [...specifiedDirectives, CacheControlDirective],
    authChecker,
    authMode: 'error',
  })
    .then(assertEveryMutationDeclaresRole)
    .then(readArgumentsWithoutNulls);
  return built;
}

/** The SDL committed as the API contract: sorted, so that diffs show real changes only. */
export async function printPlatformSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildPlatformSchema()))}\n`;
}
