import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import { Agency } from '../agency/agency.entity.js';
import {
  ConnectionArgs,
  ConnectionType,
  parsePageRequest,
  toConnection,
} from '../common/connection.js';
import type { GraphQLContext } from '../common/context.js';
import { findByIdOrCode } from '../common/lookup.js';
import { Task } from './task.entity.js';
import { TaskFilter } from './task.inputs.js';
import { TaskService } from './task.service.js';
import { CreateTaskInput, taskRecord, UpdateTaskInput } from './task.writes.js';
import { RecordMutations } from '../common/record-mutations.js';

@ObjectType({ description: 'A page of Task rows, with cursors and the count of the whole list' })
export class TaskConnection extends ConnectionType(Task) {}

@Resolver(() => Task)
export class TaskResolver {
  @Query(() => TaskConnection, { description: 'Committee tasks, earliest due first' })
  @Allow(Role.ANALYST)
  async tasks(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TaskFilter, {
      nullable: true,
      description: 'Which tasks to list; every field given must match',
    })
    filter: TaskFilter | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    return toConnection(await new TaskService(context.em).list(filter, page));
  }

  @Query(() => Task, {
    nullable: true,
    description: 'A task by id or code; null when none matches',
  })
  @Allow(Role.ANALYST)
  task(
    @Arg('id', () => ID, {
      nullable: true,
      description: 'Database id of the task; give id or code',
    })
    id: string | undefined,
    @Arg('code', () => String, { nullable: true, description: 'Code of the task; give id or code' })
    code: string | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return findByIdOrCode(context, Task, id, code);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The committee that assigned it' })
  committee(@Root() task: Task, @Ctx() context: GraphQLContext) {
    return task.committee ? context.byId(Agency).load(task.committee.id) : null;
  }

  @FieldResolver(() => Agency, { description: 'The agency the task is assigned to' })
  assignee(@Root() task: Task, @Ctx() context: GraphQLContext) {
    return context.byId(Agency).load(task.assignee.id);
  }
}

export const TaskMutationsResolver = RecordMutations({
  name: 'Task',
  entity: Task,
  record: taskRecord,
  createInput: CreateTaskInput,
  updateInput: UpdateTaskInput,
  createDescription: 'Assigns a task',
});
