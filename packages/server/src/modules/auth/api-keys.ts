import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { Role, type Viewer } from './viewer.js';

/** `bd_`, an 8-character prefix, `_`, and the 24 random bytes of the secret in base64url. */
const KEY_FORMAT = /^bd_([a-z0-9]{8})_([A-Za-z0-9_-]{32})$/;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface CreatedApiKey {
  key: string;
  prefix: string;
}

/** Creates a key; the full key is returned once and only its hash is stored. */
export async function createApiKey(
  knex: Knex,
  options: { name: string; role: Role; scopeCode?: string | null },
): Promise<CreatedApiKey> {
  if (![Role.ANALYST, Role.EDITOR, Role.ADMIN].includes(options.role)) {
    throw new Error(`role must be ANALYST, EDITOR or ADMIN, not ${options.role}`);
  }
  if (options.role === Role.EDITOR && !options.scopeCode) {
    throw new Error('an EDITOR key needs a scope (a locality code)');
  }
  if (options.scopeCode) {
    const [locality] = await knex('locality')
      .select('id')
      .where('code', options.scopeCode)
      .limit(1);
    if (!locality) throw new Error(`scope: no locality has the code "${options.scopeCode}"`);
  }
  const taken = () =>
    new Error(
      `name: a key named "${options.name}" exists already (revoked or not); a name tells its caller apart in the audit trail and the limits`,
    );
  if (await knex('api_key').first('id').where('name', options.name)) throw taken();
  const prefix = randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 8);
  const secret = randomBytes(24).toString('base64url');
  await knex('api_key')
    .insert({
      name: options.name,
      prefix,
      secret_hash: hash(secret),
      role: options.role,
      scope_code: options.scopeCode ?? null,
    })
    .catch((error: Error & { constraint?: string }) => {
      // The same name created at the same moment elsewhere.
      throw error.constraint === 'api_key_name_unique' ? taken() : error;
    });
  return { key: `bd_${prefix}_${secret}`, prefix };
}

export async function revokeApiKey(knex: Knex, prefix: string): Promise<boolean> {
  const updated = await knex('api_key')
    .update({ revoked_at: knex.fn.now() })
    .where({ prefix })
    .whereNull('revoked_at');
  return updated > 0;
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith('bd_');
}

/** The viewer a key stands for, or null when it is unknown, revoked or malformed. */
export async function verifyApiKey(knex: Knex, key: string): Promise<Viewer | null> {
  // A key that cannot be one of ours is refused without asking the database.
  const [, prefix, secret] = KEY_FORMAT.exec(key) ?? [];
  if (!prefix || !secret) return null;
  const [row] = await knex('api_key').select('*').where({ prefix }).whereNull('revoked_at');
  if (!row) return null;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const given = Buffer.from(hash(secret), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  recordUse(knex, row.id);
  return { role: row.role as Role, subject: `api-key:${row.name}`, scopeCode: row.scope_code };
}

/**
 * `last_used_at` says which keys are still in use, to the minute: each instance writes it at most
 * once a minute per key, so a busy key does not turn every read into a write on the primary.
 */
const USE_RECORD_INTERVAL_MS = 60_000;
const lastRecorded = new LRUCache<number, true>({ max: 10_000, ttl: USE_RECORD_INTERVAL_MS });

function recordUse(knex: Knex, id: number): void {
  if (lastRecorded.has(id)) return;
  lastRecorded.set(id, true);
  void knex('api_key')
    .update({ last_used_at: knex.fn.now() })
    .where('id', id)
    .catch(() => lastRecorded.delete(id));
}

/** Most verified keys remembered at once; a deployment has a handful of server-to-server keys. */
const API_KEY_CACHE_ENTRIES = 1000;

/** Checks API keys, remembering the ones it verified for a while. */
export interface ApiKeyVerifier {
  /** The key's viewer, or null when it is unknown, revoked or malformed. */
  (key: string): Promise<Viewer | null>;
  /** The key's viewer if it was verified within the period, found without a look-up. */
  remembered(key: string): Viewer | undefined;
}

/**
 * `verifyApiKey` with verified keys remembered for `cacheSeconds`, keyed by the key's hash: a
 * busy client costs one look-up per period, and a revoked key keeps working at most that long.
 * Unknown keys are not remembered (they would only crowd out good ones).
 */
export function apiKeyVerifier(knex: Knex, cacheSeconds: number): ApiKeyVerifier {
  if (cacheSeconds <= 0) {
    return Object.assign((key: string) => verifyApiKey(knex, key), { remembered: () => undefined });
  }
  const verified = new LRUCache<string, Viewer>({
    max: API_KEY_CACHE_ENTRIES,
    ttl: cacheSeconds * 1000,
  });
  const remembered = (key: string) => (KEY_FORMAT.test(key) ? verified.get(hash(key)) : undefined);
  const verify = async (key: string) => {
    if (!KEY_FORMAT.test(key)) return null;
    const known = verified.get(hash(key));
    if (known) return known;
    const viewer = await verifyApiKey(knex, key);
    if (viewer) verified.set(hash(key), viewer);
    return viewer;
  };
  return Object.assign(verify, { remembered });
}
