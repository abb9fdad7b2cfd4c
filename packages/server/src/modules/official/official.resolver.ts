import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Agency } from '../agency/agency.entity.js';
import { Allow, PeopleList, Personal, scopeOf } from '../auth/authorize.js';
import { peopleInScope, personalDataVisible } from '../auth/personal-data.js';
import { Role } from '../auth/viewer.js';
import {
  ConnectionArgs,
  ConnectionType,
  parsePageRequest,
  toConnection,
} from '../common/connection.js';
import type { GraphQLContext } from '../common/context.js';
import { selects } from '../common/lookup.js';
import type { GraphQLResolveInfo } from 'graphql';
import { parseId } from '../common/ids.js';
import { Locality } from '../locality/locality.entity.js';
import { Enrollment } from '../training/enrollment.entity.js';
import { MAJORITY_ETHNICITY, Official, Sex } from './official.entity.js';
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

const OFFICIALS = 'lists of officials';

@ObjectType({
  description: 'A page of Official rows, with cursors and the count of the whole list',
})
export class OfficialConnection extends ConnectionType(Official) {}

@Resolver(() => Official)
export class OfficialResolver {
  @Query(() => OfficialConnection, {
    description: 'Officials of your scope (every official for an ADMIN); needs personal access',
  })
  @PeopleList(OFFICIALS)
  async officials(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => OfficialFilter, {
      nullable: true,
      description: 'Which officials to list; every field given must match',
    })
    filter: OfficialFilter | undefined,
    @Arg('orderBy', () => OfficialOrder, { nullable: true, description: 'Sort order of the list' })
    orderBy: OfficialOrder | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    // Personal filters and sorts apply within the same scope that confines the rows.
    const personalScope = peopleInScope(context, OFFICIALS, 't.id');
    const page = parsePageRequest(args);
    return toConnection(
      await new OfficialService(context.em).list(
        filter,
        orderBy,
        page,
        personalScope,
        scopeOf(context).unlimited,
      ),
    );
  }

  @Query(() => Official, {
    nullable: true,
    description:
      'An official of your scope (any for an ADMIN); null when missing or outside it; needs personal access',
  })
  @PeopleList(OFFICIALS)
  async official(
    @Arg('id', () => ID, { description: 'Database id of the official' }) id: string,
    @Ctx() context: GraphQLContext,
  ) {
    const officialId = parseId(id, 'id');
    // Outside the scope reads exactly as missing, so ids cannot be told apart.
    if (!(await personalDataVisible(context, officialId))) return null;
    return context.byId(Official).load(officialId);
  }

  @FieldResolver(() => Sex, {
    nullable: true,
    description: 'Personal: null unless you may see it',
  })
  @Personal()
  sex(@Root() official: Official, @Ctx() _context: GraphQLContext) {
    return official.sex;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Personal: null unless you may see it',
  })
  @Personal()
  fullName(@Root() official: Official, @Ctx() _context: GraphQLContext) {
    return official.fullName;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Identifier in the source system (an HR record number); personal',
  })
  @Personal()
  reference(@Root() official: Official, @Ctx() _context: GraphQLContext) {
    return official.reference ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Personal: null unless you may see it' })
  @Personal()
  birthYear(@Root() official: Official, @Ctx() _context: GraphQLContext) {
    return official.birthYear ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'One of the 54 recognised ethnicities, e.g. "Kinh", "Hrê"; personal',
  })
  @Personal()
  ethnicity(@Root() official: Official, @Ctx() _context: GraphQLContext) {
    return official.ethnicity;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Any ethnicity other than Kinh; personal',
  })
  @Personal()
  ethnicMinority(@Root() official: Official, @Ctx() _context: GraphQLContext) {
    return official.ethnicity !== MAJORITY_ETHNICITY;
  }

  @FieldResolver(() => Locality, {
    nullable: true,
    description: 'Where the official is registered; personal: null unless you may see it',
  })
  @Personal()
  homeLocality(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return official.homeLocality ? context.byId(Locality).load(official.homeLocality.id) : null;
  }

  @FieldResolver(() => [Position], { description: 'Posts held, most recent first' })
  positions(
    @Root() official: Official,
    @Arg('filter', () => PositionFilter, {
      nullable: true,
      description: 'Which posts to list; every field given must match',
    })
    filter: PositionFilter | undefined,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return positionsLoader(context, 'official_id', filter, selects(info, 'official')).load(
      official.id,
    );
  }

  @FieldResolver(() => [Enrollment], {
    nullable: true,
    description: "The official's training; personal: null unless you may see it",
  })
  @Personal()
  enrollments(@Root() official: Official, @Ctx() context: GraphQLContext) {
    return context
      .byParent(Enrollment, 'official', { id: 'asc' }, { archivedAt: null })
      .load(official.id);
  }
}

@Resolver(() => Position)
export class PositionResolver {
  @FieldResolver(() => Official, { description: 'The official' })
  official(@Root() position: Position, @Ctx() context: GraphQLContext) {
    const id = position.official.id;
    return context.knownById(Official, id) ?? context.byId(Official).load(id);
  }

  @FieldResolver(() => Locality, { description: 'The local government the post belongs to' })
  locality(@Root() position: Position, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(position.locality.id);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency' })
  agency(@Root() position: Position, @Ctx() context: GraphQLContext) {
    return position.agency ? context.byId(Agency).load(position.agency.id) : null;
  }
}

/** Officials and posts reached from a locality. */
@Resolver(() => Locality)
export class LocalityOfficialsResolver {
  @FieldResolver(() => OfficialConnection, {
    description:
      'Officials whose home locality this is, those of your scope only (all for an ADMIN); needs personal access',
  })
  @PeopleList(OFFICIALS)
  officials(
    @Root() locality: Locality,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => OfficialFilter, {
      nullable: true,
      description: 'Which officials to list; every field given must match',
    })
    filter: OfficialFilter | undefined,
    @Arg('orderBy', () => OfficialOrder, { nullable: true, description: 'Sort order of the list' })
    orderBy: OfficialOrder | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const personalScope = peopleInScope(context, OFFICIALS, 't.id');
    const page = parsePageRequest(args);
    return officialsByHomeLocalityLoader(
      context,
      filter,
      orderBy,
      page,
      personalScope,
      scopeOf(context).unlimited,
    )
      .load(locality.id)
      .then(toConnection);
  }

  @FieldResolver(() => [Position], { description: "Posts in this unit's local government" })
  @Allow(Role.ANALYST)
  positions(
    @Root() locality: Locality,
    @Arg('filter', () => PositionFilter, {
      nullable: true,
      description: 'Which posts to list; every field given must match',
    })
    filter: PositionFilter | undefined,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return positionsLoader(context, 'locality_id', filter, selects(info, 'official')).load(
      locality.id,
    );
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
