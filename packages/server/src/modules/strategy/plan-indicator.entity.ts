import { Entity, ManyToOne } from '@mikro-orm/core';
import { Indicator } from './indicator.entity.js';
import { Plan } from './plan.entity.js';

/** Which indicators a plan tracks; the join rows are internal, not part of the API. */
@Entity({ tableName: 'plan_indicator' })
export class PlanIndicator {
  @ManyToOne(() => Plan, { primary: true })
  plan!: Plan;

  @ManyToOne(() => Indicator, { primary: true })
  indicator!: Indicator;
}
