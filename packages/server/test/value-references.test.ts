import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openOrm } from '../src/database/orm.js';
import { databaseProblem } from '../src/modules/common/write-kit.js';
import { rejection } from './support/database-errors.js';
import { createSeededDatabase } from './support/scratch-database.js';

/**
 * Indicator values are checked per statement rather than per row (for bulk imports), so these
 * tests hold the checks to what foreign keys and the former row trigger guaranteed, concurrent
 * transactions included. They commit, so they run on a database of their own.
 */
let scratch: Awaited<ReturnType<typeof createSeededDatabase>>;
const clients: pg.Client[] = [];
let indicatorId: number;
let provinceId: number;
/** Autocommitting connection for the tests that need no second transaction. */
let main: pg.Client;

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  clients.push(client);
  return client;
}

/** A commune of its own under district 522, committed, that nothing refers to yet. */
let nextCode = 99001;
async function freshCommune(client: pg.Client): Promise<number> {
  const { rows } = await client.query(
    `insert into locality (code, name, short_name, type, level, parent_id, source)
     select $1, 'Xã Kiểm Thử', 'Kiểm Thử', 'COMMUNE', 'COMMUNE', id, 'test' from locality where code = '522'
     returning id`,
    [String(nextCode++)],
  );
  return rows[0].id;
}

/** An indicator like MT1.1 that only the test's own values refer to. */
let nextIndicator = 1;
async function loneIndicator(client: pg.Client): Promise<number> {
  const { rows } = await client.query(
    `insert into indicator (strategy_id, goal_id, code, name_vi, name_en, unit, direction, text_status,
       source, sort_order, value_scale)
     select strategy_id, goal_id, $2, name_vi, name_en, unit, direction, text_status, 'test',
       900 + $3::int, value_scale from indicator where id = $1
     returning id`,
    [indicatorId, `MT9.${nextIndicator}`, nextIndicator++],
  );
  return rows[0].id;
}

/** Whether `promise` is still pending after a moment: held by another transaction's lock. */
async function isWaiting(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  return !settled;
}

const insertValue = (client: pg.Client, localityId: number, extra = '') =>
  client.query(
    `insert into indicator_value (indicator_id, locality_id, year, value, source${extra ? ', indicator_direction' : ''})
     values ($1, $2, 2025, 40, 'test'${extra ? `, ${extra}` : ''}) returning id, status`,
    [indicatorId, localityId],
  );

beforeAll(async () => {
  scratch = await createSeededDatabase('references');
  main = await connect();
  const client = main;
  indicatorId = (await client.query(`select id from indicator where code = 'MT1.1'`)).rows[0].id;
  provinceId = (await client.query(`select id from locality where code = '51'`)).rows[0].id;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
  await scratch?.drop();
});

describe('references of indicator values', () => {
  it('refuses a value for a locality or an indicator that does not exist, naming the column', async () => {
    const client = main;
    const noLocality = await rejection(insertValue(client, 987654));
    expect(noLocality.code).toBe('23503');
    expect(noLocality.constraint).toBe('indicator_value_locality_id_fkey');
    expect(noLocality.column).toBe('locality_id');
    // A mutation reports it on the input field that named the locality.
    expect(databaseProblem(noLocality)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'localityCode',
      reason: 'refers to a row that does not exist',
    });

    for (const direction of ['', `'AT_LEAST'`]) {
      const noIndicator = await rejection(
        client.query(
          `insert into indicator_value (indicator_id, locality_id, year, value, source${direction ? ', indicator_direction' : ''})
           values (987654, $1, 2025, 40, 'test'${direction ? `, ${direction}` : ''})`,
          [provinceId],
        ),
      );
      expect(noIndicator.code).toBe('23503');
      expect(noIndicator.constraint).toBe('indicator_value_indicator_id_fkey');
      expect(noIndicator.column).toBe('indicator_id');
    }
  });

  it('refuses the whole statement when one of many rows refers to nothing', async () => {
    const client = main;
    const before = (await client.query('select count(*)::int as n from indicator_value')).rows[0].n;
    const error = await rejection(
      client.query(
        `insert into indicator_value (indicator_id, locality_id, year, value, source)
         select $1::int, id, 2026, 30, 'test' from locality where level = 'COMMUNE'
         union all select $1::int, 987654, 2026, 30, 'test'`,
        [indicatorId],
      ),
    );
    expect(error.constraint).toBe('indicator_value_locality_id_fkey');
    const after = (await client.query('select count(*)::int as n from indicator_value')).rows[0].n;
    expect(after).toBe(before);
  });

  it('refuses moving a value to a locality that does not exist', async () => {
    const client = main;
    const [value] = (await insertValue(client, await freshCommune(client))).rows;
    const error = await rejection(
      client.query('update indicator_value set locality_id = 987654 where id = $1', [value.id]),
    );
    expect(error.constraint).toBe('indicator_value_locality_id_fkey');
  });

  it('keeps a locality or indicator that values refer to from being deleted, truncated or renumbered', async () => {
    const client = main;
    const communeId = await freshCommune(client);
    await insertValue(client, communeId);

    const deleted = await rejection(
      client.query('delete from locality where id = $1', [communeId]),
    );
    expect(deleted.code).toBe('23503');
    expect(deleted.constraint).toBe('indicator_value_locality_id_fkey');
    // An indicator only values refer to (the catalogue's own are also held by plans and targets).
    const lone = { id: await loneIndicator(client) };
    await client.query(
      `insert into indicator_value (indicator_id, locality_id, year, value, source) values ($1, $2, 2025, 1, 'test')`,
      [lone.id, communeId],
    );
    const indicatorDeleted = await rejection(
      client.query('delete from indicator where id = $1', [lone.id]),
    );
    expect(indicatorDeleted.constraint).toBe('indicator_value_indicator_id_fkey');
    const truncated = await rejection(client.query('truncate locality cascade'));
    expect(truncated.code).toBe('23503');
    const renumbered = await rejection(
      client.query('update locality set id = 987654 where id = $1', [communeId]),
    );
    expect(renumbered.column).toBe('id');
    expect(
      (await client.query('select count(*)::int as n from locality where id = $1', [communeId]))
        .rows[0].n,
    ).toBe(1);

    // A locality nothing refers to can still go.
    const unreferenced = await freshCommune(client);
    await client.query('delete from locality where id = $1', [unreferenced]);
  });

  it('refuses deletes under REPEATABLE READ, where a value committed meanwhile could be missed', async () => {
    const client = main;
    const unreferenced = await freshCommune(client);
    await client.query('begin isolation level repeatable read');
    const error = await rejection(
      client.query('delete from locality where id = $1', [unreferenced]),
    );
    await client.query('rollback');
    expect(error.code).toBe('0A000');

    await client.query('begin isolation level repeatable read');
    const truncated = await rejection(client.query('truncate indicator cascade'));
    await client.query('rollback');
    expect(truncated.code).toBe('0A000');
  });

  it('makes a delete wait for a transaction inserting a value for the unit, then refuses it', async () => {
    const inserter = await connect();
    const deleter = await connect();
    const communeId = await freshCommune(inserter);
    await inserter.query('begin');
    await insertValue(inserter, communeId);

    const deleting = deleter.query('delete from locality where id = $1', [communeId]);
    expect(await isWaiting(deleting)).toBe(true); // held by the inserter's lock on the unit
    await inserter.query('commit');
    const error = await rejection(deleting);
    expect(error.constraint).toBe('indicator_value_locality_id_fkey');
  });

  it('makes an insert wait for a transaction deleting the unit, then refuses it', async () => {
    const inserter = await connect();
    const deleter = await connect();
    const communeId = await freshCommune(deleter);
    await deleter.query('begin');
    await deleter.query('delete from locality where id = $1', [communeId]);

    const inserting = insertValue(inserter, communeId);
    expect(await isWaiting(inserting)).toBe(true);
    await deleter.query('commit');
    const error = await rejection(inserting);
    expect(error.constraint).toBe('indicator_value_locality_id_fkey');
    expect(
      (
        await inserter.query(
          'select count(*)::int as n from indicator_value where locality_id = $1',
          [communeId],
        )
      ).rows[0].n,
    ).toBe(0);
  });
});

describe('rules carried from the indicator', () => {
  it("refuses a row carrying another direction than its indicator's", async () => {
    const client = main;
    const error = await rejection(insertValue(client, await freshCommune(client), `'BELOW'`));
    expect(error.code).toBe('23514');
    expect(error.constraint).toBe('indicator_value_direction_matches');
  });

  it('refuses a value that disagrees with its numerator and denominator', async () => {
    const client = main;
    const error = await rejection(
      client.query(
        `insert into indicator_value (indicator_id, locality_id, year, value, numerator, denominator, source)
         values ($1, $2, 2025, 40, 1, 2, 'test')`,
        [indicatorId, await freshCommune(client)],
      ),
    );
    expect(error.constraint).toBe('indicator_value_fraction_consistent');
    expect(error.column).toBe('value');

    // Out of range as well: the range is what is reported, as for a value without a fraction.
    const both = await rejection(
      client.query(
        `insert into indicator_value (indicator_id, locality_id, year, value, numerator, denominator, source)
         values ($1, $2, 2025, 150, 1, 2, 'test')`,
        [indicatorId, await freshCommune(client)],
      ),
    );
    expect(both.constraint).toBe('indicator_value_unit_range');
  });

  for (const first of ['the value', 'the indicator'] as const) {
    it(`keeps a value and a concurrent change of its indicator's direction consistent when ${first} is written first`, async () => {
      const writer = await connect();
      const changer = await connect();
      const lone = await loneIndicator(writer);
      const communeId = await freshCommune(writer);
      const insert = () =>
        writer.query(
          `insert into indicator_value (indicator_id, locality_id, year, value, target, source)
           values ($1, $2, 2025, 40, 50, 'test') returning id`,
          [lone, communeId],
        );
      const change = () =>
        changer.query(`update indicator set direction = 'AT_MOST' where id = $1`, [lone]);

      if (first === 'the value') {
        await writer.query('begin');
        await insert();
        const changing = change();
        expect(await isWaiting(changing)).toBe(true);
        await writer.query('commit');
        await changing;
      } else {
        await changer.query('begin');
        await change();
        const inserting = insert();
        expect(await isWaiting(inserting)).toBe(true);
        await changer.query('commit');
        await inserting;
      }
      const { rows } = await writer.query(
        'select indicator_direction, status from indicator_value where indicator_id = $1',
        [lone],
      );
      expect(rows).toEqual([{ indicator_direction: 'AT_MOST', status: 'MET' }]);
    });
  }

  it("re-checks an indicator's values when its unit changes, and re-derives them when its direction does", async () => {
    const client = main;
    const communeId = await freshCommune(client);
    const [value] = (await insertValue(client, communeId)).rows;
    await client.query('update indicator_value set target = 50 where id = $1', [value.id]);
    expect(
      (await client.query('select status from indicator_value where id = $1', [value.id])).rows[0]
        .status,
    ).toBe('NOT_MET');

    const error = await rejection(
      client.query(`update indicator set unit = 'BOOLEAN' where id = $1`, [indicatorId]),
    );
    expect(error.constraint).toBe('indicator_value_unit_range');

    await client.query('begin');
    await client.query(`update indicator set direction = 'AT_MOST' where id = $1`, [indicatorId]);
    const { rows } = await client.query(
      'select status, indicator_direction from indicator_value where id = $1',
      [value.id],
    );
    await client.query('rollback');
    expect(rows[0]).toEqual({ status: 'MET', indicator_direction: 'AT_MOST' });
  });
});

describe('the migration', () => {
  it('goes back to per-row foreign keys and trigger and forward again, keeping every value and status', async () => {
    const client = main;
    const snapshot = async () =>
      (await client.query('select id, status, value from indicator_value order by id')).rows;
    const foreignKeys = async () =>
      (
        await client.query(
          `select conname from pg_constraint where conrelid = 'indicator_value'::regclass and contype = 'f' order by 1`,
        )
      ).rows.map((row) => row.conname);
    const before = await snapshot();
    expect(before.some((row) => row.status === 'MET')).toBe(true);
    expect(await foreignKeys()).toEqual([]);

    const orm = await openOrm(scratch.url);
    try {
      // Later migrations are undone first, then the per-statement checks themselves.
      await orm.getMigrator().down({ to: 'Migration20261127060000SetBasedValueChecks' });
      expect(await foreignKeys()).toEqual([
        'indicator_value_indicator_id_fkey',
        'indicator_value_locality_id_fkey',
      ]);
      expect(await snapshot()).toEqual(before);
      await migrate(orm);
    } finally {
      await orm.close(true);
    }
    expect(await foreignKeys()).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
