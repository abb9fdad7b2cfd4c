import { createRequire } from 'node:module';
import {
  GraphQLError,
  Kind,
  getNullableType,
  isListType,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type * as QueryComplexity from 'graphql-query-complexity';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/connection.js';

// The CommonJS build, on purpose: its ES build imports graphql's .mjs copy, whose classes are not
// the ones type-graphql built the schema with, and the cost walk would see no fields at all.
const { getComplexity } = createRequire(import.meta.url)(
  'graphql-query-complexity',
) as typeof QueryComplexity;

/** Assumed length of a list without paging (a locality's posts, an official's enrolments). */
const UNPAGED_LIST_FACTOR = 5;

/** `limit` keeps the code: Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED. */
function limitError(code: string, message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, limitCode: code, ...extra } });
}

/** Refuses selections nested deeper than `max` (fragments counted where they are spread). */
export function depthLimitRule(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    // A fragment's depth is measured once, however often it is spread: walking every spread
    // again would take exponential time on fragments that spread each other twice.
    const fragmentDepths = new Map<string, number>();
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          // Introspection's `ofType` unwraps one list or non-null at a time and never fans out:
          // explorers nest it seven deep to read every wrapped type, so it adds no depth.
          const step = selection.name.value === 'ofType' ? 0 : 1;
          deepest = Math.max(
            deepest,
            selection.selectionSet ? step + depthOf(selection.selectionSet, seen) : step,
          );
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A cycle is refused by graphql's own rule; here it just ends the walk.
          if (!fragment || seen.has(name)) continue;
          let depth = fragmentDepths.get(name);
          if (depth === undefined) {
            depth = depthOf(fragment.selectionSet, new Set([...seen, name]));
            fragmentDepths.set(name, depth);
          }
          deepest = Math.max(deepest, depth);
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > max) {
          context.reportError(
            limitError('QUERY_TOO_DEEP', `Query depth ${depth} exceeds the limit of ${max}`, {
              depth,
              limit: max,
            }),
          );
        }
      },
    };
  };
}

/** Refuses operations with more than `max` aliased fields (alias batching of expensive fields). */
export function aliasLimitRule(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > max) {
            context.reportError(
              limitError('TOO_MANY_ALIASES', `${aliases} aliases exceed the limit of ${max}`, {
                aliases,
                limit: max,
              }),
            );
          }
        },
      },
    };
  };
}

/**
 * The cost of an operation: each field costs 1, and a list field multiplies the cost of its
 * selection by the page it asks for (`first` or `last`, else the default page size; an unpaged
 * list by a fixed factor). graphql-query-complexity walks the operation with the values the
 * executor will use: the request's variables, their defaults, argument defaults and
 * `@include`/`@skip`. Fragments count every time they are spread; an expansion past
 * `MAX_COSTED_NODES` is refused as too costly.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables,
      estimators: [pagedListEstimator],
      maxQueryNodes: MAX_COSTED_NODES,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return Number.POSITIVE_INFINITY;
    }
    // Variables the executor would refuse: refuse them here, before anything runs.
    throw new GraphQLError((error as Error).message, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

/** Selections the cost walk expands (fragments once per spread) before it gives up. */
const MAX_COSTED_NODES = 10_000;

const pagedListEstimator: ComplexityEstimator = ({ field, args, childComplexity, type, node }) => {
  let factor = 1;
  if (field.args.some((arg) => arg.name === 'first')) {
    const asked = [args.first, args.last].filter(
      (value): value is number => typeof value === 'number',
    );
    const page = asked.length > 0 ? Math.max(...asked) : DEFAULT_PAGE_SIZE;
    factor = Math.min(Math.max(page, 1), MAX_PAGE_SIZE);
  } else if (Array.isArray(args.representations)) {
    // A gateway's `_entities` (federation subgraph): one row for each representation it sends,
    // each costing 1 and its selection, as a node of a page does.
    return 1 + args.representations.length * (1 + childComplexity);
  } else if (
    isListType(getNullableType(field.type)) &&
    node.selectionSet &&
    // A connection's edges and nodes are the page its `first`/`last` already counted.
    !type.name.endsWith('Connection')
  ) {
    factor = UNPAGED_LIST_FACTOR;
  }
  return 1 + factor * childComplexity;
};

export function costLimitError(cost: number, max: number) {
  const shown = Number.isFinite(cost) ? String(cost) : 'beyond counting';
  return limitError(
    'QUERY_TOO_COSTLY',
    `Query cost ${shown} exceeds the limit of ${max}; ask for smaller pages`,
    {
      cost: Number.isFinite(cost) ? cost : null,
      limit: max,
      // Refused before anything runs: the request is at fault, not the server.
      http: { status: 400 },
    },
  );
}
