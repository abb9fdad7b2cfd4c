import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSubgraphPlatformSchema,
  MAX_REPRESENTATIONS,
} from '../src/modules/federation/subgraph.js';
import { MAX_INPUT_NESTING } from '../src/modules/common/input-rules.js';
import { operationCost } from '../src/modules/limits/query-limits.js';
import { signToken, testConfig, TestPlatform, type GraphQLResponse } from './support/platform.js';
import { inject } from 'vitest';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Locality { id code name }
    ... on Official { id fullName }
  }
}`;

let subgraph: TestPlatform;
const tokens: Record<'analyst' | 'sonHaEditor', string> = { analyst: '', sonHaEditor: '' };
let districtIds: string[];
/** Localities with posts, so with officials to mask. */
let postedIds: string[];

beforeAll(async () => {
  subgraph = await TestPlatform.start(
    inject('databaseUrl'),
    testConfig({ federationSubgraph: true, introspection: false }),
  );
  tokens.analyst = await signToken({ role: 'ANALYST', sub: 'analyst' });
  tokens.sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha' });
  districtIds = (
    await subgraph.sql<{ id: number }>(
      `select id from locality where level = 'DISTRICT' order by id limit 60`,
    )
  ).map((row) => String(row.id));
  postedIds = (
    await subgraph.sql<{ id: number }>(
      `select distinct locality_id as id from official_position order by 1 limit 5`,
    )
  ).map((row) => String(row.id));
});
afterAll(() => subgraph.stop());

const localities = (ids: string[]) => ids.map((id) => ({ __typename: 'Locality', id }));

/** A second subgraph on the run's database with other limits, stopped after `run`. */
async function withSubgraph(
  limits: Partial<ReturnType<typeof testConfig>['limits']>,
  run: (limited: TestPlatform) => Promise<void>,
): Promise<void> {
  const limited = await TestPlatform.start(
    inject('databaseUrl'),
    testConfig({ federationSubgraph: true, limits: { ...testConfig().limits, ...limits } }),
  );
  try {
    await run(limited);
  } finally {
    await limited.stop();
  }
}

describe('the federation subgraph', () => {
  it('declares its entities keyed by id, never by a reused code', async () => {
    const { _service } = await subgraph.data<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const keys = [..._service.sdl.matchAll(/type (\w+)\s+@key\(fields: "([^"]+)"\)/g)].map(
      ([, type, fields]) => `${type}:${fields}`,
    );
    expect(keys.sort()).toEqual(
      [
        'Agency:id',
        'Indicator:id',
        'Locality:id',
        'Official:id',
        'Task:id',
        'TrainingProgram:id',
      ].sort(),
    );
    expect(_service.sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.3"/);
  });

  it('answers root queries as the platform does, input defaults included', async () => {
    const queries = [
      `{ localities(first: 5, filter: { level: DISTRICT }) { totalCount nodes { id code name } } }`,
      // `direction` defaults to ASC, whose value inside is not its name.
      `{ localities(first: 5, orderBy: { field: NAME }) { nodes { id name } } }`,
      `{ indicatorValues(filter: { year: 2023, localityCode: "51" }, first: 5) {
           nodes { indicator { code } value status } } }`,
      `{ indicatorAttainment(year: 2023, localityCode: "51") { tracked met goals { met } }
         keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2023-12-31") { units share }
         officialsBreakdown(groupBy: [SEX]) { total groups { sex count } } }`,
    ];
    const platform = await TestPlatform.start();
    try {
      for (const query of queries) {
        const [own, asSubgraph] = await Promise.all([platform.data(query), subgraph.data(query)]);
        expect(asSubgraph, query).toEqual(own);
      }
    } finally {
      await platform.stop();
    }
  });

  it('gives its schema to anonymous callers only where introspection is on', async () => {
    const anonymous = await subgraph.query('{ _service { sdl } }', undefined, { token: '' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves references in one statement however many there are', async () => {
    const few = await subgraph.countStatements(() =>
      subgraph.data(ENTITIES, { representations: localities(districtIds.slice(0, 2)) }),
    );
    let answer: GraphQLResponse | undefined;
    const many = await subgraph.countStatements(async () => {
      answer = await subgraph.query(ENTITIES, { representations: localities(districtIds) });
    });
    expect(districtIds.length).toBeGreaterThan(10);
    expect(many).toBe(few);
    const resolved = (answer!.data as { _entities: { id: string; __typename: string }[] })
      ._entities;
    expect(resolved.map((entity) => entity.id)).toEqual(districtIds);
    expect(resolved.every((entity) => entity.__typename === 'Locality')).toBe(true);
  });

  it('answers an unknown id with null and a malformed one with an error naming it', async () => {
    const answer = await subgraph.query(ENTITIES, {
      representations: [...localities(['999999999', 'x1']), { __typename: 'Locality' }],
    });
    const unknownType = await subgraph.query(ENTITIES, {
      representations: [...localities(['1']), { __typename: 'AuditEvent', id: '1' }],
    });
    expect(unknownType.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'representations[1]',
    });
    expect(answer.status).toBe(200);
    const data = answer.data as { _entities: unknown[] };
    expect(data._entities).toEqual([null, null, null]);
    expect(answer.errors?.map((error) => error.extensions?.field).sort()).toEqual([
      'id',
      'representations',
    ]);
    expect(answer.errors?.every((error) => error.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('quotes a few characters of a bad id, however often a request refers to it', async () => {
    // One long id, sent once and referred to by every representation: each error quoting it whole
    // would answer a request of 100 KB with 50 MB.
    const id = `9${'0'.repeat(100_000)}`;
    const references = Array.from({ length: MAX_REPRESENTATIONS }, () => '$x').join(' ');
    const answer = await subgraph.query(
      `query ($x: _Any!) { _entities(representations: [${references}]) { ... on Locality { id } } }`,
      { x: { __typename: 'Locality', id } },
      { token: '' },
    );
    expect(answer.errors).toHaveLength(MAX_REPRESENTATIONS);
    expect(answer.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
      reason: `"${id.slice(0, 40)}…" is not an id of this API`,
    });
    expect(JSON.stringify(answer).length).toBeLessThan(MAX_REPRESENTATIONS * 400);
  });

  it('refuses a representation nested deeper than any input goes, naming where', async () => {
    const depth = 100_000;
    const representation = `{"__typename":"Locality","id":"1","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(ENTITIES)},"variables":{"representations":[${representation}]}}`,
    });
    const answer = (await response.json()) as GraphQLResponse;
    expect(answer.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `representations[0].extra${'[0]'.repeat(MAX_INPUT_NESTING - 2)}`,
      reason: `must not nest lists or objects more than ${MAX_INPUT_NESTING} deep`,
    });
  });

  it('answers refused credentials and spent rate limits with 200 and their codes, which a gateway reads', async () => {
    const badToken = await subgraph.query('{ __typename }', undefined, { token: 'nonsense' });
    expect(badToken.status).toBe(200);
    expect(badToken.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(badToken.errors?.[0].message).toMatch(/invalid token/);
    await withSubgraph({ rateLimitPerMinute: 1 }, async (limited) => {
      expect((await limited.query('{ __typename }')).status).toBe(200);
      const refused = await limited.query('{ __typename }');
      expect(refused.status).toBe(200);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(refused.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    });
  });

  it('holds officials to the rules of official(id:): personal access, scope, masking', async () => {
    const [inside] = await subgraph.sql<{ id: number }>(
      `select o.id from official o join locality h on h.id = o.home_locality_id
         join locality d on d.code = '529' and h.path like d.path || '%' order by o.id limit 1`,
    );
    const [outside] = await subgraph.sql<{ id: number }>(
      `select o.id from official o join locality h on h.id = o.home_locality_id
         join locality d on d.code = '525' and h.path like d.path || '%' order by o.id limit 1`,
    );
    const representations = [inside, outside].map(({ id }) => ({
      __typename: 'Official',
      id: String(id),
    }));
    const editor = await subgraph.query(
      ENTITIES,
      { representations },
      { token: tokens.sonHaEditor },
    );
    expect(editor.errors).toBeUndefined();
    const [own, foreign] = (editor.data as { _entities: { fullName: string }[] })._entities;
    expect(own.fullName).toEqual(expect.any(String));
    expect(foreign).toBeNull();

    const analyst = await subgraph.query(ENTITIES, { representations }, { token: tokens.analyst });
    expect(analyst.errors?.map((error) => error.extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    const anonymous = await subgraph.query(ENTITIES, { representations }, { token: '' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // A gateway reads codes from the body of a 200 answer only.
    expect(anonymous.status).toBe(200);
  });

  it('masks personal fields of officials reached from an entity for an analyst', async () => {
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Locality { positions { official { id fullName birthYear } } }
      }
    }`;
    const variables = { representations: localities(postedIds) };
    type Answer = { _entities: { positions: { official: { fullName: string | null } }[] }[] };
    const analyst = await subgraph.data<Answer>(query, variables, { token: tokens.analyst });
    const officials = analyst._entities.flatMap((locality) =>
      locality.positions.map((post) => post.official),
    );
    expect(officials.length).toBeGreaterThan(0);
    expect(officials.every((official) => official.fullName === null)).toBe(true);
    const admin = await subgraph.data<Answer>(query, variables);
    expect(
      admin._entities
        .flatMap((locality) => locality.positions)
        .every((post) => post.official.fullName),
    ).toBeTruthy();
    // Anonymous callers are refused the field, as on locality(id:) { positions }.
    const anonymous = await subgraph.query(query, variables, { token: '' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it(`refuses more than ${MAX_REPRESENTATIONS} representations in a request, aliases included`, async () => {
    const over = await subgraph.query(ENTITIES, {
      representations: localities(Array.from({ length: MAX_REPRESENTATIONS + 1 }, () => '1')),
    });
    expect(over.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'representations',
    });
    expect(over.data).toBeNull();
    const half = localities(Array.from({ length: MAX_REPRESENTATIONS / 2 + 1 }, () => '1'));
    const split = await subgraph.query(
      `query ($a: [_Any!]!, $b: [_Any!]!) {
        a: _entities(representations: $a) { ... on Locality { id } }
        b: _entities(representations: $b) { ... on Locality { id } }
      }`,
      { a: half, b: half },
    );
    expect(split.errors?.[0].extensions).toMatchObject({ field: 'representations' });
  });

  it('counts every representation in the cost limit', async () => {
    const schema = await buildSubgraphPlatformSchema({ introspection: true });
    const document = parse(`query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Locality { name } }
    }`);
    const cost = (count: number) =>
      operationCost(schema, document, undefined, {
        representations: localities(Array.from({ length: count }, (_, index) => String(index + 1))),
      });
    // Each representation is a row whose selection costs 2 (the entity and its field).
    expect(cost(5000)).toBe(1 + 5000 * 2);
    expect(cost(10)).toBe(1 + 10 * 2);

    await withSubgraph({ maxCost: 200 }, async (limited) => {
      const representations = localities(districtIds.slice(0, 60));
      const refused = await limited.query(ENTITIES, { representations });
      expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
      const allowed = await limited.query(ENTITIES, {
        representations: representations.slice(0, 20),
      });
      expect(allowed.errors).toBeUndefined();
    });
  });
});

/**
 * A "human resources" app of another agency: it extends the platform's Locality with staffing
 * figures and refers to localities from its own vacancies. It records the credentials it was sent.
 */
async function startHumanResources(vacancyLocalityIds: string[]) {
  const received: (string | undefined)[] = [];
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Locality @key(fields: "id") {
      id: ID!
      staffing: Staffing!
    }
    type Staffing { headcount: Int! vacancies: Int! }
    type Vacancy { title: String! locality: Locality! }
    type Query { vacancies: [Vacancy!]! }
  `);
  const resolvers = {
    Query: {
      vacancies: () =>
        vacancyLocalityIds.map((id, index) => ({ title: `Post ${index + 1}`, locality: { id } })),
    },
    Locality: {
      __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      staffing: (locality: { id: string }) => ({
        headcount: Number(locality.id) * 10,
        vacancies: vacancyLocalityIds.filter((id) => id === locality.id).length,
      }),
    },
  };
  const server = new ApolloServer<{ authorization?: string }>({
    schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0 },
    context: async ({ req }) => {
      received.push(req.headers.authorization);
      return { authorization: req.headers.authorization };
    },
  });
  return { url, received, stop: () => server.stop() };
}

describe('composed with another subgraph through a gateway', () => {
  type Context = { authorization?: string };
  let gateway: ApolloServer<Context>;
  let gatewayUrl: string;
  let humanResources: Awaited<ReturnType<typeof startHumanResources>>;

  beforeAll(async () => {
    humanResources = await startHumanResources(postedIds.slice(0, 3));
    const apolloGateway = new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [
          { name: 'platform', url: subgraph.url },
          { name: 'hr', url: humanResources.url },
        ],
      }),
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<Context>({
          url,
          willSendRequest(options) {
            // The caller's own token (none for an anonymous caller), forwarded: each subgraph
            // decides for that caller. The gateway's own schema fetch carries a service token.
            const authorization =
              'incomingRequestContext' in options
                ? (options.context as Context).authorization
                : `Bearer ${serviceToken}`;
            if (authorization) options.request.http?.headers.set('authorization', authorization);
          },
        }),
    });
    const serviceToken = await signToken({ role: 'ANALYST', sub: 'gateway' });
    gateway = new ApolloServer<Context>({ gateway: apolloGateway });
    ({ url: gatewayUrl } = await startStandaloneServer(gateway, {
      listen: { port: 0 },
      context: async ({ req }) => ({ authorization: req.headers.authorization }),
    }));
  });
  afterAll(async () => {
    await gateway?.stop();
    await humanResources?.stop();
  });

  async function viaGateway<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
    query: string,
    token?: string,
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  it('answers one query from both subgraphs, masking personal fields for an analyst', async () => {
    const received = humanResources.received.length;
    const answer = await viaGateway<{
      vacancies: {
        title: string;
        locality: {
          id: string;
          name: string;
          staffing: { headcount: number };
          positions: { official: { fullName: string | null } }[];
        };
      }[];
    }>(
      `{ vacancies { title locality { id name staffing { headcount }
           positions { official { fullName } } } } }`,
      tokens.analyst,
    );
    expect(answer.errors).toBeUndefined();
    const vacancies = answer.data!.vacancies;
    expect(vacancies.map((vacancy) => vacancy.locality.id)).toEqual(postedIds.slice(0, 3));
    for (const { locality } of vacancies) {
      expect(locality.name).toMatch(/\S/);
      expect(locality.staffing.headcount).toBe(Number(locality.id) * 10);
    }
    const officials = vacancies.flatMap((vacancy) =>
      vacancy.locality.positions.map((post) => post.official),
    );
    expect(officials.length).toBeGreaterThan(0);
    expect(officials.every((official) => official.fullName === null)).toBe(true);
    expect(humanResources.received.slice(received)).toEqual([`Bearer ${tokens.analyst}`]);
  });

  it('reaches the other subgraph from a root field of the platform', async () => {
    const answer = await viaGateway<{
      locality: { name: string; staffing: { vacancies: number } };
    }>(`{ locality(id: "${postedIds[0]}") { name staffing { vacancies } } }`, tokens.analyst);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.locality.staffing.vacancies).toBe(1);
  });

  it("shows personal fields to a caller who may see them, with the platform's own answer", async () => {
    const query = `{ vacancies { locality { positions { official { fullName } } } } }`;
    const admin = await viaGateway<{
      vacancies: { locality: { positions: { official: { fullName: string | null } }[] } }[];
    }>(query, await signToken({ role: 'ADMIN', sub: 'admin' }));
    const names = admin.data!.vacancies.flatMap((vacancy) =>
      vacancy.locality.positions.map((post) => post.official.fullName),
    );
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => typeof name === 'string')).toBe(true);
  });

  it("keeps the platform's error codes through the gateway", async () => {
    const anonymous = await viaGateway(`{ vacancies { locality { name positions { id } } } }`);
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');
    // The platform's own message, not the gateway's account of an HTTP status.
    expect(anonymous.errors?.map((error) => error.message).join()).toMatch(/ANALYST access/);
    const costly = await viaGateway(
      `{ localities(first: 500) { nodes { children(first: 500) { nodes {
           children(first: 500) { nodes { id } } } } } } }`,
      tokens.analyst,
    );
    expect(costly.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
    const analyst = await viaGateway(`{ officials(first: 1) { totalCount } }`, tokens.analyst);
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badId = await viaGateway(`{ locality(id: "x") { name } }`, tokens.analyst);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    // Refused before GraphQL runs: the platform's code and message, not the gateway's "401".
    const badToken = await viaGateway(`{ locality(id: "1") { name } }`, 'nonsense');
    expect(badToken.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(badToken.errors?.[0].message).toMatch(/invalid token/);
  });
});
