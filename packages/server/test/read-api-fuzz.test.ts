import fc from 'fast-check';
import {
  astFromValue,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlatformSchema } from '../src/schema.js';
import { signToken, TestPlatform } from './support/platform.js';

/**
 * A bounded property-based fuzz test of the read API: every Query field, with arguments drawn
 * from their schema types (strings with NUL bytes, quotes, LIKE wildcards, backslashes, long
 * Unicode and emoji; numbers and dates at and beyond their edges; empty lists), sent over HTTP
 * as an anonymous caller, an analyst and an admin. Whatever the input, the answer is a client
 * error or data: never a server fault, never a 5xx.
 *
 * Reproduce a run with FUZZ_SEED=<seed printed below>; FUZZ_RUNS sets the number of requests.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let platform: TestPlatform;
const tokens: Record<string, string> = { anonymous: '' };

beforeAll(async () => {
  platform = await TestPlatform.start();
  tokens.analyst = await signToken({ role: 'ANALYST', sub: 'fuzz-analyst' });
  tokens.admin = await signToken({ role: 'ADMIN', sub: 'fuzz-admin' });
});
afterAll(async () => {
  await platform?.stop();
});

const nastyText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    "'",
    '"',
    "'; drop table locality; --",
    '%',
    '_',
    '%_%',
    '\\',
    '\\%',
    'quang ngai',
    'Quảng Ngãi',
    '51',
    '529',
    'MT1.1',
    'NQ28-2021-2030',
    'QNG-SNV',
    '👩‍🌾👩🏽‍💼',
    '\u202e\u0645',
    '\ud800',
    'ǅ'.repeat(2000),
    'ạ'.repeat(10_000),
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const edgeInt = fc.oneof(
  fc.constantFrom(0, 1, -1, 49, 50, 499, 500, 501, 1899, 1900, 2020, 2021, 2030, 2031, 2199, 2200),
  fc.constantFrom(2_147_483_647, -2_147_483_648),
  fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
);

const edgeDate = fc.oneof(
  fc.constantFrom(
    '1900-01-01',
    '2199-12-31',
    '0000-01-01',
    '1899-12-31',
    '2200-01-01',
    '2023-02-29',
    '2024-02-29',
    '2023-02-30',
    '2023-13-01',
    '9999-12-31',
    'today',
  ),
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
);

const edgeId = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '2147483648',
    '99999999999999999999',
    '1e3',
    ' 1',
    'abc',
    '\u0000',
  ),
  fc.integer({ min: 1, max: 5000 }).map(String),
);

/** Values of an input type: every branch a caller could send that GraphQL itself lets through. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, depth);
  if (isListType(type))
    return fc.array(valueOf(type.ofType, depth + 1), { maxLength: depth > 1 ? 1 : 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.value));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) record[field.name] = valueOf(field.type, depth + 1);
    const required = fields.filter((field) => isNonNullType(field.type)).map((f) => f.name);
    return fc.record(record, { requiredKeys: required });
  }
  switch (type.name) {
    case 'String':
      return nastyText;
    case 'Int':
      return edgeInt;
    case 'Float':
      return fc.oneof(edgeInt, fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return edgeId;
    case 'Date':
      return edgeDate;
    default:
      return fc.constant(null);
  }
}

function argumentsOf(args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of args) {
    record[arg.name] = isNonNullType(arg.type)
      ? valueOf(arg.type)
      : fc.oneof(valueOf(arg.type), fc.constant(null));
  }
  const required = args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name);
  return fc.record(record, { requiredKeys: required });
}

/** Leaf fields of the result, two levels deep (a connection's nodes, a page's groups). */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth < 2 && isObjectType(inner))
      parts.push(`${field.name} ${selectionOf(inner, depth + 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** The request: arguments as variables, or written into the query as literals. */
function request(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  literal: boolean,
) {
  const given = field.args.filter((arg) => arg.name in args);
  const selection = selectionOf(field.type);
  if (literal) {
    const written = given.map((arg) => {
      const ast = astFromValue(args[arg.name], arg.type);
      return `${arg.name}: ${ast ? print(ast) : 'null'}`;
    });
    const list = written.length ? `(${written.join(', ')})` : '';
    return { query: `{ ${field.name}${list} ${selection} }`, variables: undefined };
  }
  const definitions = given.map((arg) => `$${arg.name}: ${arg.type.toString()}`);
  const uses = given.map((arg) => `${arg.name}: $${arg.name}`);
  return {
    query: `query Fuzz${definitions.length ? `(${definitions.join(', ')})` : ''} { ${field.name}${uses.length ? `(${uses.join(', ')})` : ''} ${selection} }`,
    variables: args,
  };
}

describe('fuzzing the read API', () => {
  it('answers any generated query with data or a client error, never a server fault', async () => {
    const schema = await buildPlatformSchema();
    const fields = Object.values(schema.getQueryType()!.getFields());
    const byName = new Map(fields.map((field) => [field.name, field]));
    const cases = fc.constantFrom(...byName.keys()).chain((name) =>
      fc.record({
        name: fc.constant(name),
        args: argumentsOf(byName.get(name)!.args),
        caller: fc.constantFrom('anonymous', 'analyst', 'admin'),
        literal: fc.boolean(),
      }),
    );
    const outcomes = new Map<string, number>();
    console.log(`read API fuzz: seed ${SEED}, ${RUNS} runs (FUZZ_SEED, FUZZ_RUNS to change)`);
    await fc.assert(
      fc.asyncProperty(cases, async ({ name, args, caller, literal }) => {
        const field = byName.get(name)!;
        let sent: { query: string; variables?: Record<string, unknown> };
        try {
          sent = request(field, args, literal);
        } catch {
          // A value GraphQL cannot even write as a literal (an invalid Date) goes as a variable.
          sent = request(field, args, false);
        }
        const result = await platform.query(sent.query, sent.variables, {
          token: tokens[caller],
        });
        const outcome = result.errors ? String(result.errors[0].extensions?.code) : 'data';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        const faults = (result.errors ?? []).filter((error) => {
          const code = error.extensions?.code;
          return !code || code === 'INTERNAL_SERVER_ERROR' || code === 'DATABASE_UNAVAILABLE';
        });
        expect(faults, `${caller}: ${sent.query} ${JSON.stringify(sent.variables)}`).toEqual([]);
        expect(result.status, `${caller}: ${sent.query}`).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log('read API fuzz outcomes:', Object.fromEntries(outcomes));
    // Guard against a generator that only ever trips validation: most requests must run.
    expect(outcomes.get('data') ?? 0).toBeGreaterThan(RUNS / 5);
  }, 120_000);
});
