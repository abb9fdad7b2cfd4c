import type { MikroORM } from '@mikro-orm/postgresql';
import { SignJWT } from 'jose';
import { inject } from 'vitest';
import './provided-context.js';
import { loadConfig, type PlatformConfig } from '../../src/config.js';
import { openOrm } from '../../src/database/orm.js';
import { createPlatformServer, type PlatformServer } from '../../src/server.js';

/** The HS256 secret test tokens are signed with. */
export const TEST_JWT_SECRET = 'test-secret-for-the-binh-dang-suite-0123456789';

export interface TokenClaims {
  role?: string;
  scope?: string;
  sub?: string;
  expiresIn?: string | number;
  notBefore?: string | number;
  issuer?: string;
  audience?: string;
}

/** Signs a token the test platform accepts (or, with other claims, one it must refuse). */
export async function signToken(claims: TokenClaims, secret = TEST_JWT_SECRET): Promise<string> {
  const jwt = new SignJWT({ role: claims.role, scope: claims.scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? 'tester')
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '10m');
  if (claims.notBefore !== undefined) jwt.setNotBefore(claims.notBefore);
  if (claims.issuer) jwt.setIssuer(claims.issuer);
  if (claims.audience) jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** Configuration as an empty environment gives it, with the test token secret. */
export function testConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  const base = loadConfig({});
  return {
    ...base,
    tokens: { secret: TEST_JWT_SECRET },
    // Revocations take effect at once here; limits.test.ts covers the key cache.
    apiKeyCacheSeconds: 0,
    ...overrides,
    limits: {
      ...base.limits,
      rateLimitPerMinute: 100_000,
      authFailuresPerMinute: 100_000,
      ...overrides.limits,
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[];
}

const WRITABLE_TABLES = [
  'locality',
  'official',
  'official_position',
  'agency',
  'training_program',
  'enrollment',
  'task',
  'indicator_value',
  'audit_event',
  'idempotency_key',
];

/** The real server over HTTP on a free port, against the run's test database. */
export class TestPlatform {
  private statements = 0;
  /** Sent when a call names no token: an ADMIN's, so tests see everything unless they say otherwise. */
  adminToken = '';

  private constructor(
    readonly orm: MikroORM,
    private readonly server: PlatformServer,
    readonly url: string,
  ) {
    // Every SQL statement, from the ORM or from raw queries, goes through knex.
    orm.em.getKnex().on('query', () => {
      this.statements++;
    });
  }

  /** Starts against the run's seeded database, or against `databaseUrl` when given. */
  static async start(
    databaseUrl = inject('databaseUrl'),
    config: PlatformConfig = testConfig(),
  ): Promise<TestPlatform> {
    const orm = await openOrm(databaseUrl, {
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
    const server = await createPlatformServer(orm, config);
    const url = await server.listen(0);
    const platform = new TestPlatform(orm, server, url);
    platform.adminToken = await signToken({ role: 'ADMIN', sub: 'test-admin' });
    return platform;
  }

  async query<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
    query: string,
    variables?: Record<string, unknown>,
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResponse<T> & { status: number }> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // `token: ''` calls anonymously.
        ...((options.token ?? this.adminToken)
          ? { authorization: `Bearer ${options.token ?? this.adminToken}` }
          : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await response.json()) as GraphQLResponse<T>), status: response.status };
  }

  /** Runs a query and returns its data, failing on any error. */
  async data<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
    query: string,
    variables?: Record<string, unknown>,
    options: { token?: string } = {},
  ): Promise<T> {
    const result = await this.query<T>(query, variables, options);
    if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data!;
  }

  /** SQL statements run while `action` ran. */
  async countStatements(action: () => Promise<unknown>): Promise<number> {
    const before = this.statements;
    await action();
    return this.statements - before;
  }

  /** Plain SQL on the test database, for independent checks of what the API returns. */
  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.orm.em.getConnection().execute<T[]>(text, params);
  }

  /**
   * A fingerprint of every table a write or an import could touch: equal fingerprints, unchanged
   * database.
   */
  async fingerprint(): Promise<string> {
    const parts = await Promise.all(
      WRITABLE_TABLES.map(
        async (table) =>
          (
            await this.sql<{ f: string }>(
              `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as f from ${table} t`,
            )
          )[0].f,
      ),
    );
    return parts.join(':');
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.orm.close(true);
  }
}
