import { Redis } from 'ioredis';
import { log } from '../observability/log.js';

/** How often an instance asks Redis whether it still answers. */
const HEARTBEAT_MS = 1000;

/**
 * A connection to the Redis the instances share, set up to fail fast: with Redis down a command
 * fails at once instead of queueing, and with Redis hung (connected, answering nothing) a command
 * fails within `commandTimeoutMs`; its caller then falls back to this instance's own memory. A
 * heartbeat notices a hung Redis within about a second, after which `usable` is false and callers
 * stop sending commands until it answers again, so that requests do not each wait out a timeout.
 * An outage is logged once when it starts and once when it ends, never per request.
 */
export class SharedRedis {
  readonly client: Redis;
  private answering = true;
  private down = false;
  private beating = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly purpose: string,
    private readonly fallback: string,
    options: { commandTimeoutMs?: number } = {},
  ) {
    const commandTimeoutMs = options.commandTimeoutMs ?? 250;
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: commandTimeoutMs,
      // Reconnects keep trying, at most a second apart, for as long as the instance runs.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    });
    this.client.on('error', (error: Error) => this.outage(error.message, error));
    this.client.on('ready', () => {
      this.answering = true;
      this.recovered();
    });
    this.heartbeat = setInterval(() => void this.beat(commandTimeoutMs), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Whether to send Redis a command now: connected, and answering the last heartbeat. */
  get usable(): boolean {
    return this.client.status === 'ready' && this.answering;
  }

  /** Waits (at most `timeoutMs`) for Redis to be ready; false when it is not by then. */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref();
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      this.client.once('ready', onReady);
    });
  }

  /** Closes the connection politely when Redis is up, at once when it is not. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.usable) await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  private async beat(commandTimeoutMs: number): Promise<void> {
    if (this.beating || this.client.status !== 'ready') return;
    this.beating = true;
    try {
      await this.client.ping();
      this.answering = true;
      this.recovered();
    } catch {
      this.answering = false;
      this.outage(`connected, but no answer within ${commandTimeoutMs} ms`);
    } finally {
      this.beating = false;
    }
  }

  private outage(reason: string, error?: Error): void {
    // A heartbeat that was under way when the connection was closed is no outage.
    if (this.down || this.closed) return;
    this.down = true;
    log().warn({ err: error }, `${this.purpose}: Redis unreachable (${reason}); ${this.fallback}`);
  }

  private recovered(): void {
    if (!this.down || !this.usable) return;
    this.down = false;
    log().info(`${this.purpose}: Redis reachable again; shared across instances once more`);
  }
}
