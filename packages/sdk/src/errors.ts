/** One error as the API reports it; `code`, `field` and `reason` come from `extensions`. */
export interface GraphQLErrorDetail {
  message: string;
  /** e.g. `BAD_USER_INPUT`, `UNAUTHENTICATED`, `INTERNAL_SERVER_ERROR` */
  code?: string;
  /** The argument or input field at fault, e.g. `filter.yearTo` */
  field?: string;
  reason?: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** Base class of every error the client throws. */
export class BinhDangError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server answered, with GraphQL errors: bad input, an unknown field, a server fault. */
export class GraphQLRequestError extends BinhDangError {
  constructor(
    readonly errors: GraphQLErrorDetail[],
    /** Whatever data came back alongside the errors. */
    readonly data: unknown,
    readonly status: number,
  ) {
    super(errors.map((error) => error.message).join('; ') || `GraphQL request failed (${status})`);
  }

  /** The first error's code, the usual thing to branch on. */
  get code(): string | undefined {
    return this.errors[0]?.code;
  }
}

/** The server answered with an HTTP error and no GraphQL body. */
export class HttpError extends BinhDangError {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
  }
}

/** The request never got an answer: connection refused, DNS failure, reset. */
export class NetworkError extends BinhDangError {}

/** No answer within `timeoutMs`. */
export class TimeoutError extends BinhDangError {
  constructor(readonly timeoutMs: number) {
    super(`No response within ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal cancelled the request. */
export class AbortedError extends BinhDangError {}
