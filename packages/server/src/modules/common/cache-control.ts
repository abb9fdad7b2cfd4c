import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
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
  values: { PUBLIC: {}, PRIVATE: {} },
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

/** Headers that select a different answer: shared caches must key on them. */
export const CREDENTIAL_HEADERS = ['Authorization', 'X-API-Key'];

/** Whether a request sends credentials in any of CREDENTIAL_HEADERS, whoever reads its headers. */
export function carriesCredentials(header: (lowerCaseName: string) => unknown): boolean {
  return CREDENTIAL_HEADERS.some((name) => Boolean(header(name.toLowerCase())));
}
