import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { loadConfig } from '../src/config.js';
import { ormOptions } from '../src/database/orm.js';
import { requestIdScope } from '../src/modules/common/cross-origin.js';
import { formatPlatformError } from '../src/modules/common/error-handling.js';
import { createPlatformServer } from '../src/server.js';
import { signToken, TestPlatform, testConfig, type GraphQLResponse } from './support/platform.js';
import { captureLog } from './support/log-capture.js';
import { createScratchDatabase } from './support/scratch-database.js';

let platform: TestPlatform;
let analyst: string;

beforeAll(async () => {
  platform = await TestPlatform.start();
  analyst = await signToken({ role: 'ANALYST', sub: 'errors-analyst' });
});
afterAll(async () => {
  await platform?.stop();
});

/** What a response must never carry: SQL, driver text, table names, stack frames. */
const LEAK =
  /select |relation |violates|constraint|pg_|postgres|stacktrace|\bat .*\.(ts|js):\d+|locality_moved/i;

const DEVELOPMENT = testConfig();
const PRODUCTION = testConfig({
  production: true,
  introspection: false,
  landingPage: false,
  explorer: false,
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('server faults', () => {
  it('never show SQL, driver text or a stack, in any profile: a code, a message and a request id', async () => {
    const scratch = await createScratchDatabase('faults');
    const moved = new pg.Client({ connectionString: scratch.url });
    await moved.connect();
    await moved.query('alter table locality rename to locality_moved');
    await moved.end();
    const log = captureLog();
    try {
      for (const [profile, config] of [
        ['development', DEVELOPMENT],
        ['production', PRODUCTION],
      ] as const) {
        const server = await TestPlatform.start(scratch.url, config);
        try {
          const response = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ localities { totalCount } }' }),
          });
          const body = (await response.json()) as GraphQLResponse;
          const [error] = body.errors!;
          expect(error, profile).toMatchObject({
            message: 'Internal server error',
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
          });
          expect(JSON.stringify(body), profile).not.toMatch(LEAK);
          const requestId = error.extensions!.requestId as string;
          expect(response.headers.get('x-request-id'), profile).toBe(requestId);
          // The details are in the log, under the same id.
          const logged = log.text();
          expect(logged, profile).toContain(requestId);
          expect(logged, profile).toMatch(/locality/);
        } finally {
          await server.stop();
        }
      }
    } finally {
      log.restore();
      await scratch.drop();
    }
  });

  it('answer a document whose operation cannot be chosen with 400 and the reason, not a fault', async () => {
    const log = captureLog();
    try {
      const asked = [
        { body: { query: 'query A { __typename } query B { __typename }' }, why: /operation name/ },
        { body: { query: 'query A { __typename }', operationName: 'Nope' }, why: /"Nope"/ },
      ];
      for (const { body, why } of asked) {
        const response = await fetch(platform.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': 'no-operation-1' },
          body: JSON.stringify(body),
        });
        expect(response.status, body.query).toBe(400);
        const [error] = ((await response.json()) as GraphQLResponse).errors!;
        expect(error.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
        expect(error.message).toMatch(why);
      }
      const get = await fetch(
        `${platform.url}?query=${encodeURIComponent('query A { __typename }')}&operationName=Zed`,
        { headers: { 'apollo-require-preflight': '1' } },
      );
      expect(get.status).toBe(400);
      expect(log.text()).not.toMatch(/server fault|Unexpected error/);
    } finally {
      log.restore();
    }
  });

  it('give a fault Apollo reports as a new error the id of the request being handled', async () => {
    // Apollo answers an exception of a plugin hook with an error of its own, which no hook of the
    // request has seen; its id must still be the request's, as in the response header and log.
    const log = captureLog();
    try {
      const formatted = await new Promise<GraphQLFormattedError>((resolve) => {
        const request = { headers: { 'x-request-id': 'fault-in-hook-7' } } as unknown as Request;
        requestIdScope(request, {} as Response, () =>
          setImmediate(() =>
            resolve(
              formatPlatformError(
                { message: 'Internal server error' },
                new Error('Internal server error'),
              ),
            ),
          ),
        );
      });
      expect(formatted.extensions).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        requestId: 'fault-in-hook-7',
      });
      expect(log.text()).toContain('fault-in-hook-7');
    } finally {
      log.restore();
    }
  });

  it('keep field-naming constraint errors without the server text of the constraint', async () => {
    const result = await platform.query(
      `mutation { createAgency(input: { code: "QNG-SNV", kind: DEPARTMENT, localityCode: "51", nameEn: "Duplicate", nameVi: "Trùng" }) { id } }`,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'code',
      reason: 'is already taken',
    });
    expect(JSON.stringify(result)).not.toMatch(LEAK);
  });
});

describe("our own triggers' messages", () => {
  it('reach the caller without the statement or internal ids', async () => {
    const editor = await signToken({ role: 'EDITOR', sub: 'errors-editor-529', scope: '529' });
    const communes = await platform.sql<{ id: number; code: string; version: number }>(
      `select l.id, l.code, l.version from locality l join locality scope on scope.code = '529'
        where l.level = 'COMMUNE' and l.archived_at is null and l.valid_from is null
          and l.path like scope.path || '%'
          and not exists (select 1 from locality n where n.code = l.code and n.id <> l.id)
        order by l.code limit 2`,
    );
    expect(communes).toHaveLength(2);
    const [moved, parent] = communes;
    const answers = [
      await platform.query(
        `mutation ($id: ID!, $version: Int!, $parent: String!) {
           updateLocality(id: $id, version: $version, input: { parentCode: $parent }) { id } }`,
        { id: String(moved.id), version: moved.version, parent: parent.code },
        { token: editor },
      ),
      await platform.query(
        `mutation ($parent: String!) {
           createLocality(input: { code: "${parent.code.slice(0, 3)}99", name: "Xã Thử", shortName: "Thử",
             level: COMMUNE, type: COMMUNE, parentCode: $parent, validTo: "2025-07-01", source: "test" }) { id } }`,
        { parent: parent.code },
        { token: editor },
      ),
    ];
    for (const answer of answers) {
      const extensions = answer.errors?.[0].extensions as { code: string; reason: string };
      expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentCode' });
      expect(extensions.reason).toMatch(/cannot belong to a COMMUNE/);
      const text = JSON.stringify(answer);
      expect(extensions.reason).not.toMatch(/["$]/);
      expect(text).not.toMatch(/\b(update|insert|returning|values|where)\b|\$1|parent_id/i);
      expect(text).not.toMatch(new RegExp(`\\b(${moved.id}|${parent.id})\\b`));
      expect(text).not.toMatch(LEAK);
    }
  });
});

describe('CSV files PostgreSQL cannot read', () => {
  it("are described in the platform's words, not the server's", async () => {
    const header =
      'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';
    for (const [csv, reason] of [
      [`${header}\nMT1.1,51,2023,1,,,,,,x,extra`, 'more fields than the header'],
      [`${header}\nMT1.1,51,2023`, 'fewer fields than the header'],
      [`${header}\nMT1.1,51,2023,1,,,,,,"open`, 'a quoted field is not closed'],
    ]) {
      const result = await platform.query(
        `mutation ($csv: String!) { importRecords(kind: INDICATOR_VALUES, csv: $csv) { applied problems { line column reason } } }`,
        { csv },
      );
      const [problem] = result.data!.importRecords.problems;
      expect(result.data!.importRecords.applied).toBe(false);
      expect(problem.reason).toBe(`cannot be read as CSV: ${reason}`);
      expect(JSON.stringify(result)).not.toMatch(/extra data|missing data|unterminated|COPY/);
    }
  });
});

describe('NUL bytes', () => {
  const cases: [string, string, Record<string, unknown> | undefined, string][] = [
    [
      'search literal',
      '{ localities(filter: { search: "a\\u0000b" }) { totalCount } }',
      undefined,
      'filter.search',
    ],
    ['code literal', '{ locality(code: "51\\u0000") { code } }', undefined, 'code'],
    ['indicator code', '{ indicator(code: "MT1.1\\u0000") { code } }', undefined, 'code'],
    ['variable', 'query ($c: String) { agency(code: $c) { code } }', { c: '\u0000' }, 'code'],
    [
      'nested variable',
      'query ($f: OfficialFilter) { officials(filter: $f) { totalCount } }',
      { f: { ethnicities: ['Kinh', 'H\u0000rê'] } },
      'filter.ethnicities[1]',
    ],
    [
      'default argument',
      '{ goals(strategyCode: "NQ28\\u0000") { code } }',
      undefined,
      'strategyCode',
    ],
    [
      'mutation input',
      'mutation ($n: String!) { createAgency(input: { code: "QNG-NUL", kind: DEPARTMENT, localityCode: "51", nameEn: $n, nameVi: "x" }) { id } }',
      { n: 'evil\u0000' },
      'input.nameEn',
    ],
  ];

  it.each(cases)(
    'are BAD_USER_INPUT naming the field (%s), before any SQL',
    async (_, query, variables, field) => {
      let result: Awaited<ReturnType<typeof platform.query>> | undefined;
      const statements = await platform.countStatements(async () => {
        result = await platform.query(query, variables, { token: analyst });
      });
      expect(result!.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result!.status).toBe(400);
      expect(statements).toBe(0);
    },
  );
});

describe('text PostgreSQL would store changed', () => {
  it.each([
    ['a lone high surrogate in a variable', { n: 'Ng\ud800uyen' }],
    ['a lone low surrogate in a variable', { n: 'Ng\udc00uyen' }],
    ['two halves in the wrong order', { n: '\udc00\ud800' }],
  ])('is BAD_USER_INPUT naming the field, before any SQL: %s', async (_, variables) => {
    const query =
      'mutation ($n: String!) { createAgency(input: { code: "QNG-HALF", kind: DEPARTMENT, localityCode: "51", nameEn: $n, nameVi: "x" }) { id } }';
    let result: Awaited<ReturnType<typeof platform.query>> | undefined;
    const statements = await platform.countStatements(async () => {
      result = await platform.query(query, variables, { token: platform.adminToken });
    });
    expect(result!.status).toBe(400);
    expect(result!.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.nameEn',
      reason: expect.stringMatching(/surrogate/),
    });
    expect(statements).toBe(0);
  });

  it('keeps a whole surrogate pair, a character outside the basic plane', async () => {
    const result = await platform.query(
      '{ localities(filter: { search: "\ud83c\udf3e lúa" }) { totalCount } }',
      undefined,
      { token: analyst },
    );
    expect(result.errors).toBeUndefined();
  });

  it('refuses a body that is not UTF-8 (a CSV file in Latin-1) instead of storing U+FFFD', async () => {
    const before = await platform.fingerprint();
    const json = JSON.stringify({
      query:
        'mutation ($csv: String!) { importRecords(kind: INDICATOR_VALUES, csv: $csv) { applied } }',
      variables: {
        csv: 'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source\nMT2.1,51,2024,40,,,,,NOTE,x',
      },
    });
    const [head, tail] = json.split('NOTE');
    const body = Buffer.concat([
      Buffer.from(head!),
      Buffer.from([0x58, 0xe9, 0xff, 0x59]),
      Buffer.from(tail!),
    ]);
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${platform.adminToken}`,
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [
        { message: 'The request body is not UTF-8 text', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
    expect(await platform.fingerprint()).toBe(before);
  });
});

describe('explicit nulls in reads', () => {
  it('mean the same as leaving the argument or input field out', async () => {
    for (const [query, variables] of [
      ['{ agencies(filter: null, first: null) { totalCount } }', undefined],
      ['{ localities(filter: { search: null, within: null }) { totalCount } }', undefined],
      [
        'query ($f: OfficialFilter, $o: OfficialOrder) { officials(filter: $f, orderBy: $o) { totalCount } }',
        { f: { sex: null, ethnicities: null }, o: null },
      ],
      ['{ locality(code: "51") { children(filter: null) { totalCount } } }', undefined],
    ] as const) {
      // Lists of officials need personal access, which an analyst lacks.
      const token = query.includes('officials(') ? platform.adminToken : analyst;
      const result = await platform.query(query, variables, { token });
      expect(result.errors, query).toBeUndefined();
    }
  });
});

describe('the Date scalar', () => {
  const coverage = (asOf: string) =>
    `{ keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "${asOf}") { units } }`;

  it('accepts real calendar days in range', async () => {
    for (const day of ['2024-02-29', '1900-01-01', '2199-12-31']) {
      const result = await platform.query(coverage(day));
      expect(result.errors, day).toBeUndefined();
    }
  });

  it('refuses impossible or out-of-range days, naming the field, before any SQL', async () => {
    for (const day of [
      '0000-01-01',
      '2023-02-30',
      '2023-13-01',
      '1899-12-31',
      '2200-01-01',
      '2023-2-1',
      '2023-02-28T00:00:00Z',
    ]) {
      let literal: Awaited<ReturnType<typeof platform.query>> | undefined;
      let variable: Awaited<ReturnType<typeof platform.query>> | undefined;
      let nested: Awaited<ReturnType<typeof platform.query>> | undefined;
      const statements = await platform.countStatements(async () => {
        literal = await platform.query(coverage(day));
        variable = await platform.query(
          'query ($d: Date!) { keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: $d) { units } }',
          { d: day },
        );
        nested = await platform.query(
          `{ officials(filter: { activeOn: "${day}" }) { totalCount } }`,
        );
      });
      expect(literal!.errors?.[0].extensions, day).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'asOf',
      });
      expect(variable!.errors?.[0].extensions, day).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'd',
      });
      expect(nested!.errors?.[0].extensions, day).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'filter.activeOn',
      });
      for (const result of [literal, variable, nested]) expect(result!.status, day).toBe(400);
      expect(statements, day).toBe(0);
    }
  });
});

/**
 * A scratch database served by a platform of its own, with a connection of the test's own that
 * can lock the localities, as a long write would, and the log captured; all undone after `run`.
 */
async function withBusyDatabase(
  label: string,
  config: ReturnType<typeof testConfig>,
  run: (busy: {
    server: TestPlatform;
    locker: pg.Client;
    lockLocalities: () => Promise<void>;
    log: ReturnType<typeof captureLog>;
  }) => Promise<void>,
): Promise<void> {
  const scratch = await createScratchDatabase(label);
  const server = await TestPlatform.start(scratch.url, config);
  const locker = new pg.Client({ connectionString: scratch.url });
  await locker.connect();
  const log = captureLog();
  const lockLocalities = async () => {
    await locker.query('begin');
    await locker.query('lock table locality in access exclusive mode');
  };
  try {
    await run({ server, locker, lockLocalities, log });
  } finally {
    log.restore();
    await locker.query('rollback').catch(() => {});
    await locker.end();
    await server.stop();
    await scratch.drop();
  }
}

describe('HTTP status of refusals', () => {
  it('answers a query over the cost limit with 400', async () => {
    const small = await TestPlatform.start(
      undefined,
      testConfig({ limits: { ...loadConfig({}).limits, maxCost: 20 } }),
    );
    try {
      const result = await small.query('{ localities(first: 50) { nodes { code } } }');
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
      expect(result.status).toBe(400);
    } finally {
      await small.stop();
    }
  });

  it('answers 503 with Retry-After when PostgreSQL does not answer at all', async () => {
    const log = captureLog();
    // As when PostgreSQL stopped: nothing listens on its port. The pool connects on first use.
    const orm = MikroORM.initSync(
      ormOptions(`postgres://postgres@127.0.0.1:${await closedPort()}/nothing`),
    );
    const down = await createPlatformServer(orm, DEVELOPMENT);
    const url = await down.listen(0);
    try {
      for (const headers of [
        {} as Record<string, string>,
        { 'x-api-key': `bd_01234567_${'a'.repeat(32)}` },
      ]) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ localities { totalCount } }' }),
        });
        const body = (await response.json()) as GraphQLResponse;
        expect(response.status).toBe(503);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(body.errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');
        expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/);
      }
    } finally {
      log.restore();
      await down.stop();
      await orm.close(true);
    }
  });

  it('answers 503 with Retry-After when the database terminates the connection mid-request', async () => {
    await withBusyDatabase(
      'terminated',
      DEVELOPMENT,
      async ({ server, locker, lockLocalities }) => {
        await lockLocalities();
        const pending = server.query('{ localities { totalCount } }');
        // Wait until the request's statement waits on the lock, then cut its connection.
        let waiting: { pid: number }[] = [];
        for (let attempt = 0; attempt < 100 && waiting.length === 0; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          ({ rows: waiting } = await locker.query<{ pid: number }>(
            `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          ));
        }
        expect(waiting.length).toBeGreaterThan(0);
        await locker.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where pid = any($1)',
          [waiting.map((row) => row.pid)],
        );
        const result = await pending;
        expect(result.status).toBe(503);
        expect(result.errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');
        expect(JSON.stringify(result)).not.toMatch(/terminat|administrator/i);
      },
    );
  });

  it('answers 503 QUERY_TIMEOUT when a read runs out of time, as no fault, a repeat as a new read', async () => {
    const config = testConfig({ limits: { ...DEVELOPMENT.limits, statementTimeoutMs: 500 } });
    await withBusyDatabase('timeout', config, async ({ server, lockLocalities, log }) => {
      const read = (first: number) =>
        `{ localities(first: ${first}) { nodes { code positions { title official { id } } } } }`;
      // Answered once, so that its repeat is answered before Apollo.
      expect((await server.query(read(3))).status).toBe(200);
      // A lock held elsewhere stands for a database too busy to answer in time.
      await lockLocalities();
      // A token whose scope the server has not seen: it is looked up while the caller is
      // identified, before any read.
      const editor = await signToken({ role: 'EDITOR', scope: '51', sub: 'timeout-editor' });
      const identifying = await server.query('{ __typename }', undefined, { token: editor });
      expect(identifying.status).toBe(503);
      expect(identifying.errors?.[0].extensions?.code).toBe('QUERY_TIMEOUT');
      // The repeat, answered before Apollo, then a new read: each told the same.
      for (const first of [3, 4]) {
        const result = await server.query(read(first));
        expect(result.status, `first: ${first}`).toBe(503);
        expect(result.errors?.[0].extensions?.code, `first: ${first}`).toBe('QUERY_TIMEOUT');
        expect(result.errors?.[0].message).toMatch(/STATEMENT_TIMEOUT_MS/);
      }
      expect(log.lines.filter((line) => String(line.msg).startsWith('server fault'))).toEqual([]);
    });
  });

  it('answers malformed and oversized bodies and unknown paths in JSON, in every profile', async () => {
    for (const [profile, config] of [
      ['development', DEVELOPMENT],
      ['production', PRODUCTION],
    ] as const) {
      const server = await TestPlatform.start(undefined, config);
      try {
        const send = (body: string, path = '') =>
          fetch(server.url + path, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
        for (const [what, response, status] of [
          ['malformed', await send('{"query": "{ __typename }"'), 400],
          ['oversized', await send(JSON.stringify({ query: 'x'.repeat(9 * 1024 * 1024) })), 413],
          ['unknown path', await send('{}', '/../nowhere'), 404],
        ] as const) {
          const text = await response.text();
          expect(response.status, `${profile} ${what}`).toBe(status);
          expect(response.headers.get('content-type'), `${profile} ${what}`).toMatch(/json/);
          expect(text, `${profile} ${what}`).not.toMatch(
            /<html|<pre|SyntaxError|node_modules|:\d+:\d+\)/i,
          );
          expect(JSON.parse(text).errors[0].extensions.code, `${profile} ${what}`).toEqual(
            expect.any(String),
          );
        }
      } finally {
        await server.stop();
      }
    }
  });
});

describe('terminal safety of the command line', () => {
  it('prints control characters of a malicious CSV escaped, never raw', async () => {
    const cli = path.resolve(import.meta.dirname, '../dist/cli/index.js');
    const file = path.join(os.tmpdir(), `binh-dang-escapes-${process.pid}.csv`);
    const header =
      'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';
    const rows = [
      // Sets the window title, rings the bell, clears the screen, homes the cursor.
      'MT1.1\x1b]0;owned\x07,\x1b[2J\x1b[H51,2023,1,,,,,,csv',
      // A one-byte C1 CSI, DEL, a right-to-left override and a hyperlink sequence.
      'MT1.1,51,20\x7f23,1,,,,,,csv',
      '\x9b31mMT1.1,\u202e15,2023,1,,,,,,\x1b]8;;http://evil.example\x1b\\',
    ];
    fs.writeFileSync(file, [header, ...rows].join('\n'));
    try {
      const result = await promisify(execFile)(
        process.execPath,
        [cli, 'import', 'indicator-values', file],
        { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } },
      ).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      const printed = result.stdout + result.stderr;
      expect(printed).toContain('Rejected:');
      // Only line breaks and the progress bar's carriage return reach the terminal raw.
      expect(printed).not.toMatch(
        // eslint-disable-next-line no-control-regex -- looking for control characters
        /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
      );
      expect(printed).toContain('MT1.1\\x1b]0;owned\\x07');
      expect(printed).toContain('\\u202e15');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
