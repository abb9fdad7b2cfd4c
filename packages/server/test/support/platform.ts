import type { MikroORM } from '@mikro-orm/postgresql';
import { inject } from 'vitest';
import './provided-context.js';
import { openOrm } from '../../src/database/orm.js';
import { createPlatformServer, type PlatformServer } from '../../src/server.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[];
}

/** The real server over HTTP on a free port, against the run's test database. */
export class TestPlatform {
  private statements = 0;

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
  static async start(databaseUrl = inject('databaseUrl')): Promise<TestPlatform> {
    const orm = await openOrm(databaseUrl);
    const server = await createPlatformServer(orm);
    const url = await server.listen(0);
    return new TestPlatform(orm, server, url);
  }

  async query<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** Runs a query and returns its data, failing on any error. */
  async data<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T> {
    const result = await this.query<T>(query, variables);
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

  async stop(): Promise<void> {
    await this.server.stop();
    await this.orm.close(true);
  }
}
