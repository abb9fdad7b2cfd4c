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
