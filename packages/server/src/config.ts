import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenConfig } from './modules/auth/tokens.js';
import { readCorsOrigins, type CorsConfig } from './modules/common/cross-origin.js';

/** Repository root: the embedded database keeps its files under `<root>/.data`. */
export const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);

export interface LimitsConfig {
  /** Deepest selection nesting a query may have. */
  maxDepth: number;
  /** Most aliased fields in one operation. */
  maxAliases: number;
  /** Most lexical tokens in one document (parser limit). */
  maxTokens: number;
  /** Most cost units: each field costs 1, lists multiply their selection by `first`/`last`. */
  maxCost: number;
  /** Requests per client (verified principal, else address) per minute. */
  rateLimitPerMinute: number;
  /** Failed authentications per client address per minute; past it, credentials are not checked. */
  authFailuresPerMinute: number;
  /** Clients one instance counts apart per minute; past it, new clients share one allowance. */
  rateLimitClients: number;
  /** PostgreSQL statement_timeout for each request's statements. */
  statementTimeoutMs: number;
}

export interface PlatformConfig {
  port: number;
  /** Production profile: no introspection, no landing page, no error details. */
  production: boolean;
  introspection: boolean;
  landingPage: boolean;
  /**
   * The self-hosted explorer at /explorer (`GRAPHQL_EXPLORER`; off in production unless set). With
   * it on and `introspection` off, introspection is answered to callers with a role only.
   */
  explorer: boolean;
  /**
   * Serve /graphql as an Apollo Federation 2 subgraph (`FEDERATION_SUBGRAPH`): the same schema
   * plus `_service` and `_entities`, for a gateway or router to compose.
   */
  federationSubgraph: boolean;
  /** An operator's PostgreSQL; when absent the platform runs its own embedded server. */
  databaseUrl?: string;
  database: DatabaseConnectionConfig;
  embedded: { dataDir: string; port: number };
  tokens: TokenConfig;
  /** Redis for state several instances share (rate limits, cached answers); memory when absent. */
  redisUrl?: string;
  /**
   * `SMALL_CELL_THRESHOLD`: cells of personal breakdowns smaller than this are suppressed (a
   * caller's `minCount` may only raise it).
   */
  smallCellThreshold: number;
  /**
   * `CELL_KEY_SECRET` (at least 32 characters): the secret the record keys of perturbed tables
   * are derived from; required in production, a fixed development secret elsewhere.
   */
  cellKeySecret: string;
  /** Megabytes of aggregate answers each instance keeps in memory (`RESPONSE_CACHE_MB`; 0: off). */
  responseCacheMegabytes: number;
  /**
   * Proxies whose X-Forwarded-For names the client: false (none, the default), a number of
   * hops, or addresses and subnets (Express's `trust proxy`).
   */
  trustProxy: false | number | string[];
  /** Seconds a verified API key is remembered; a revoked key works at most this long. */
  apiKeyCacheSeconds: number;
  limits: LimitsConfig;
  /** Browser origins allowed to call the API (`CORS_ORIGINS`); none by default. */
  cors: CorsConfig;
  operations: OperationsConfig;
}

export interface DatabaseConnectionConfig {
  /** `DATABASE_REPLICA_URLS`: streaming replicas that serve the read-only requests, comma-separated. */
  replicaUrls: string[];
  /**
   * `READ_YOUR_WRITES_SECONDS`: after a caller's mutation, how long its requests all go to the
   * primary, so that it reads what it wrote whichever replica lags.
   */
  readYourWritesSeconds: number;
  /** `DATABASE_POOL_SIZE`: most connections this instance opens to the primary (and to each replica). */
  poolSize: number;
  /**
   * `DATABASE_POOL_MODE=transaction` when a pooler in transaction mode (PgBouncer) stands between:
   * no per-connection `SET`; `statement_timeout` and `jit` come from the role's settings.
   */
  transactionPooling: boolean;
}

export interface OperationsConfig {
  /** `LOG_LEVEL`: the least severe level written. */
  logLevel: LogLevel;
  /** `METRICS_TOKEN`: the bearer token Prometheus sends for `/metrics`; unset, no endpoint. */
  metricsToken?: string;
  /** `SHUTDOWN_DELAY_SECONDS`: readiness is 503 this long before new connections are refused. */
  shutdownDelaySeconds: number;
  /** `SHUTDOWN_GRACE_SECONDS`: how long requests in flight may take to finish on shutdown. */
  shutdownGraceSeconds: number;
  /** `DATABASE_CONNECT_ATTEMPTS`: tries, with growing pauses, before start-up gives up. */
  databaseConnectAttempts: number;
  /** `MIGRATE_ON_START`: apply pending migrations at start (else `binh-dang migrate up`). */
  migrateOnStart: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * `LOG_LEVEL` for the log written before the configuration is checked (and by processes that
 * never load it): a value it does not name gives `info`, and `loadConfig` reports it.
 */
export function logLevelOf(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = env.LOG_LEVEL?.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(raw ?? '') ? (raw as LogLevel) : 'info';
}

/** Asymmetric algorithms `JWT_ALGORITHM` may name for JWT_PUBLIC_KEY or JWT_JWKS_URL. */
export const JWT_ALGORITHMS = ['RS256', 'ES256'] as const;

function readChoice<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  choices: readonly T[],
  fallback: T | undefined,
  normalize: (raw: string) => string = (raw) => raw,
): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = normalize(raw.trim());
  if (!(choices as readonly string[]).includes(value)) {
    throw new Error(`${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return value as T;
}

function readSecret(env: NodeJS.ProcessEnv, name: string, minLength: number): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minLength) {
    // The message never repeats a secret, only its length.
    throw new Error(`${name} must be at least ${minLength} characters, got ${raw.length}`);
  }
  return raw;
}

function readRedisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(raw)) {
    throw new Error('REDIS_URL must be a Redis URL like redis://host:6379 or rediss://host:6380');
  }
  return raw;
}

function readDatabaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['postgres:', 'postgresql:'].includes(url.protocol) || !url.hostname) {
    // The value may hold a password: the message does not repeat it.
    throw new Error(
      'DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/database',
    );
  }
  return raw;
}

function readReplicaUrls(env: NodeJS.ProcessEnv): string[] {
  const raw = env.DATABASE_REPLICA_URLS;
  if (raw === undefined || raw.trim() === '') return [];
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_REPLICA_URLS needs DATABASE_URL: replicas follow an operator's primary",
    );
  }
  return raw.split(',').map((entry, index) => {
    try {
      const url = readDatabaseUrl({ DATABASE_URL: entry.trim() });
      if (url) return url;
    } catch {
      // Reported below, without the value.
    }
    // The value may hold a password: the message names the entry by position only.
    throw new Error(
      `DATABASE_REPLICA_URLS entry ${index + 1} must be a PostgreSQL URL like postgres://user:password@replica:5432/database`,
    );
  });
}

function readInt(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readFlag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/** `TRUST_PROXY`: off, a hop count, or a list of proxy addresses and subnets. */
function readTrustProxy(env: NodeJS.ProcessEnv): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return readInt(env, 'TRUST_PROXY', 0, 0, 100);
  if (['true', 'yes', 'on', '*'].includes(raw.toLowerCase())) {
    // Trusting every hop would let any client choose the address it is counted under.
    throw new Error(
      'TRUST_PROXY must name a hop count or the proxies to trust, not trust them all',
    );
  }
  return raw.split(',').map((entry) => entry.trim());
}

/** Secret of the record keys in development and tests; production refuses to use it. */
export const DEVELOPMENT_CELL_KEY_SECRET =
  'binh-dang-development-cell-key-secret-not-for-production';

function readCellKeySecret(env: NodeJS.ProcessEnv, production: boolean): string {
  const configured = readSecret(env, 'CELL_KEY_SECRET', 32);
  if (configured) return configured;
  // Anyone who knows the development secret can take the noise off a perturbed table.
  if (production) {
    throw new Error('CELL_KEY_SECRET must be set in production: perturbed tables need it');
  }
  return DEVELOPMENT_CELL_KEY_SECRET;
}

export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 24 * 3600;

const DEFAULT_LIMITS: LimitsConfig = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 3000,
  maxCost: 1_000_000,
  rateLimitPerMinute: 600,
  authFailuresPerMinute: 10,
  rateLimitClients: 100_000,
  statementTimeoutMs: 10_000,
};

/** The production profile, chosen explicitly by either variable. */
export function isProductionProfile(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production' || env.BINH_DANG_PROFILE === 'production';
}

/**
 * The platform's configuration from the environment, validated up front: every wrong variable is
 * named, with what it accepts, in one error (one line per variable).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  /** What a program wants when a variable is unset: the command line logs warnings only. */
  defaults: { logLevel?: LogLevel } = {},
): PlatformConfig {
  const problems: string[] = [];
  const remaining = { ...env };
  for (;;) {
    try {
      const config = readConfig(remaining, defaults);
      if (problems.length === 0) return config;
      break;
    } catch (error) {
      const message = (error as Error).message;
      problems.push(message);
      // Each message starts with its variable: without it, the others can still be checked.
      const name = /^([A-Z][A-Z0-9_]*) /.exec(message)?.[1];
      if (!name || remaining[name] === undefined) break;
      delete remaining[name];
    }
  }
  throw new Error(
    problems.length === 1
      ? problems[0]
      : `${problems.length} settings are wrong:\n- ${problems.join('\n- ')}`,
  );
}

function readConfig(env: NodeJS.ProcessEnv, defaults: { logLevel?: LogLevel }): PlatformConfig {
  const production = isProductionProfile(env);
  return {
    port: readInt(env, 'PORT', 4000, 0, 65535),
    production,
    introspection: readFlag(env, 'GRAPHQL_INTROSPECTION', !production),
    landingPage: readFlag(env, 'GRAPHQL_LANDING_PAGE', !production),
    explorer: readFlag(env, 'GRAPHQL_EXPLORER', !production),
    federationSubgraph: readFlag(env, 'FEDERATION_SUBGRAPH', false),
    databaseUrl: readDatabaseUrl(env),
    database: {
      poolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 2, 1000),
      replicaUrls: readReplicaUrls(env),
      readYourWritesSeconds: readInt(env, 'READ_YOUR_WRITES_SECONDS', 10, 1, 3600),
      transactionPooling:
        readChoice(
          env,
          'DATABASE_POOL_MODE',
          ['session', 'transaction'] as const,
          'session',
          (raw) => raw.toLowerCase(),
        ) === 'transaction',
    },
    embedded: {
      dataDir: env.EMBEDDED_PG_DIR || path.join(repositoryRoot, '.data', 'postgres'),
      port: readInt(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    },
    tokens: {
      secret: readSecret(env, 'JWT_SECRET', 32),
      publicKeyPem: env.JWT_PUBLIC_KEY || undefined,
      jwksUrl: env.JWT_JWKS_URL || undefined,
      algorithm: readChoice(env, 'JWT_ALGORITHM', JWT_ALGORITHMS, undefined),
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
      maxLifetimeSeconds: readInt(
        env,
        'TOKEN_MAX_LIFETIME_SECONDS',
        DEFAULT_TOKEN_MAX_LIFETIME_SECONDS,
        60,
        366 * 24 * 3600,
      ),
    },
    redisUrl: readRedisUrl(env),
    responseCacheMegabytes: readInt(env, 'RESPONSE_CACHE_MB', 64, 0, 65536),
    smallCellThreshold: readInt(env, 'SMALL_CELL_THRESHOLD', 5, 1, 1_000_000),
    cellKeySecret: readCellKeySecret(env, production),
    cors: {
      origins: readCorsOrigins(env.CORS_ORIGINS),
      credentials: readFlag(env, 'CORS_CREDENTIALS', false),
    },
    trustProxy: readTrustProxy(env),
    apiKeyCacheSeconds: readInt(env, 'API_KEY_CACHE_SECONDS', 30, 0, 3600),
    operations: {
      logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, defaults.logLevel ?? 'info', (raw) =>
        raw.toLowerCase(),
      )!,
      metricsToken: readSecret(env, 'METRICS_TOKEN', 16),
      shutdownDelaySeconds: readInt(env, 'SHUTDOWN_DELAY_SECONDS', 0, 0, 300),
      shutdownGraceSeconds: readInt(env, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 3600),
      databaseConnectAttempts: readInt(env, 'DATABASE_CONNECT_ATTEMPTS', 10, 1, 1000),
      migrateOnStart: readFlag(env, 'MIGRATE_ON_START', true),
    },
    limits: {
      maxDepth: readInt(env, 'MAX_QUERY_DEPTH', DEFAULT_LIMITS.maxDepth, 2, 100),
      maxAliases: readInt(env, 'MAX_QUERY_ALIASES', DEFAULT_LIMITS.maxAliases, 0, 1000),
      maxTokens: readInt(env, 'MAX_QUERY_TOKENS', DEFAULT_LIMITS.maxTokens, 100, 1_000_000),
      maxCost: readInt(env, 'MAX_QUERY_COST', DEFAULT_LIMITS.maxCost, 10, 100_000_000),
      rateLimitPerMinute: readInt(
        env,
        'RATE_LIMIT_PER_MINUTE',
        DEFAULT_LIMITS.rateLimitPerMinute,
        1,
        1_000_000,
      ),
      authFailuresPerMinute: readInt(
        env,
        'AUTH_FAILURE_LIMIT_PER_MINUTE',
        DEFAULT_LIMITS.authFailuresPerMinute,
        1,
        1_000_000,
      ),
      rateLimitClients: readInt(
        env,
        'RATE_LIMIT_MAX_CLIENTS',
        DEFAULT_LIMITS.rateLimitClients,
        1,
        100_000_000,
      ),
      statementTimeoutMs: readInt(
        env,
        'STATEMENT_TIMEOUT_MS',
        DEFAULT_LIMITS.statementTimeoutMs,
        100,
        600_000,
      ),
    },
  };
}
