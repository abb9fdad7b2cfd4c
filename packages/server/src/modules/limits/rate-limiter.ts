import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { Redis } from 'ioredis';

export interface RateLimitStore {
  /** Counts a hit for `key` in the current window and returns the window's count. */
  hit(key: string, windowSeconds: number): Promise<number>;
  close(): Promise<void>;
}

/** One process's counters; fine for a single instance. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { start: number; count: number }>();

  async hit(key: string, windowSeconds: number): Promise<number> {
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= windowSeconds * 1000) {
      if (this.windows.size > 100_000) this.windows.clear();
      this.windows.set(key, { start: now, count: 1 });
      return 1;
    }
    return ++window.count;
  }

  async close(): Promise<void> {}
}

/** Counters in Redis, shared by every instance behind the load balancer. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const bucket = `binh-dang:rate:${key}:${Math.floor(Date.now() / 1000 / windowSeconds)}`;
    const [[, count]] = (await this.redis
      .multi()
      .incr(bucket)
      .expire(bucket, windowSeconds * 2)
      .exec()) as [[Error | null, number]];
    return count;
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

/** The client a request counts against: its credential when it has one, else its address. */
export function clientKey(request: Request): string {
  const credential = request.headers.authorization ?? request.headers['x-api-key'];
  if (typeof credential === 'string' && credential !== '') {
    return `c:${createHash('sha256').update(credential).digest('hex').slice(0, 24)}`;
  }
  return `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
}

export function rateLimit(store: RateLimitStore, perMinute: number): RequestHandler {
  return (request, response, next) => {
    store
      .hit(clientKey(request), 60)
      .then((count) => {
        response.setHeader('RateLimit-Limit', String(perMinute));
        response.setHeader('RateLimit-Remaining', String(Math.max(0, perMinute - count)));
        if (count <= perMinute) return next();
        response.setHeader('Retry-After', '60');
        response.status(429).json({
          errors: [
            {
              message: `Rate limit of ${perMinute} requests per minute exceeded`,
              extensions: { code: 'RATE_LIMITED' },
            },
          ],
        });
      })
      // A broken store must not take the API down with it.
      .catch(() => next());
  };
}
