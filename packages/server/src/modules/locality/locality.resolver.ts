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
      'A unit by id or by official code (the version in force on `asOf`, else the latest)',
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
      description: 'With code: the day whose version of the unit to return',
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

export const LocalityMutationsResolver = RecordMutations({
  name: 'Locality',
  entity: Locality,
  record: localityRecord,
  createInput: CreateLocalityInput,
  updateInput: UpdateLocalityInput,
  createDescription: 'Adds an administrative unit',
});
