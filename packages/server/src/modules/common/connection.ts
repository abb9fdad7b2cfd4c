import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from './errors.js';

/** The most rows one page may ask for; larger pages must be walked with cursors. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Rows after \`after\` (at most ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given)`,
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the row to start after' })
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Rows before \`before\` (at most ${MAX_PAGE_SIZE})`,
  })
  last?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the row to end before' })
  before?: string;
}

@ObjectType({ description: 'Where a page sits in its list (Relay cursor connections)' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether rows follow this page' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether rows come before this page' })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first row of the page; null when the page is empty',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last row of the page; null when the page is empty',
  })
  endCursor!: string | null;
}

/**
 * A cursor as the caller sent it, checked for shape only: the list that reads it checks that it
 * belongs to its own order (`order`) and that each key is a value of its sort expression.
 */
export interface PageCursor {
  argument: 'after' | 'before';
  order: string;
  keys: (string | null)[];
}

/**
 * A validated page request: rows after `after` and before `before` (keyset cursors), then the
 * first `first` of them, or the last `last` of them.
 */
export interface PageRequest {
  after?: PageCursor;
  before?: PageCursor;
  first?: number;
  last?: number;
}

/**
 * One page of one list: the rows, their cursors, whether rows lie beyond either end, and the
 * size of the whole filtered list, counted only when called.
 */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number>;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/** The longest cursor accepted: a page's sort keys are short values, never documents. */
const MAX_CURSOR_LENGTH = 2048;

/** A cursor names the order it belongs to and the sort key values of its row, id last. */
export function encodeCursor(order: string, keys: readonly (string | null)[]): string {
  return Buffer.from(JSON.stringify([order, ...keys]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, argument: 'after' | 'before'): PageCursor {
  const refuse = () => badUserInput(argument, 'not a cursor returned by this list');
  if (cursor.length > MAX_CURSOR_LENGTH) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length < 2 ||
    typeof parsed[0] !== 'string' ||
    !parsed.slice(1).every((key) => key === null || typeof key === 'string')
  ) {
    throw refuse();
  }
  const [order, ...keys] = parsed as [string, ...(string | null)[]];
  return { argument, order, keys };
}

function checkPageSize(value: number | undefined, argument: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw badUserInput(argument, 'must be a non-negative integer');
  }
  if (value > MAX_PAGE_SIZE) {
    throw badUserInput(
      argument,
      `must be at most ${MAX_PAGE_SIZE}; walk larger lists with cursors`,
    );
  }
  return value;
}

/** Validates Relay arguments; every failure names the argument. */
export function parsePageRequest(args: ConnectionArgs): PageRequest {
  const first = checkPageSize(args.first ?? undefined, 'first');
  const last = checkPageSize(args.last ?? undefined, 'last');
  if (first !== undefined && last !== undefined) {
    throw badUserInput('last', 'cannot be combined with "first"; page forwards or backwards');
  }
  return {
    after: args.after ? decodeCursor(args.after, 'after') : undefined,
    before: args.before ? decodeCursor(args.before, 'before') : undefined,
    first: first ?? (last === undefined ? DEFAULT_PAGE_SIZE : undefined),
    last,
  };
}

/** The Relay shape of a page; `totalCount` runs its count only when a caller selects it. */
export function toConnection<T>(page: Page<T>): ConnectionResult<T> {
  const edges = page.nodes.map((node, index) => {
    const cursor = page.cursors[index];
    if (cursor === undefined) throw new Error('a page has one cursor per node');
    return { node, cursor };
  });
  return {
    edges,
    nodes: page.nodes,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: page.hasPreviousPage,
      hasNextPage: page.hasNextPage,
    },
    get totalCount() {
      return page.totalCount();
    },
  };
}

/**
 * One factory for every list: `class LocalityConnection extends ConnectionType(Locality) {}`
 * gives the Relay shape with `edges`, `nodes`, `pageInfo` and `totalCount`.
 */
export function ConnectionType<T extends object>(NodeClass: ClassType<T>) {
  @ObjectType(`${NodeClass.name}Edge`, {
    description: `A ${NodeClass.name} row of a list with its cursor`,
  })
  class EdgeType {
    @Field(() => String, {
      description: 'Opaque cursor of this row, for `after` or `before` of the same list',
    })
    cursor!: string;

    @Field(() => NodeClass, { description: 'The row' })
    node!: T;
  }

  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [EdgeType], { description: 'The rows of this page with their cursors' })
    edges!: EdgeType[];

    @Field(() => [NodeClass], {
      description: 'The nodes of `edges`, for callers that need no cursors',
    })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Rows in the whole filtered list, not just this page' })
    totalCount!: number;
  }

  return ConnectionClass;
}
