import { SharedRedis } from './shared-redis.js';
import { LRUCache } from 'lru-cache';

/** A cached GraphQL result: its data and the cache policy it was computed under. */
export interface StoredResponse {
  data: Record<string, unknown>;
  /** The scope its Cache-Control header gave; null when it said no-store. */
  scope: 'PUBLIC' | 'PRIVATE' | null;
  /** When it was computed, in milliseconds since the epoch; its age is counted from here. */
  storedAt: number;
  /** Seconds it may be served for from `storedAt` (the operation's `maxAge`). */
  maxAge: number;
}

/** An entry as an instance holds it: with the response text a hit sends (Apollo's, byte for byte). */
export interface HeldResponse extends StoredResponse {
  readonly body: string;
}

/** The HTTP body Apollo sends for a result with data and without errors or extensions. */
export function responseText(data: Record<string, unknown>): string {
  return `${JSON.stringify({ data })}\n`;
}

export interface ResponseStoreOptions {
  /** Most bytes of cached responses this instance keeps in memory (0: none). */
  maxBytes: number;
  /** Redis shared by the instances; memory only when absent. */
  redisUrl?: string;
  /** Largest single response kept, in bytes; larger ones are computed every time. */
  maxEntryBytes?: number;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
}

const KEY_PREFIX = 'binh-dang:response:';

/**
 * Where cached responses live: a size-bounded LRU in memory, and Redis when configured so that
 * instances share what one of them computed. An entry expires at its `maxAge` in both. Redis
 * trouble never fails a request: a lookup that cannot reach Redis is a miss.
 */
export class ResponseStore {
  private readonly memory: LRUCache<string, HeldResponse> | null;
  private readonly redis?: SharedRedis;
  private readonly maxEntryBytes: number;
  private readonly now: () => number;

  constructor(options: ResponseStoreOptions) {
    this.now = options.now ?? Date.now;
    this.maxEntryBytes = Math.min(options.maxEntryBytes ?? 1024 * 1024, options.maxBytes);
    this.memory =
      options.maxBytes > 0
        ? new LRUCache<string, HeldResponse>({
            maxSize: options.maxBytes,
            sizeCalculation: (entry) => heldSize(entry.body),
          })
        : null;
    if (options.redisUrl && this.memory) {
      // A slow or absent Redis turns into misses, never into slow answers.
      this.redis = new SharedRedis(
        options.redisUrl,
        'Response cache',
        'caching per instance until it is back',
      );
    }
  }

  get enabled(): boolean {
    return this.memory !== null;
  }

  /** Bytes held in this instance's memory. */
  get memoryBytes(): number {
    return this.memory?.calculatedSize ?? 0;
  }

  /** The entry under `key` while its `maxAge` lasts, from memory, else from Redis. */
  async get(key: string): Promise<HeldResponse | undefined> {
    if (!this.memory) return undefined;
    const local = this.memory.get(key);
    if (local) {
      if (this.fresh(local)) return local;
      this.memory.delete(key);
    }
    if (!this.redis?.usable) return undefined;
    let text: string | null;
    try {
      text = await this.redis.client.get(KEY_PREFIX + key);
    } catch {
      return undefined;
    }
    if (!text) return undefined;
    const shared = parseEntry(text);
    if (!shared || !this.fresh(shared)) return undefined;
    return this.remember(key, shared, responseText(shared.data));
  }

  /** Keeps `entry` under `key` for its `maxAge`; too large or already stale entries are not kept. */
  async set(key: string, entry: StoredResponse): Promise<void> {
    if (!this.memory || !this.fresh(entry)) return;
    const body = responseText(entry.data);
    // Two bytes a character, as JavaScript strings hold them.
    if (body.length * 2 > this.maxEntryBytes) return;
    this.remember(key, entry, body);
    if (!this.redis?.usable) return;
    const ttl = this.remainingMs(entry);
    const { data, scope, storedAt, maxAge } = entry;
    try {
      await this.redis.client.set(
        KEY_PREFIX + key,
        JSON.stringify({ data, scope, storedAt, maxAge }),
        'PX',
        ttl,
      );
    } catch {
      // Kept in memory; other instances compute it themselves.
    }
  }

  /** Seconds `entry` may still be served for. */
  remainingSeconds(entry: StoredResponse): number {
    return Math.max(0, Math.floor(this.remainingMs(entry) / 1000));
  }

  /** Waits (at most `timeoutMs`) for Redis, so that a starting instance shares from the start. */
  connected(timeoutMs: number): Promise<boolean> {
    return this.redis?.ready(timeoutMs) ?? Promise.resolve(false);
  }

  async close(): Promise<void> {
    this.memory?.clear();
    await this.redis?.close();
  }

  private remember(key: string, entry: StoredResponse, body: string): HeldResponse {
    const held: HeldResponse = { ...entry, body };
    this.memory?.set(key, held, { ttl: this.remainingMs(entry) });
    return held;
  }

  private remainingMs(entry: StoredResponse): number {
    return entry.storedAt + entry.maxAge * 1000 - this.now();
  }

  private fresh(entry: StoredResponse): boolean {
    return this.remainingMs(entry) > 0;
  }
}

/**
 * Bytes an entry is counted for: its text at two bytes a character, and its data, which takes
 * about as much again; at least one for the LRU.
 */
function heldSize(body: string): number {
  return Math.max(1, body.length * 4);
}

function parseEntry(text: string): StoredResponse | undefined {
  try {
    const entry = JSON.parse(text) as StoredResponse;
    if (
      entry &&
      typeof entry.data === 'object' &&
      entry.data !== null &&
      (entry.scope === 'PUBLIC' || entry.scope === 'PRIVATE' || entry.scope === null) &&
      Number.isFinite(entry.storedAt) &&
      Number.isFinite(entry.maxAge)
    ) {
      return entry;
    }
  } catch {
    // An unreadable entry is a miss.
  }
  return undefined;
}
