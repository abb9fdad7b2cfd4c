import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { Role, type Viewer } from '../modules/auth/viewer.js';
import type { RequestContext } from '../modules/common/context.js';
import { SharedRedis } from '../modules/cache/shared-redis.js';

const KEY_PREFIX = 'binh-dang:wrote:';
/** Most recent writers one instance remembers (a deployment has far fewer at once). */
const MEMORY_ENTRIES = 100_000;

/**
 * Which server a request reads from. A query (no writes) goes to one replica, round robin; a
 * mutation — its reads included, so that nothing it reads lags what it wrote — and every request
 * of a caller who wrote within the read-your-writes window go to the primary. The window is kept
 * in Redis when configured, so the caller's next request sees its write on whichever instance it
 * lands; in memory otherwise (and while Redis is down).
 */
export class ReadRouting {
  private next = 0;
  private readonly memory: LRUCache<string, true>;
  private readonly redis?: SharedRedis;

  constructor(
    private readonly replicas: MikroORM[],
    private readonly windowSeconds: number,
    redisUrl?: string,
  ) {
    this.memory = new LRUCache({ max: MEMORY_ENTRIES, ttl: windowSeconds * 1000 });
    if (replicas.length > 0 && redisUrl) {
      this.redis = new SharedRedis(
        redisUrl,
        'Read-your-writes',
        'callers read from the primary after a write on the instance that took it',
      );
    }
  }

  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  /** A replica's EntityManager for a read-only request of `viewer`; null: read from the primary. */
  async readerFor(viewer: Viewer): Promise<EntityManager | null> {
    if (!this.enabled) return null;
    const key = writerKey(viewer);
    if (key && (await this.wroteRecently(key))) return null;
    const replica = this.replicas[this.next++ % this.replicas.length];
    return replica ? (replica.em.fork() as EntityManager) : null;
  }

  /** Chooses the server of a read-only request, before its first statement. */
  async route(context: RequestContext): Promise<void> {
    const reader = await this.readerFor(context.viewer);
    if (reader) context.readFrom(reader);
  }

  /** Notes that `viewer` has just written: its requests read from the primary for the window. */
  async wrote(viewer: Viewer): Promise<void> {
    const key = writerKey(viewer);
    if (!this.enabled || !key) return;
    this.memory.set(key, true);
    if (!this.redis?.usable) return;
    try {
      await this.redis.client.set(KEY_PREFIX + key, '1', 'EX', this.windowSeconds);
    } catch {
      // Remembered on this instance.
    }
  }

  private async wroteRecently(key: string): Promise<boolean> {
    if (this.memory.has(key)) return true;
    if (!this.redis?.usable) return false;
    try {
      return (await this.redis.client.exists(KEY_PREFIX + key)) > 0;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.redis?.close() ?? Promise.resolve();
  }

  /** Chooses the server once the operation is known; marks mutating callers afterwards. */
  plugin(): ApolloServerPlugin<RequestContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ operation, contextValue }) => {
          if (operation?.operation !== 'query') return;
          await this.route(contextValue);
        },
        willSendResponse: async ({ operation, document, contextValue, response }) => {
          if (operation?.operation !== 'mutation') return;
          // A mutation that returned nothing wrote nothing (each field commits whole or not at
          // all), and `__typename` writes nothing either; marking them anyway would let a caller
          // keep its reads on the primary.
          const data = response.body.kind === 'single' ? response.body.singleResult.data : null;
          if (!data || !document) return;
          const keys = writingKeys(operation.selectionSet, document);
          if ([...keys].some((key) => data[key] !== null && data[key] !== undefined)) {
            await this.wrote(contextValue.viewer);
          }
        },
      }),
    };
  }
}

/** The answer keys of a mutation's root fields that can write (all but `__typename`). */
function writingKeys(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  into = new Set<string>(),
): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) {
        into.add(selection.alias?.value ?? selection.name.value);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      writingKeys(selection.selectionSet, document, into);
    } else {
      const fragment = document.definitions.find(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION &&
          definition.name.value === selection.name.value,
      );
      if (fragment) writingKeys(fragment.selectionSet, document, into);
    }
  }
  return into;
}

/** Whose writes a request should see: only editors and administrators can write. */
function writerKey(viewer: Viewer): string | null {
  return viewer.role === Role.EDITOR || viewer.role === Role.ADMIN ? viewer.subject : null;
}
