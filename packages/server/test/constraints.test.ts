import type { Knex } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from './support/database-errors.js';
import { TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

/** Runs `work` in a transaction that is always rolled back, so the shared data stays as seeded. */
async function inRolledBackTransaction(work: (trx: Knex.Transaction) => Promise<void>) {
  const trx = await platform.orm.em.getKnex().transaction();
  try {
    await work(trx);
  } finally {
    await trx.rollback();
  }
}

const ids = async (trx: Knex.Transaction) => {
  const [indicator] = await trx('indicator').select('id').where('code', 'MT1.1');
  const [province] = await trx('locality').select('id').where('code', '51');
  const [commune] = await trx('locality').select('id').where('code', '21010');
  return { indicator: indicator.id, province: province.id, commune: commune.id };
};

describe('database constraints hold whoever writes', () => {
  it('rejects a percentage outside 0–100, naming the column', async () => {
    await inRolledBackTransaction(async (trx) => {
      const { indicator, province } = await ids(trx);
      const error = await rejection(
        trx('indicator_value').insert({
          indicator_id: indicator,
          locality_id: province,
          year: 2024,
          value: 140,
          source: 'test',
        }),
      );
      expect(error.constraint).toBe('indicator_value_unit_range');
      expect(error.column).toBe('value');
    });
  });

  it('keeps one value per indicator, locality, year and disaggregation, totals included', async () => {
    await inRolledBackTransaction(async (trx) => {
      const { indicator, province } = await ids(trx);
      const error = await rejection(
        trx('indicator_value').insert({
          indicator_id: indicator,
          locality_id: province,
          year: 2023,
          value: 50,
          source: 'test',
        }),
      );
      expect(error.constraint).toBe('indicator_value_unique');
    });
  });

  it('derives the status on write and again when the direction changes', async () => {
    await inRolledBackTransaction(async (trx) => {
      const { indicator, province } = await ids(trx);
      const [row] = await trx('indicator_value')
        .insert({
          indicator_id: indicator,
          locality_id: province,
          year: 2024,
          value: 55,
          target: 60,
          source: 'test',
        })
        .returning(['id', 'status']);
      expect(row.status).toBe('NOT_MET');
      await trx('indicator').update({ direction: 'AT_MOST' }).where('id', indicator);
      const [after] = await trx('indicator_value').select('status').where('id', row.id);
      expect(after.status).toBe('MET');
    });
  });

  it('refuses a unit under a parent of the wrong tier', async () => {
    await inRolledBackTransaction(async (trx) => {
      const { commune } = await ids(trx);
      const error = await rejection(
        trx('locality').insert({
          code: '99999',
          name: 'Xã Thử',
          short_name: 'Thử',
          type: 'COMMUNE',
          level: 'COMMUNE',
          parent_id: commune,
          source: 'test',
        }),
      );
      expect(error.constraint).toBe('locality_parent_tier');
    });
  });

  it('refuses a code used by another unit over the same period', async () => {
    await inRolledBackTransaction(async (trx) => {
      const error = await rejection(
        trx('locality').insert({
          code: '51',
          name: 'Tỉnh Thử',
          short_name: 'Thử',
          type: 'PROVINCE',
          level: 'PROVINCE',
          source: 'test',
        }),
      );
      expect(error.constraint).toBe('locality_code_period_unique');
    });
  });

  it('never overbooks a training program', async () => {
    await inRolledBackTransaction(async (trx) => {
      const [program] = await trx('training_program')
        .insert({
          code: 'TEST-FULL',
          title: 'Thử',
          kind: 'WORKSHOP',
          organising_agency_id: trx('agency').select('id').where('code', 'QNG-SNV'),
          // Code 51 names the province before and after the 2025 reform: the unit of the program's day.
          locality_id: trx('locality')
            .select('id')
            .where('code', '51')
            .whereRaw(
              '(valid_from is null or valid_from <= ?) and (valid_to is null or valid_to > ?)',
              ['2024-01-01', '2024-01-01'],
            ),
          start_date: '2024-01-01',
          end_date: '2024-01-02',
          capacity: 1,
        })
        .returning('id');
      const officials = await trx('official').select('id').orderBy('id').limit(2);
      await trx('enrollment').insert({
        program_id: program.id,
        official_id: officials[0].id,
        status: 'ENROLLED',
      });
      const error = await rejection(
        trx('enrollment').insert({
          program_id: program.id,
          official_id: officials[1].id,
          status: 'ENROLLED',
        }),
      );
      expect(error.constraint).toBe('enrollment_capacity');
    });
  });

  it('requires a completion date exactly for completed enrolments and ordered periods', async () => {
    await inRolledBackTransaction(async (trx) => {
      const [enrollment] = await trx('enrollment')
        .select('id')
        .where('status', 'COMPLETED')
        .limit(1);
      const error = await rejection(
        trx('enrollment').update({ completed_on: null }).where('id', enrollment.id),
      );
      expect(error.constraint).toBe('enrollment_completion_date');
    });
    await inRolledBackTransaction(async (trx) => {
      const [position] = await trx('official_position').select('id').limit(1);
      const error = await rejection(
        trx('official_position')
          .update({ start_date: '2024-01-01', end_date: '2023-01-01' })
          .where('id', position.id),
      );
      expect(error.constraint).toBe('official_position_period_order');
    });
  });
});
