import type { IncomingHttpHeaders } from 'node:http';
import type { Knex } from '@mikro-orm/postgresql';
import { unauthenticated } from './authorize.js';
import { looksLikeApiKey, verifyApiKey } from './api-keys.js';
import { InvalidTokenError, tokenVerifier, type TokenConfig } from './tokens.js';
import { ANONYMOUS_VIEWER, type Viewer } from './viewer.js';

export type Authenticator = (headers: IncomingHttpHeaders) => Promise<Viewer>;

/**
 * Establishes the viewer from `Authorization: Bearer <JWT or API key>` or `X-API-Key`. No
 * credentials make an anonymous viewer; bad ones are refused outright (HTTP 401) rather than
 * quietly downgraded, so a client learns that its token expired.
 */
export async function createAuthenticator(knex: Knex, tokens: TokenConfig): Promise<Authenticator> {
  const verifyToken = await tokenVerifier(tokens);
  return async (headers) => {
    const authorization = headers.authorization;
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '') {
      return (
        (await verifyApiKey(knex, apiKey)) ??
        Promise.reject(unauthenticated('unknown or revoked API key'))
      );
    }
    if (!authorization) return ANONYMOUS_VIEWER;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
    const credential = match[1];
    if (looksLikeApiKey(credential)) {
      const viewer = await verifyApiKey(knex, credential);
      if (!viewer) throw unauthenticated('unknown or revoked API key');
      return viewer;
    }
    if (!verifyToken) throw unauthenticated('this server accepts API keys only');
    try {
      return await verifyToken(credential);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw unauthenticated(`invalid token (${error.message})`);
      throw error;
    }
  };
}
