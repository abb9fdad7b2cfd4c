import type { PlatformModule } from '../common/platform-module.js';
import { Task } from './task.entity.js';
import { TaskMutationsResolver, TaskResolver } from './task.resolver.js';

/** Committee tasks. */
export const taskModule: PlatformModule = {
  entities: [Task],
  resolvers: [TaskResolver, TaskMutationsResolver],
};
