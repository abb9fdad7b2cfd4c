import 'reflect-metadata';
import {
  lexicographicSortSchema,
  printSchema,
  specifiedDirectives,
  type GraphQLSchema,
} from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { CacheControlDirective } from './modules/common/cache-control.js';
import { assertEveryMutationDeclaresRole, authChecker } from './modules/auth/authorize.js';
import { readArgumentsWithoutNulls } from './modules/common/input-rules.js';
import { resolvers } from './resolvers.js';

let built: Promise<GraphQLSchema> | undefined;

/**
 * Fields that only read a property of the row they belong to resolve as graphql-js's default
 * resolver does (type-graphql's simple resolvers), without a wrapper and its allocations per
 * value. A field keeps type-graphql's resolver when anything guards it: roles or middlewares on
 * the field or its class, or a schema name other than its property's. Fields computed by a
 * method (field resolvers, `@Personal` among them) are not plain properties and keep theirs.
 */
function plainPropertiesResolveSimply(): void {
  const storage = getMetadataStorage();
  const guardedClasses = new Set<unknown>([
    ...storage.authorizedResolver.map(({ target }) => target),
    ...storage.resolverMiddlewares.map(({ target }) => target),
  ]);
  const guardedFields = new Set<string>(
    [...storage.authorizedFields, ...storage.middlewares].map(({ fieldName }) => fieldName),
  );
  for (const field of storage.fields) {
    if (field.simple !== undefined || field.name !== field.schemaName) continue;
    if (guardedClasses.has(field.target) || guardedFields.has(field.name)) continue;
    field.simple = true;
  }
}

/** type-graphql builds the root types without a description; the contract gives them one. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) {
    query.description =
      'Reads: the catalogue, localities, officials, agencies, programs, tasks, indicator values, the audit trail and the dashboard aggregates';
  }
  if (mutation) {
    mutation.description =
      "Writes: every mutation names the role it needs and acts within the caller's scope";
  }
  return schema;
}

/** The platform's GraphQL schema, built once per process from the module resolvers. */
export function buildPlatformSchema(): Promise<GraphQLSchema> {
  if (!built) plainPropertiesResolveSimply();
  built ??= buildSchema({
    resolvers,
    validate: false,
    // Listing directives replaces graphql's own (@include, @skip, @deprecated …): keep them.
    directives: [...specifiedDirectives, CacheControlDirective],
    authChecker,
    authMode: 'error',
  })
    .then(assertEveryMutationDeclaresRole)
    .then(readArgumentsWithoutNulls)
    .then(describeRootTypes);
  return built;
}

/** The SDL committed as the API contract: sorted, so that diffs show real changes only. */
export async function printPlatformSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildPlatformSchema()))}\n`;
}
