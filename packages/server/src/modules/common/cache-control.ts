import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import {
  DirectiveLocation,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLInt,
} from 'graphql';

/** Apollo Server's cache-control directive; applied directives set the response's Cache-Control. */
export const CacheControlScope = new GraphQLEnumType({
  name: 'CacheControlScope',
  description: 'Who may keep a cached answer',
  values: {
    PUBLIC: { description: 'Shared caches may keep it' },
    PRIVATE: { description: "Only the caller's own client may keep it" },
  },
});

export const CacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  locations: [
    DirectiveLocation.FIELD_DEFINITION,
    DirectiveLocation.OBJECT,
    DirectiveLocation.INTERFACE,
    DirectiveLocation.UNION,
  ],
  args: {
    maxAge: { type: GraphQLInt },
    scope: { type: CacheControlScope },
    inheritMaxAge: { type: GraphQLBoolean },
  },
});

/** Seconds a dashboard may reuse an aggregate; figures change only when data is reported. */
export const AGGREGATE_MAX_AGE = 300;
export const AGGREGATE_CACHE_HINT = `@cacheControl(maxAge: ${AGGREGATE_MAX_AGE}, scope: PUBLIC)`;
export const INHERIT_CACHE_HINT = '@cacheControl(inheritMaxAge: true)';

/**
 * What a shared cache may keep. A request with credentials gets an answer shaped by its caller
 * (role, scope, disclosure), so at most its own browser may keep it (`private`); mutations are
 * never kept (`no-store`). Apollo's cache-control plugin then writes the header from the
 * field hints; responses with errors are `no-store` there. Only anonymous responses whose every
 * field is hinted PUBLIC (the aggregates) are `public`.
 */
export const callerAwareCachePolicy: ApolloServerPlugin<BaseContext> = {
  async requestDidStart({ request }) {
    const headers = request.http?.headers;
    const credentialed = carriesCredentials((name) => headers?.get(name));
    return {
      async didResolveOperation({ operation, overallCachePolicy }) {
        if (credentialed) overallCachePolicy.restrict({ scope: 'PRIVATE' });
        if (operation?.operation !== 'query') overallCachePolicy.restrict({ maxAge: 0 });
      },
    };
  },
};

/**
 * Apollo's cache-control plugin, with one difference: a request whose policy is already decided
 * before execution (credentialed or not a query, see callerAwareCachePolicy) resolves its fields
 * without a per-field hook. Apollo would only record field hints that nothing reads for it, and
 * any per-field hook makes Apollo wrap the resolution of every field of the answer. Anonymous
 * queries are hinted field by field as before, so their header is what Apollo writes.
 */
export function fieldHintCachePolicy(): ApolloServerPlugin<BaseContext> {
  const apollo = ApolloServerPluginCacheControl();
  return {
    async serverWillStart(service) {
      await apollo.serverWillStart?.(service);
    },
    async requestDidStart(requestContext) {
      const hooks = await apollo.requestDidStart?.(requestContext);
      if (!hooks) return hooks;
      return {
        ...hooks,
        async executionDidStart(executionContext) {
          const { maxAge, scope } = requestContext.overallCachePolicy;
          if (maxAge !== undefined || scope !== undefined) return;
          return hooks.executionDidStart?.(executionContext);
        },
      };
    },
  };
}

/** Headers that select a different answer: shared caches must key on them. */
export const CREDENTIAL_HEADERS = ['Authorization', 'X-API-Key'];

/** Whether a request sends credentials in any of CREDENTIAL_HEADERS, whoever reads its headers. */
export function carriesCredentials(header: (lowerCaseName: string) => unknown): boolean {
  return CREDENTIAL_HEADERS.some((name) => Boolean(header(name.toLowerCase())));
}
