import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Agency } from '../agency/agency.entity.js';
import { requireRole } from '../auth/authorize.js';
import {
  assertPersonalQueryAllowed,
  personalDataVisible,
  personalFields,
} from '../auth/personal-data.js';
import { Role } from '../auth/viewer.js';
import {
  ConnectionArgs,
  ConnectionType,
  parsePageRequest,
  toConnection,
} from '../common/connection.js';
import type { GraphQLContext } from '../common/context.js';
import { parseId } from '../common/ids.js';
import { Locality } from '../locality/locality.entity.js';
import { Enrollment } from '../training/enrollment.entity.js';
import { MAJORITY_ETHNICITY, Official } from './official.entity.js';
import { OfficialFilter, OfficialOrder, PositionFilter } from './official.inputs.js';
import { officialsByHomeLocalityLoader, positionsLoader } from './official.loaders.js';
import { OfficialService } from './official.service.js';
import { Position } from './position.entity.js';
import {
  CreateOfficialInput,
  CreatePositionInput,
  officialRecord,
  positionRecord,
  UpdateOfficialInput,
  UpdatePositionInput,
} from './official.writes.js';
import { RecordMutations } from '../common/record-mutations.js';

@ObjectType()
export class OfficialConnection extends ConnectionType(Official) {}

@Resolver(() => Official)
export class OfficialResolver {
  @Query(() => OfficialConnection)
  async officials(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => OfficialFilter, { nullable: true }) filter: OfficialFilter | undefined,
    @Arg('orderBy', () => OfficialOrder, { nullable: true }) orderBy: OfficialOrder | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    requireRole(context, Role.ANALYST);
    await assertPersonalQueryAllowed(context, personalFields(filter, orderBy), filter?.within);
    const page = parsePageRequest(args);
    return toConnection(await new OfficialService(context.em).list(filter, orderBy, page));
  }

  @Query(() => Official, { nullable: true })
  official(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext) {
    requireRole(context, Role.ANALYST);
    return context.byId(Official).load(parseId(id, 'id'));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Personal: null unless you may see it',
  })
  async fullName(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return (await personalDataVisible(context, official.id)) ? official.fullName : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Identifier in the source system (an HR record number); personal',
  })
  async reference(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return (await personalDataVisible(context, official.id)) ? (official.reference ?? null) : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Personal: null unless you may see it' })
  async birthYear(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return (await personalDataVisible(context, official.id)) ? (official.birthYear ?? null) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'One of the 54 recognised ethnicities, e.g. "Kinh", "Hrê"; personal',
  })
  async ethnicity(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return (await personalDataVisible(context, official.id)) ? official.ethnicity : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Any ethnicity other than Kinh; personal',
  })
  async ethnicMinority(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return (await personalDataVisible(context, official.id))
      ? official.ethnicity !== MAJORITY_ETHNICITY
      : null;
  }

  @FieldResolver(() => Locality, { nullable: true })
  homeLocality(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return official.homeLocality ? context.byId(Locality).load(official.homeLocality.id) : null;
  }

  @FieldResolver(() => [Position], { description: 'Posts held, most recent first' })
  positions(
    @Root() official: Official,
    @Arg('filter', () => PositionFilter, { nullable: true }) filter: PositionFilter | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return positionsLoader(context, 'official_id', filter).load(official.id);
  }

  @FieldResolver(() => [Enrollment])
  enrollments(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return context
      .byParent(Enrollment, 'official', { id: 'asc' }, { archivedAt: null })
      .load(official.id);
  }
}

@Resolver(() => Position)
export class PositionResolver {
  @FieldResolver(() => Official)
  official(@Root() position: Position, @Ctx() context: GraphQLContext) {
    return context.byId(Official).load(position.official.id);
  }

  @FieldResolver(() => Locality, { description: 'The local government the post belongs to' })
  locality(@Root() position: Position, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(position.locality.id);
  }

  @FieldResolver(() => Agency, { nullable: true })
  agency(@Root() position: Position, @Ctx() context: GraphQLContext) {
    return position.agency ? context.byId(Agency).load(position.agency.id) : null;
  }
}

/** Officials and posts reached from a locality. */
@Resolver(() => Locality)
export class LocalityOfficialsResolver {
  @FieldResolver(() => OfficialConnection, { description: 'Officials whose home locality this is' })
  async officials(
    @Root() locality: Locality,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => OfficialFilter, { nullable: true }) filter: OfficialFilter | undefined,
    @Arg('orderBy', () => OfficialOrder, { nullable: true }) orderBy: OfficialOrder | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    requireRole(context, Role.ANALYST);
    await assertPersonalQueryAllowed(context, personalFields(filter, orderBy), filter?.within);
    const page = parsePageRequest(args);
    return toConnection(
      await officialsByHomeLocalityLoader(context, filter, orderBy, page).load(locality.id),
    );
  }

  @FieldResolver(() => [Position], { description: "Posts in this unit's local government" })
  positions(
    @Root() locality: Locality,
    @Arg('filter', () => PositionFilter, { nullable: true }) filter: PositionFilter | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    requireRole(context, Role.ANALYST);
    return positionsLoader(context, 'locality_id', filter).load(locality.id);
  }
}

export const OfficialMutationsResolver = RecordMutations({
  name: 'Official',
  entity: Official,
  record: officialRecord,
  createInput: CreateOfficialInput,
  updateInput: UpdateOfficialInput,
  createDescription: 'Adds an official',
});

export const PositionMutationsResolver = RecordMutations({
  name: 'Position',
  entity: Position,
  record: positionRecord,
  createInput: CreatePositionInput,
  updateInput: UpdatePositionInput,
  createDescription: 'Gives an official a post',
});
