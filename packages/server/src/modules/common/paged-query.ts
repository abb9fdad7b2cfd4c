import type { EntityClass, EntityDictionary } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Page, PageRequest } from './connection.js';

export interface OrderTerm {
  /** A SQL expression over the row alias `t`, from a fixed whitelist, never user text. */
  sql: string;
  direction: 'asc' | 'desc';
}

export interface PagedQuery<T> {
  entity: EntityClass<T>;
  table: string;
  /** Adds the list's filter conditions to a query over `<table> as t`. */
  where?: (query: Knex.QueryBuilder) => void;
  orderBy: OrderTerm[];
}

type Key = number | string;

/**
 * Fetches one page of a list for each partition key in a single statement: row_number() and
 * count(*) windows per partition give positions and totals, so a nested connection costs the
 * same one query for ten parents as for five hundred. A second, grouped count runs only when
 * some partition's page came back empty.
 */
export async function fetchPagesByKey<T extends object>(
  em: EntityManager,
  query: PagedQuery<T>,
  partitionColumn: string,
  keys: readonly Key[],
  page: PageRequest,
): Promise<Map<Key, Page<T>>> {
  const rows = await selectPageRows(em, query, page, partitionColumn, keys);
  const pages = new Map<Key, Page<T>>();
  for (const key of keys) pages.set(key, { nodes: [], positions: [], totalCount: 0 });
  for (const row of rows) {
    const key = normaliseKey(row.__partition, keys);
    const target = pages.get(key)!;
    target.totalCount = Number(row.__total);
    target.positions.push(Number(row.__rn));
    target.nodes.push(mapRow(em, query.entity, row));
  }
  const missing = keys.filter((key) => pages.get(key)!.nodes.length === 0);
  if (missing.length > 0) {
    const counts = await countByKey(em, query, partitionColumn, missing);
    for (const [key, count] of counts) pages.get(key)!.totalCount = count;
  }
  return pages;
}

/** One page of a top-level list. */
export async function fetchPage<T extends object>(
  em: EntityManager,
  query: PagedQuery<T>,
  page: PageRequest,
): Promise<Page<T>> {
  const rows = await selectPageRows(em, query, page);
  const result: Page<T> = { nodes: [], positions: [], totalCount: 0 };
  for (const row of rows) {
    result.totalCount = Number(row.__total);
    result.positions.push(Number(row.__rn));
    result.nodes.push(mapRow(em, query.entity, row));
  }
  if (rows.length === 0) {
    const knex = em.getKnex();
    const count = knex(`${query.table} as t`).count<{ count: string }[]>({ count: '*' });
    query.where?.(count);
    const [{ count: total }] = await em.getConnection().execute(count);
    result.totalCount = Number(total);
  }
  return result;
}

interface PageRow extends Record<string, unknown> {
  __rn: string;
  __total: string;
  __partition?: Key;
}

async function selectPageRows<T>(
  em: EntityManager,
  query: PagedQuery<T>,
  page: PageRequest,
  partitionColumn?: string,
  keys?: readonly Key[],
): Promise<PageRow[]> {
  const knex = em.getKnex();
  const partition = partitionColumn ? `partition by t.${partitionColumn}` : '';
  const order = [...query.orderBy.map((term) => `${term.sql} ${term.direction}`), 't.id asc'].join(
    ', ',
  );
  const inner = knex(`${query.table} as t`).select(
    't.*',
    knex.raw(`row_number() over (${partition} order by ${order}) as __rn`),
    knex.raw(`count(*) over (${partition}) as __total`),
  );
  if (partitionColumn) {
    inner.select(knex.raw(`t.${partitionColumn} as __partition`));
    inner.whereIn(`t.${partitionColumn}`, keys as Key[]);
  }
  query.where?.(inner);

  // Window bounds in SQL, because `last` without `before` counts back from each partition's total.
  let upper = page.beforePosition !== undefined ? String(page.beforePosition - 1) : '__total';
  if (page.first !== undefined) upper = `least(${upper}, ${page.afterPosition + page.first})`;
  let lower = String(page.afterPosition);
  if (page.last !== undefined) lower = `greatest(${lower}, ${upper} - ${page.last})`;

  const outer = knex
    .select('*')
    .from(inner.as('paged'))
    .whereRaw(`__rn > ${lower} and __rn <= ${upper}`)
    .orderBy(partitionColumn ? ['__partition', '__rn'] : ['__rn']);
  return em.getConnection().execute<PageRow[]>(outer);
}

async function countByKey<T>(
  em: EntityManager,
  query: PagedQuery<T>,
  partitionColumn: string,
  keys: readonly Key[],
): Promise<Map<Key, number>> {
  const knex = em.getKnex();
  const count = knex(`${query.table} as t`)
    .select(knex.raw(`t.${partitionColumn} as key`))
    .count({ count: '*' })
    .whereIn(`t.${partitionColumn}`, keys as Key[])
    .groupBy(`t.${partitionColumn}`);
  query.where?.(count);
  const rows = await em.getConnection().execute<{ key: Key; count: string }[]>(count);
  return new Map(rows.map((row) => [normaliseKey(row.key, keys), Number(row.count)]));
}

/** Keys come back from PostgreSQL as numbers or strings; match the caller's own key values. */
function normaliseKey(value: unknown, keys: readonly Key[]): Key {
  return typeof keys[0] === 'number' ? Number(value) : String(value);
}

function mapRow<T extends object>(em: EntityManager, entity: EntityClass<T>, row: PageRow): T {
  const { __rn, __total, __partition, ...columns } = row;
  void __rn;
  void __total;
  void __partition;
  return em.map(entity, columns as EntityDictionary<T>);
}
