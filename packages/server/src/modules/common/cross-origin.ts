import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import cors from 'cors';
import type { RequestHandler } from 'express';

/** Browser apps on other origins that may call the API; none by default. */
export interface CorsConfig {
  /** Exact origins (`https://app.example.gov.vn`); empty turns CORS off. */
  origins: string[];
  /** Let those origins send cookies and HTTP authentication (`Access-Control-Allow-Credentials`). */
  credentials: boolean;
}

/** Reads `CORS_ORIGINS` (comma-separated origins) and `CORS_CREDENTIALS`. */
export function readCorsOrigins(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new Error(
        `CORS_ORIGINS must list origins like https://app.example.org, got "${origin}"`,
      );
    }
    // An origin is scheme, host and port only: a path, a wildcard or a trailing slash never
    // matches a browser's Origin header, so refuse it instead of silently allowing nothing.
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      throw new Error(
        `CORS_ORIGINS must list origins like https://app.example.org (scheme, host and optional port, no path), got "${origin}"`,
      );
    }
    return origin;
  });
}

/** Request headers a browser app may send: credentials, the request id, Apollo's CSRF headers. */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

/** Response headers a browser app may read. */
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/**
 * CORS for the configured origins only: other origins get no CORS headers, so browsers keep
 * their default refusal. Apollo's CSRF prevention stays on behind it.
 */
export function corsMiddleware(config: CorsConfig): RequestHandler | null {
  if (config.origins.length === 0) return null;
  const allowed = new Set(config.origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: config.credentials,
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives each request an id: the caller's `X-Request-Id` when it is a plain token of at most 128
 * characters, else a new UUID. The id is echoed in the response and is the one the log uses.
 */
export const requestIdMiddleware: RequestHandler = (request, response, next) => {
  const given = request.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  request.headers['x-request-id'] = requestId;
  response.setHeader('x-request-id', requestId);
  next();
};

const requestIdOfScope = new AsyncLocalStorage<string>();

/**
 * Runs the rest of the request where `currentRequestId` answers its id. Placed after the body is
 * read: the body parser calls on from the socket's events, outside any scope opened before it.
 */
export const requestIdScope: RequestHandler = (request, _response, next) => {
  const requestId = request.headers['x-request-id'];
  if (typeof requestId === 'string') requestIdOfScope.run(requestId, next);
  else next();
};

/** The id `requestIdMiddleware` gave the request being handled, inside `requestIdScope`. */
export function currentRequestId(): string | undefined {
  return requestIdOfScope.getStore();
}
