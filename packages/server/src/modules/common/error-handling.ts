import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { log } from '../observability/log.js';
import { currentRequestId } from './cross-origin.js';

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Codes whose message is written for the caller by the code that raises them (or by GraphQL
 * itself about the query); every other error is a server fault and is masked in every profile.
 */
export const CLIENT_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'QUERY_TOO_COSTLY',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Apollo's message for a persisted query sent with a hash that is not its text's. */
const PERSISTED_QUERY_HASH_MISMATCH = 'provided sha does not match query';

/** Node socket errors that mean PostgreSQL cannot be reached. */
const UNREACHABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * SQLSTATEs that say the server is down, shutting down, starting or full, rather than that the
 * statement was wrong: connection exceptions (08), admin/crash shutdown, cannot connect now,
 * too many connections, database missing at connect time.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '3D000'].includes(code);
}

/**
 * Messages the pg driver and knex's pool give without a code when a connection is lost; knex
 * puts the statement in front of the driver's message (`<sql> - Connection terminated …`).
 */
const UNREACHABLE_MESSAGES = [
  /(^| - )Connection terminated/,
  /(^| - )Client has encountered a connection error/,
  /Timeout acquiring a connection/,
  /(^| - )Client was closed and is not queryable/,
];

/** The error itself and every error it wraps (GraphQL, MikroORM and aggregate wrappers). */
function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    yield current;
    const record = current as Record<string, unknown>;
    queue.push(record.originalError, record.cause, record.previous);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
}

/** Whether `error` (or an error it wraps) says PostgreSQL is unreachable, not that SQL failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const cause of causes(error)) {
    const { code, message, name } = cause as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string') {
      if (UNREACHABLE_SOCKET_CODES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)) return true;
    }
    if (name === 'KnexTimeoutError' || name === 'ConnectionException') return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.some((re) => re.test(message)))
      return true;
  }
  return false;
}

/**
 * Whether `error` (or an error it wraps) is PostgreSQL cancelling a statement that ran past
 * `statement_timeout`: a query too heavy or a database too busy (a lock held, every connection
 * taken), not a fault of the platform's.
 */
export function isStatementTimeout(error: unknown): boolean {
  for (const cause of causes(error)) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (code === '57014' && typeof message === 'string' && message.includes('statement timeout')) {
      return true;
    }
  }
  return false;
}

/** What a caller whose statement timed out is told, in GraphQL answers and plain JSON alike. */
const QUERY_TIMEOUT_MESSAGE =
  'The query took longer than the database allows (STATEMENT_TIMEOUT_MS); ask for less, or retry later';

const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable; retry later';

/**
 * What a caller is told when the database could not serve its request, down or out of time (both
 * HTTP 503 with Retry-After); null for any other error.
 */
export function databaseTrouble(error: unknown): GraphQLFormattedError | null {
  const retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;
  if (isStatementTimeout(error)) {
    return {
      message: QUERY_TIMEOUT_MESSAGE,
      extensions: { code: 'QUERY_TIMEOUT', retryAfterSeconds },
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      message: DATABASE_UNAVAILABLE_MESSAGE,
      extensions: { code: 'DATABASE_UNAVAILABLE', retryAfterSeconds },
    };
  }
  return null;
}

/** The error a caller gets while the database is unreachable: 503 with Retry-After. */
export function databaseUnavailableError(): GraphQLError {
  return databaseTroubleError('DATABASE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
}

/** The error a caller gets when its statement ran out of time: 503 with Retry-After. */
export function queryTimeoutError(): GraphQLError {
  return databaseTroubleError('QUERY_TIMEOUT', QUERY_TIMEOUT_MESSAGE);
}

function databaseTroubleError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      http: {
        status: 503,
        headers: new HeaderMap([['retry-after', String(DATABASE_RETRY_AFTER_SECONDS)]]),
      },
    },
  });
}

/** Request ids given to errors of one request by the plugin, so log and response agree. */
const requestIds = new WeakMap<object, string>();

function codeOf(error: unknown): string | undefined {
  const extensions = (error as GraphQLError | undefined)?.extensions;
  const code = extensions?.limitCode ?? extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * One request id per GraphQL request, sent back as `X-Request-Id`, and the HTTP status of
 * errors Apollo would otherwise answer with 500 or 200: a request refused before execution for
 * a client error (a cost limit, a NUL byte) is 400; an unreachable database is 503 with
 * Retry-After, whatever else succeeded.
 */
export const errorStatusPlugin: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    // The id the HTTP layer gave the request (the caller's X-Request-Id or a new one).
    const requestId = request.http?.headers.get('x-request-id') ?? randomUUID();
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) requestIds.set(error, requestId);
      },
      async willSendResponse({ response, errors }) {
        response.http.headers.set('x-request-id', requestId);
        if (!errors?.length) return;
        if (errors.some((error) => isDatabaseUnavailable(error) || isStatementTimeout(error))) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
          return;
        }
        const refusedBeforeExecution =
          response.body.kind === 'single' && response.body.singleResult.data === undefined;
        const status = response.http.status ?? 200;
        if (
          refusedBeforeExecution &&
          status >= 500 &&
          errors.every((error) => CLIENT_ERROR_CODES.has(codeOf(error) ?? ''))
        ) {
          response.http.status = 400;
        }
      },
    };
  },
};

/** What the log says about a server fault: the whole error, with its driver fields and stack. */
function logFault(requestId: string, error: unknown, formatted: GraphQLFormattedError): void {
  const where = formatted.path ? ` at ${formatted.path.join('.')}` : '';
  log().error({ requestId, err: error }, `server fault${where}`);
}

/**
 * Apollo's formatError for every profile: client errors keep their message; an unreachable
 * database is DATABASE_UNAVAILABLE; anything else (SQL, driver, programming errors) is logged
 * with the request id and the caller gets a stable code, a generic message and that id.
 */
export function formatPlatformError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const limitCode = formatted.extensions?.limitCode;
  if (typeof limitCode === 'string') {
    const { limitCode: _, ...extensions } = formatted.extensions!;
    void _;
    return { ...formatted, extensions: { ...extensions, code: limitCode } };
  }
  const code = formatted.extensions?.code as string | undefined;
  const original = (error as GraphQLError | undefined)?.originalError as GraphQLError | undefined;
  // A Date written wrong in the query: a field-naming BAD_USER_INPUT, not a syntax complaint.
  if (code === 'GRAPHQL_VALIDATION_FAILED' && original?.extensions?.code === 'BAD_USER_INPUT') {
    return { ...formatted, extensions: { ...formatted.extensions, ...original.extensions } };
  }
  if (code === 'BAD_USER_INPUT' && formatted.extensions?.field === undefined) {
    const field = variableField(formatted.message);
    if (field) return { ...formatted, extensions: { ...formatted.extensions, field } };
  }
  // Apollo refuses a persisted query whose hash is not its text's with no code: the caller's fault.
  const raisedCode = (error as GraphQLError | undefined)?.extensions?.code;
  if (raisedCode === undefined && formatted.message === PERSISTED_QUERY_HASH_MISMATCH) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
  }
  if (code === 'DATABASE_UNAVAILABLE' || code === 'QUERY_TIMEOUT') return formatted;
  if (code && CLIENT_ERROR_CODES.has(code) && !isDatabaseUnavailable(error)) return formatted;

  const tagged = typeof error === 'object' && error !== null ? requestIds.get(error) : undefined;
  // An error Apollo made itself (a hook that threw becomes a new "Internal server error") was
  // never tagged: it takes the id of the request being handled.
  const requestId = tagged ?? currentRequestId() ?? randomUUID();
  const trouble = databaseTrouble(error);
  // A statement out of time is the caller's query or a busy database, not a fault of ours.
  if (trouble?.extensions?.code === 'QUERY_TIMEOUT') {
    log().warn({ requestId, path: formatted.path }, 'statement timeout');
  } else {
    logFault(requestId, error, formatted);
  }
  if (trouble) {
    return {
      ...trouble,
      path: formatted.path,
      extensions: { ...trouble.extensions, requestId },
    };
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}

/** `Variable "$filter" got invalid value … at "filter.asOf"; …` names `filter.asOf`. */
function variableField(message: string): string | null {
  const match = /^Variable "\$([^"]+)" got invalid value .*?(?: at "([^"]+)")?;/s.exec(message);
  return match ? (match[2] ?? match[1] ?? null) : null;
}

function jsonError(code: string, message: string, requestId?: string) {
  return { errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] };
}

/** Unknown paths answer in JSON like the API, never with Express's HTML page. */
export const notFoundHandler: RequestHandler = (request, response) => {
  response
    .status(404)
    .json(jsonError('NOT_FOUND', `Nothing is served at ${request.method} ${request.path}`));
};

const NOT_UTF8 = 'entity.not.utf8';

/**
 * The body parser's `verify`: a JSON body must be UTF-8. Its decoder would put U+FFFD in place of
 * bytes that are not, and the text (a name, a CSV file) would be stored changed without a word.
 */
export function requireUtf8Body(_request: unknown, _response: unknown, body: Buffer): void {
  if (!isUtf8(body)) {
    throw Object.assign(new Error('The request body is not UTF-8 text'), {
      status: 400,
      type: NOT_UTF8,
    });
  }
}

/**
 * Errors Express itself catches (malformed JSON, an oversized body, a failing middleware)
 * answer in JSON in every profile: no HTML page, no stack, no parser text.
 */
export const jsonErrorHandler: ErrorRequestHandler = (error, request, response, next) => {
  if (response.headersSent) return next(error);
  const { status, type } = error as { status?: number; type?: string };
  const trouble = databaseTrouble(error);
  if (type === 'entity.parse.failed') {
    response.status(400).json(jsonError('BAD_REQUEST', 'The request body is not valid JSON'));
  } else if (type === NOT_UTF8) {
    response.status(400).json(jsonError('BAD_REQUEST', 'The request body is not UTF-8 text'));
  } else if (type === 'entity.too.large') {
    response
      .status(413)
      .json(jsonError('PAYLOAD_TOO_LARGE', 'The request body is larger than allowed'));
  } else if (typeof status === 'number' && status >= 400 && status < 500) {
    response.status(status).json(jsonError('BAD_REQUEST', 'The request was refused'));
  } else if (trouble) {
    response
      .status(503)
      .setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      .json({ errors: [trouble] });
  } else {
    // The id the request already carries (see requestIdMiddleware), so log and answer agree.
    const given = request.headers['x-request-id'];
    const requestId = typeof given === 'string' ? given : randomUUID();
    log().error({ requestId, err: error }, 'server fault in HTTP handling');
    response
      .status(500)
      .json(jsonError('INTERNAL_SERVER_ERROR', 'Internal server error', requestId));
  }
};
