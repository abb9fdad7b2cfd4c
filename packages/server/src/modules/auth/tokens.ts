import { createHash } from 'node:crypto';
import { createRemoteJWKSet, importSPKI, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { Role, type Viewer } from './viewer.js';

export interface TokenConfig {
  secret?: string;
  publicKeyPem?: string;
  jwksUrl?: string;
  /** For public keys and JWKS: RS256 (default) or ES256. */
  algorithm?: string;
  issuer?: string;
  audience?: string;
  /** Longest a token may live, from its `nbf` or `iat` to its `exp`; 24 hours by default. */
  maxLifetimeSeconds?: number;
}

const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600;
const CLOCK_TOLERANCE_SECONDS = 5;

type Verifier = (token: string) => Promise<Viewer>;

/**
 * Verified tokens remembered, by the hash of their text: the same text verifies the same way
 * under the same keys, and checking a signature costs a quarter of a millisecond, as much as a
 * cached answer. Only the clock can change the outcome, so expiry is checked on every use; the
 * period bounds how long a key taken out of a JWKS still admits the tokens it signed (jose keeps
 * a fetched JWKS for ten minutes anyway). Failures are never remembered.
 */
const VERIFIED_TOKEN_SECONDS = 60;
const VERIFIED_TOKENS = 10_000;

const TOKEN_ROLES = new Set<string>([Role.ANALYST, Role.EDITOR, Role.ADMIN]);

export class InvalidTokenError extends Error {}

/**
 * Builds the bearer-token verifier from configuration. Algorithms are pinned to what the key
 * material allows (HS256 for a secret, RS256/ES256 for public keys), so `alg: none` and
 * algorithm confusion are refused; expiry is required and not-before honoured.
 */
export async function tokenVerifier(config: TokenConfig): Promise<Verifier | null> {
  let key: Parameters<typeof jwtVerify>[1];
  let algorithms: string[];
  const asymmetric = config.algorithm ?? 'RS256';
  if ((config.jwksUrl || config.publicKeyPem) && !['RS256', 'ES256'].includes(asymmetric)) {
    throw new Error(`JWT_ALGORITHM must be RS256 or ES256, not ${asymmetric}`);
  }
  if (config.jwksUrl) {
    key = createRemoteJWKSet(new URL(config.jwksUrl));
    algorithms = [asymmetric];
  } else if (config.publicKeyPem) {
    key = await importSPKI(config.publicKeyPem, asymmetric);
    algorithms = [asymmetric];
  } else if (config.secret) {
    if (config.secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    key = new TextEncoder().encode(config.secret);
    algorithms = ['HS256'];
  } else {
    return null;
  }
  const maxLifetime = config.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  const verified = new LRUCache<string, { viewer: Viewer; expires: number }>({
    max: VERIFIED_TOKENS,
    ttl: VERIFIED_TOKEN_SECONDS * 1000,
  });
  const verify = async (token: string) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
    // Measured from when the token became valid: its `nbf`, else its `iat`, but never later
    // than now, so that a future `iat` cannot stretch a long-lived token.
    const now = Math.floor(Date.now() / 1000);
    const validFrom = Math.min(payload.nbf ?? payload.iat ?? now, now);
    const lifetime = payload.exp! - validFrom;
    if (lifetime > maxLifetime + CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidTokenError(
        `the token lives ${lifetime} s, longer than the maximum of ${maxLifetime} s`,
      );
    }
    const role = typeof payload.role === 'string' ? payload.role.toUpperCase() : '';
    if (!TOKEN_ROLES.has(role))
      throw new InvalidTokenError('the "role" claim must be ANALYST, EDITOR or ADMIN');
    // A scope that is not a locality code must not silently become "no scope" (everywhere).
    if (
      payload.scope !== undefined &&
      (typeof payload.scope !== 'string' || !/^[0-9]{2,5}$/.test(payload.scope))
    ) {
      throw new InvalidTokenError('the "scope" claim must be a locality code');
    }
    // The subject tells callers apart: for four eyes, the audit trail and the rate limits.
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '') {
      throw new InvalidTokenError('the "sub" claim must be a non-empty string');
    }
    const scope = payload.scope ?? null;
    const viewer: Viewer = Object.freeze({
      role: role as Role,
      subject: `token:${payload.sub}`,
      scopeCode: scope,
    });
    return { viewer, expires: payload.exp! };
  };
  return async (token: string) => {
    const id = createHash('sha256').update(token).digest('base64');
    const known = verified.get(id);
    // As jose decides: expired once `exp` is at or before now less the tolerance.
    if (known && known.expires > Math.floor(Date.now() / 1000) - CLOCK_TOLERANCE_SECONDS)
      return known.viewer;
    const outcome = await verify(token);
    verified.set(id, outcome);
    return outcome.viewer;
  };
}
