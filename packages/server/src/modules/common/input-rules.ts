import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  GraphQLError,
  isObjectType,
  Kind,
  getVariableValues,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { badUserInput } from './errors.js';
import { InvalidDateError } from './scalars.js';

/** PostgreSQL text cannot hold U+0000; refused at the edge instead of failing in SQL. */
const NUL = '\u0000';
/**
 * Half of a UTF-16 surrogate pair (a JSON escape such as "\ud800" without its other half) is no
 * character: the driver would store U+FFFD in its place, changing the text without a word.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store `text` as it is, or null. */
function unstorable(text: string): string | null {
  if (text.includes(NUL)) return 'must not contain a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) {
    return 'must not contain half of a UTF-16 surrogate pair, which is no character';
  }
  return null;
}

/** A string PostgreSQL cannot store: where it is in the arguments, and why. */
interface UnstorableText {
  path: string;
  reason: string;
}

/** `filter.search`, `input.rows[2].code`: how an error names a place inside an argument. */
function joinPath(base: string, key: string | number): string {
  return typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;
}

/**
 * How deep a value may nest inside an argument. The schema's own inputs nest a few levels; only a
 * scalar that takes any JSON (a federation representation) could go further, and walking a value
 * nested 100,000 deep would exhaust the stack.
 */
export const MAX_INPUT_NESTING = 32;

/**
 * Whether `value` nests lists or objects more than `limit` deep; walked without recursion, so
 * that a value nested 100,000 deep is measured, not a stack overflow.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(item)) pending.push([inner, depth + 1]);
  }
  return false;
}

/**
 * The first string under `value` that PostgreSQL cannot store, as a path from `path`, and why;
 * or the place where `value` nests deeper than MAX_INPUT_NESTING.
 */
function unstorableTextPath(value: unknown, path: string, depth = 0): UnstorableText | null {
  if (typeof value === 'string') {
    const reason = unstorable(value);
    return reason ? { path, reason } : null;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  if (depth >= MAX_INPUT_NESTING) {
    return { path, reason: `must not nest lists or objects more than ${MAX_INPUT_NESTING} deep` };
  }
  const entries: Iterable<[string | number, unknown]> = Array.isArray(value)
    ? value.entries()
    : Object.entries(value);
  for (const [key, item] of entries) {
    const found = unstorableTextPath(item, joinPath(path, key), depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Checks every argument of an operation, literal or from variables, once its values are
 * coerced: a string anywhere in it (search text, codes, names, nested inputs, a CSV file) must
 * be text PostgreSQL stores as it is (no NUL, no half of a surrogate pair), and no value may
 * nest deeper than MAX_INPUT_NESTING. Returns the BAD_USER_INPUT error naming the first such
 * field, or null.
 */
export function unstorableTextError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
): GraphQLError | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  // Variables that do not coerce are refused by execution itself, with their own error.
  if (coerced.errors) return null;
  const variables = coerced.coerced;
  const typeInfo = new TypeInfo(schema);
  // Typed by assertion: assigned in the visitor, which TypeScript does not follow.
  let found = null as UnstorableText | null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (found) return false;
        const argument = typeInfo.getArgument();
        if (!argument) return false;
        const value = valueFromAST(node.value, argument.type, variables);
        found = unstorableTextPath(value, node.name.value);
        return false;
      },
    }),
  );
  return found ? badUserInput(found.path, found.reason) : null;
}

/** `value` with the null fields of its input objects left out, at any depth (a copy). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) copy[key] = withoutNulls(item);
  }
  return copy;
}

/** Whether `value` holds a null anywhere inside its input objects or lists. */
function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object' || value instanceof Date) return false;
  if (Array.isArray(value)) return value.some(holdsNull);
  for (const key in value) if (holdsNull((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * In a read, `filter: null` or `{ search: null }` means the same as leaving it out; resolvers
 * are written for absent arguments. A mutation's own null clears a value, so its arguments are
 * left as given. Done where a field's arguments reach its resolver, for the fields that take
 * arguments only: every other field resolves without a wrapper.
 */
export function readArgumentsWithoutNulls(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type === mutation || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        if (!holdsNull(args)) return resolve(source, args, context, info);
        const kept: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(args))
          if (value !== null) kept[name] = withoutNulls(value);
        return resolve(source, kept, context, info);
      };
    }
  }
  return schema;
}

/** Where `target` sits inside the arguments of `document`, as `argument.field[index]`. */
function argumentPathOf(document: DocumentNode, target: ValueNode): string | null {
  const search = (value: ValueNode, path: string): string | null => {
    if (value === target) return path;
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        const found = search(field.value, joinPath(path, field.name.value));
        if (found) return found;
      }
    } else if (value.kind === Kind.LIST) {
      for (const [index, item] of value.values.entries()) {
        const found = search(item, joinPath(path, index));
        if (found) return found;
      }
    }
    return null;
  };
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      found ??= search(node.value, node.name.value);
      return false;
    },
  });
  return found;
}

/**
 * Input rules of the whole schema, applied once per request rather than in each resolver: no
 * NUL byte nor half of a surrogate pair in any string argument, and an invalid Date written in
 * the query names its argument or input field like every other BAD_USER_INPUT.
 */
export const inputRulesPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async validationDidStart({ document }) {
        return async (validationErrors) => {
          if (!validationErrors) return;
          const errors = validationErrors as GraphQLError[];
          // Apollo answers with this very list: name the field of each Date a literal got wrong.
          for (const [index, error] of errors.entries()) {
            if (!(error.originalError instanceof InvalidDateError)) continue;
            const node = error.nodes?.[0];
            const field =
              node && node.kind in VALUE_KINDS ? argumentPathOf(document, node as ValueNode) : null;
            if (!field) continue;
            const named = badUserInput(field, error.originalError.extensions.reason as string);
            errors[index] = new GraphQLError(named.message, {
              nodes: error.nodes,
              originalError: named,
              extensions: named.extensions,
            });
          }
        };
      },
      async didResolveOperation({ schema, document, operation, request }) {
        if (!operation) return;
        const error = unstorableTextError(schema, document, operation, request.variables ?? {});
        if (error) throw error;
      },
    };
  },
};

const VALUE_KINDS: Record<string, true> = {
  [Kind.STRING]: true,
  [Kind.INT]: true,
  [Kind.FLOAT]: true,
  [Kind.BOOLEAN]: true,
  [Kind.NULL]: true,
  [Kind.ENUM]: true,
  [Kind.LIST]: true,
  [Kind.OBJECT]: true,
};
