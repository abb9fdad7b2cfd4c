import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Knex } from '@mikro-orm/postgresql';
import {
  getArgumentValues,
  getVariableValues,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { scopeOf } from '../auth/authorize.js';
import { hasRole, Role } from '../auth/viewer.js';
import { parsePageRequest } from '../common/connection.js';
import type { RequestContext } from '../common/context.js';
import { withoutNulls } from '../common/input-rules.js';
import { applyPositionFilter } from '../official/official.service.js';
import type { PositionFilter } from '../official/official.inputs.js';
import { applyLocalityFilter } from './locality.service.js';
import type { NestedReadRepeats } from './nested-read-repeats.js';
import type { LocalityFilter } from './locality.inputs.js';

/*
 * A nested read of localities, their posts and the posts' officials, answered by one SQL
 * statement that builds the JSON answer (lateral joins and json_agg), as the operation's whole
 * answer. It takes a well-defined subset of queries and leaves every other one, unchanged, to
 * the resolvers:
 *
 *   query { localities(filter, first) { nodes { <locality columns>
 *     positions(filter) { <post columns> official { id fullName synthetic } } } } }
 *
 * with aliases, __typename, fragments and variables; no directives, no cursors, no other order,
 * no field selected twice under one name. The rules are the resolvers' own: the same filter
 * functions and order, the ANALYST role `Locality.positions` declares (a caller without it is
 * left to the resolvers, which refuse it), and the scope rule of personal fields written in SQL
 * by the same `Scope`. Parsing, validation, limits and cost checks have all run before
 * (Apollo asks `responseForOperation` after `didResolveOperation`).
 */

/** A column's SQL (over the row alias) and how its GraphQL value reads as JSON. */
type Columns = Record<string, (alias: string) => string | Knex.Raw>;

const text = (column: string) => (alias: string) => `${alias}.${column}`;
const id = (alias: string) => `${alias}.id::text`;

const LOCALITY: Columns = {
  id,
  code: text('code'),
  name: text('name'),
  shortName: text('short_name'),
  type: text('type'),
  level: text('level'),
  ethnicMinorityArea: text('ethnic_minority_area'),
  mountainous: text('mountainous'),
  island: text('island'),
};

const POSITION: Columns = {
  id,
  title: text('title'),
  organisationKind: text('organisation_kind'),
  isKeyLeadership: text('is_key_leadership'),
};

const OFFICIAL: Columns = { id, synthetic: text('synthetic') };

/** PostgreSQL's longest column name (NAMEDATALEN - 1). */
const MAX_COLUMN_NAME_BYTES = 63;

/** Fields of a selection in answer order, fragments spread in place; null outside the subset. */
function fieldsOf(
  selectionSet: SelectionSetNode,
  typeName: string,
  fragments: Record<string, FragmentDefinitionNode>,
  into: FieldNode[] = [],
): FieldNode[] | null {
  for (const selection of selectionSet.selections) {
    if (selection.directives?.length) return null;
    if (selection.kind === Kind.FIELD) {
      into.push(selection);
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
    if (!fragment) return null;
    if (fragment.typeCondition && fragment.typeCondition.name.value !== typeName) return null;
    if (!fieldsOf(fragment.selectionSet, typeName, fragments, into)) return null;
  }
  const keys = into.map((field) => (field.alias ?? field.name).value);
  return new Set(keys).size === keys.length ? into : null;
}

interface Compiler {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  knex: Knex;
  context: RequestContext;
}

/** `json_build_object(...)` of an object's selection; null outside the subset. */
function objectJson(
  compiler: Compiler,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode | undefined,
  alias: string,
  columns: Columns,
  nested: (field: FieldNode) => Knex.Raw | string | null,
): Knex.Raw | null {
  const fields = selectionSet && fieldsOf(selectionSet, type.name, compiler.fragments);
  if (!fields) return null;
  const parts: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  for (const field of fields) {
    const name = field.name.value;
    const key = (field.alias ?? field.name).value;
    // A longer name would be cut to PostgreSQL's longest column name.
    if (Buffer.byteLength(key) > MAX_COLUMN_NAME_BYTES) return null;
    if (name === '__typename') {
      parts.push('?::text as ??');
      bindings.push(type.name, key);
      continue;
    }
    const column = columns[name] as Columns[string] | undefined;
    const value =
      column && !field.arguments?.length && !field.selectionSet ? column(alias) : nested(field);
    if (value === null) return null;
    if (typeof value === 'string') {
      parts.push(`${value} as ??`);
    } else {
      parts.push('? as ??');
      bindings.push(value);
    }
    bindings.push(key);
  }
  // A row's to_json writes no spaces, so that the text is what JSON.stringify writes.
  return compiler.knex.raw(`(select to_json(r) from (select ${parts.join(', ')}) r)`, bindings);
}

/** A JSON array of `element` in `order`, written without spaces (json_agg would add some). */
function jsonArray(knex: Knex, element: Knex.Raw, order: string): Knex.Raw {
  return knex.raw(
    `('[' || coalesce(string_agg((?)::text, ',' order by ${order}), '') || ']')::json`,
    [element],
  );
}

/** A field's arguments as its resolver gets them (variables applied, nulls left out). */
function argumentsOf(
  compiler: Compiler,
  type: GraphQLObjectType,
  field: FieldNode,
): Record<string, unknown> {
  const definition = type.getFields()[field.name.value];
  if (!definition) throw new Error(`no field ${type.name}.${field.name.value}`);
  return withoutNulls(getArgumentValues(definition, field, compiler.variables)) as Record<
    string,
    unknown
  >;
}

function objectType(compiler: Compiler, name: string): GraphQLObjectType {
  const type = compiler.schema.getType(name);
  if (!isObjectType(type)) throw new Error(`no object type ${name}`);
  return type;
}

/** The official of a post `t`, joined as `o`; personal fields masked outside the scope. */
function officialJson(compiler: Compiler, field: FieldNode): Knex.Raw | null {
  const type = objectType(compiler, 'Official');
  const visible = scopeOf(compiler.context).locality(compiler.knex, 'o.home_locality_id');
  const columns: Columns = {
    ...OFFICIAL,
    fullName: () => compiler.knex.raw('case when ? then o.full_name end', [visible]),
  };
  return objectJson(compiler, type, field.selectionSet, 'o', columns, () => null);
}

/** The posts of a locality `l`, as a JSON array in the resolvers' order. */
function positionsJson(compiler: Compiler, field: FieldNode): Knex.QueryBuilder | null {
  // The role `Locality.positions` declares; anyone else is refused by its resolver.
  if (!hasRole(compiler.context.viewer, Role.ANALYST)) return null;
  const args = argumentsOf(compiler, objectType(compiler, 'Locality'), field);
  const type = objectType(compiler, 'Position');
  const post = objectJson(compiler, type, field.selectionSet, 't', POSITION, (nested) =>
    nested.name.value === 'official' && !nested.arguments?.length
      ? officialJson(compiler, nested)
      : null,
  );
  if (!post) return null;
  const query = compiler
    .knex('official_position as t')
    .join('official as o', 'o.id', 't.official_id')
    .whereRaw('t.locality_id = l.id')
    .select(jsonArray(compiler.knex, post, 't.start_date desc, t.id'));
  applyPositionFilter(query, (args.filter ?? {}) as PositionFilter);
  return query;
}

/** The whole answer's SQL, or null when the operation is outside the subset. */
function compile(compiler: Compiler, root: FieldNode): Knex.Raw | null {
  const query = objectType(compiler, 'Query');
  if (root.name.value !== 'localities') return null;
  const args = argumentsOf(compiler, query, root);
  if (args.after || args.before || args.last || args.orderBy) return null;
  const page = parsePageRequest(args);
  const { knex } = compiler;
  const lateral: Knex.QueryBuilder[] = [];
  const locality = objectType(compiler, 'Locality');
  const nodes = (field: FieldNode) => {
    if (field.name.value !== 'nodes' || field.arguments?.length) return null;
    const node = objectJson(compiler, locality, field.selectionSet, 'l', LOCALITY, (nested) => {
      if (nested.name.value !== 'positions') return null;
      const positions = positionsJson(compiler, nested);
      if (!positions) return null;
      lateral.push(positions);
      return `p${lateral.length}.value`;
    });
    return node && jsonArray(knex, node, 'l.code, l.id');
  };
  const connection = objectJson(
    compiler,
    objectType(compiler, 'LocalityConnection'),
    root.selectionSet,
    'l',
    {},
    nodes,
  );
  if (!connection) return null;
  const localities = knex('locality as t')
    .select('t.*')
    .orderBy([{ column: 't.code' }, { column: 't.id' }])
    .limit(page.first ?? 0);
  applyLocalityFilter(knex, localities, (args.filter ?? {}) as LocalityFilter);
  const joins = lateral.map((_, index) => `cross join lateral (?) p${index + 1}(value)`).join(' ');
  const answer = objectJson(
    compiler,
    query,
    { kind: Kind.SELECTION_SET, selections: [root] },
    'l',
    {},
    () => connection,
  );
  return (
    answer &&
    knex.raw(`select (?)::text as data from (?) l ${joins}`, [answer, localities, ...lateral])
  );
}

/** A compiled nested read: its statement, with `?` placeholders, and their values. */
export interface NestedReadStatement {
  sql: string;
  bindings: readonly Knex.RawBinding[];
  /** A prepared statement's name: PostgreSQL parses it once per connection, not per request. */
  name?: string;
}

/**
 * Runs a compiled nested read; its one row holds the answer's `data` as JSON text. Through knex
 * with the values bound (the request log counts it), not written into the text as the ORM's
 * `execute` would do at every call.
 */
export async function runNestedRead(
  em: RequestContext['em'],
  statement: NestedReadStatement,
): Promise<string | undefined> {
  const query = em.getKnex().raw(statement.sql, [...statement.bindings]);
  if (statement.name) query.options({ name: statement.name });
  const result = (await query) as { rows: { data: string }[] };
  return result.rows[0]?.data;
}

/**
 * Answers the nested reads of the subset above in one statement; every other operation, and any
 * one this cannot read exactly as the resolvers would, goes on to execution. Each answer sent
 * is handed to `repeats`, which answers the same request again before Apollo.
 */
export function nestedReadPlugin(repeats?: NestedReadRepeats): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let answered: NestedReadStatement | null = null;
      return {
        async responseForOperation({ schema, document, operation, request, contextValue }) {
          // Apollo asks even when no operation could be chosen (two without a name, or a name the
          // document lacks); execution then answers that error itself.
          if (!operation || operation.operation !== 'query') return null;
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
          );
          if (coerced.errors) return null;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) {
              fragments[definition.name.value] = definition;
            }
          }
          const roots = fieldsOf(operation.selectionSet, 'Query', fragments);
          if (roots?.length !== 1 || !roots[0]) return null;
          const em = contextValue.em;
          let statement: NestedReadStatement;
          try {
            const sql = compile(
              {
                schema,
                fragments,
                variables: coerced.coerced,
                knex: em.getKnex(),
                context: contextValue,
              },
              roots[0],
            );
            if (!sql) return null;
            const { sql: text, bindings } = sql.toSQL();
            statement = { sql: text, bindings };
          } catch {
            // A bad argument: the resolvers refuse it with their own error.
            return null;
          }
          let data: string | undefined;
          try {
            data = await runNestedRead(em, statement);
          } catch {
            // A failing database fails the resolvers too, which report it as every read does
            // (byte for byte the same answer; a read cut by the timeout waits once more).
            return null;
          }
          if (data === undefined) return null;
          answered = statement;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: {
              kind: 'single',
              singleResult: { data: JSON.parse(data) as Record<string, unknown> },
            },
          };
        },
        async willSendResponse(requestContext) {
          if (!answered || !repeats) return;
          const { response } = requestContext;
          if (response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          if (response.http.status !== undefined && response.http.status !== 200) return;
          repeats.remember(requestContext, answered);
        },
      };
    },
  };
}
