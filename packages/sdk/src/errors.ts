/** One error as the API reports it; `code`, `field` and `reason` come from `extensions`. */
export interface GraphQLErrorDetail {
  message: string;
  /** e.g. `BAD_USER_INPUT`, `UNAUTHENTICATED`, `INTERNAL_SERVER_ERROR` */
  code?: string | undefined;
  /** The argument or input field at fault, e.g. `filter.yearTo` */
  field?: string | undefined;
  reason?: string | undefined;
  path?: readonly (string | number)[] | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/** What every error knows about the request that failed. */
export interface ErrorContext {
  /** The `X-Request-Id` sent (or echoed by the server): quote it to the platform's operators. */
  requestId?: string | undefined;
  operationName?: string | undefined;
  cause?: unknown;
}

/** Base class of every error the client throws. */
export class BinhDangError extends Error {
  // Literal names: minifiers rename classes, and apps branch on and log `error.name`.
  override name = 'BinhDangError';
  /** The `X-Request-Id` of the failed request, the key to the server's log. */
  readonly requestId: string | undefined;
  readonly operationName: string | undefined;

  constructor(message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.requestId = context.requestId;
    this.operationName = context.operationName;
  }
}

/** The server answered, with GraphQL errors: bad input, an unknown field, a server fault. */
export class GraphQLRequestError extends BinhDangError {
  override name = 'GraphQLRequestError';

  constructor(
    readonly errors: GraphQLErrorDetail[],
    /** Whatever data came back alongside the errors. */
    readonly data: unknown,
    readonly status: number,
    context: ErrorContext = {},
  ) {
    super(
      errors.map((error) => error.message).join('; ') || `GraphQL request failed (${status})`,
      context,
    );
  }

  /** The first error's code, the usual thing to branch on. */
  get code(): string | undefined {
    return this.errors[0]?.code;
  }
}

/** The server answered with an HTTP error and no GraphQL body. */
export class HttpError extends BinhDangError {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    /** At most 200 characters of the answer, as text (an HTML page is reduced to its text). */
    readonly text: string,
    context: ErrorContext = {},
  ) {
    super(`HTTP ${status}${text ? `: ${text}` : ''}`, context);
  }
}

/** The request never got an answer: connection refused, DNS failure, reset, CORS refusal. */
export class NetworkError extends BinhDangError {
  override name = 'NetworkError';
}

/** No answer within `timeoutMs`. */
export class TimeoutError extends BinhDangError {
  override name = 'TimeoutError';

  constructor(
    readonly timeoutMs: number,
    context: ErrorContext = {},
  ) {
    super(`No response within ${timeoutMs} ms`, context);
  }
}

/** The caller's AbortSignal cancelled the request. */
export class AbortedError extends BinhDangError {
  override name = 'AbortedError';
}
