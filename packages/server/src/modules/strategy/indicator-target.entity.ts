import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Indicator } from './indicator.entity.js';
import { Plan } from './plan.entity.js';

@ObjectType({
  description: 'A target for a year: national when it has no plan, else set by that plan',
})
@Entity({ tableName: 'indicator_target' })
export class IndicatorTarget {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Indicator)
  indicator!: Indicator;

  @ManyToOne(() => Plan, { nullable: true })
  plan?: Plan | null;

  @Field(() => Int, { description: 'Year the target is for' })
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => Float, { description: "The target, in the indicator's unit" })
  @Property({ type: 'double', columnType: 'numeric', runtimeType: 'number' })
  value!: number;

  @Field(() => Boolean, {
    description: 'True when the target is demo data, not a published figure',
  })
  @Property({ type: 'boolean', default: false })
  illustrative: boolean = false;

  @Field(() => String, { description: 'Where the figure comes from' })
  @Property({ type: 'string', columnType: 'text' })
  source!: string;
}
