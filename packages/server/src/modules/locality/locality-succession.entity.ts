import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/scalars.js';
import { Locality } from './locality.entity.js';

/**
 * One unit going into another at a reform: wholly (merged) or in part (`divided`, its figures
 * then cannot be carried over to any one successor without more data).
 */
@ObjectType({
  description:
    'A unit that went, wholly or divided, into another on a given day; figures follow the territory along these links',
})
@Entity({ tableName: 'locality_succession' })
export class LocalitySuccession {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Locality)
  predecessor!: Locality;

  @ManyToOne(() => Locality)
  successor!: Locality;

  @Field(() => DateScalar, {
    description: 'First day of the successor: the day the predecessor went into it',
  })
  @Property({ type: 'date' })
  effectiveDate!: string;

  @Field(() => Boolean, {
    description:
      'The predecessor was split between several successors; its figures belong to none of them whole',
  })
  @Property({ type: 'boolean', default: false })
  divided: boolean = false;

  @Field(() => String, { description: 'Where the link comes from' })
  @Property({ type: 'string', columnType: 'text' })
  source!: string;
}
