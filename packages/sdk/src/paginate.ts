/** The part of a Relay connection that paging needs: every list method returns it. */
export interface ConnectionPage<TNode> {
  nodes: readonly TNode[];
  pageInfo: {
    hasNextPage: boolean;
    endCursor?: string | null | undefined;
    hasPreviousPage?: boolean | undefined;
    startCursor?: string | null | undefined;
  };
}

export interface PaginateOptions {
  /**
   * `forward` (default) asks for the page after the last one's `endCursor`; `backward` for the
   * page before the last one's `startCursor` (pass `last`/`before` to the list method) and yields
   * the nodes from the end of the list to its start.
   */
  direction?: 'forward' | 'backward' | undefined;
  /** Stop after this many nodes, without asking for further pages. */
  limit?: number | undefined;
}

/**
 * Walks a connection page by page as an async iterator of its nodes:
 *
 * ```ts
 * for await (const commune of paginate((after) =>
 *   client.localities.list({ filter: { level: 'COMMUNE', within: '51' }, first: 100, after })
 * )) console.log(commune.name);
 *
 * // The last 10, newest first:
 * paginate((before) => client.audit.trail({ entity, id, last: 10, before }),
 *   { direction: 'backward', limit: 10 });
 * ```
 */
export async function* paginate<TNode>(
  fetchPage: (cursor: string | null) => Promise<ConnectionPage<TNode>>,
  options: PaginateOptions = {},
): AsyncGenerator<TNode, void, undefined> {
  const backward = options.direction === 'backward';
  const limit = options.limit ?? Infinity;
  if (!(limit >= 0)) throw new RangeError(`paginate: limit must be 0 or more, got ${limit}`);
  let cursor: string | null = null;
  let yielded = 0;
  while (yielded < limit) {
    const page: ConnectionPage<TNode> = await fetchPage(cursor);
    const nodes = backward ? [...page.nodes].reverse() : page.nodes;
    for (const node of nodes) {
      if (yielded >= limit) return;
      yield node;
      yielded++;
    }
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    const next = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    if (!more || !next) return;
    if (next === cursor) throw new Error('paginate: the server returned the same cursor twice');
    cursor = next;
  }
}
