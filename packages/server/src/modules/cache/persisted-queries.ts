import { LRUCache } from 'lru-cache';
import { SharedRedis } from './shared-redis.js';

const KEY_PREFIX = 'binh-dang:apq:';
/** Most query text (UTF-16 code units) one instance keeps in memory, as Apollo's own store. */
const MEMORY_CHARACTERS = 30 * 1024 * 1024;
/**
 * Longest query text that is registered. The token limit does not count comments or string
 * lengths, so without it any caller could park megabytes per hash in every instance and in Redis;
 * a longer text still runs, sent in full each time.
 */
export const MAX_PERSISTED_QUERY_CHARACTERS = 64 * 1024;
/** How long a registered query is kept when Apollo names no time. */
const DEFAULT_TTL_SECONDS = 24 * 3600;

/**
 * The automatic persisted queries' store (Apollo's `KeyValueCache` of hash → query text): this
 * instance's memory in front of the Redis every instance shares, so a hash registered on one
 * instance answers on all (when its caller may share it). Apollo checks that a registered text hashes to its key before storing
 * it, so an entry cannot stand for another query. Redis trouble only costs a miss, which the client
 * answers by sending the full query once more.
 */
export class PersistedQueryStore {
  private readonly memory = new LRUCache<string, string>({
    maxSize: MEMORY_CHARACTERS,
    sizeCalculation: (text) => Math.max(1, text.length),
  });
  private readonly redis?: SharedRedis;

  /**
   * `shares` tells whether the request registering a query may put it in Redis: the platform lets
   * callers with credentials do so, and keeps anonymous registrations in the registering
   * instance's bounded memory, so that nobody unaccountable can fill the Redis every instance (and
   * its rate limits) relies on.
   */
  constructor(
    redisUrl?: string,
    private readonly shares: () => boolean = () => true,
  ) {
    if (redisUrl) {
      this.redis = new SharedRedis(
        redisUrl,
        'Persisted queries',
        'each instance keeps the hashes registered with it until it is back',
      );
    }
  }

  async get(key: string): Promise<string | undefined> {
    const local = this.memory.get(key);
    if (local !== undefined || !this.redis?.usable) return local;
    try {
      const shared = await this.redis.client.get(KEY_PREFIX + key);
      if (shared === null) return undefined;
      this.memory.set(key, shared);
      return shared;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    if (value.length > MAX_PERSISTED_QUERY_CHARACTERS) return;
    const seconds = options?.ttl ?? DEFAULT_TTL_SECONDS;
    this.memory.set(key, value, { ttl: seconds * 1000 });
    if (!this.redis?.usable || !this.shares()) return;
    try {
      await this.redis.client.set(KEY_PREFIX + key, value, 'EX', Math.max(1, Math.ceil(seconds)));
    } catch {
      // Kept here; another instance asks its client for the text once.
    }
  }

  async delete(key: string): Promise<boolean> {
    const had = this.memory.delete(key);
    if (!this.redis?.usable) return had;
    try {
      return (await this.redis.client.del(KEY_PREFIX + key)) > 0 || had;
    } catch {
      return had;
    }
  }

  /** Waits (at most `timeoutMs`) for Redis, so that a starting instance shares from the start. */
  connected(timeoutMs: number): Promise<boolean> {
    return this.redis?.ready(timeoutMs) ?? Promise.resolve(false);
  }

  close(): Promise<void> {
    this.memory.clear();
    return this.redis?.close() ?? Promise.resolve();
  }
}
