/** The part of a Relay connection that paging needs; `nodes` or `edges` carry the rows. */
export interface ConnectionPage<TNode> {
  nodes?: readonly TNode[] | null;
  edges?: readonly { node: TNode }[] | null;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Walks a connection page by page as an async iterator of its nodes:
 *
 * ```ts
 * for await (const commune of paginate((after) =>
 *   client.localities.list({ filter: { level: 'COMMUNE', within: '51' }, first: 100, after })
 * )) console.log(commune.name);
 * ```
 */
export async function* paginate<TNode>(
  fetchPage: (after: string | null) => Promise<ConnectionPage<TNode>>,
): AsyncGenerator<TNode, void, undefined> {
  let after: string | null = null;
  for (;;) {
    const page: ConnectionPage<TNode> = await fetchPage(after);
    const nodes = page.nodes ?? page.edges?.map((edge) => edge.node) ?? [];
    yield* nodes;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    if (page.pageInfo.endCursor === after) {
      throw new Error('paginate: the server returned the same cursor twice');
    }
    after = page.pageInfo.endCursor;
  }
}
