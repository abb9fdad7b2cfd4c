import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  AbortedError,
  BinhDangError,
  GraphQLRequestError,
  HttpError,
  NetworkError,
  TimeoutError,
  type ErrorContext,
  type GraphQLErrorDetail,
} from './errors.js';

/** What hooks learn about each attempt of a request. */
export interface RequestInfo {
  operationName: string | undefined;
  operationType: OperationType;
  /** The `X-Request-Id` sent; the same for every attempt of one call. */
  requestId: string;
  /** 1 for the first attempt, then 2, 3 … for retries. */
  attempt: number;
  method: 'GET' | 'POST';
  url: string;
}

/** Called around every attempt, e.g. for logging or metrics; a hook that throws fails the call. */
export interface RequestHooks {
  onRequest?: ((info: RequestInfo) => void | Promise<void>) | undefined;
  onResponse?:
    | ((info: RequestInfo & { status: number; durationMs: number }) => void | Promise<void>)
    | undefined;
  onError?:
    | ((
        info: RequestInfo & { error: BinhDangError; durationMs: number; willRetry: boolean },
      ) => void | Promise<void>)
    | undefined;
}

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`; a function is asked before every request. */
  token?: string | undefined | (() => string | undefined | Promise<string | undefined>);
  headers?: Record<string, string> | undefined;
  /** Defaults to the global `fetch` (Node ≥ 20, browsers). */
  fetch?: typeof fetch | undefined;
  /** Per attempt; 30 000 by default. */
  timeoutMs?: number | undefined;
  /** Further attempts for queries after a network error, a timeout, HTTP 429 or 5xx; 2 by default. Mutations are never retried. */
  retries?: number | undefined;
  /** First backoff delay; doubles with each retry, with jitter. 200 by default. */
  retryDelayMs?: number | undefined;
  /**
   * Send queries as HTTP GET with a persisted-query hash (Apollo's APQ protocol) so that a CDN
   * or reverse proxy can cache public answers; the full text goes once, by POST, when the server
   * does not know the hash yet. Mutations always go by POST. Off by default.
   */
  persistedQueries?: boolean | undefined;
  hooks?: RequestHooks | undefined;
  /** graphql-js's `print`, needed only to send parsed documents that carry no source text. */
  print?: ((document: never) => string) | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
  /** Sent as `X-Request-Id` (letters, digits, `._:-`, at most 128); a new UUID when absent. */
  requestId?: string | undefined;
}

/** A typed document: the SDK's own, or one a consumer generated with graphql-codegen. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> &
  (string | String | ParsedDocument); // eslint-disable-line @typescript-eslint/no-wrapper-object-types

/** Variables are optional only when the operation has no required ones. */
export type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions];

interface GraphQLResponseBody {
  data?: unknown;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

type OperationType = 'query' | 'mutation' | 'subscription';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

interface Attempt {
  info: RequestInfo;
  query: string;
  variables: unknown;
  options: RequestOptions;
  /** Send the hash only (GET), or the hash with the text (POST, registering it). */
  persisted?: { sha256Hash: string; withText: boolean } | undefined;
}

export class Transport {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly hashes = new Map<string, Promise<string | undefined>>();

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
    const query = documentText(document, this.options.print);
    const operation = operationOf(query);
    const requestId = options.requestId ?? newRequestId();
    if (!REQUEST_ID.test(requestId)) {
      throw new TypeError(
        `requestId must be letters, digits or "._:-", at most 128 characters, got "${requestId}"`,
      );
    }
    const attempts = operation.type === 'query' ? this.retries + 1 : 1;
    const sha256Hash =
      this.options.persistedQueries && operation.type === 'query'
        ? await this.hashOf(query)
        : undefined;
    for (let attempt = 1; ; attempt++) {
      const info: RequestInfo = {
        operationName: operation.name,
        operationType: operation.type,
        requestId,
        attempt,
        method: sha256Hash ? 'GET' : 'POST',
        url: this.options.url,
      };
      const started = Date.now();
      try {
        const call: Attempt = { info, query, variables, options };
        if (!sha256Hash) return (await this.attempt(call)) as TResult;
        try {
          return (await this.attempt({
            ...call,
            persisted: { sha256Hash, withText: false },
          })) as TResult;
        } catch (error) {
          if (!isPersistedQueryMiss(error)) throw error;
          // The server does not know this hash yet: send the text once to register it.
          const registration = { ...info, method: 'POST' as const };
          return (await this.attempt({
            ...call,
            info: registration,
            persisted: { sha256Hash, withText: true },
          })) as TResult;
        }
      } catch (error) {
        const retryable =
          error instanceof NetworkError ||
          error instanceof TimeoutError ||
          (error instanceof HttpError && RETRYABLE_STATUS.has(error.status)) ||
          (error instanceof GraphQLRequestError && RETRYABLE_STATUS.has(error.status));
        const willRetry = retryable && attempt < attempts;
        if (error instanceof BinhDangError) {
          await this.options.hooks?.onError?.({
            ...info,
            error,
            durationMs: Date.now() - started,
            willRetry,
          });
        }
        if (!willRetry) throw error;
        await delay(
          this.retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()),
          options.signal,
          {
            requestId,
            operationName: operation.name,
          },
        );
      }
    }
  }

  private async attempt({ info, query, variables, options, persisted }: Attempt): Promise<unknown> {
    const context: ErrorContext = { requestId: info.requestId, operationName: info.operationName };
    if (options.signal?.aborted) {
      throw new AbortedError('Request cancelled', { ...context, cause: options.signal.reason });
    }
    await this.options.hooks?.onRequest?.(info);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const onAbort = () => timeout.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    const extensions = persisted
      ? { persistedQuery: { version: 1, sha256Hash: persisted.sha256Hash } }
      : undefined;
    let response: Response;
    let text: string;
    try {
      const headers = await this.headers(options, info);
      if (info.method === 'GET') {
        const url = new URL(this.options.url, globalThis.location?.href);
        if (info.operationName) url.searchParams.set('operationName', info.operationName);
        url.searchParams.set('variables', JSON.stringify(variables ?? {}));
        url.searchParams.set('extensions', JSON.stringify(extensions));
        response = await this.fetch(url.toString(), {
          method: 'GET',
          headers,
          signal: timeout.signal,
        });
      } else {
        response = await this.fetch(this.options.url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            operationName: info.operationName,
            query: persisted && !persisted.withText ? undefined : query,
            variables: variables ?? {},
            ...(extensions ? { extensions } : {}),
          }),
          signal: timeout.signal,
        });
      }
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) {
        throw new AbortedError('Request cancelled', { ...context, cause: options.signal.reason });
      }
      if (timeout.signal.aborted) throw new TimeoutError(this.timeoutMs, context);
      throw new NetworkError(`Could not reach ${this.options.url}: ${networkCause(error)}`, {
        ...context,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    await this.options.hooks?.onResponse?.({
      ...info,
      status: response.status,
      durationMs: Date.now() - started,
    });
    const answered = {
      ...context,
      requestId: response.headers.get('x-request-id') ?? info.requestId,
    };
    let body: GraphQLResponseBody | undefined;
    try {
      body = JSON.parse(text) as GraphQLResponseBody;
    } catch {
      body = undefined;
    }
    if (body?.errors?.length) {
      throw new GraphQLRequestError(
        body.errors.map(toDetail),
        body.data ?? null,
        response.status,
        answered,
      );
    }
    if (!response.ok || !body || body.data === undefined) {
      throw new HttpError(response.status, shortText(text, response.statusText), answered);
    }
    return body.data;
  }

  private async headers(
    options: RequestOptions,
    info: RequestInfo,
  ): Promise<Record<string, string>> {
    const token =
      typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    return {
      accept: 'application/graphql-response+json, application/json',
      ...this.options.headers,
      ...options.headers,
      'x-request-id': info.requestId,
      // Apollo's CSRF prevention lets a GET through only with a header a plain form cannot send.
      ...(info.method === 'GET' ? { 'x-apollo-operation-name': info.operationName ?? '' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  }

  /** The SHA-256 of a query, in hex; undefined where Web Crypto is missing (then POST is used). */
  private hashOf(query: string): Promise<string | undefined> {
    let hash = this.hashes.get(query);
    if (!hash) {
      hash = sha256Hex(query);
      this.hashes.set(query, hash);
    }
    return hash;
  }
}

async function sha256Hex(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function isPersistedQueryMiss(error: unknown): boolean {
  return (
    error instanceof GraphQLRequestError &&
    error.errors.some((detail) => detail.code === 'PERSISTED_QUERY_NOT_FOUND')
  );
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A UUID v4; `crypto.randomUUID` is missing on plain-HTTP pages, `getRandomValues` is not. */
function newRequestId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  CERT_HAS_EXPIRED: 'the server’s certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server’s certificate is self-signed',
};

/**
 * The real reason a fetch failed. Node's fetch says only "fetch failed" and keeps the socket
 * error (an AggregateError when several addresses were tried) as its cause; browsers tell
 * nothing, on purpose.
 */
function networkCause(error: unknown): string {
  const found: { code: string; detail: string }[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 5 || typeof value !== 'object' || value === null) return;
    const { code, message, cause, errors } = value as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string' && code in SOCKET_ERRORS) {
      const address = /(\[?[\w:.]+\]?:\d+)\s*$/.exec(typeof message === 'string' ? message : '');
      found.push({ code, detail: address ? `${code} ${address[1]}` : code });
    }
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
    visit(cause, depth + 1);
  };
  visit(error, 0);
  if (found.length > 0) {
    return `${SOCKET_ERRORS[found[0]!.code]} (${[...new Set(found.map((entry) => entry.detail))].join(', ')})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/failed to fetch|networkerror|load failed/i.test(message)) {
    return `${message} (the browser gives no reason: the server is down or unreachable, or it does not allow this page's origin by CORS)`;
  }
  return message;
}

/** At most 200 characters of an answer: an HTML error page is reduced to its title or text. */
function shortText(body: string, statusText: string): string {
  let text = body;
  if (/^\s*</.test(body)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
    text =
      title ??
      body
        .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&[a-z]+;|&#\d+;/gi, ' ');
  }
  text = text.replace(/\s+/g, ' ').trim() || statusText;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
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

/** A parsed document as graphql-js makes it; only its printed text is sent. */
export interface ParsedDocument {
  kind: 'Document';
  loc?: { source: { body: string } } | undefined;
}

/** The operation text of a string document, or of a parsed one (from its source, or printed). */
function documentText(
  document: TypedDocument<unknown, never>,
  print: ((document: never) => string) | undefined,
): string {
  if (typeof document === 'string' || document instanceof String) return document.toString();
  if (document.loc?.source.body) return document.loc.source.body;
  // The SDK never imports graphql-js itself, so that bundles stay small; apps that use parsed
  // documents have it and pass its `print`.
  if (!print) {
    throw new TypeError(
      'A parsed document without its source text needs the `print` option: createClient({ url, print }) with `import { print } from "graphql"`, or use documentMode: "string"',
    );
  }
  return print(document as never);
}

/** The type and name of a document's operation (the first one that is not a fragment). */
export function operationOf(text: string): { type: OperationType; name: string | undefined } {
  const source = text.replace(/#[^\n]*/g, '');
  let depth = 0;
  let inFragment = false;
  let type: OperationType | undefined;
  for (const token of source.match(/[{}(]|[A-Za-z_]\w*/g) ?? []) {
    if (type) return { type, name: token === '{' || token === '(' ? undefined : token };
    if (token === '{') {
      if (depth === 0 && !inFragment) return { type: 'query', name: undefined }; // `{ … }` shorthand
      depth++;
    } else if (token === '}') {
      depth--;
      if (depth === 0) inFragment = false;
    } else if (token === '(') {
      continue;
    } else if (depth === 0 && !inFragment) {
      if (token === 'fragment') inFragment = true;
      else if (token === 'query' || token === 'mutation' || token === 'subscription') type = token;
      else return { type: 'mutation', name: undefined }; // unknown: never treated as safe to repeat
    }
  }
  return { type: type ?? 'mutation', name: undefined };
}

/** Only queries are safe to repeat; a mutation might have taken effect before the failure. */
export function isQuery(text: string): boolean {
  return operationOf(text).type === 'query';
}

function delay(ms: number, signal: AbortSignal | undefined, context: ErrorContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new AbortedError('Request cancelled', { ...context, cause: signal.reason }));
      },
      { once: true },
    );
  });
}
