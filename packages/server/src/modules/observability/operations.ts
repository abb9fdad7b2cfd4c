import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Router, type RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import { databaseTrouble } from '../common/error-handling.js';
import { pendingMigrations } from '../../database/orm.js';
import { authenticatedViewer } from '../auth/authenticate.js';
import { log } from './log.js';
import { metrics } from './metrics.js';

/** What the log line and the metrics of one GraphQL request are made of. */
interface RequestRecord {
  operation?: string;
  errorCodes: Set<string>;
  statements: number;
  sqlSeconds: number;
}

/** How long one check of the database and Redis answers readiness probes. */
const READINESS_REUSE_MS = 1000;

export type LifecycleState = 'starting' | 'ready' | 'draining';

export interface OperationsOptions {
  orm: MikroORM;
  /** Bearer token that may read `/metrics`; without it `/metrics` is not served. */
  metricsToken?: string;
  /** Seconds readiness answers 503 before the server stops accepting connections. */
  shutdownDelaySeconds: number;
  /** Whether Redis answers, when the platform is configured with one. */
  redisReachable?: () => boolean;
}

const records = new WeakMap<IncomingMessage, RequestRecord>();
const current = new AsyncLocalStorage<RequestRecord>();

/** The kind of credential a request came with; never who the caller is. */
function callerKind(request: IncomingMessage): string {
  if (request.headers['x-api-key'] !== undefined) return 'api-key';
  if (request.headers.authorization !== undefined) return 'bearer';
  return 'anonymous';
}

function callerRole(request: IncomingMessage): string | undefined {
  try {
    return authenticatedViewer(request).role;
  } catch {
    return undefined;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Logs, metrics, health and draining of one platform server: Express handlers for the request
 * log and the operator endpoints, and an Apollo plugin that names each request's operation.
 */
export class Operations {
  state: LifecycleState = 'starting';

  constructor(private readonly options: OperationsOptions) {
    const knex = options.orm.em.getKnex();
    const started = new Map<unknown, { record: RequestRecord; at: bigint }>();
    // Every SQL statement, from the ORM or raw, goes through knex; it counts for the request
    // whose resolvers issued it.
    knex.on('query', (query: { __knexQueryUid?: string }) => {
      const record = current.getStore();
      if (!record) return;
      record.statements++;
      started.set(query.__knexQueryUid, { record, at: process.hrtime.bigint() });
    });
    const finished = (query: { __knexQueryUid?: string }) => {
      const entry = started.get(query.__knexQueryUid);
      if (!entry) return;
      started.delete(query.__knexQueryUid);
      entry.record.sqlSeconds += Number(process.hrtime.bigint() - entry.at) / 1e9;
    };
    knex.on('query-response', (_response: unknown, query: { __knexQueryUid?: string }) =>
      finished(query),
    );
    knex.on('query-error', (_error: unknown, query: { __knexQueryUid?: string }) =>
      finished(query),
    );
    const pool = () =>
      (
        knex.client as {
          pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number };
        }
      ).pool;
    metrics.gauge(
      'binh_dang_db_pool_connections_in_use',
      'Database connections running a statement or transaction',
      () => pool()?.numUsed() ?? 0,
    );
    metrics.gauge(
      'binh_dang_db_pool_connections_idle',
      'Open database connections waiting for work',
      () => pool()?.numFree() ?? 0,
    );
    metrics.gauge(
      'binh_dang_db_pool_waiting',
      'Requests waiting for a database connection',
      () => pool()?.numPendingAcquires() ?? 0,
    );
  }

  /**
   * One log line and the metrics of each request, when its answer has been sent: method,
   * operation, status, duration, the kind of caller and its role, and the request id.
   */
  readonly requestLog: RequestHandler = (request, response, next) => {
    const record: RequestRecord = { errorCodes: new Set(), statements: 0, sqlSeconds: 0 };
    records.set(request, record);
    const start = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const operation = metrics.operationLabel(record.operation);
      const status = response.statusCode;
      metrics.requests.inc({ operation, status: String(status) });
      metrics.requestDuration.observe({ operation }, seconds);
      if (status === 429) metrics.rateLimitRejections.inc();
      for (const code of record.errorCodes) metrics.graphqlErrors.inc({ operation, code });
      if (record.operation !== undefined) {
        metrics.statementsPerRequest.observe({ operation }, record.statements);
        metrics.sqlSecondsPerRequest.observe({ operation }, record.sqlSeconds);
      }
      const line = {
        requestId: response.getHeader('x-request-id'),
        method: request.method,
        operation: record.operation ?? null,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        caller: callerKind(request),
        role: callerRole(request),
        statements: record.statements,
        ...(record.errorCodes.size > 0 ? { errors: [...record.errorCodes] } : {}),
      };
      if (status >= 500) log().error(line, 'request failed');
      else log().info(line, 'request');
    });
    next();
  };

  /** Runs the rest of the request (GraphQL execution) where its SQL statements are counted. */
  readonly requestScope: RequestHandler = (request, _response, next) => {
    const record = records.get(request);
    if (record) current.run(record, next);
    else next();
  };

  /** Names the operation of a request answered before Apollo (a cached repeat), for its log line. */
  readonly nameOperation = (request: IncomingMessage, operation: string | undefined): void => {
    const record = records.get(request);
    if (record) record.operation = operation;
  };

  /** Names each request's operation and collects its error codes for the log and metrics. */
  readonly plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const record = current.getStore();
      if (!record) return;
      return {
        async didResolveOperation({ operationName, operation }) {
          record.operation = operationName ?? operation?.operation ?? undefined;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const extensions = (error as GraphQLError).extensions ?? {};
            // The code the caller is sent: a database's trouble is named, not counted as a fault.
            const code =
              extensions.limitCode ?? extensions.code ?? databaseTrouble(error)?.extensions?.code;
            record.errorCodes.add(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          }
        },
      };
    },
  };

  /** The dependencies' last check, shared by the probes that come within READINESS_REUSE_MS. */
  private lastCheck?: { at: number; result: Promise<Record<string, string>> };

  /**
   * What `/health/ready` checks: the lifecycle, the database and its migrations, Redis. The
   * lifecycle and Redis are read every time (draining shows at once; Redis is watched by its
   * heartbeat); the database at most once per READINESS_REUSE_MS, so that unauthenticated probes
   * cannot load the database pool. Redis unreachable leaves the instance ready, and says so.
   */
  async readiness(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    if (this.state !== 'ready') return { ready: false, checks: { server: this.state } };
    const now = Date.now();
    if (!this.lastCheck || now - this.lastCheck.at >= READINESS_REUSE_MS) {
      this.lastCheck = { at: now, result: this.checkDependencies() };
    }
    const dependencies = await this.lastCheck.result;
    const checks: Record<string, string> = { server: this.state, ...dependencies };
    if (this.options.redisReachable) {
      checks.redis = this.options.redisReachable() ? 'ok' : 'unreachable';
    }
    // Without Redis an instance still answers (limits and caches in its own memory): it stays in
    // the balancer, which would otherwise drop every instance at once when the shared Redis fails.
    const ready = Object.entries(checks).every(([name, value]) =>
      name === 'server' ? value === 'ready' : name === 'redis' || value === 'ok',
    );
    return { ready, checks };
  }

  private async checkDependencies(): Promise<Record<string, string>> {
    const checks: Record<string, string> = {};
    try {
      const pending = await pendingMigrations(this.options.orm);
      checks.database = 'ok';
      checks.migrations = pending.length === 0 ? 'ok' : `${pending.length} pending`;
    } catch {
      checks.database = 'unreachable';
    }
    return checks;
  }

  /** `/health/live`, `/health/ready` (and `/health`, its older name) and `/metrics`. */
  routes(): Router {
    const router = Router();
    router.get('/health/live', (_request, response) => {
      response.json({ status: 'ok' });
    });
    const ready: RequestHandler = async (_request, response) => {
      const { ready, checks } = await this.readiness();
      const status = !ready ? 'unavailable' : checks.redis === 'unreachable' ? 'degraded' : 'ok';
      response.status(ready ? 200 : 503).json({ status, checks });
    };
    router.get('/health/ready', ready);
    router.get('/health', ready);
    router.get('/metrics', async (request, response) => {
      const expected = this.options.metricsToken;
      // Operation names and error rates are for operators: no token configured, no endpoint.
      if (!expected) {
        response.status(404).json({
          errors: [
            { message: 'Nothing is served at GET /metrics', extensions: { code: 'NOT_FOUND' } },
          ],
        });
        return;
      }
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!given || !sameSecret(given, expected)) {
        response
          .status(401)
          .setHeader('www-authenticate', 'Bearer realm="metrics"')
          .json({
            errors: [
              {
                message: "Metrics need the operators' bearer token (METRICS_TOKEN)",
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          });
        return;
      }
      response.setHeader('content-type', metrics.registry.contentType);
      response.send(await metrics.registry.metrics());
    });
    return router;
  }

  /** Readiness turns 503 at once; connections keep being accepted for the shutdown delay. */
  async drain(): Promise<void> {
    if (this.state === 'draining') return;
    this.state = 'draining';
    const delay = this.options.shutdownDelaySeconds * 1000;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
