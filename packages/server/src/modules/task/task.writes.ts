import { Field, InputType } from 'type-graphql';
import type { RecordSpec } from '../common/record-writer.js';
import { present } from '../common/record-writer.js';
import { DateScalar } from '../common/scalars.js';
import { check, idByCode, isoDate } from '../common/validate.js';
import { Task, TaskStatus } from './task.entity.js';

@InputType({ description: 'A new task' })
export class CreateTaskInput {
  @Field(() => String, { description: 'Code of the task' })
  code!: string;

  @Field(() => String, { description: 'Title of the task' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the task is about' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the committee that assigns it' })
  committeeCode?: string | null;

  @Field(() => String, { description: 'Code of the agency that carries it out' })
  assigneeCode!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Day the task is due' })
  dueDate?: Date | null;

  @Field(() => TaskStatus, {
    defaultValue: TaskStatus.PLANNED,
    description: 'Where the task stands',
  })
  status!: TaskStatus;

  @Field(() => DateScalar, { nullable: true, description: 'Only for a COMPLETED task' })
  completedOn?: Date | null;

  @Field(() => String, { description: 'Where the figure comes from' })
  source!: string;
}

@InputType({ description: 'Fields of a task to change; fields left out keep their value' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true, description: 'Title of the task' })
  title?: string;

  @Field(() => String, { nullable: true, description: 'What the task is about' })
  description?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Code of the committee that assigned the task',
  })
  committeeCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Code of the agency the task is assigned to',
  })
  assigneeCode?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Day the task is due' })
  dueDate?: Date | null;

  @Field(() => TaskStatus, { nullable: true, description: 'Where the task stands' })
  status?: TaskStatus;

  @Field(() => DateScalar, { nullable: true, description: 'Day it was completed' })
  completedOn?: Date | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from' })
  source?: string;
}

export const taskRecord: RecordSpec<Task, CreateTaskInput> = {
  entity: Task,
  table: 'task',
  async columns(trx, problems, input, current) {
    check.code(problems, input.code, 60);
    check.text(problems, 'title', input.title, 500);
    check.text(problems, 'description', input.description, 5000);
    check.text(problems, 'source', input.source, 500);
    const status = input.status ?? (current?.status as TaskStatus | undefined);
    const completedOn = 'completedOn' in input ? input.completedOn : current?.completed_on;
    if (completedOn != null && status !== TaskStatus.COMPLETED) {
      problems.add('completedOn', 'is only for a COMPLETED task');
    }
    const columns = present(input, ['code', 'title', 'description', 'status', 'source']);
    // Both the committee and the assignee are agencies, named by their codes.
    const agencyId = (field: string, code: string | null | undefined) =>
      idByCode(trx, problems, 'agency', field, code);
    if ('committeeCode' in input)
      columns.committee_id = await agencyId('committeeCode', input.committeeCode);
    if ('assigneeCode' in input)
      columns.assignee_id = await agencyId('assigneeCode', input.assigneeCode);
    if ('dueDate' in input) columns.due_date = isoDate(input.dueDate);
    if ('completedOn' in input) columns.completed_on = isoDate(input.completedOn);
    return columns;
  },
  async localities(trx, row) {
    const [agency] = await trx('agency')
      .select('locality_id')
      .where('id', row.assignee_id as number);
    return [agency?.locality_id ?? null];
  },
};
