import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/** One change, recorded in the same transaction as the change itself. */
@ObjectType({
  description: 'One change to a record, recorded in the same transaction as the change',
})
@Entity({ tableName: 'audit_event' })
export class AuditEvent {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Field(() => String, { description: 'Table of the changed row, e.g. "official_position"' })
  @Property({ type: 'string', columnType: 'text' })
  entity!: string;

  @Field(() => Int, { description: 'Database id of the changed record' })
  @Property({ type: 'integer' })
  entityId!: number;

  @Field(() => String, {
    description: 'CREATE, UPDATE, ARCHIVE, SUBMIT, APPROVE, RETURN or IMPORT',
  })
  @Property({ type: 'string', columnType: 'text' })
  action!: string;

  @Field(() => String, { description: "Who: a token's subject or an API key's name" })
  @Property({ type: 'string', columnType: 'text' })
  actor!: string;

  @Field(() => DateTimeResolver, { description: 'When the change was made' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at!: Date;

  @Field(() => JSONResolver, { nullable: true, description: 'The row before the change' })
  @Property({ type: 'json', nullable: true })
  before?: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'The row after the change' })
  @Property({ type: 'json', nullable: true })
  after?: unknown;

  @Field(() => String, { nullable: true, description: 'Free-text note' })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  note?: string | null;
}
