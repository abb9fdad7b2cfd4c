import { createHash } from 'node:crypto';
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { encodeCursor, type Page, type PageCursor, type PageRequest } from './connection.js';
import { badUserInput } from './errors.js';
import { rememberRow, rowMapper } from './plain-rows.js';

/** The SQL type of a sort expression, which a cursor's value is checked against and bound as. */
export type SortKeyType = 'integer' | 'bigint' | 'numeric' | 'date' | 'text';

export interface OrderTerm {
  /** A SQL expression over the row alias `t`, from a fixed whitelist, never user text. */
  sql: string;
  direction: 'asc' | 'desc';
  /** Defaults to `text`. */
  type?: SortKeyType;
  /** The expression may be null (nulls sort last ascending, first descending). */
  nullable?: boolean;
  /**
   * An inner join the expression reads from (fixed SQL over `t`, to exactly one row), so that a
   * sort by a parent's column is a join the planner can drive from an index.
   */
  join?: string;
}

export interface PagedQuery<T> {
  entity: EntityClass<T>;
  table: string;
  /** Adds the list's filter conditions to a query over `<table> as t`. */
  where?: (query: Knex.QueryBuilder) => void;
  orderBy: OrderTerm[];
}

const VALUE_PATTERNS: Record<SortKeyType, RegExp> = {
  integer: /^-?\d{1,10}$/,
  bigint: /^-?\d{1,18}$/,
  numeric: /^-?\d{1,40}(\.\d{1,40})?$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  // PostgreSQL refuses NUL in text: a forged one must be bad input, not a driver fault.
  text: /^[^\u0000]{0,1000}$/, // eslint-disable-line no-control-regex
};

/** The sort key of a list: its terms, then the id, which makes every position unique. */
function sortKey<T>(query: PagedQuery<T>): Required<OrderTerm>[] {
  return [
    ...query.orderBy.map((term) => ({ type: 'text' as const, nullable: false, join: '', ...term })),
    // bigint serves every table's ids (the audit trail's are bigint) and compares with integer ones.
    { sql: 't.id', direction: 'asc', type: 'bigint', nullable: false, join: '' },
  ];
}

/** Names the list and the order a cursor belongs to, so one from another is refused. */
function orderMarker(table: string, terms: Required<OrderTerm>[]): string {
  const text = [table, ...terms.map((term) => `${term.sql} ${term.direction}`)].join('\n');
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

function checkCursor(
  cursor: PageCursor,
  marker: string,
  terms: Required<OrderTerm>[],
): (string | null)[] {
  if (cursor.order !== marker || cursor.keys.length !== terms.length) {
    throw badUserInput(
      cursor.argument,
      'belongs to another list or another order of this list; page again from the start',
    );
  }
  terms.forEach((term, index) => {
    const value = cursor.keys[index];
    const valid =
      value !== undefined &&
      (value === null
        ? term.nullable
        : VALUE_PATTERNS[term.type].test(value) && fitsType(term.type, value));
    if (!valid) throw badUserInput(cursor.argument, 'not a cursor returned by this list');
  });
  return cursor.keys;
}

const INTEGER_MAX = 2 ** 31 - 1;

/** Whether a key the pattern admits is also a value of its SQL type (range, real day). */
function fitsType(type: SortKeyType, value: string): boolean {
  if (type === 'integer') return Math.abs(Number(value)) <= INTEGER_MAX;
  if (type === 'date') {
    const day = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
  }
  return true;
}

const flip = (direction: 'asc' | 'desc'): 'asc' | 'desc' => (direction === 'asc' ? 'desc' : 'asc');

/**
 * SQL and bindings for "the row comes strictly after `keys` in the order `terms`". Nulls sort as
 * PostgreSQL sorts them by default (last ascending, first descending), so reversing every
 * direction reverses the whole order. A leading bound on the first term lets an index seek.
 */
function afterKeys(
  terms: Required<OrderTerm>[],
  keys: (string | null)[],
): { sql: string; bindings: unknown[] } {
  // Each term with its key and typed placeholder; readCursor checked there is one key per term.
  const bounds = terms.map((term, index) => ({
    ...term,
    key: keys[index] ?? null,
    param: `?::${term.type}`,
  }));
  const [lead] = bounds;
  if (!lead) throw new Error('an order has at least one term');
  const uniform = bounds.every(
    (bound) => !bound.nullable && bound.key !== null && bound.direction === lead.direction,
  );
  if (uniform) {
    // One row comparison, which a btree index over the same columns serves directly.
    const op = lead.direction === 'asc' ? '>' : '<';
    const columns = bounds.map((bound) => bound.sql).join(', ');
    const params = bounds.map((bound) => bound.param).join(', ');
    const first = `${lead.sql} ${op}= ${lead.param}`;
    return { sql: `${first} and (${columns}) ${op} (${params})`, bindings: [lead.key, ...keys] };
  }
  const bindings: unknown[] = [];
  const equal = ({ sql, key, param }: (typeof bounds)[number]) => {
    if (key === null) return `${sql} is null`;
    bindings.push(key);
    return `${sql} = ${param}`;
  };
  const beyond = ({ sql, direction, nullable, key, param }: (typeof bounds)[number]) => {
    if (key === null) return direction === 'asc' ? 'false' : `${sql} is not null`;
    bindings.push(key);
    if (direction === 'desc') return `${sql} < ${param}`;
    return nullable ? `(${sql} > ${param} or ${sql} is null)` : `${sql} > ${param}`;
  };
  const alternatives = bounds.map(
    (bound, index) => `(${[...bounds.slice(0, index).map(equal), beyond(bound)].join(' and ')})`,
  );
  let sql = `(${alternatives.join(' or ')})`;
  if (!lead.nullable && lead.key !== null) {
    sql = `${lead.sql} ${lead.direction === 'asc' ? '>=' : '<='} ${lead.param} and ${sql}`;
    bindings.unshift(lead.key);
  }
  return { sql, bindings };
}

interface PageRow extends Record<string, unknown> {
  __partition?: number;
}

/**
 * Fetches one page of a list for each parent key in exactly one statement, whatever the page
 * size, the number of parents or how many of them have no rows: the keys arrive as one array
 * parameter and each joins laterally to its own slice, read in index order up to the page size.
 * The slices' sizes are counted in one more statement, for all keys, and only when asked.
 */
export async function fetchPagesByKey<T extends object>(
  em: EntityManager,
  query: PagedQuery<T>,
  partitionColumn: string,
  keys: readonly number[],
  page: PageRequest,
): Promise<Map<number, Page<T>>> {
  const plan = planPage(query, page);
  const knex = em.getKnex();
  const slice = buildSlice(em, query, plan, (builder) => {
    builder.whereRaw(`t.${partitionColumn} = k.__key`);
  });
  const outer = knex
    .select(knex.raw('k.__key as __partition'), 'p.*')
    .from(knex.raw('unnest(?::bigint[]) as k(__key)', [integerArray(keys)]))
    .joinRaw('cross join lateral (?) as p', [slice as unknown as Knex.Value])
    .orderBy([{ column: 'k.__key' }, { column: 'p.__rn' }]);
  const rows = await em.getConnection().execute<PageRow[]>(outer);
  const grouped = new Map<number, PageRow[]>(keys.map((key) => [key, []]));
  for (const row of rows) grouped.get(Number(row.__partition))?.push(row);

  let counts: Promise<Map<number, number>> | undefined;
  const countAll = () => {
    counts ??= (async () => {
      const count = knex(`${query.table} as t`)
        .count('*')
        .whereRaw(`t.${partitionColumn} = k.__key`);
      query.where?.(count);
      const statement = knex
        .select(knex.raw('k.__key as key'), knex.raw('(?) as total', [count]))
        .from(knex.raw('unnest(?::bigint[]) as k(__key)', [integerArray(keys)]));
      const totals = await em.getConnection().execute<{ key: number; total: string }[]>(statement);
      return new Map(totals.map((row) => [Number(row.key), Number(row.total)]));
    })();
    return counts;
  };

  const pages = new Map<number, Page<T>>();
  for (const key of keys) {
    pages.set(
      key,
      toPage(em, query, plan, grouped.get(key)!, async () => (await countAll()).get(key) ?? 0),
    );
  }
  return pages;
}

/** One page of a top-level list, in one statement; its total in another, only when asked. */
export async function fetchPage<T extends object>(
  em: EntityManager,
  query: PagedQuery<T>,
  page: PageRequest,
): Promise<Page<T>> {
  const plan = planPage(query, page);
  const rows = await em.getConnection().execute<PageRow[]>(buildSlice(em, query, plan));
  let count: Promise<number> | undefined;
  return toPage(em, query, plan, rows, () => {
    count ??= (async () => {
      const statement = em.getKnex()(`${query.table} as t`).count('*', { as: 'total' });
      query.where?.(statement);
      const [row] = await em.getConnection().execute<{ total: string }[]>(statement);
      // count(*) without grouping answers exactly one row.
      return Number(row?.total ?? 0);
    })();
    return count;
  });
}

interface PagePlan {
  terms: Required<OrderTerm>[];
  marker: string;
  /** Reading backwards: the order reversed, the page reversed back afterwards. */
  backwards: boolean;
  size: number;
  after?: (string | null)[];
  before?: (string | null)[];
}

function reverse(terms: Required<OrderTerm>[]): Required<OrderTerm>[] {
  return terms.map((term) => ({ ...term, direction: flip(term.direction) }));
}

function planPage<T>(query: PagedQuery<T>, page: PageRequest): PagePlan {
  const terms = sortKey(query);
  const marker = orderMarker(query.table, terms);
  return {
    terms,
    marker,
    backwards: page.last !== undefined,
    size: page.last ?? page.first!,
    after: page.after && checkCursor(page.after, marker, terms),
    before: page.before && checkCursor(page.before, marker, terms),
  };
}

/**
 * The rows of one slice in reading order, one more than the page size so that the extra row
 * tells whether more lie beyond. `__k<i>` are the sort key values as text.
 */
function buildSlice<T>(
  em: EntityManager,
  query: PagedQuery<T>,
  plan: PagePlan,
  scope?: (builder: Knex.QueryBuilder) => void,
): Knex.QueryBuilder {
  const knex = em.getKnex();
  const reading = plan.backwards ? reverse(plan.terms) : plan.terms;
  const order = reading.map((term) => `${term.sql} ${term.direction}`).join(', ');
  const builder = knex(`${query.table} as t`).select(
    't.*',
    ...plan.terms.map((term, index) => knex.raw(`(${term.sql})::text as __k${index}`)),
  );
  // Within a lateral slice the numbering keeps each key's rows in order in the outer query.
  if (scope) builder.select(knex.raw(`row_number() over (order by ${order}) as __rn`));
  for (const join of new Set(plan.terms.map((term) => term.join).filter(Boolean))) {
    builder.joinRaw(join);
  }
  scope?.(builder);
  query.where?.(builder);
  // The cursor the reading starts from bounds the rows ahead; the other bounds them behind.
  const start = plan.backwards ? plan.before : plan.after;
  const stop = plan.backwards ? plan.after : plan.before;
  if (start) {
    const { sql, bindings } = afterKeys(reading, start);
    builder.whereRaw(sql, bindings as Knex.Value[]);
  }
  if (stop) {
    const { sql, bindings } = afterKeys(reverse(reading), stop);
    builder.whereRaw(sql, bindings as Knex.Value[]);
  }
  return builder.orderByRaw(order).limit(plan.size + 1);
}

function toPage<T extends object>(
  em: EntityManager,
  query: PagedQuery<T>,
  plan: PagePlan,
  rows: PageRow[],
  totalCount: () => Promise<number>,
): Page<T> {
  const more = rows.length > plan.size;
  const taken = more ? rows.slice(0, plan.size) : rows;
  if (plan.backwards) taken.reverse();
  const nodes: T[] = [];
  const cursors: string[] = [];
  const width = plan.terms.length;
  const toNode = rowMapper(em, query.entity);
  for (const row of taken) {
    const keys: (string | null)[] = [];
    for (let index = 0; index < width; index++) keys.push(row[`__k${index}`] as string | null);
    cursors.push(encodeCursor(plan.marker, keys));
    nodes.push(
      rememberRow(
        em,
        query.entity as EntityClass<T & { id: number }>,
        toNode(row) as T & { id: number },
      ),
    );
  }
  return {
    nodes,
    cursors,
    hasNextPage: plan.backwards ? plan.before !== undefined : more,
    hasPreviousPage: plan.backwards ? more : plan.after !== undefined,
    totalCount,
  };
}

/** An integer array as one PostgreSQL array literal, bound as a single parameter. */
export function integerArray(keys: readonly number[]): string {
  return `{${keys.map((key) => String(Math.trunc(Number(key)))).join(',')}}`;
}
