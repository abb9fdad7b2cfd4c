import { Migration } from '@mikro-orm/migrations';

/**
 * A locality follows one plan of a strategy at a time: the database refuses overlapping periods,
 * whatever writes them (two saves at once, one import file naming two plans), so that attainment
 * never has to choose between two plans in force.
 */
export class Migration20261127140000OnePlanAtATime extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table plan add constraint plan_one_at_a_time exclude using gist
      (strategy_id with =, locality_id with =, int4range(start_year, end_year, '[]') with &&);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table plan drop constraint if exists plan_one_at_a_time;`);
  }
}
