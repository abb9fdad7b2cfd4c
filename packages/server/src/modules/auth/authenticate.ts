import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Knex } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { unauthenticated } from './authorize.js';
import { apiKeyVerifier, looksLikeApiKey } from './api-keys.js';
import { InvalidTokenError, tokenVerifier, type TokenConfig } from './tokens.js';
import { ANONYMOUS_VIEWER, type Viewer } from './viewer.js';

/**
 * Establishes a request's viewer. With `lookUps: false` nothing is looked up in the database on
 * the caller's word: a token is still checked by its signature, but an API key counts only if it
 * was verified a moment ago, else `LookUpWithheld` is thrown.
 */
export type Authenticator = (
  headers: IncomingHttpHeaders,
  options?: { lookUps: boolean },
) => Promise<Viewer>;

/** An API key left unchecked because its caller's address may not cause look-ups for now. */
export class LookUpWithheld extends Error {
  constructor() {
    super('the API key was not looked up');
  }
}

export interface AuthenticatorOptions {
  /** Seconds a verified API key is remembered (0: look every key up). */
  apiKeyCacheSeconds: number;
}

/** Seconds a scope's locality is known to exist; localities are archived, never deleted. */
const SCOPE_CACHE_SECONDS = 300;

/**
 * Establishes the viewer from `Authorization: Bearer <JWT or API key>` or `X-API-Key`. No
 * credentials make an anonymous viewer; bad ones are refused outright (HTTP 401) rather than
 * quietly downgraded, so a client learns that its token expired.
 */
export async function createAuthenticator(
  knex: Knex,
  tokens: TokenConfig,
  options: AuthenticatorOptions = { apiKeyCacheSeconds: 0 },
): Promise<Authenticator> {
  const verifyToken = await tokenVerifier(tokens);
  const verifyApiKey = apiKeyVerifier(knex, options.apiKeyCacheSeconds);
  const knownScopes = new LRUCache<string, true>({ max: 10_000, ttl: SCOPE_CACHE_SECONDS * 1000 });
  const scopeExists = async (code: string) => {
    if (knownScopes.has(code)) return true;
    const [row] = await knex('locality').select('id').where('code', code).limit(1);
    if (row) knownScopes.set(code, true);
    return Boolean(row);
  };
  const withKnownScope = async (viewer: Viewer) => {
    if (viewer.scopeCode !== null && !(await scopeExists(viewer.scopeCode))) {
      throw unauthenticated(`the scope "${viewer.scopeCode}" names no locality`);
    }
    return viewer;
  };
  const byApiKey = async (key: string, lookUps: boolean) => {
    if (!lookUps) {
      const remembered = verifyApiKey.remembered(key);
      if (!remembered) throw new LookUpWithheld();
      return remembered;
    }
    const viewer = await verifyApiKey(key);
    if (!viewer) throw unauthenticated('unknown, revoked or malformed API key');
    return viewer;
  };
  return async (headers, { lookUps } = { lookUps: true }) => {
    const authorization = headers.authorization;
    const apiKey = headers['x-api-key'];
    if (
      apiKey !== undefined &&
      apiKey !== '' &&
      authorization !== undefined &&
      authorization !== ''
    ) {
      // Which one would count is a guess a caller should not have to make.
      throw unauthenticated('send one credential: a bearer token or an API key, not both');
    }
    if (typeof apiKey === 'string' && apiKey !== '') return byApiKey(apiKey, lookUps);
    if (!authorization) return ANONYMOUS_VIEWER;
    const credential = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!credential) throw unauthenticated('the Authorization header must be "Bearer <token>"');
    if (looksLikeApiKey(credential)) return byApiKey(credential, lookUps);
    if (!verifyToken) throw unauthenticated('this server accepts API keys only');
    let viewer: Viewer;
    try {
      viewer = await verifyToken(credential);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw unauthenticated(`invalid token (${error.message})`);
      throw error;
    }
    return withKnownScope(viewer);
  };
}

/** What authenticating a request gave: its viewer, or the error to answer with. */
export type Authentication = { viewer: Viewer } | { error: unknown };

const authentications = new WeakMap<IncomingMessage, Authentication>();

/** Keeps a request's authentication for the GraphQL context, so it runs once per request. */
export function recordAuthentication(request: IncomingMessage, outcome: Authentication): void {
  authentications.set(request, outcome);
}

/** The viewer authenticated for `request` before the rate limit; throws its failure. */
export function authenticatedViewer(request: IncomingMessage): Viewer {
  const outcome = authentications.get(request);
  if (!outcome) throw new Error('the request reached GraphQL without being authenticated');
  if ('error' in outcome) throw outcome.error;
  return outcome.viewer;
}

const viewerOfScope = new AsyncLocalStorage<Viewer>();

/**
 * Runs the rest of the request where `currentViewer` answers its authenticated caller, for the
 * stores Apollo calls without a context (persisted queries). Placed after the body is read, as
 * `requestIdScope` is.
 */
export const viewerScope: RequestHandler = (request, _response, next) => {
  const outcome = authentications.get(request);
  if (outcome && 'viewer' in outcome) viewerOfScope.run(outcome.viewer, next);
  else next();
};

/** The caller of the request being handled, inside `viewerScope`. */
export function currentViewer(): Viewer | undefined {
  return viewerOfScope.getStore();
}
