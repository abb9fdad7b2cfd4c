import { Field, InputType } from 'type-graphql';
import { DateScalar } from '../common/scalars.js';
import { TaskStatus } from './task.entity.js';

@InputType({ description: 'Which task rows to list; every field given must match' })
export class TaskFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => [TaskStatus], { nullable: true, description: 'Only these statuses' })
  statuses?: TaskStatus[];

  @Field(() => String, {
    nullable: true,
    description: 'Code of the agency the task is assigned to',
  })
  assigneeCode?: string;

  @Field(() => String, { nullable: true, description: 'Code of the committee that assigned it' })
  committeeCode?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Due on or after this day' })
  dueFrom?: Date;

  @Field(() => DateScalar, { nullable: true, description: 'Due on or before this day' })
  dueTo?: Date;
}
