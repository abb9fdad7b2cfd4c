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
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/**
 * A validated page request. Positions are 1-based row numbers within the ordered list:
 * rows with `afterPosition < n < beforePosition` are candidates, then `first`/`last` trim.
 */
export interface PageRequest {
  afterPosition: number;
  beforePosition?: number;
  first?: number;
  last?: number;
}

/** One page of one list: the rows, their positions and the size of the whole list. */
export interface Page<T> {
  nodes: T[];
  positions: number[];
  totalCount: number;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

const CURSOR_PREFIX = 'position:';

export function encodeCursor(position: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${position}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, argument: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const position = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(position) || position < 1) {
    throw badUserInput(argument, 'not a cursor returned by this list');
  }
  return position;
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
  const afterPosition = args.after ? decodeCursor(args.after, 'after') : 0;
  const beforePosition = args.before ? decodeCursor(args.before, 'before') : undefined;
  if (beforePosition !== undefined && beforePosition <= afterPosition) {
    throw badUserInput('before', 'must point after the "after" cursor');
  }
  return {
    afterPosition,
    beforePosition,
    first: first ?? (last === undefined ? DEFAULT_PAGE_SIZE : undefined),
    last,
  };
}

export function toConnection<T>(page: Page<T>): ConnectionResult<T> {
  const edges = page.nodes.map((node, index) => ({
    node,
    cursor: encodeCursor(page.positions[index]),
  }));
  const firstPosition = page.positions[0];
  const lastPosition = page.positions[page.positions.length - 1];
  return {
    edges,
    nodes: page.nodes,
    totalCount: page.totalCount,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: firstPosition !== undefined && firstPosition > 1,
      hasNextPage: lastPosition !== undefined && lastPosition < page.totalCount,
    },
  };
}

/**
 * One factory for every list: `class LocalityConnection extends ConnectionType(Locality) {}`
 * gives the Relay shape with `edges`, `nodes`, `pageInfo` and `totalCount`.
 */
export function ConnectionType<T extends object>(NodeClass: ClassType<T>) {
  @ObjectType(`${NodeClass.name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => NodeClass)
    node!: T;
  }

  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [NodeClass], {
      description: 'The nodes of `edges`, for callers that need no cursors',
    })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Rows in the whole filtered list, not just this page' })
    totalCount!: number;
  }

  return ConnectionClass;
}
