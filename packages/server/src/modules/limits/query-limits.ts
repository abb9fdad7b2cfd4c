import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNullableType,
  isListType,
  visit,
  visitWithTypeInfo,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/connection.js';

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
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          deepest = Math.max(
            deepest,
            selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1,
          );
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment && !seen.has(name)) {
            deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
          }
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
 * selection by the page it asks for (`first` or `last`, else the default page size). Computed
 * with the request's variables, before anything executes.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const numberOf = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const variable = variables[value.name.value];
      return typeof variable === 'number' ? variable : undefined;
    }
    return undefined;
  };
  const typeInfo = new TypeInfo(schema);
  const multipliers: number[] = [1];
  let cost = 0;
  const costOfSelection = (
    node: OperationDefinitionNode | FragmentDefinitionNode,
    seen: Set<string>,
  ) => {
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(field) {
            const multiplier = multipliers[multipliers.length - 1];
            cost += multiplier;
            const definition = typeInfo.getFieldDef();
            const pageArgument = field.arguments?.find(
              (arg) => arg.name.value === 'first' || arg.name.value === 'last',
            );
            const takesPage = definition?.args.some((arg) => arg.name === 'first');
            const returnsList = definition ? isListType(getNullableType(definition.type)) : false;
            // A connection's edges and nodes are the page its `first`/`last` already counted.
            const inConnection = typeInfo.getParentType()?.name.endsWith('Connection') ?? false;
            let factor = 1;
            if (takesPage) {
              factor = Math.min(numberOf(pageArgument?.value) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
            } else if (returnsList && !inConnection && field.selectionSet) {
              factor = UNPAGED_LIST_FACTOR;
            }
            multipliers.push(multiplier * Math.max(1, factor));
          },
          leave() {
            multipliers.pop();
          },
        },
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !seen.has(spread.name.value)) {
            costOfSelection(fragment, new Set([...seen, spread.name.value]));
          }
        },
      }),
    );
  };
  costOfSelection(operation, new Set());
  return cost;
}

export function costLimitError(cost: number, max: number) {
  return limitError(
    'QUERY_TOO_COSTLY',
    `Query cost ${cost} exceeds the limit of ${max}; ask for smaller pages`,
    {
      cost,
      limit: max,
    },
  );
}
