import { isIPv4, isIPv6 } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import type { GraphQLError } from 'graphql';
import { log } from '../observability/log.js';
import { SharedRedis } from '../cache/shared-redis.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LookUpWithheld, recordAuthentication, type Authenticator } from '../auth/authenticate.js';
import { Role } from '../auth/viewer.js';
import { carriesCredentials } from '../common/cache-control.js';

const WINDOW_SECONDS = 60;

export interface RateLimitOptions {
  /** Requests per client per minute. */
  perMinute: number;
  /** Failed authentications per address per minute. */
  authFailuresPerMinute: number;
  /** Clients counted apart per minute on this instance. */
  maxClients: number;
  /** Counters shared by every instance; this instance's memory when absent or unreachable. */
  redisUrl?: string;
}

/**
 * Admits at most `max` distinct clients per window; later newcomers share one overflow
 * allowance until counted clients' windows end. Memory stays bounded and nobody already counted
 * is forgotten (a flood of new addresses cannot reset a client's count).
 */
export class ClientAdmission {
  static readonly OVERFLOW = 'overflow';
  /** Client → end of its window, in insertion order, which is window-end order. */
  private readonly windows = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly windowMs = WINDOW_SECONDS * 1000,
  ) {}

  admit(client: string, now = Date.now()): string {
    for (const [known, end] of this.windows) {
      if (end > now) break;
      this.windows.delete(known);
    }
    const end = this.windows.get(client);
    if (end !== undefined) return client;
    if (this.windows.size >= this.max) return ClientAdmission.OVERFLOW;
    this.windows.set(client, now + this.windowMs);
    return client;
  }

  get size(): number {
    return this.windows.size;
  }
}

/** What a limit is asked: how much a key has used, and to count one more. */
export interface Limiter {
  get(key: string): Promise<RateLimiterRes | null>;
  consume(key: string): Promise<RateLimiterRes>;
}

/** The requests limit and the failed-authentication limit, in Redis or in memory. */
export class RateLimits {
  readonly requests: Limiter;
  readonly authFailures: Limiter;
  private readonly redis?: SharedRedis;
  private readonly admission: ClientAdmission;

  constructor(readonly options: RateLimitOptions) {
    this.admission = new ClientAdmission(options.maxClients);
    if (options.redisUrl) {
      this.redis = new SharedRedis(
        options.redisUrl,
        'Rate limits',
        'counting per instance until it is back',
        // A counter update is one round trip; past this the instance counts on its own.
        { commandTimeoutMs: 500 },
      );
    }
    this.requests = this.limiter('rate', options.perMinute);
    this.authFailures = this.limiter('auth-failures', options.authFailuresPerMinute);
  }

  /**
   * Waits (at most `timeoutMs`) for Redis, so that a starting instance counts with the others
   * from its first request rather than on its own until the connection is up.
   */
  connected(timeoutMs: number): Promise<boolean> {
    return this.redis?.ready(timeoutMs) ?? Promise.resolve(false);
  }

  /** Whether Redis is connected and answering (for readiness). */
  reachable(): boolean {
    return this.redis?.usable ?? false;
  }

  /**
   * A limit counted in Redis while it answers, else in this instance's memory: never no limit,
   * and never a request waiting on a Redis that is known not to answer.
   */
  private limiter(keyPrefix: string, points: number): Limiter {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
    const redis = this.redis;
    if (!redis) return memory;
    const shared = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `binh-dang:${keyPrefix}`,
      points,
      duration: WINDOW_SECONDS,
      // A command that fails all the same is counted here.
      insuranceLimiter: memory,
      rejectIfRedisNotReady: true,
    });
    return {
      get: (key) => (redis.usable ? shared.get(key) : memory.get(key)),
      consume: (key) => (redis.usable ? shared.consume(key) : memory.consume(key)),
    };
  }

  /** The counter key of a client, bounded in number per instance. */
  admit(client: string): string {
    return this.admission.admit(client);
  }

  close(): Promise<void> {
    return this.redis?.close() ?? Promise.resolve();
  }
}

/**
 * The address a request counts under: the peer, or the client a trusted proxy names (Express's
 * `trust proxy`). An IPv6 client counts by its /64, which one subscriber usually holds whole.
 */
export function clientAddress(request: Request): string {
  let address = (request.ip ?? request.socket.remoteAddress ?? 'unknown').replace(/%.*$/, '');
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) address = address.slice(7);
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? front
      : [...front, ...Array(8 - front.length - back.length).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

function setLimitHeaders(response: Response, limit: number, result: RateLimiterRes) {
  response.setHeader('RateLimit-Limit', String(limit));
  response.setHeader('RateLimit-Remaining', String(Math.max(0, result.remainingPoints)));
  response.setHeader('RateLimit-Reset', String(Math.ceil(result.msBeforeNext / 1000)));
}

function refuse(response: Response, status: number, result: RateLimiterRes, message: string) {
  const retryAfterSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  response.setHeader('Retry-After', String(retryAfterSeconds));
  response
    .status(status)
    .json({ errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }] });
}

const hasCredentials = (request: Request) => carriesCredentials((name) => request.headers[name]);

const isAuthenticationFailure = (error: unknown) =>
  (error as GraphQLError | undefined)?.extensions?.code === 'UNAUTHENTICATED';

/**
 * Authenticates the request once (the GraphQL context reuses the outcome), then counts it
 * against its client: the verified principal, else the address. Failed authentications count
 * against the address under a stricter limit. Once it is spent, the address may cause no more
 * look-ups until its window ends: its failures, and API keys not verified a moment ago, get 429
 * unchecked; a good token, checked by its signature alone, still passes, so that callers who
 * share an address (a gateway's, an office's) are not locked out by one who sends bad ones.
 */
export function authenticateAndLimit(
  limits: RateLimits,
  authenticate: Authenticator,
  refusalStatus: (status: number) => number = (status) => status,
): RequestHandler {
  const { perMinute, authFailuresPerMinute } = limits.options;
  const refuseWith = (response: Response, result: RateLimiterRes, message: string) =>
    refuse(response, refusalStatus(429), result, message);
  return async (request, response, next) => {
    try {
      const address = clientAddress(request);
      const failures = hasCredentials(request)
        ? await limits.authFailures.get(limits.admit(`ip:${address}`))
        : null;
      const locked = failures !== null && failures.consumedPoints >= authFailuresPerMinute;
      let principal: string | null = null;
      try {
        const viewer = await authenticate(request.headers, { lookUps: !locked });
        recordAuthentication(request, { viewer });
        // Token subjects and key names are the principal; a token without `sub` counts by address.
        if (viewer.role !== Role.ANONYMOUS && viewer.subject !== 'token')
          principal = viewer.subject;
      } catch (error) {
        if (locked && (error instanceof LookUpWithheld || isAuthenticationFailure(error))) {
          setLimitHeaders(response, authFailuresPerMinute, failures);
          return refuseWith(
            response,
            failures,
            `Too many failed authentications from this address: ${authFailuresPerMinute} per minute`,
          );
        }
        recordAuthentication(request, { error });
        if (isAuthenticationFailure(error)) {
          const counted = await limits.authFailures
            .consume(limits.admit(`ip:${address}`))
            .catch((result: unknown) => {
              if (!(result instanceof RateLimiterRes)) throw result;
              return result;
            });
          if (counted.consumedPoints === authFailuresPerMinute) {
            // Once per address and minute: the moment it starts being refused unchecked.
            log().warn(
              { address },
              `Authentication: ${authFailuresPerMinute} failures from ${address} within a minute; ` +
                `for ${Math.ceil(counted.msBeforeNext / 1000)} s its failures and unremembered API keys are refused unchecked`,
            );
          }
        }
      }
      const client = limits.admit(principal ? `principal:${principal}` : `ip:${address}`);
      try {
        const result = await limits.requests.consume(client);
        setLimitHeaders(response, perMinute, result);
      } catch (result) {
        if (!(result instanceof RateLimiterRes)) throw result;
        setLimitHeaders(response, perMinute, result);
        return refuseWith(
          response,
          result,
          `Rate limit of ${perMinute} requests per minute exceeded`,
        );
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
