import DataLoader from 'dataloader';
import { wrap, type EntityClass, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import type { Page } from './connection.js';
import { integerArray } from './paged-query.js';
import { rememberedRow, rememberRow, rowMapper } from './plain-rows.js';

/**
 * Everything a resolver may touch during one request: a forked EntityManager (its own identity
 * map) and loaders created on first use, so batching never leaks between requests.
 */
export class RequestContext {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private chosen?: EntityManager;

  constructor(
    /** The primary's EntityManager, for the writes a read may start (cache upkeep). */
    readonly primary: EntityManager,
    readonly viewer: Viewer,
    /** Cells of personal breakdowns smaller than this are suppressed (PlatformConfig). */
    readonly smallCellThreshold: number,
    /** The secret of the record keys of perturbed breakdowns (PlatformConfig). */
    readonly cellKeySecret: string,
  ) {}

  /** The request's EntityManager: the primary's, unless a replica was chosen before first use. */
  get em(): EntityManager {
    this.chosen ??= this.primary;
    return this.chosen;
  }

  /**
   * Serves this read-only request from `replica`. Only before the first statement: one request
   * reads from one server, so it never sees rows of two different moments.
   */
  readFrom(replica: EntityManager): void {
    this.chosen ??= replica;
  }

  /** The request's loader under `key`, created by `create` on first use. */
  loader<K, V>(key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * The row of `entity` with this id when this request already holds it (written by it, or read
   * by it), so a resolver can answer without waiting; undefined otherwise.
   */
  knownById<T extends { id: number }>(entity: EntityClass<T>, id: number): T | undefined {
    const known = this.em.getUnitOfWork().getById<T>(entity.name, id as never);
    if (known && wrap(known).isInitialized()) return known;
    return rememberedRow(this.em, entity, id);
  }

  /** Loads rows of `entity` by primary key, one query per tick for all callers. */
  byId<T extends { id: number }>(entity: EntityClass<T>): DataLoader<number, T | null> {
    return this.loader(`${entity.name}:byId`, () => {
      return new DataLoader<number, T | null>(async (ids) => {
        // Rows this request already loaded (a parent fetched as a list row) need no query.
        const byId = new Map<number, T>();
        for (const id of ids) {
          const known = this.knownById(entity, id);
          if (known) byId.set(id, known);
        }
        const missing = ids.filter((id) => !byId.has(id));
        if (missing.length > 0) {
          // Rows only serialised: plain objects, the ids bound as one array parameter.
          const table = this.em.getMetadata().get(entity.name).tableName;
          const query = this.em
            .getKnex()(table)
            .select('*')
            .whereRaw('id = any(?::bigint[])', [integerArray(missing)]);
          const rows = await this.em
            .getConnection()
            .execute<Record<string, unknown>[]>(query, [], 'all', this.em.getTransactionContext());
          const toRow = rowMapper(this.em, entity);
          for (const row of rows)
            byId.set(Number(row.id), rememberRow(this.em, entity, toRow(row)));
        }
        return ids.map((id) => byId.get(id) ?? null);
      });
    });
  }

  /** Loads the children of many parents through the foreign key `property`, grouped per parent. */
  byParent<T extends object>(
    entity: EntityClass<T>,
    property: keyof T & string,
    orderBy: QueryOrderMap<T>,
    where: Record<string, unknown> = {},
  ): DataLoader<number, T[]> {
    return this.loader(`${entity.name}:by:${property}:${JSON.stringify(where)}`, () => {
      return new DataLoader<number, T[]>(async (parentIds) => {
        const rows = await this.em.find(
          entity,
          { ...where, [property]: { $in: [...parentIds] } } as unknown as FilterQuery<T>,
          { orderBy },
        );
        const groups = new Map<number, T[]>(parentIds.map((id) => [id, []]));
        for (const row of rows) {
          const parent = row[property] as { id: number } | undefined;
          if (parent) groups.get(parent.id)?.push(row);
        }
        return parentIds.map((id) => groups.get(id)!);
      });
    });
  }
}

export type GraphQLContext = RequestContext;

/** The id of a to-one relation without loading it (MikroORM keeps a reference with its key). */
export function idOf(reference: { id: number } | null | undefined): number | null {
  return reference ? reference.id : null;
}

/**
 * A loader for one nested connection with one set of arguments: every parent asking for the
 * same page shape in this request shares a single windowed query.
 */
export function pagedLoader<T>(
  context: RequestContext,
  name: string,
  params: unknown,
  fetch: (keys: readonly number[]) => Promise<Map<number, Page<T>>>,
): DataLoader<number, Page<T>> {
  return context.loader(`${name}:${JSON.stringify(params)}`, () => {
    return new DataLoader<number, Page<T>>(async (keys) => {
      const pages = await fetch(keys);
      return keys.map((key) => pages.get(key)!);
    });
  });
}
