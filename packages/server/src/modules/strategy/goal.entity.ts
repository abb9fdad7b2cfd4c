import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Strategy } from './strategy.entity.js';

@ObjectType({ description: 'A goal of a strategy (MT1 … MT6)' })
@Entity({ tableName: 'goal' })
export class Goal {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Strategy)
  strategy!: Strategy;

  @Field(() => String, { description: 'e.g. "MT1"' })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Name in Vietnamese' })
  @Property({ type: 'string', columnType: 'text' })
  nameVi!: string;

  @Field(() => String, { description: 'Name in English' })
  @Property({ type: 'string', columnType: 'text' })
  nameEn!: string;

  @Field(() => Int, { description: 'Position in the order of the official text' })
  @Property({ type: 'integer' })
  sortOrder!: number;
}
