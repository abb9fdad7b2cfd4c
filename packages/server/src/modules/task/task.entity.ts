import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Agency } from '../agency/agency.entity.js';
import { DateScalar } from '../common/scalars.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum TaskStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: 'Where a task stands',
  valuesConfig: {
    PLANNED: { description: 'Assigned, not started' },
    IN_PROGRESS: { description: 'Under way' },
    COMPLETED: { description: 'Done' },
    CANCELLED: { description: 'Dropped before completion' },
  },
});

@ObjectType({ description: 'A task a committee assigned to an agency' })
@Entity({ tableName: 'task' })
export class Task extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'Code of the task' })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Title of the task' })
  @Property({ type: 'string', columnType: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the task is about' })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  description?: string | null;

  /** The committee that assigned it. */
  @ManyToOne(() => Agency, { nullable: true })
  committee?: Agency | null;

  @ManyToOne(() => Agency)
  assignee!: Agency;

  @Field(() => DateScalar, { nullable: true, description: 'Last day by which it is due, if set' })
  @Property({ type: 'date', nullable: true })
  dueDate?: string | null;

  @Field(() => TaskStatus, { description: 'Where the task stands' })
  @Enum({ items: () => TaskStatus, type: 'string', columnType: 'text' })
  status!: TaskStatus;

  @Field(() => DateScalar, { nullable: true, description: 'Day it was completed' })
  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;

  @Field(() => String, { description: 'Where the figure comes from' })
  @Property({ type: 'string', columnType: 'text' })
  source!: string;
}
