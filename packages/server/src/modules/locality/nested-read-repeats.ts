import type { GraphQLRequestContextWillSendResponse, HeaderMap } from '@apollo/server';
import type { Knex } from '@mikro-orm/postgresql';
import type { Request, RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../auth/viewer.js';
import {
  askedKey,
  checkedSettings,
  digest,
  plainRepeat,
  type AskedAnswer,
  type CheckedLimits,
} from '../cache/response-cache.js';
import { carriesCredentials } from '../common/cache-control.js';
import type { RequestContext } from '../common/context.js';
import { metrics } from '../observability/metrics.js';
import { runNestedRead, type NestedReadStatement } from './nested-read.js';

/** A request the nested read answered: its statement, and what Apollo sent with the answer. */
interface Remembered {
  statement: NestedReadStatement;
  /** Apollo's headers of the answer, content type aside (chosen per request from Accept). */
  headers: HeaderMap;
  /** The operation's name for the request log, as Apollo's path names it. */
  operation: string | undefined;
}

const ISO_DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * A bound value written into a repeat's statement text, or undefined to keep it bound. Only
 * kinds whose text cannot leave the literal: booleans, non-negative integers, and short strings
 * of letters, digits and `_.:-` (enum names, codes). A day (`YYYY-MM-DD`) stays bound: most
 * requests read as of today, and a text that changed at midnight would take a new statement
 * name every day until MAX_PREPARED were used up. The values are those of one remembered
 * request, so the text stays the same for every repeat of it.
 */
function literalOf(value: Knex.RawBinding): string | undefined {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  }
  if (typeof value === 'string' && /^[A-Za-z0-9_.:-]{0,64}$/.test(value) && !ISO_DAY.test(value)) {
    return `'${value}'`;
  }
  return undefined;
}

/**
 * A repeat's statement with its plain values written into the text. PostgreSQL plans a prepared
 * statement with parameters afresh at each execution when a plan for the given values looks
 * cheaper than a generic one, as here (`limit $4` is unknown to a generic plan): that planning
 * cost more than the statement's run. A statement without parameters is planned once per
 * connection, for exactly these values. With only a day left bound, PostgreSQL keeps a generic
 * plan after five executions when it costs no more than plans for the values (W1 of ten units
 * does), else it plans at each execution as before.
 */
export function withLiterals(knex: Knex, statement: NestedReadStatement): NestedReadStatement {
  const bindings = statement.bindings.map((value) => {
    const literal = literalOf(value);
    return literal === undefined ? value : knex.raw(literal);
  });
  const { sql, bindings: bound } = knex.raw(statement.sql, bindings).toSQL();
  return { sql, bindings: bound };
}

/**
 * Headers of Apollo's answer that belong to that one request: the content type is chosen from
 * Accept, and the request id was given to this request before (`requestIdMiddleware`).
 */
const PER_REQUEST_HEADERS = new Set(['content-type', 'x-request-id']);

/** Requests remembered per instance; each entry is a statement's text and its few values. */
const MAX_REMEMBERED = 1000;

/**
 * Statements prepared per instance, and so at most per database connection: PostgreSQL keeps
 * each until the connection closes, and aliases and values make the texts countless. The first
 * texts repeated keep their names; a repeat of any later one runs unnamed, parsed and planned at
 * each execution, as an ordinary statement is.
 */
const MAX_PREPARED = 50;

/**
 * Answers a repeat of a nested read before Apollo, with fresh data: the statement compiled for
 * the same exact request (document, operation name, variables, the caller's visibility class,
 * the day, the schema and query limits — the answer cache's key material, without generations)
 * is run again on the server the request's context would read from, and PostgreSQL's JSON text
 * is sent as it is. Such a key only exists for a request Apollo parsed, validated, checked
 * against every limit and input rule, and answered by the nested read without errors; all of
 * those depend on the key alone, so skipping them for it skips nothing it could fail. What
 * depends on the moment is still done: authentication and rate limits (before), the server's
 * choice (replica and read-your-writes, `route`), the statement timeout (the pool's), the request
 * log and metrics; a failing statement leaves the request to Apollo.
 */
export class NestedReadRepeats {
  private readonly settings: string;
  private readonly remembered = new LRUCache<string, Remembered>({ max: MAX_REMEMBERED });
  private readonly prepared = new Set<string>();

  constructor(
    schema: GraphQLSchema,
    limits: CheckedLimits,
    disclosure: { smallCellThreshold: number; cellKeySecret: string },
    /** A request's context as Apollo's path creates it, its server chosen as for a query. */
    private readonly contextFor: (viewer: Viewer) => Promise<RequestContext>,
    /** False behind a pooler in transaction mode, which cannot keep a prepared statement. */
    private readonly prepare = true,
  ) {
    this.settings = checkedSettings(schema, limits, disclosure);
  }

  /** The key of a request: the one definition for both sides. */
  private keyOf(asked: AskedAnswer, credentialed: boolean): string {
    // Credentials decide Cache-Control (private), whatever the class.
    return digest(JSON.stringify([this.settings, credentialed, ...askedKey(asked)]));
  }

  /** Apollo's side: the nested read answered this request without errors. */
  remember(
    requestContext: GraphQLRequestContextWillSendResponse<RequestContext>,
    statement: NestedReadStatement,
  ): void {
    const { request, queryHash, contextValue, response } = requestContext;
    if (!queryHash) return;
    const repeated = withLiterals(contextValue.em.getKnex(), statement);
    const credentialed = carriesCredentials((name) => request.http?.headers.get(name));
    const key = this.keyOf(
      {
        queryHash,
        operationName: request.operationName,
        variables: request.variables,
        viewer: contextValue.viewer,
      },
      credentialed,
    );
    this.remembered.set(key, {
      statement: { ...repeated, name: this.nameOf(repeated) },
      // Read when a repeat is answered, once Apollo has written all its headers into it.
      headers: response.http.headers,
      operation: requestContext.operationName ?? requestContext.operation?.operation,
    });
  }

  /** The prepared statement's name for `statement`, while fewer than MAX_PREPARED are named. */
  private nameOf(statement: NestedReadStatement): string | undefined {
    if (!this.prepare) return undefined;
    const name = `nested_read_${digest(statement.sql).slice(0, 40)}`;
    if (this.prepared.size >= MAX_PREPARED && !this.prepared.has(name)) return undefined;
    this.prepared.add(name);
    return name;
  }

  /**
   * Express's side, after authentication, the rate limits, the JSON body and where the request's
   * statements are counted: answers a remembered request with a fresh answer, or goes on to
   * Apollo for anything else (see ResponseCache.answerRepeats for what a plain request is).
   */
  answerRepeats(named: (request: Request, operation: string | undefined) => void): RequestHandler {
    return (request, response, next) => {
      if (this.remembered.size === 0) return next();
      const repeat = plainRepeat(request);
      if (!repeat) return next();
      const { asked, type, viewer } = repeat;
      const credentialed = carriesCredentials((name) => request.headers[name]);
      const key = this.keyOf({ ...asked, queryHash: digest(asked.query), viewer }, credentialed);
      const remembered = this.remembered.get(key);
      if (!remembered) return next();
      this.contextFor(viewer)
        .then((context) => runNestedRead(context.em, remembered.statement))
        .then(
          (data) => {
            if (data === undefined) return next();
            metrics.cacheLookup('nested-read', true);
            named(request, remembered.operation);
            response.status(200);
            for (const [name, value] of remembered.headers) {
              if (!PER_REQUEST_HEADERS.has(name)) response.setHeader(name, value);
            }
            response.setHeader('content-type', type);
            // Apollo's text for the same answer: JSON.stringify writes no spaces, then a newline.
            response.send(`{"data":${data}}\n`);
          },
          // A failing database: Apollo's path reads again and reports it as every read does
          // (logged, counted, and as a subgraph answers).
          () => next(),
        );
    };
  }
}
