import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  AbortedError,
  GraphQLRequestError,
  HttpError,
  NetworkError,
  TimeoutError,
  type GraphQLErrorDetail,
} from './errors.js';

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`; a function is asked before every request. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  headers?: Record<string, string>;
  /** Defaults to the global `fetch` (Node ≥ 20, browsers). */
  fetch?: typeof fetch;
  /** Per attempt; 30 000 by default. */
  timeoutMs?: number;
  /** Further attempts for queries after a network error, a timeout, HTTP 429 or 5xx; 2 by default. Mutations are never retried. */
  retries?: number;
  /** First backoff delay; doubles with each retry, with jitter. 200 by default. */
  retryDelayMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** A typed document: the SDK's own, or one a consumer generated with graphql-codegen. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> &
  (string | String | { kind: 'Document'; loc?: { source: { body: string } } }); // eslint-disable-line @typescript-eslint/no-wrapper-object-types

/** Variables are optional only when the operation has no required ones. */
export type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions];

interface GraphQLResponseBody {
  data?: unknown;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export class Transport {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(private readonly options: ClientOptions) {
    if (!options.url) throw new TypeError('createClient: "url" is required');
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  async request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables | undefined,
    options: RequestOptions = {},
  ): Promise<TResult> {
    const query = await documentText(document);
    const attempts = isQuery(query) ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.attempt(query, variables, options)) as TResult;
      } catch (error) {
        const retryable =
          error instanceof NetworkError ||
          error instanceof TimeoutError ||
          (error instanceof HttpError && RETRYABLE_STATUS.has(error.status)) ||
          (error instanceof GraphQLRequestError && RETRYABLE_STATUS.has(error.status));
        if (!retryable || attempt >= attempts) throw error;
        await delay(this.retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()), options.signal);
      }
    }
  }

  private async attempt(
    query: string,
    variables: unknown,
    options: RequestOptions,
  ): Promise<unknown> {
    if (options.signal?.aborted)
      throw new AbortedError('Request cancelled', { cause: options.signal.reason });
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const onAbort = () => timeout.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: await this.headers(options),
        body: JSON.stringify({ query, variables: variables ?? {} }),
        signal: timeout.signal,
      });
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted)
        throw new AbortedError('Request cancelled', { cause: options.signal.reason });
      if (timeout.signal.aborted) throw new TimeoutError(this.timeoutMs);
      throw new NetworkError(`Could not reach ${this.options.url}: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    let body: GraphQLResponseBody | undefined;
    try {
      body = JSON.parse(text) as GraphQLResponseBody;
    } catch {
      body = undefined;
    }
    if (body?.errors?.length) {
      throw new GraphQLRequestError(body.errors.map(toDetail), body.data ?? null, response.status);
    }
    if (!response.ok || !body || body.data === undefined)
      throw new HttpError(response.status, text);
    return body.data;
  }

  private async headers(options: RequestOptions): Promise<Record<string, string>> {
    const token =
      typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    return {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...this.options.headers,
      ...options.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  }
}

function toDetail(error: NonNullable<GraphQLResponseBody['errors']>[number]): GraphQLErrorDetail {
  const extensions = error.extensions ?? {};
  return {
    message: error.message,
    code: typeof extensions.code === 'string' ? extensions.code : undefined,
    field: typeof extensions.field === 'string' ? extensions.field : undefined,
    reason: typeof extensions.reason === 'string' ? extensions.reason : undefined,
    path: error.path,
    extensions,
  };
}

/** The operation text of a string document or of a parsed one (printed only when needed). */
async function documentText(document: TypedDocument<unknown, never>): Promise<string> {
  if (typeof document === 'string' || document instanceof String) return document.toString();
  if (document.loc?.source.body) return document.loc.source.body;
  // A parsed document without its source: print it with graphql-js, loaded only in this case.
  const { print } = await import('graphql');
  return print(document as never);
}

/** Only queries are safe to repeat; a mutation might have taken effect before the failure. */
export function isQuery(text: string): boolean {
  // The operation keyword is the first word at brace depth 0 that is not part of a fragment.
  const source = text.replace(/#[^\n]*/g, '');
  let depth = 0;
  let inFragment = false;
  for (const token of source.match(/[{}]|[A-Za-z_]\w*/g) ?? []) {
    if (token === '{') {
      if (depth === 0 && !inFragment) return true; // `{ ... }` shorthand is a query
      depth++;
    } else if (token === '}') {
      depth--;
      if (depth === 0) inFragment = false;
    } else if (depth === 0 && !inFragment) {
      if (token === 'fragment') inFragment = true;
      else return token === 'query';
    }
  }
  return false;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new AbortedError('Request cancelled', { cause: signal.reason }));
      },
      { once: true },
    );
  });
}
