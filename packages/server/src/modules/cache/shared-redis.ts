import { Redis } from 'ioredis';
import { log } from '../observability/log.js';

/**
 * A connection to the Redis the instances share, set up to fail fast: with Redis down or hung a
 * command fails within `commandTimeoutMs` instead of queueing, and its caller falls back to this
 * instance's own memory. An outage is logged once when it starts and once when it ends, never per
 * request.
 */
export function connectSharedRedis(
  url: string,
  purpose: string,
  fallback: string,
  options: { commandTimeoutMs?: number } = {},
): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: options.commandTimeoutMs ?? 250,
    // Reconnects keep trying, at most a second apart, for as long as the instance runs.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log().warn({ err: error }, `${purpose}: Redis unreachable (${error.message}); ${fallback}`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log().info(`${purpose}: Redis reachable again; shared across instances once more`);
  });
  return redis;
}

/** Waits (at most `timeoutMs`) for `redis` to be ready; false when it is not by then. */
export async function redisReady(redis: Redis | undefined, timeoutMs: number): Promise<boolean> {
  if (!redis) return false;
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    redis.once('ready', onReady);
  });
}

/** Closes `redis` politely when it is up, at once when it is not. */
export async function closeRedis(redis: Redis | undefined): Promise<void> {
  if (!redis) return;
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}
