import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A national strategy, e.g. the National Strategy on Gender Equality 2021–2030',
})
@Entity({ tableName: 'strategy' })
export class Strategy {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'e.g. "NQ28-2021-2030"' })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Name in Vietnamese' })
  @Property({ type: 'string', columnType: 'text' })
  nameVi!: string;

  @Field(() => String, { description: 'Name in English' })
  @Property({ type: 'string', columnType: 'text' })
  nameEn!: string;

  @Field(() => String, { description: 'The legal act that adopted it' })
  @Property({ type: 'string', columnType: 'text' })
  legalBasis!: string;

  @Field(() => Int, { description: 'First year it covers' })
  @Property({ type: 'integer' })
  startYear!: number;

  @Field(() => Int, { description: 'Last year it covers' })
  @Property({ type: 'integer' })
  endYear!: number;
}
