import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Locality } from '../locality/locality.entity.js';
import { Strategy } from './strategy.entity.js';

@ObjectType({
  description: "A locality's plan implementing a strategy; it tracks a subset of its indicators",
})
@Entity({ tableName: 'plan' })
export class Plan {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'Code of the plan' })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Name of the plan' })
  @Property({ type: 'string', columnType: 'text' })
  name!: string;

  @ManyToOne(() => Strategy)
  strategy!: Strategy;

  @ManyToOne(() => Locality)
  locality!: Locality;

  @Field(() => Int, { description: 'First year it covers' })
  @Property({ type: 'integer' })
  startYear!: number;

  @Field(() => Int, { description: 'Last year it covers' })
  @Property({ type: 'integer' })
  endYear!: number;

  @Field(() => String, { description: 'Where the figure comes from' })
  @Property({ type: 'string', columnType: 'text' })
  source!: string;
}
