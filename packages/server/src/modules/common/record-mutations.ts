import { Arg, Ctx, ID, Int, Mutation, Resolver, type ClassType } from 'type-graphql';
import { Allow } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import type { GraphQLContext } from './context.js';
import { RecordWriter, type RecordSpec } from './record-writer.js';

export interface RecordMutationsOptions<
  TEntity extends object,
  TCreate extends object,
  TUpdate extends object,
> {
  /** Names the mutations: `create<Name>`, `update<Name>`, `archive<Name>`. */
  name: string;
  entity: ClassType<TEntity>;
  record: RecordSpec<TEntity, TCreate>;
  createInput: ClassType<TCreate>;
  updateInput: ClassType<TUpdate>;
  /** The create mutation's name when it reads better than `create<Name>`. */
  createName?: string;
  createDescription: string;
}

/**
 * The create, update and archive mutations of one kind of record: every editable record is
 * written the same way (validation, scope, version, idempotency, audit), so one resolver serves.
 */
export function RecordMutations<
  TEntity extends object,
  TCreate extends object,
  TUpdate extends object,
>(options: RecordMutationsOptions<TEntity, TCreate, TUpdate>) {
  const writer = (context: GraphQLContext) => new RecordWriter(context, options.record);

  @Resolver()
  class RecordMutationsResolver {
    @Mutation(() => options.entity, {
      name: options.createName ?? `create${options.name}`,
      description: options.createDescription,
    })
    @Allow(Role.EDITOR)
    create(
      @Arg('input', () => options.createInput, {
        description: "The new record; it must lie within the caller's write scope",
      })
      input: TCreate,
      @Arg('idempotencyKey', () => String, {
        nullable: true,
        description: 'A retry with the same key and input returns the first result',
      })
      idempotencyKey: string | undefined,
      @Ctx() context: GraphQLContext,
    ) {
      return writer(context).create(input, idempotencyKey);
    }

    @Mutation(() => options.entity, {
      name: `update${options.name}`,
      description: 'Changes the fields given in input and returns the record with its new version',
    })
    @Allow(Role.EDITOR)
    update(
      @Arg('id', () => ID, { description: 'Id of the record to change' }) id: string,
      @Arg('version', () => Int, { description: 'The version read; a stale one is a CONFLICT' })
      version: number,
      @Arg('input', () => options.updateInput, {
        description: 'The fields to change; fields left out keep their value',
      })
      input: TUpdate,
      @Ctx() context: GraphQLContext,
    ) {
      return writer(context).update(id, version, input as Partial<TCreate>);
    }

    @Mutation(() => options.entity, {
      name: `archive${options.name}`,
      description: 'Keeps the row and its history; it leaves lists and aggregates',
    })
    @Allow(Role.EDITOR)
    archive(
      @Arg('id', () => ID, { description: 'Id of the record to archive' }) id: string,
      @Arg('version', () => Int, { description: 'The version read; a stale one is a CONFLICT' })
      version: number,
      @Ctx() context: GraphQLContext,
    ) {
      return writer(context).archive(id, version);
    }
  }

  Object.defineProperty(RecordMutationsResolver, 'name', {
    value: `${options.name}MutationsResolver`,
  });
  return RecordMutationsResolver;
}
