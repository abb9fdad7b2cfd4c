import { Entity, Property } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';

/**
 * Columns every editable record has: a version that each update must quote (optimistic
 * locking) and the moment it was archived; archived rows leave lists and aggregates.
 */
@ObjectType()
@Entity({ abstract: true })
export abstract class VersionedRecord {
  @Field(() => Int, {
    description: 'Quote it when updating or archiving; it grows with each change',
  })
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'When it was archived; null while live',
  })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  archivedAt?: Date | null;
}
