// type-graphql's decorators need the metadata polyfill before the first schema module loads.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { buildSchema, isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiKey, revokeApiKey } from '../src/modules/auth/api-keys.js';
import { Role } from '../src/modules/auth/viewer.js';
import { operationCost } from '../src/modules/limits/query-limits.js';
import { buildPlatformSchema } from '../src/schema.js';
import { captureLog } from './support/log-capture.js';
import {
  foldChangesEvery,
  NEVER_CACHED_TYPES,
  TYPE_DOMAINS,
} from '../src/modules/cache/response-cache.js';
import { ResponseStore, type StoredResponse } from '../src/modules/cache/response-store.js';
import { signToken, testConfig, TestPlatform } from './support/platform.js';
import { createSeededDatabase } from './support/scratch-database.js';

/**
 * The server-side cache of aggregate answers: a repeat is served without computing, a write by
 * any path is seen by the next read, and no caller ever gets an answer meant for another
 * visibility class. On a seeded database of its own: the tests write.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
let platform: TestPlatform;
/** Two more instances on the same database sharing one Redis. */
let sharedA: TestPlatform;
let sharedB: TestPlatform;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  scratch = await createSeededDatabase('response_cache');
  platform = await TestPlatform.start(scratch.url);
  sharedA = await TestPlatform.start(scratch.url, testConfig({ redisUrl: REDIS_URL }));
  sharedB = await TestPlatform.start(scratch.url, testConfig({ redisUrl: REDIS_URL }));
  tokens.admin = platform.adminToken;
  tokens.anonymous = '';
  tokens.analyst = await signToken({ role: 'ANALYST', sub: 'analyst@test' });
  tokens.sonHa = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha@test' });
  tokens.otherDistrict = await signToken({ role: 'EDITOR', scope: '525', sub: 'other@test' });
  tokens.province = await signToken({ role: 'EDITOR', scope: '51', sub: 'province@test' });
}, 120_000);
afterAll(async () => {
  await sharedA?.stop();
  await sharedB?.stop();
  await platform?.stop();
  await scratch?.drop();
});

const BREAKDOWN = `query ($within: String) {
  officialsBreakdown(groupBy: [SEX], filter: { within: $within }, options: { asOf: "2024-06-01" }) {
    total perturbed groups { sex count }
  }
}`;
const ATTAINMENT = `{ indicatorAttainment(year: 2024, localityCode: "529") { tracked met noData } }`;

/**
 * SQL statements through the ORM of a repeat answered before Apollo: none (its one read of the
 * generations goes straight to a pooled connection). A repeat that reaches Apollo reads the
 * generations through the ORM (1); computing an answer takes more.
 */
const HIT = 0;
const HIT_IN_APOLLO = 1;

/** Runs `query` and says how many SQL statements it took through the ORM. */
async function timed(
  on: TestPlatform,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let result!: Awaited<ReturnType<TestPlatform['query']>> & { data?: Record<string, any> };
  const statements = await on.countStatements(async () => {
    result = await on.query(query, variables, { token });
  });
  return { result, statements };
}

async function mutate(query: string, variables: Record<string, unknown>, token = tokens.admin) {
  const result = await platform.query(query, variables, { token });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function addWoman(onPlatform = platform) {
  const data = await onPlatform.data(
    `mutation ($input: CreateOfficialInput!) { createOfficial(input: $input) { id version } }`,
    {
      input: {
        fullName: 'Đinh Thị Cache',
        sex: 'FEMALE',
        ethnicity: 'Hrê',
        homeLocalityCode: '529',
      },
    },
  );
  return data.createOfficial as { id: string; version: number };
}

describe('answers reaching past the aggregate', () => {
  const NESTED = `{ indicatorAttainment(year: 2024, localityCode: "529") {
    tracked locality { officials(first: 500) { nodes { id fullName } } }
  } }`;

  it('see a write to a nested row at once, and stop showing a person who left the scope', async () => {
    const read = async () => {
      const { result, statements } = await timed(platform, NESTED, {}, tokens.sonHa);
      expect(result.errors).toBeUndefined();
      const people = result.data!.indicatorAttainment.locality.officials.nodes as {
        id: string;
        fullName: string;
      }[];
      return { people, statements };
    };
    const woman = await addWoman();
    const first = await read();
    expect(first.people.map((person) => person.id)).toContain(woman.id);
    expect((await read()).statements).toBe(HIT); // kept
    await mutate(
      `mutation ($id: ID!, $v: Int!) { updateOfficial(id: $id, version: $v,
         input: { homeLocalityCode: "525", fullName: "Đinh Thị Moved" }) { version } }`,
      { id: woman.id, v: woman.version },
    );
    const after = await read();
    expect(after.statements).toBeGreaterThan(1);
    expect(after.people.map((person) => person.id)).not.toContain(woman.id);
    expect(JSON.stringify(after.people)).not.toContain('Moved');
  });

  it('are never kept when they reach a type no generation follows (tasks, the audit trail)', async () => {
    const TASKS = `{ indicatorAttainment(year: 2024, localityCode: "529") {
      tracked locality { officials(first: 1) { nodes { positions { agency { ...Later } } } } }
    } }
    fragment Later on Agency { nameVi tasks { title } }`;
    // Reached through a fragment, deep down, Task still counts.
    const first = await timed(platform, TASKS, {}, tokens.admin);
    expect(first.result.errors).toBeUndefined();
    expect((await timed(platform, TASKS, {}, tokens.admin)).statements).toBeGreaterThan(1);
  });

  it('map every object type of the schema to its domains, or name it as never cached', () => {
    const contract = buildSchema(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../schema/schema.graphql'), 'utf8'),
    );
    const objectTypes = Object.values(contract.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .map((type) => type.name);
    const unmapped = objectTypes.filter((name) => !(name in TYPE_DOMAINS)).sort();
    expect(unmapped).toEqual(NEVER_CACHED_TYPES.slice().sort());
    for (const name of Object.keys(TYPE_DOMAINS)) expect(objectTypes).toContain(name);
  });
});

describe('the response cache', () => {
  it('answers a repeat without computing it, with the same answer and Cache-Control', async () => {
    const first = await timed(platform, BREAKDOWN, { within: '529' });
    expect(first.result.errors).toBeUndefined();
    expect(first.statements).toBeGreaterThan(1);
    const again = await timed(platform, BREAKDOWN, { within: '529' });
    expect(again.statements).toBe(HIT);
    expect(again.result.data).toEqual(first.result.data);

    const headers = async () =>
      (
        await fetch(platform.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: ATTAINMENT }),
        })
      ).headers.get('cache-control');
    expect(await headers()).toBe('max-age=300, public');
    // Served from the cache, it says no more than what is left of the answer's max-age.
    expect(await headers()).toMatch(/^max-age=(300|299|298), public$/);
    const credentialed = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}` },
      body: JSON.stringify({ query: ATTAINMENT }),
    });
    // Credentialed answers are kept by no shared cache, from the cache as when computed.
    expect(credentialed.headers.get('cache-control')).toBe('no-store');
  });

  it('sees every write before the mutation returns: create, update and archive of officials and posts', async () => {
    const read = async () => (await platform.data(BREAKDOWN, { within: '529' })).officialsBreakdown;
    const before = await read();
    expect(await read()).toEqual(before);
    const woman = await addWoman();
    const afterCreate = await read();
    expect(afterCreate.total).toBe(before.total + 1);

    const post = await mutate(
      `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { id version } }`,
      {
        input: {
          officialId: woman.id,
          localityCode: '529',
          title: 'Phó Chủ tịch',
          organisationKind: 'PEOPLES_COMMITTEE',
          isKeyLeadership: true,
          startDate: '2020-01-01',
        },
      },
    );
    const keyLeaders = `{ officialsBreakdown(groupBy: [KEY_LEADERSHIP], filter: { within: "529" }, options: { asOf: "2024-06-01" }) { groups { keyLeadership count } } }`;
    const keyCount = async () =>
      (await platform.data(keyLeaders)).officialsBreakdown.groups.find(
        (group: { keyLeadership: boolean }) => group.keyLeadership,
      )?.count ?? 0;
    const keyBefore = await keyCount();
    await mutate(
      `mutation ($id: ID!, $v: Int!) { updatePosition(id: $id, version: $v, input: { isKeyLeadership: false }) { version } }`,
      { id: post.createPosition.id, v: post.createPosition.version },
    );
    expect(await keyCount()).toBe(keyBefore - 1);

    const updated = await mutate(
      `mutation ($id: ID!, $v: Int!) { updateOfficial(id: $id, version: $v, input: { sex: MALE }) { version } }`,
      { id: woman.id, v: woman.version },
    );
    const sexes = (table: { groups: { sex: string; count: number }[] }) =>
      Object.fromEntries(table.groups.map((group) => [group.sex, group.count]));
    const afterUpdate = await read();
    expect(sexes(afterUpdate).MALE).toBe(sexes(afterCreate).MALE + 1);

    await mutate(
      `mutation ($id: ID!, $v: Int!) { archiveOfficial(id: $id, version: $v) { version } }`,
      { id: woman.id, v: updated.updateOfficial.version },
    );
    expect((await read()).total).toBe(before.total);
  });

  it('sees reports and approvals of indicator values, and imports through the API and the command line', async () => {
    const attainment = async () => (await platform.data(ATTAINMENT)).indicatorAttainment;
    const before = await attainment();
    expect((await timed(platform, ATTAINMENT)).statements).toBe(HIT);
    const reported = await mutate(
      `mutation ($input: ReportIndicatorValueInput!) { reportIndicatorValue(input: $input) { id version } }`,
      {
        input: {
          indicatorCode: 'MT6.1',
          localityCode: '529',
          year: 2024,
          value: 70,
          target: 60,
          numerator: 70,
          denominator: 100,
        },
      },
      tokens.sonHa,
    );
    const { id } = reported.reportIndicatorValue;
    await mutate(
      `mutation ($id: ID!) { submitIndicatorValue(id: $id, version: 1) { version } }`,
      { id },
      tokens.sonHa,
    );
    expect(await attainment()).toEqual(before);
    await mutate(
      `mutation ($id: ID!) { approveIndicatorValue(id: $id, version: 2) { version } }`,
      { id },
      tokens.province,
    );
    const approved = await attainment();
    expect(approved.met).toBe(before.met + 1);
    expect(approved.noData).toBe(before.noData - 1);

    // An import through the API: the approved value, imported again, is a draft once more.
    const header =
      'indicator_code,locality_code,year,value,numerator,denominator,disaggregation,target,note,source';
    const imported = await mutate(
      `mutation ($csv: String!) { importRecords(kind: INDICATOR_VALUES, csv: $csv) { applied } }`,
      { csv: `${header}\nMT6.1,529,2024,71,71,100,,60,,cache test` },
    );
    expect(imported.importRecords.applied).toBe(true);
    expect(await attainment()).toEqual(before);

    // An import from the command line, another process: the running server sees it too.
    const breakdown = async () =>
      (await platform.data(BREAKDOWN, { within: '529' })).officialsBreakdown.total;
    const totalBefore = await breakdown();
    expect((await timed(platform, BREAKDOWN, { within: '529' })).statements).toBe(HIT);
    const server = path.resolve(import.meta.dirname, '..');
    const file = path.join(os.tmpdir(), `binh-dang-cache-${process.pid}.csv`);
    fs.writeFileSync(
      file,
      'reference,full_name,sex,birth_year,ethnicity,home_locality_code,position_title,organisation_kind,position_locality_code,agency_code,is_key_leadership,start_date,end_date\n' +
        'CACHE-1,Đinh Văn Dòng Lệnh,MALE,1980,Hrê,529,,,,,,,',
    );
    try {
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(server, 'src/cli/index.ts'), 'import', 'officials', file],
        {
          cwd: path.resolve(server, '../..'),
          env: {
            ...process.env,
            DATABASE_URL: scratch.url,
            TSX_TSCONFIG_PATH: path.join(server, 'tsconfig.json'),
          },
        },
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(await breakdown()).toBe(totalBefore + 1);
  }, 60_000);

  it('keeps serving from the cache after a write that failed and left nothing', async () => {
    await platform.data(BREAKDOWN, { within: '529' });
    expect((await timed(platform, BREAKDOWN, { within: '529' })).statements).toBe(HIT);
    // A post for an official that does not exist: refused, the transaction rolled back.
    const refused = await platform.query(
      `mutation ($input: CreatePositionInput!) { createPosition(input: $input) { id } }`,
      {
        input: {
          officialId: '999999999',
          localityCode: '529',
          title: 'Không có',
          organisationKind: 'PEOPLES_COMMITTEE',
          isKeyLeadership: true,
          startDate: '2020-01-01',
        },
      },
    );
    expect(refused.errors).toBeDefined();
    expect((await timed(platform, BREAKDOWN, { within: '529' })).statements).toBe(HIT);
  });

  it('keeps every answer when changes are folded into the totals', async () => {
    await addWoman();
    await platform.data(BREAKDOWN, { within: '529' });
    expect((await timed(platform, BREAKDOWN, { within: '529' })).statements).toBe(HIT);
    const [{ n }] = await platform.sql<{ n: string }>(
      'select count(*) as n from data_generation_change',
    );
    expect(Number(n)).toBeGreaterThan(0);
    await platform.sql('select data_generation_fold()');
    const [{ left }] = await platform.sql<{ left: string }>(
      'select count(*) as left from data_generation_change',
    );
    expect(Number(left)).toBe(0);
    expect((await timed(platform, BREAKDOWN, { within: '529' })).statements).toBe(HIT);
  });

  it('keeps nothing for a domain whose generation is missing', async () => {
    const query = `{ officialsBreakdown(groupBy: [SEX], filter: { within: "525" }, options: { asOf: "2024-06-01" }) { total } }`;
    const [saved] = await platform.sql<{ generation: string }>(
      `delete from data_generation where domain = 'people' returning generation::text`,
    );
    try {
      for (let i = 0; i < 2; i++) {
        expect((await timed(platform, query)).statements).toBeGreaterThan(1);
      }
    } finally {
      await platform.sql(`insert into data_generation (domain, generation) values ('people', ?)`, [
        saved.generation,
      ]);
    }
  });

  it('folds changes on its own, whether or not answers are read', async () => {
    await platform.sql(
      'update official set full_name = full_name where id = (select min(id) from official)',
    );
    const pending = async () =>
      Number(
        (await platform.sql<{ n: string }>('select count(*) as n from data_generation_change'))[0]
          .n,
      );
    expect(await pending()).toBeGreaterThan(0);
    const stop = foldChangesEvery(platform.orm.em.fork(), 20);
    try {
      await expect.poll(pending, { timeout: 10_000, interval: 50 }).toBe(0);
    } finally {
      stop();
    }
  });

  it('lets writers of one domain commit while another transaction writing it is still open', async () => {
    const open = await platform.orm.em.getKnex().transaction();
    try {
      await open.raw(
        `update official set full_name = full_name where id = (select min(id) from official)`,
      );
      // Were writers to queue behind one another, this would wait for the open transaction.
      await platform.sql(`do $$ begin
          set local lock_timeout = '2s';
          update official set full_name = full_name where id = (select max(id) from official);
        end $$`);
    } finally {
      await open.rollback();
    }
  });

  it('is shared through Redis: a second instance answers from what the first computed, and sees a write made through the first', async () => {
    const query = `query ($within: String) { officialsBreakdown(groupBy: [SEX, LOCALITY_LEVEL], filter: { within: $within }, options: { asOf: "2024-06-01" }) { total } }`;
    const first = await timed(sharedA, query, { within: '529' });
    expect(first.statements).toBeGreaterThan(1);
    // The first repeat an instance sees of a document goes through Apollo, which learns that the
    // document is cached; later ones are answered before it.
    const second = await timed(sharedB, query, { within: '529' });
    expect(second.statements).toBe(HIT_IN_APOLLO);
    expect(second.result.data).toEqual(first.result.data);
    expect((await timed(sharedB, query, { within: '529' })).statements).toBe(HIT);

    await addWoman(sharedA);
    const afterWrite = await timed(sharedB, query, { within: '529' });
    expect(afterWrite.statements).toBeGreaterThan(1);
    expect(afterWrite.result.data!.officialsBreakdown.total).toBe(
      first.result.data!.officialsBreakdown.total + 1,
    );
    expect((await sharedA.data(query, { within: '529' })).officialsBreakdown.total).toBe(
      afterWrite.result.data!.officialsBreakdown.total,
    );
  });
});

describe('the response cache under attack', () => {
  it("never gives an anonymous caller or an analyst an ADMIN's exact table", async () => {
    const query = `{ officialsBreakdown(groupBy: [LOCALITY], filter: { within: "51" }, options: { asOf: "2024-06-01" }) { total perturbed groups { count } } }`;
    const exact = (await platform.data(query, {}, { token: tokens.admin })).officialsBreakdown;
    expect(exact.perturbed).toBe(false);
    for (const token of [tokens.anonymous, tokens.analyst]) {
      const table = (await platform.data(query, {}, { token })).officialsBreakdown;
      expect(table.perturbed).toBe(true);
    }
  });

  it("never gives an editor of one district another district's exact table", async () => {
    const exact = (await platform.data(BREAKDOWN, { within: '529' }, { token: tokens.sonHa }))
      .officialsBreakdown;
    expect(exact.perturbed).toBe(false);
    const other = (
      await platform.data(BREAKDOWN, { within: '529' }, { token: tokens.otherDistrict })
    ).officialsBreakdown;
    expect(other.perturbed).toBe(true);
  });

  it('caches no refused or erroneous answer', async () => {
    const personal = `{ officialsBreakdown(groupBy: [ETHNICITY]) { total } }`;
    // An ADMIN's answer is cached, but an anonymous caller is refused every time, computing.
    expect((await platform.query(personal)).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const { result } = await timed(platform, personal, undefined, tokens.anonymous);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const wrong = `{ indicatorRollup(indicatorCode: "MT6.1", localityCode: "NOPE", year: 2024) { value } }`;
    for (let i = 0; i < 2; i++) {
      const { result, statements } = await timed(platform, wrong);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(statements).toBeGreaterThan(1);
    }
  });

  it('keys on the authenticated caller, never on headers the caller writes', async () => {
    const query = `{ officialsBreakdown(groupBy: [SEX], filter: { within: "51" }, options: { asOf: "2024-06-01" }) { total perturbed } }`;
    const exact = (await platform.data(query)).officialsBreakdown;
    expect(exact.perturbed).toBe(false);
    // Headers a caller controls do not lead to the ADMIN's entry, nor to an entry of their own.
    const forged = {
      'x-forwarded-for': '10.0.0.1',
      'x-role': 'ADMIN',
      'x-scope': '51',
      'apollographql-client-name': 'admin',
      cookie: 'role=ADMIN',
    };
    const anonymous = await platform.query(query, undefined, { token: '', headers: forged });
    expect(anonymous.data!.officialsBreakdown.perturbed).toBe(true);
    const plain = await timed(platform, query, undefined, '');
    expect(plain.statements).toBe(HIT);
    expect(plain.result.data).toEqual(anonymous.data);
  });

  it('caches nothing but the aggregates: lists and mutations are computed every time', async () => {
    const mixed = `{ indicatorAttainment(year: 2024, localityCode: "529") { met } localities(first: 1) { nodes { code } } }`;
    await platform.data(mixed);
    expect((await timed(platform, mixed)).statements).toBeGreaterThan(1);
  });
});

describe('repeats answered before Apollo', () => {
  /** A raw POST to `on`, with the SQL statements it took through the ORM. */
  async function post(on: TestPlatform, query: string, headers: Record<string, string> = {}) {
    let response!: Response;
    let text = '';
    const statements = await on.countStatements(async () => {
      response = await fetch(on.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
      text = await response.text();
    });
    // What differs between any two answers: the moment, the request and the rate-limit count.
    const volatile = ['date', 'x-request-id', 'ratelimit-remaining', 'ratelimit-reset'];
    const kept = [...response.headers].filter(([name]) => !volatile.includes(name));
    return { status: response.status, text, headers: Object.fromEntries(kept), statements };
  }

  it('send the status, headers and bytes Apollo sends for the same hit', async () => {
    const callers: Record<string, Record<string, string>> = {
      anonymous: {},
      sdk: { accept: 'application/graphql-response+json, application/json' },
      bearer: { authorization: `Bearer ${tokens.analyst}` },
      apiKey: {
        'x-api-key': (
          await createApiKey(platform.orm.em.getKnex(), { name: 'same-bytes', role: Role.ANALYST })
        ).key,
      },
    };
    for (const [name, headers] of Object.entries(callers)) {
      const query = `query SameBytes_${name} { keyLeaderCoverage(localityCode: "529", level: COMMUNE, asOf: "2024-01-01") { units withFemaleKeyLeader share } }`;
      const computed = await post(sharedA, query, headers);
      expect(computed.statements).toBeGreaterThan(1);
      // An API key is looked up on every request here (the key cache is off in tests).
      const keyLookups = 'x-api-key' in headers ? 1 : 0;
      // Instance B has not seen the document yet: its first repeat is answered by Apollo.
      const byApollo = await post(sharedB, query, headers);
      expect(byApollo.statements).toBe(HIT_IN_APOLLO + keyLookups);
      const before = await post(sharedB, query, headers);
      expect(before.statements).toBe(HIT + keyLookups);
      expect(before.status).toBe(200);
      expect(before.text).toBe(byApollo.text);
      const age = (value: string) => value.replace(/max-age=\d+/, 'max-age=N');
      expect({ ...before.headers, 'cache-control': age(before.headers['cache-control']) }).toEqual({
        ...byApollo.headers,
        'cache-control': age(byApollo.headers['cache-control']),
      });
      expect(before.headers['content-type']).toBe(
        name === 'sdk'
          ? 'application/graphql-response+json; charset=utf-8'
          : 'application/json; charset=utf-8',
      );
      expect(before.headers['cache-control']).toMatch(
        name === 'anonymous' || name === 'sdk' ? /^max-age=\d+, public$/ : /^no-store$/,
      );
    }
  });

  it('give a revoked API key a 401, never the answer it was given a moment before', async () => {
    const { key, prefix } = await createApiKey(platform.orm.em.getKnex(), {
      name: 'revoked-while-cached',
      role: Role.ANALYST,
    });
    const ask = () => post(platform, ATTAINMENT, { 'x-api-key': key });
    expect((await ask()).status).toBe(200);
    const hit = await ask();
    // The key's own look-up (the key cache is off in tests), and nothing else.
    expect(hit.statements).toBe(HIT + 1);
    expect(JSON.parse(hit.text).data.indicatorAttainment).toBeDefined();
    expect(await revokeApiKey(platform.orm.em.getKnex(), prefix)).toBe(true);
    const refused = await ask();
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('indicatorAttainment');
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('give an expired token a 401, never the answer it was given while valid', async () => {
    const expires = Math.floor(Date.now() / 1000) + 1;
    const token = await signToken({ role: 'ANALYST', sub: 'expiring@test', expiresIn: expires });
    const ask = () => post(platform, ATTAINMENT, { authorization: `Bearer ${token}` });
    expect((await ask()).status).toBe(200);
    expect((await ask()).statements).toBe(HIT);
    // Tokens are accepted up to five seconds past `exp`, for clocks that differ a little.
    await new Promise((resolve) => setTimeout(resolve, (expires + 5) * 1000 - Date.now() + 100));
    const refused = await ask();
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('indicatorAttainment');
  }, 15_000);

  it('answer each visibility class from its own entries only', async () => {
    const query = `query Classes { officialsBreakdown(groupBy: [SEX], filter: { within: "529" }, options: { asOf: "2024-06-01" }) { total perturbed groups { sex count } } }`;
    const callers = {
      admin: { authorization: `Bearer ${tokens.admin}` },
      anonymous: {},
      analyst: { authorization: `Bearer ${tokens.analyst}` },
      sonHa: { authorization: `Bearer ${tokens.sonHa}` },
      otherDistrict: { authorization: `Bearer ${tokens.otherDistrict}` },
      province: { authorization: `Bearer ${tokens.province}` },
    };
    const first: Record<string, string> = {};
    // Each class after the ADMIN's answer is kept: a key without the class would find it.
    for (const [name, headers] of Object.entries(callers)) {
      const computed = await post(platform, query, headers);
      expect(computed.statements).toBeGreaterThan(1);
      first[name] = computed.text;
    }
    for (const [name, headers] of Object.entries(callers)) {
      const again = await post(platform, query, headers);
      expect(again.statements).toBe(HIT);
      expect(again.text).toBe(first[name]);
    }
    const table = (name: string) => JSON.parse(first[name]!).data.officialsBreakdown;
    expect(table('admin').perturbed).toBe(false);
    expect(table('sonHa').perturbed).toBe(false);
    for (const name of ['anonymous', 'analyst', 'otherDistrict']) {
      expect(table(name).perturbed).toBe(true);
    }
  });

  it("never pass an instance's cost limit on an answer another instance computed", async () => {
    const query = `query Costly($n: Int) { indicatorAttainment(year: 2024, localityCode: "529") {
      tracked locality { officials(first: $n) { nodes { id } } } } }`;
    const schema = await buildPlatformSchema();
    const cost = (n: number) => operationCost(schema, parse(query), undefined, { n });
    expect(cost(500)).toBeGreaterThan(cost(1));
    const strict = await TestPlatform.start(
      scratch.url,
      testConfig({
        redisUrl: REDIS_URL,
        limits: { ...testConfig().limits, maxCost: cost(1) },
      }),
    );
    try {
      const ask = (on: TestPlatform, n: number) => on.query(query, { n }, { token: tokens.admin });
      expect((await ask(sharedA, 500)).errors).toBeUndefined();
      // The strict instance knows the document (n = 1 passes) and shares A's Redis.
      expect((await ask(strict, 1)).errors).toBeUndefined();
      expect((await ask(strict, 1)).errors).toBeUndefined();
      for (let i = 0; i < 2; i++) {
        const refused = await ask(strict, 500);
        expect(refused.data).toBeUndefined();
        expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
      }
    } finally {
      await strict.stop();
    }
  });

  it("key on the day, which is an aggregate's default asOf", async () => {
    const query = `query Today { officialsBreakdown(groupBy: [SEX], filter: { within: "529" }) { total } }`;
    // Anonymous: a token's times would not fit the moved clock.
    const ask = () => post(platform, query);
    const today = new Date();
    const evening = Date.UTC(
      today.getUTCFullYear(),
      today.getUTCMonth(),
      today.getUTCDate(),
      23,
      59,
      58,
    );
    vi.useFakeTimers({ toFake: ['Date'], now: evening });
    try {
      expect((await ask()).statements).toBeGreaterThan(1);
      expect((await ask()).statements).toBe(HIT);
      // Three seconds later, well within the answer's maxAge, it is another day.
      vi.setSystemTime(evening + 3000);
      expect((await ask()).statements).toBeGreaterThan(1);
      expect((await ask()).statements).toBe(HIT);
    } finally {
      vi.useRealTimers();
    }
  });

  it("write the request's log line with its operation, caller and status", async () => {
    const query = `query LoggedRepeat { indicatorAttainment(year: 2024, localityCode: "529") { met } }`;
    await platform.query(query);
    const captured = captureLog();
    try {
      const hit = await post(platform, query, {
        authorization: `Bearer ${tokens.admin}`,
        'x-request-id': 'cached-repeat-1',
      });
      expect(hit.statements).toBe(HIT);
    } finally {
      captured.restore();
    }
    const lines = captured.lines.filter((line) => line.requestId === 'cached-repeat-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request',
      operation: 'LoggedRepeat',
      status: 200,
      caller: 'bearer',
      role: 'ADMIN',
      statements: 0,
    });
  });
});

describe('the response store', () => {
  const entry = (size: number, storedAt: number, maxAge = 300): StoredResponse => ({
    data: { text: 'x'.repeat(size) },
    scope: 'PUBLIC',
    storedAt,
    maxAge,
  });

  it('holds a bounded number of bytes, dropping the least recently used', async () => {
    const store = new ResponseStore({ maxBytes: 10_000 });
    const now = Date.now();
    for (let i = 0; i < 20; i++) await store.set(`k${i}`, entry(1000, now));
    expect(store.memoryBytes).toBeLessThanOrEqual(10_000);
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k19')).toBeDefined();
    // One answer larger than the whole cache is not kept at all.
    await store.set('huge', entry(20_000, now));
    expect(await store.get('huge')).toBeUndefined();
    await store.close();
  });

  it('serves an entry for its maxAge and no longer, in memory and in Redis', async () => {
    let clock = 1_000_000;
    const store = new ResponseStore({ maxBytes: 1_000_000, now: () => clock });
    await store.set('a', entry(10, clock, 60));
    clock += 59_000;
    expect(await store.get('a')).toBeDefined();
    expect(store.remainingSeconds((await store.get('a'))!)).toBe(1);
    clock += 1_000;
    expect(await store.get('a')).toBeUndefined();
    await store.close();

    const shared = new ResponseStore({ maxBytes: 1_000_000, redisUrl: REDIS_URL });
    expect(await shared.connected(2000)).toBe(true);
    const key = `ttl-${process.pid}-${Date.now()}`;
    await shared.set(key, entry(10, Date.now(), 60));
    const redis = new Redis(REDIS_URL);
    try {
      const ttl = await redis.pttl(`binh-dang:response:${key}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // Redis holds the data once; the response text is made again by whoever reads it.
      const shared2 = JSON.parse((await redis.get(`binh-dang:response:${key}`))!);
      expect(shared2.body).toBeUndefined();
      const reader = new ResponseStore({ maxBytes: 1_000_000, redisUrl: REDIS_URL });
      expect(await reader.connected(2000)).toBe(true);
      expect((await reader.get(key))?.body).toBe(`{"data":${JSON.stringify(shared2.data)}}\n`);
      await reader.close();
    } finally {
      redis.disconnect();
      await shared.close();
    }
  });

  it('is off with no memory to hold answers', async () => {
    const store = new ResponseStore({ maxBytes: 0, redisUrl: REDIS_URL });
    await store.set('a', entry(10, Date.now()));
    expect(await store.get('a')).toBeUndefined();
    await store.close();
  });
});
