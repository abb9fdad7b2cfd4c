import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import {
  corsMiddleware,
  requestIdMiddleware,
  requestIdScope,
} from './modules/common/cross-origin.js';
import type { PlatformConfig } from './config.js';
import {
  authenticatedViewer,
  createAuthenticator,
  currentViewer,
  viewerScope,
} from './modules/auth/authenticate.js';
import { Role, type Viewer } from './modules/auth/viewer.js';
import {
  callerAwareCachePolicy,
  CREDENTIAL_HEADERS,
  fieldHintCachePolicy,
} from './modules/common/cache-control.js';
import { RequestContext, type GraphQLContext } from './modules/common/context.js';
import {
  databaseUnavailableError,
  errorStatusPlugin,
  formatPlatformError,
  isDatabaseUnavailable,
  isStatementTimeout,
  jsonErrorHandler,
  notFoundHandler,
  queryTimeoutError,
  requireUtf8Body,
} from './modules/common/error-handling.js';
import { inputRulesPlugin } from './modules/common/input-rules.js';
import { nestedReadPlugin } from './modules/locality/nested-read.js';
import { NestedReadRepeats } from './modules/locality/nested-read-repeats.js';
import {
  aliasLimitRule,
  costLimitError,
  depthLimitRule,
  operationCost,
} from './modules/limits/query-limits.js';
import { authenticateAndLimit, RateLimits } from './modules/limits/rate-limiter.js';
import { foldChangesEvery, ResponseCache } from './modules/cache/response-cache.js';
import { PersistedQueryStore } from './modules/cache/persisted-queries.js';
import { ResponseStore } from './modules/cache/response-store.js';
import { log } from './modules/observability/log.js';
import { Operations } from './modules/observability/operations.js';
import { explorerRoutes, introspectionForRolesPlugin } from './modules/explorer/explorer.js';
import { dashboardRoutes } from './modules/dashboard/page.js';
import { rebuildOfficialTalliesEvery } from './modules/dashboard/officials-tally.js';
import { exportRoutes } from './modules/export/export.js';
import {
  buildSubgraphPlatformSchema,
  asSubgraphRefusal,
  subgraphRefusalStatus,
  subgraphStatusPlugin,
} from './modules/federation/subgraph.js';
import { buildPlatformSchema } from './schema.js';
import { ReadRouting } from './database/read-routing.js';

export interface PlatformServer {
  httpServer: http.Server;
  listen(port: number): Promise<string>;
  stop(): Promise<void>;
}

export async function createPlatformServer(
  orm: MikroORM,
  config: PlatformConfig,
  options: { replicas?: MikroORM[] } = {},
): Promise<PlatformServer> {
  const app = express();
  app.disable('x-powered-by');
  // Refusals (401, 429, 400, 413, 404, 503) are answers for one caller at one moment: no cache
  // keeps them. GraphQL answers replace this with the policy of what they hold.
  app.use((_request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  const httpServer = http.createServer(app);
  // As a federation subgraph: the same schema and rules, plus what a gateway calls.
  const schema = config.federationSubgraph
    ? await buildSubgraphPlatformSchema({ introspection: config.introspection })
    : await buildPlatformSchema();
  // X-Forwarded-For counts only from configured proxies; by default a client could write any.
  app.set('trust proxy', config.trustProxy);
  const authenticate = await createAuthenticator(orm.em.getKnex(), config.tokens, {
    apiKeyCacheSeconds: config.apiKeyCacheSeconds,
  });
  const rateLimits = new RateLimits({
    perMinute: config.limits.rateLimitPerMinute,
    authFailuresPerMinute: config.limits.authFailuresPerMinute,
    maxClients: config.limits.rateLimitClients,
    redisUrl: config.redisUrl,
  });
  if (config.redisUrl && !(await rateLimits.connected(2000))) {
    log().warn(
      'REDIS_URL is set but Redis does not answer: each instance counts rate limits on its own until it does; /health/ready reports it as degraded meanwhile',
    );
  }
  // Logs, metrics, health and draining (modules/observability).
  const operations = new Operations({
    orm,
    metricsToken: config.operations.metricsToken,
    shutdownDelaySeconds: config.operations.shutdownDelaySeconds,
    redisReachable: config.redisUrl ? () => rateLimits.reachable() : undefined,
  });
  const responses = new ResponseStore({
    maxBytes: config.responseCacheMegabytes * 1024 * 1024,
    redisUrl: config.redisUrl,
  });
  // Automatic persisted queries: a hash registered with one instance answers on every other.
  const persistedQueries = new PersistedQueryStore(
    config.redisUrl,
    () => (currentViewer()?.role ?? Role.ANONYMOUS) !== Role.ANONYMOUS,
  );
  const readRouting = new ReadRouting(
    options.replicas ?? [],
    config.database.readYourWritesSeconds,
    config.redisUrl,
  );
  await Promise.all([responses.connected(2000), persistedQueries.connected(2000)]);
  const stopFolding = foldChangesEvery(orm.em.fork(), 60_000);
  const stopTallying = rebuildOfficialTalliesEvery(orm.em.fork(), 60_000);
  const responseCache = new ResponseCache(
    responses,
    schema,
    orm.em.fork(),
    config.limits,
    config,
    config.database.transactionPooling,
  );

  // A request's context, as Apollo's path creates it and as a repeat answered before it reads.
  const contextFor = (viewer: Viewer) =>
    new RequestContext(orm.em.fork(), viewer, config.smallCellThreshold, config.cellKeySecret);
  const nestedReads = new NestedReadRepeats(
    schema,
    config.limits,
    config,
    async (viewer) => {
      const context = contextFor(viewer);
      if (readRouting.enabled) await readRouting.route(context);
      return context;
    },
    !config.database.transactionPooling,
  );

  const costLimit: ApolloServerPlugin<GraphQLContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, request.operationName, request.variables);
          if (cost > config.limits.maxCost) throw costLimitError(cost, config.limits.maxCost);
        },
      };
    },
  };

  const apollo = new ApolloServer<GraphQLContext>({
    // The process that owns the server drains it on a signal (main.ts); Apollo's own handler would
    // stop it a second time and re-raise the signal.
    stopOnTerminationSignals: false,
    schema,
    // The explorer needs introspection; without GRAPHQL_INTROSPECTION only callers with a role get it.
    introspection: config.introspection || config.explorer,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    parseOptions: { maxTokens: config.limits.maxTokens },
    persistedQueries: { cache: persistedQueries },
    validationRules: [
      depthLimitRule(config.limits.maxDepth),
      aliasLimitRule(config.limits.maxAliases),
    ],
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: config.operations.shutdownGraceSeconds * 1000,
      }),
      operations.plugin,
      costLimit,
      // After the limits: a refused request needs no server chosen.
      ...(readRouting.enabled ? [readRouting.plugin()] : []),
      callerAwareCachePolicy,
      // Apollo's own would hook every field of every answer; this one only where it counts.
      ApolloServerPluginCacheControlDisabled(),
      fieldHintCachePolicy(),
      ...(config.explorer && !config.introspection ? [introspectionForRolesPlugin()] : []),
      responseCache.plugin(),
      // After the answer cache, whose stored answer comes first; after every check and limit.
      nestedReadPlugin(nestedReads),
      inputRulesPlugin,
      errorStatusPlugin,
      ...(config.landingPage ? [] : [ApolloServerPluginLandingPageDisabled()]),
      // Last, so that it decides the status a gateway sees.
      ...(config.federationSubgraph
        ? // Apollo would add field traces for a gateway that asks: timings of our fields are not its business.
          [ApolloServerPluginInlineTraceDisabled(), subgraphStatusPlugin]
        : []),
    ],
    // Server faults look the same in every profile: a code, a message and a request id.
    formatError: formatPlatformError,
  });
  await apollo.start();

  app.get('/', (_request, response) => response.redirect('/graphql'));
  app.use(operations.routes());
  // Before everything else on /graphql, so that refusals carry the request id and, for an
  // allowed origin, CORS headers a browser app can read.
  app.use('/graphql', requestIdMiddleware, operations.requestLog);
  const cors = corsMiddleware(config.cors);
  if (cors) app.use('/graphql', cors);
  // After CORS: a preflight to /graphql is answered by it, not by the page's route.
  if (config.explorer) app.use(explorerRoutes());
  // The public dashboard: static files that call /graphql from this origin.
  app.use(dashboardRoutes());
  app.use(
    '/graphql',
    (_request, response, next) => {
      response.vary(CREDENTIAL_HEADERS.join(', '));
      next();
    },
    authenticateAndLimit(
      rateLimits,
      authenticate,
      config.federationSubgraph ? subgraphRefusalStatus : undefined,
    ),
    // Room for a moderate CSV import; larger files go through the command line.
    express.json({ limit: '8mb', verify: requireUtf8Body }),
    requestIdScope,
    viewerScope,
    // A repeat of a cached aggregate is answered here, after the caller and the limits.
    responseCache.answerRepeats(operations.nameOperation),
    operations.requestScope,
    // A repeat of a nested read, read afresh here; after the answer cache, whose answers are
    // aggregates only (never a nested read's root field).
    nestedReads.answerRepeats(operations.nameOperation),
    expressMiddleware(apollo, {
      // Each request gets its own identity map, its own loaders and its caller.
      context: async ({ req }) => {
        try {
          const viewer = authenticatedViewer(req);
          return contextFor(viewer);
        } catch (error) {
          let refusal = error;
          if (isStatementTimeout(error)) {
            log().warn('Statement timeout while identifying the caller');
            refusal = queryTimeoutError();
          } else if (isDatabaseUnavailable(error)) {
            log().error({ err: error }, 'Database unreachable while identifying the caller');
            refusal = databaseUnavailableError();
          }
          throw config.federationSubgraph ? asSubgraphRefusal(refusal) : refusal;
        }
      },
    }),
  );
  // Files of aggregates and lists: the same credentials, limits and GraphQL rules as /graphql.
  app.use(
    '/export',
    requestIdMiddleware,
    operations.requestLog,
    authenticateAndLimit(rateLimits, authenticate),
    requestIdScope,
    operations.requestScope,
    exportRoutes(apollo, orm, schema, config),
  );
  app.use(notFoundHandler);
  app.use(jsonErrorHandler);

  return {
    httpServer,
    listen(port: number) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, () => {
          const { port: bound } = httpServer.address() as AddressInfo;
          operations.state = 'ready';
          resolve(`http://localhost:${bound}/graphql`);
        });
      });
    },
    async stop() {
      // Readiness turns 503 first, so that load balancers stop sending requests.
      await operations.drain();
      await apollo.stop();
      await rateLimits.close();
      stopFolding();
      stopTallying();
      await responses.close();
      await persistedQueries.close();
      await readRouting.close();
    },
  };
}
