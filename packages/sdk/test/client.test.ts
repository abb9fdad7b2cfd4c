import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from '../../server/test/support/platform.js';
import {
  AbortedError,
  createClient,
  GraphQLRequestError,
  HttpError,
  NetworkError,
  paginate,
  TimeoutError,
  TypedDocumentString,
} from '../src/index.js';

let platform: TestPlatform;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  platform = await TestPlatform.start();
  client = createClient({ url: platform.url, token: platform.adminToken });
});
afterAll(() => platform.stop());

describe('the SDK against a running platform', () => {
  it('gets and lists localities', async () => {
    const province = await client.localities.get({ code: '51' });
    expect(province).toMatchObject({
      code: '51',
      name: 'Tỉnh Quảng Ngãi',
      level: 'PROVINCE',
      parent: null,
    });
    // The 2023 structure: since the 2025 reform the province has communes and no districts.
    const asOf = '2023-12-31';
    const before = await client.localities.get({ code: '51', asOf });
    expect(before?.validTo).not.toBeNull();
    const districts = await client.localities.list({
      filter: { parentCode: '51', asOf },
      first: 50,
    });
    expect(districts.totalCount).toBe(13);
    expect(districts.nodes.map((node) => node.code)).toContain('536');
    expect(await client.localities.get({ code: '99' })).toBeNull();
  });

  it('walks a whole connection with paginate()', async () => {
    const codes: string[] = [];
    for await (const commune of paginate((after) =>
      client.localities.list({
        filter: { level: 'COMMUNE', within: '51', asOf: '2023-12-31' },
        first: 40,
        after,
      }),
    )) {
      codes.push(commune.code);
    }
    expect(codes).toHaveLength(173);
    expect(new Set(codes).size).toBe(173);
  });

  it('serves every aggregate', async () => {
    const attainment = await client.indicators.attainment({ year: 2023, localityCode: '51' });
    expect(attainment).toMatchObject({ tracked: 19, met: 16 });
    expect(attainment.metShare?.toFixed(3)).toBe('0.842');
    const coverage = await client.officials.keyLeaderCoverage({
      localityCode: '51',
      level: 'COMMUNE',
      asOf: '2023-12-31',
    });
    expect(coverage).toMatchObject({ units: 173, withFemaleKeyLeader: 105 });
    const breakdown = await client.officials.breakdown({ groupBy: ['SEX'] });
    expect(breakdown.groups.map((group) => group.sex).sort()).toEqual(['FEMALE', 'MALE']);
    const participation = await client.training.participation({ groupBy: ['YEAR'] });
    expect(participation.groups[0].year).toBe(2023);
    const series = await client.indicators.series({ indicatorCode: 'MT1.1', localityCode: '51' });
    expect(series.target2025).toBe(60);
    const rollup = await client.indicators.rollup({
      indicatorCode: 'MT3.2',
      localityCode: '51',
      year: 2023,
    });
    expect(rollup).toMatchObject({
      method: 'RATIO_OF_SUMS',
      numerator: 34,
      denominator: 40,
      value: 85,
    });
  });

  it('reaches the other modules', async () => {
    expect((await client.strategy.get())?.goals).toHaveLength(6);
    expect(
      (await client.strategy.getPlan({ code: 'QNG-NQ28-2021-2030' }))?.indicators,
    ).toHaveLength(19);
    expect((await client.indicators.get({ code: 'MT4.2' }))?.unit).toBe('RATE_PER_100K');
    expect((await client.indicators.list({ filter: { goalCode: 'MT3' } })).totalCount).toBe(4);
    expect(
      (await client.indicators.values({ filter: { year: 2023, localityCode: '51' } })).totalCount,
    ).toBe(19);
    const women = await client.officials.list({ filter: { sex: 'FEMALE' }, first: 3 });
    const official = await client.officials.get({ id: women.nodes[0].id });
    expect(official?.sex).toBe('FEMALE');
    const posts = await client.localities.positions({
      code: '21010',
      asOf: '2023-12-31',
      filter: { keyLeadership: true },
    });
    expect(posts?.positions.length).toBeGreaterThan(0);
    expect((await client.agencies.get({ code: 'QNG-SNV' }))?.tasks[0].code).toBe(
      'QNG-VSTBPN-2024-01',
    );
    expect((await client.agencies.list()).totalCount).toBe(10);
    const programs = await client.training.listPrograms({ filter: { year: 2023 } });
    expect(programs.totalCount).toBe(6);
    const program = await client.training.enrollments({ code: programs.nodes[0].code, first: 5 });
    expect(program?.enrollments.nodes).toHaveLength(5);
    expect(await client.training.getProgram({ code: 'NOPE' })).toBeNull();
    expect((await client.tasks.list()).nodes.map((task) => task.code)).toContain(
      'QNG-VSTBPN-2024-02',
    );
    expect((await client.tasks.get({ code: 'QNG-VSTBPN-2024-01' }))?.dueDate).toBe('2024-09-30');
  });

  it('calls mutations with typed inputs and surfaces their field errors', async () => {
    const error = (await client.indicators
      .reportValue({
        input: { indicatorCode: 'MT2.1', localityCode: '51', year: 2024, value: 140 },
      })
      .catch((e: unknown) => e)) as GraphQLRequestError;
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(error.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    const anonymous = createClient({ url: platform.url });
    const refused = (await anonymous.officials
      .create({ input: { fullName: 'Ẩn Danh', sex: 'MALE', ethnicity: 'Kinh' } })
      .catch((e: unknown) => e)) as GraphQLRequestError;
    expect(refused.code).toBe('UNAUTHENTICATED');
  });

  it('runs a consumer’s own typed document', async () => {
    const document = new TypedDocumentString<
      { locality: { name: string } | null },
      { code: string; asOf: string }
    >('query Own($code: String!, $asOf: Date) { locality(code: $code, asOf: $asOf) { name } }');
    const data = await client.request(document, { code: '536', asOf: '2023-12-31' });
    expect(data.locality?.name).toBe('Huyện Lý Sơn');
  });

  it('throws typed GraphQL errors that keep the code and the field', async () => {
    const error = await client.localities.list({ first: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    const graphQLError = error as GraphQLRequestError;
    expect(graphQLError.code).toBe('BAD_USER_INPUT');
    expect(graphQLError.errors[0]).toMatchObject({ field: 'first', code: 'BAD_USER_INPUT' });
    const yearError = (await client.indicators
      .attainment({ year: 2019, localityCode: '51' })
      .catch((e: unknown) => e)) as GraphQLRequestError;
    expect(yearError.errors[0].field).toBe('year');
  });
});

describe('transport behaviour', () => {
  /** A real HTTP peer that answers the first `failures` requests with `status`, then 200. */
  async function flakyServer(failures: number, status: number) {
    let requests = 0;
    const server = http.createServer((request, response) => {
      requests++;
      request.resume();
      request.on('end', () => {
        if (requests <= failures) {
          response.writeHead(status, { 'content-type': 'text/plain' }).end('unavailable');
        } else {
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ data: { locality: { name: 'ok' } } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      requests: () => requests,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('retries queries after a 503, with backoff', async () => {
    const server = await flakyServer(2, 503);
    try {
      const flaky = createClient({ url: server.url, retries: 2, retryDelayMs: 5 });
      const document = new TypedDocumentString<
        { locality: { name: string } },
        Record<string, never>
      >('{ locality(code: "51") { name } }');
      expect(await flaky.request(document)).toEqual({ locality: { name: 'ok' } });
      expect(server.requests()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('never retries a mutation', async () => {
    const server = await flakyServer(1, 503);
    try {
      const flaky = createClient({ url: server.url, retries: 3, retryDelayMs: 5 });
      const document = new TypedDocumentString<unknown, Record<string, never>>(
        'fragment F on Locality { name } mutation Archive { archive { ...F } }',
      );
      await expect(flaky.request(document)).rejects.toMatchObject({ status: 503 });
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('tells a network failure from a timeout from a cancellation', async () => {
    const closed = await flakyServer(0, 200);
    await closed.close();
    const unreachable = createClient({ url: closed.url, retries: 0 });
    await expect(unreachable.localities.get({ code: '51' })).rejects.toBeInstanceOf(NetworkError);

    const silent = http.createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`;
    try {
      const slow = createClient({ url, timeoutMs: 100, retries: 0 });
      await expect(slow.localities.get({ code: '51' })).rejects.toBeInstanceOf(TimeoutError);
      const controller = new AbortController();
      const pending = createClient({ url, retries: 0 }).localities.get(
        { code: '51' },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toBeInstanceOf(AbortedError);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('sends the bearer token', async () => {
    let authorization: string | undefined;
    const server = http.createServer((request, response) => {
      authorization = request.headers.authorization;
      request.resume();
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"data":{"locality":null}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      await createClient({ url, token: () => 'secret-token' }).localities.get({ code: '51' });
      expect(authorization).toBe('Bearer secret-token');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  /** A peer that records each request and answers with `answer`. */
  async function recordingServer(
    answer: (request: http.IncomingMessage) => [number, string, string],
  ) {
    const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] =
      [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        const [status, type, text] = answer(request);
        response.writeHead(status, { 'content-type': type }).end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      seen,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('sends the operation name and a request id, and every error carries that id', async () => {
    const server = await recordingServer(() => [
      502,
      'text/html',
      `<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body>${'<p>nginx</p>'.repeat(500)}</body></html>`,
    ]);
    try {
      const calls: string[] = [];
      const client = createClient({
        url: server.url,
        retries: 1,
        retryDelayMs: 1,
        hooks: {
          onRequest: (info) => void calls.push(`request ${info.operationName} ${info.attempt}`),
          onResponse: (info) => void calls.push(`response ${info.status}`),
          onError: (info) => void calls.push(`error ${info.error.name} retry=${info.willRetry}`),
        },
      });
      const error = (await client.localities
        .get({ code: '51' }, { requestId: 'support-ticket-17' })
        .catch((e: unknown) => e)) as HttpError;
      expect(error).toBeInstanceOf(HttpError);
      expect(error.status).toBe(502);
      expect(error.text).toBe('502 Bad Gateway');
      expect(error.message).toBe('HTTP 502: 502 Bad Gateway');
      expect(error.requestId).toBe('support-ticket-17');
      expect(server.seen.map((request) => request.headers['x-request-id'])).toEqual([
        'support-ticket-17',
        'support-ticket-17',
      ]);
      expect(JSON.parse(server.seen[0]!.body).operationName).toBe('GetLocality');
      expect(calls).toEqual([
        'request GetLocality 1',
        'response 502',
        'error HttpError retry=true',
        'request GetLocality 2',
        'response 502',
        'error HttpError retry=false',
      ]);
      // A generated id otherwise, a fresh one per call.
      await client.localities.get({ code: '51' }).catch(() => undefined);
      expect(server.seen[2]!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(server.seen[2]!.headers['x-request-id']).not.toBe(
        server.seen[0]!.headers['x-request-id'],
      );
      await expect(
        client.localities.get({ code: '51' }, { requestId: 'bad id\r\nx: y' }),
      ).rejects.toThrow(/requestId must be/);
    } finally {
      await server.close();
    }
  });

  it('never sends a mutation as GET, even with persisted queries on', async () => {
    const server = await recordingServer(() => [
      200,
      'application/json',
      '{"data":{"archiveTask":null,"task":null}}',
    ]);
    try {
      const client = createClient({ url: server.url, persistedQueries: true });
      await client.tasks.archive({ id: '1', version: 1 });
      await client.tasks.get({ code: 'T' });
      expect(server.seen.map((request) => request.method)).toEqual(['POST', 'GET']);
      expect(JSON.parse(server.seen[0]!.body).query).toContain('mutation ArchiveTask');
      const get = new URL(server.seen[1]!.url, server.url);
      expect(get.searchParams.get('operationName')).toBe('GetTask');
      expect(get.searchParams.has('query')).toBe(false);
      expect(JSON.parse(get.searchParams.get('extensions')!).persistedQuery.sha256Hash).toMatch(
        /^[0-9a-f]{64}$/,
      );
      expect(server.seen[1]!.headers['x-apollo-operation-name']).toBe('GetTask');
    } finally {
      await server.close();
    }
  });
});
