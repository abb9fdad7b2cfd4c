import type { GraphQLRequestContextWillSendResponse, HeaderMap } from '@apollo/server';
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

/** Requests remembered per instance; each entry is a statement's text and its few values. */
const MAX_REMEMBERED = 1000;

/**
 * Statements prepared per instance, and so at most per database connection: PostgreSQL keeps
 * each until the connection closes, and aliases make the texts of a shape countless.
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
      statement: { ...statement, name: this.nameOf(statement) },
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
              if (name !== 'content-type') response.setHeader(name, value);
            }
            response.setHeader('content-type', type);
            // Apollo's text for the same answer: JSON.stringify writes no spaces, then a newline.
            response.send(`{"data":${data}}\n`);
          },
          // A failing database: Apollo's path reads again and reports it as every read does.
          () => next(),
        );
    };
  }
}
