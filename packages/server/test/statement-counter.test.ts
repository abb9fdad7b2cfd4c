import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StatementCounter } from '../src/benchmarks/statement-counter.js';
import './support/provided-context.js';

let counter: StatementCounter;
let client: pg.Client;

beforeAll(async () => {
  const server = new URL(inject('serverUrl'));
  counter = new StatementCounter(server.hostname, Number(server.port || 5432));
  const relayed = new URL(server);
  relayed.host = `127.0.0.1:${await counter.listen()}`;
  client = new pg.Client({ connectionString: relayed.toString() });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await counter?.close();
});

describe("the benchmark's statement counter", () => {
  it('counts every statement a client sends, in the simple and the extended protocol', async () => {
    const before = counter.statements;
    await client.query('select 1');
    expect(counter.statements - before).toBe(1);
    await client.query('select $1::int as n', [2]);
    await client.query({ name: 'prepared', text: 'select $1::int as n', values: [3] });
    await client.query({ name: 'prepared', text: 'select $1::int as n', values: [4] });
    expect(counter.statements - before).toBe(4);
  });

  it('relays answers unchanged, and follows messages cut across network chunks', async () => {
    const long = 'ả'.repeat(200_000);
    const before = counter.statements;
    const { rows } = await client.query('select $1::text as text, length($1) as n', [long]);
    expect(rows[0]).toEqual({ text: long, n: 200_000 });
    await client.query('select 1');
    expect(counter.statements - before).toBe(2);
    expect(counter.lost).toBe(false);
  });
});
