import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  ConnectionArgs,
  ConnectionType,
  parsePageRequest,
  toConnection,
} from '../common/connection.js';
import { type GraphQLContext } from '../common/context.js';
import { badUserInput } from '../common/errors.js';
import { parseId } from '../common/ids.js';
import { DateScalar } from '../common/scalars.js';
import { LOCALITY_TYPE_NAMES, Locality } from './locality.entity.js';
import { LocalityFilter, LocalityOrder } from './locality.inputs.js';
import { localityChildrenLoader } from './locality.loaders.js';
import { LocalityService } from './locality.service.js';
import { LocalitySuccession } from './locality-succession.entity.js';
import { inForceOn, structureDay } from '../common/subtree.js';
import { CreateLocalityInput, localityRecord, UpdateLocalityInput } from './locality.writes.js';
import { RecordMutations } from '../common/record-mutations.js';

@ObjectType({
  description: 'A page of Locality rows, with cursors and the count of the whole list',
})
export class LocalityConnection extends ConnectionType(Locality) {}

@Resolver(() => Locality)
export class LocalityResolver {
  @Query(() => LocalityConnection, { description: 'Administrative units, filtered and ordered' })
  async localities(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LocalityFilter, {
      nullable: true,
      description: 'Which units to list; every field given must match',
    })
    filter: LocalityFilter | undefined,
    @Arg('orderBy', () => LocalityOrder, { nullable: true, description: 'Sort order of the list' })
    orderBy: LocalityOrder | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    return toConnection(await new LocalityService(context.em).list(filter, orderBy, page));
  }

  @Query(() => Locality, {
    nullable: true,
    description:
      'A unit by id, or by official code as of a day: the unit holding the code on `asOf`, today by default (codes are reused across reforms)',
  })
  async locality(
    @Arg('id', () => ID, {
      nullable: true,
      description: 'Database id of the unit; give id or code',
    })
    id: string | undefined,
    @Arg('code', () => String, {
      nullable: true,
      description: 'Official GSO code of the unit; give id or code',
    })
    code: string | undefined,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: 'With code: the day whose unit to return; today by default',
    })
    asOf: Date | undefined,
    @Ctx() context: GraphQLContext,
  ): Promise<Locality | null> {
    if (id !== undefined && id !== null) return context.byId(Locality).load(parseId(id, 'id'));
    if (code !== undefined && code !== null) {
      return new LocalityService(context.em).findByCode(code, asOf);
    }
    throw badUserInput('id', 'give either "id" or "code"');
  }

  @FieldResolver(() => Boolean, {
    description: 'In force today; false for a unit abolished or merged away by a reform',
  })
  current(@Root() locality: Locality): boolean {
    return inForceOn(locality, structureDay());
  }

  @FieldResolver(() => [LocalitySuccession], {
    description: 'The units it came from, with the day and whether each was divided',
  })
  predecessors(@Root() locality: Locality, @Ctx() context: GraphQLContext) {
    return context
      .byParent(LocalitySuccession, 'successor', { predecessor: { code: 'asc' } })
      .load(locality.id);
  }

  @FieldResolver(() => [LocalitySuccession], {
    description:
      'The units it went into, with the day and whether it was divided between them; empty while in force, and for a unit whose successor is not recorded',
  })
  successors(@Root() locality: Locality, @Ctx() context: GraphQLContext) {
    return context
      .byParent(LocalitySuccession, 'predecessor', { successor: { code: 'asc' } })
      .load(locality.id);
  }

  @FieldResolver(() => String, { description: 'Vietnamese name of the unit type, e.g. "Huyện"' })
  typeName(@Root() locality: Locality): string {
    return LOCALITY_TYPE_NAMES[locality.type];
  }

  @FieldResolver(() => Locality, { nullable: true, description: 'The unit it belongs to' })
  parent(@Root() locality: Locality, @Ctx() context: GraphQLContext) {
    return locality.parent ? context.byId(Locality).load(locality.parent.id) : null;
  }

  @FieldResolver(() => [Locality], { description: 'From the province down to the direct parent' })
  async ancestors(@Root() locality: Locality, @Ctx() context: GraphQLContext) {
    const ids = locality.path.split('/').filter(Boolean).map(Number).slice(0, -1);
    const rows = await context.byId(Locality).loadMany(ids);
    return rows.filter((row): row is Locality => row instanceof Locality);
  }

  @FieldResolver(() => LocalityConnection, { description: 'Units directly under it' })
  async children(
    @Root() locality: Locality,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LocalityFilter, {
      nullable: true,
      description: 'Which units to list; every field given must match',
    })
    filter: LocalityFilter | undefined,
    @Arg('orderBy', () => LocalityOrder, { nullable: true, description: 'Sort order of the list' })
    orderBy: LocalityOrder | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    const loader = localityChildrenLoader(context, filter, orderBy, page);
    return toConnection(await loader.load(locality.id));
  }
}

@Resolver(() => LocalitySuccession)
export class LocalitySuccessionResolver {
  @FieldResolver(() => Locality, { description: 'The unit that went into the successor' })
  async predecessor(@Root() link: LocalitySuccession, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(link.predecessor.id);
  }

  @FieldResolver(() => Locality, { description: 'The unit it went into' })
  async successor(@Root() link: LocalitySuccession, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(link.successor.id);
  }
}

export const LocalityMutationsResolver = RecordMutations({
  name: 'Locality',
  entity: Locality,
  record: localityRecord,
  createInput: CreateLocalityInput,
  updateInput: UpdateLocalityInput,
  createDescription: 'Adds an administrative unit',
});
