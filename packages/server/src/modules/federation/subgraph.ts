import type { ApolloServerPlugin } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  GraphQLError,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import { unauthenticated } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import { RequestContext } from '../common/context.js';
import { badUserInput } from '../common/errors.js';
import { MAX_PAGE_SIZE } from '../common/connection.js';
import { buildPlatformSchema } from '../../schema.js';

/**
 * The types other graphs may extend or refer to, each keyed by its database id, and the root
 * look-up by id that resolves a reference to it. Codes are not keys: locality codes are reused
 * across reforms and indicator codes repeat between strategies. Resolving through the root
 * look-up gives a reference exactly what `locality(id:)`, `official(id:)` … give: the same role
 * checks, the same scope rule (an official outside the caller's scope is null), the same
 * per-request loader that batches every id of the request into one statement.
 */
export const ENTITY_LOOKUPS: Readonly<Record<string, string>> = {
  Locality: 'locality',
  Indicator: 'indicator',
  Agency: 'agency',
  Official: 'official',
  TrainingProgram: 'trainingProgram',
  Task: 'task',
};

/**
 * Representations one request may ask to resolve, over all its `_entities` fields: the largest
 * page a list gives, so a gateway resolving one page of another subgraph's rows fits.
 */
export const MAX_REPRESENTATIONS = MAX_PAGE_SIZE;

const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.3';

export interface SubgraphOptions {
  /** Whether `_service` (the whole schema as SDL) answers anonymous callers, as introspection does. */
  introspection: boolean;
}

/**
 * The platform's schema as an Apollo Federation 2 subgraph: the same types, fields, resolvers and
 * rules, with `@key` on the types of ENTITY_LOOKUPS and the `_service` and `_entities` fields
 * gateways use. @apollo/subgraph builds from SDL and a resolver map, so the platform schema is
 * printed with its applied directives (cache hints) and its resolvers are carried over.
 */
export async function buildSubgraphPlatformSchema(
  options: SubgraphOptions,
): Promise<GraphQLSchema> {
  const platform = await buildPlatformSchema();
  const resolvers = createResolversMap(platform) as Record<string, object>;
  const query = platform.getQueryType()!;
  for (const [typeName, lookupName] of Object.entries(ENTITY_LOOKUPS)) {
    const lookup = query.getFields()[lookupName]?.resolve;
    if (!lookup) throw new Error(`${typeName}: the root look-up ${lookupName} is missing`);
    resolvers[typeName] = {
      ...resolvers[typeName],
      __resolveReference: referenceResolver(lookup),
    };
  }
  const schema = buildSubgraphSchema([
    {
      typeDefs: withEntityKeys(platform),
      // type-graphql's map holds what graphql-js types hold; the library's type is narrower.
      resolvers: resolvers as SchemaModule['resolvers'],
    },
  ]);
  carryOverFromPlatform(platform, schema);
  const { _entities: entities, _service: service } = schema.getQueryType()!.getFields();
  if (!entities?.resolve || !service?.resolve)
    throw new Error('the subgraph schema lacks the _entities or _service field');
  entities.resolve = cappedEntities(entities.resolve);
  service.resolve = serviceForIntrospection(service.resolve, options);
  return schema;
}

/**
 * What SDL cannot carry back: the default values of arguments and input fields as the resolvers
 * expect them (an enum default printed as `ASC` is the value `asc` inside), and the fields'
 * extensions (the roles and personal marks the platform's checks read).
 */
function carryOverFromPlatform(platform: GraphQLSchema, subgraph: GraphQLSchema): void {
  for (const [name, type] of Object.entries(platform.getTypeMap())) {
    const copy = subgraph.getType(name);
    if (name.startsWith('__') || !copy) continue;
    if (
      (isObjectType(type) && isObjectType(copy)) ||
      (isInterfaceType(type) && isInterfaceType(copy))
    ) {
      const copyFields = copy.getFields();
      for (const field of Object.values(type.getFields())) {
        const target = copyFields[field.name];
        if (!target) continue;
        target.extensions = field.extensions;
        for (const argument of field.args) {
          const copyArgument = target.args.find((candidate) => candidate.name === argument.name)!;
          copyArgument.defaultValue = argument.defaultValue;
        }
      }
    } else if (isInputObjectType(type) && isInputObjectType(copy)) {
      const copyFields = copy.getFields();
      for (const field of Object.values(type.getFields())) {
        const target = copyFields[field.name];
        if (target) target.defaultValue = field.defaultValue;
      }
    }
  }
}

/** The printed platform schema, linked to Federation 2, with `@key(fields: "id")` on each entity. */
function withEntityKeys(platform: GraphQLSchema): DocumentNode {
  const document = parse(printSchemaWithDirectives(platform));
  const key: ConstDirectiveNode = {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'key' },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'fields' },
        value: { kind: Kind.STRING, value: 'id' },
      },
    ],
  };
  const link = parse(
    `extend schema @link(url: "${FEDERATION_LINK}", import: ["@key"])`,
  ).definitions;
  return {
    ...document,
    definitions: [
      ...link,
      ...document.definitions.map((definition) =>
        definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value in ENTITY_LOOKUPS
          ? { ...definition, directives: [...(definition.directives ?? []), key] }
          : definition,
      ),
    ],
  };
}

/** One element of buildSubgraphSchema's array form (the package does not export its type). */
type SchemaModule = Extract<
  Extract<Parameters<typeof buildSubgraphSchema>[0], unknown[]>[number],
  { typeDefs: unknown }
>;

type Reference = { __typename: string; id?: unknown };

/** Resolves `{ __typename, id }` by calling the root look-up with that id. */
function referenceResolver(lookup: GraphQLFieldResolver<unknown, RequestContext>) {
  // Async: a bad reference fails its own entry; a throw would fail the whole list.
  return async (reference: Reference, context: RequestContext, info: GraphQLResolveInfo) => {
    const { id } = reference;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw badUserInput('representations', `a ${reference.__typename} is known by its "id"`);
    }
    return lookup(undefined, { id: String(id) }, context, info);
  };
}

const representationsByRequest = new WeakMap<RequestContext, number>();

/**
 * `_entities` refuses a request past MAX_REPRESENTATIONS (counted over aliases too) before
 * resolving any of them; the cost limit counts each representation as a row of a list.
 */
function cappedEntities(resolve: GraphQLFieldResolver<unknown, RequestContext>) {
  return (
    source: unknown,
    args: { representations: unknown[] },
    context: RequestContext,
    info: GraphQLResolveInfo,
  ) => {
    const asked = (representationsByRequest.get(context) ?? 0) + args.representations.length;
    representationsByRequest.set(context, asked);
    if (asked > MAX_REPRESENTATIONS) {
      throw badUserInput(
        'representations',
        `at most ${MAX_REPRESENTATIONS} per request, got ${asked}`,
      );
    }
    for (const [index, representation] of args.representations.entries()) {
      const typename = (representation as Partial<Reference> | null)?.__typename;
      if (typeof typename !== 'string' || !Object.hasOwn(ENTITY_LOOKUPS, typename)) {
        throw badUserInput(
          `representations[${index}]`,
          `"__typename" must be one of ${Object.keys(ENTITY_LOOKUPS).join(', ')}`,
        );
      }
    }
    return resolve(source, args, context, info);
  };
}

/** `_service` gives the whole schema: where introspection is off, only to callers with a role. */
function serviceForIntrospection(
  resolve: GraphQLFieldResolver<unknown, RequestContext>,
  options: SubgraphOptions,
) {
  return (
    source: unknown,
    args: Record<string, unknown>,
    context: RequestContext,
    info: GraphQLResolveInfo,
  ) => {
    if (!options.introspection && context.viewer.role === Role.ANONYMOUS) {
      throw unauthenticated('the subgraph schema is given to callers with a role only');
    }
    return resolve(source, args, context, info);
  };
}

/**
 * A gateway reads a subgraph's error codes from the body of a 200 answer only: any other status
 * becomes its own error without them (`400: Bad Request`). As a subgraph, GraphQL answers are
 * 200 whatever they hold; the gateway sets the status its callers see.
 */
export const subgraphStatusPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind === 'single') response.http.status = 200;
      },
    };
  },
};

/**
 * The same rule for the answers given before Apollo's plugins run: a rate limit's 429 and the
 * caller's refused credentials (401) are sent as 200 with their codes, which a gateway passes on
 * (`RATE_LIMITED`, `UNAUTHENTICATED` and the platform's message) instead of its own account of a
 * status. `Retry-After` is still sent, and the wait is in the error too.
 */
export const subgraphRefusalStatus = (): number => 200;

/** A refusal of the caller's credentials, thrown while Apollo makes the context, as a 200. */
export function asSubgraphRefusal(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const http = { ...(error.extensions.http as object | undefined), status: 200 };
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http } });
}
