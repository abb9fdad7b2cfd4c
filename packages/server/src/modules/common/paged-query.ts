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

/**
 * Fetches one page of a list for each parent key in exactly one statement, whatever the page
 * size, the number of parents or how many of them have no rows: the keys are unnested and each
 * joins laterally to its own numbered, counted slice of the list.
 */
export async function fetchPagesByKey<T extends object>(
  em: EntityManager,
  query: PagedQuery<T>,
  partitionColumn: string,
  keys: readonly number[],
  page: PageRequest,
): Promise<Map<number, Page<T>>> {
  const rows = await selectPages(em, query, page, { column: partitionColumn, keys });
  const pages = new Map<number, Page<T>>();
  for (const key of keys) pages.set(key, { nodes: [], positions: [], totalCount: 0 });
  for (const row of rows) addRow(em, query.entity, pages.get(Number(row.__partition))!, row);
  return pages;
}

/** One page of a top-level list, in one statement. */
export async function fetchPage<T extends object>(
  em: EntityManager,
  query: PagedQuery<T>,
  page: PageRequest,
): Promise<Page<T>> {
  const result: Page<T> = { nodes: [], positions: [], totalCount: 0 };
  for (const row of await selectPages(em, query, page)) addRow(em, query.entity, result, row);
  return result;
}

interface PageRow extends Record<string, unknown> {
  __partition: number | string;
  __total: string;
  __rn: string | null;
  __count: string | null;
}

async function selectPages<T>(
  em: EntityManager,
  query: PagedQuery<T>,
  page: PageRequest,
  partition?: { column: string; keys: readonly number[] },
): Promise<PageRow[]> {
  const knex = em.getKnex();
  const order = [...query.orderBy.map((term) => `${term.sql} ${term.direction}`), 't.id asc'].join(
    ', ',
  );
  const scoped = (builder: Knex.QueryBuilder) => {
    if (partition) builder.whereRaw(`t.${partition.column} = k.__key`);
    query.where?.(builder);
    return builder;
  };
  const slice = scoped(
    knex(`${query.table} as t`).select(
      't.*',
      knex.raw(`row_number() over (order by ${order}) as __rn`),
      knex.raw('count(*) over () as __count'),
    ),
  );
  const total = scoped(knex(`${query.table} as t`).count('*'));

  // Bounds in SQL, because `last` without `before` counts back from each slice's total.
  let upper = page.beforePosition !== undefined ? String(page.beforePosition - 1) : 'p.__count';
  if (page.first !== undefined) upper = `least(${upper}, ${page.afterPosition + page.first})`;
  let lower = String(page.afterPosition);
  if (page.last !== undefined) lower = `greatest(${lower}, ${upper} - ${page.last})`;

  const keys = partition ? partition.keys.map(Number) : [0];
  const outer = knex
    .select(knex.raw('k.__key as __partition'), knex.raw('(?) as __total', [total]), 'p.*')
    .from(knex.raw(`unnest(array[${keys.map(() => '?').join(', ')}]::integer[]) as k(__key)`, keys))
    // knex embeds a builder binding as a subquery with its own parameters.
    .joinRaw(`left join lateral (?) as p on p.__rn > ${lower} and p.__rn <= ${upper}`, [
      slice as unknown as Knex.Value,
    ])
    .orderBy([{ column: '__partition' }, { column: 'p.__rn' }]);
  return em.getConnection().execute<PageRow[]>(outer);
}

function addRow<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  page: Page<T>,
  row: PageRow,
) {
  page.totalCount = Number(row.__total);
  if (row.__rn === null) return; // the key's slice is empty on this page
  const { __partition, __total, __rn, __count, ...columns } = row;
  void __partition;
  void __total;
  void __count;
  page.positions.push(Number(__rn));
  page.nodes.push(em.map(entity, columns as EntityDictionary<T>));
}
