import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import {
  ConnectionArgs,
  ConnectionType,
  parsePageRequest,
  toConnection,
} from '../common/connection.js';
import type { GraphQLContext } from '../common/context.js';
import { findByIdOrCode } from '../common/lookup.js';
import { Locality } from '../locality/locality.entity.js';
import { PositionFilter } from '../official/official.inputs.js';
import { positionsLoader } from '../official/official.loaders.js';
import { Position } from '../official/position.entity.js';
import { Task } from '../task/task.entity.js';
import { Agency } from './agency.entity.js';
import { AgencyFilter } from './agency.inputs.js';
import { AgencyService } from './agency.service.js';
import { agencyRecord, CreateAgencyInput, UpdateAgencyInput } from './agency.writes.js';
import { RecordMutations } from '../common/record-mutations.js';

@ObjectType({ description: 'A page of Agency rows, with cursors and the count of the whole list' })
export class AgencyConnection extends ConnectionType(Agency) {}

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyConnection, {
    description: 'Agencies, a page at a time; archived ones only with filter.includeArchived',
  })
  async agencies(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AgencyFilter, {
      nullable: true,
      description: 'Which agencies to list; every field given must match',
    })
    filter: AgencyFilter | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    return toConnection(await new AgencyService(context.em).list(filter, page));
  }

  @Query(() => Agency, { nullable: true, description: 'An agency by id or code (e.g. "QNG-SNV")' })
  agency(
    @Arg('id', () => ID, {
      nullable: true,
      description: 'Database id of the agency; give id or code',
    })
    id: string | undefined,
    @Arg('code', () => String, {
      nullable: true,
      description: 'Code of the agency, e.g. "QNG-SNV"; give id or code',
    })
    code: string | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return findByIdOrCode(context, Agency, id, code);
  }

  @FieldResolver(() => Locality, { description: 'The locality' })
  locality(@Root() agency: Agency, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(agency.locality.id);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The body it belongs to' })
  parent(@Root() agency: Agency, @Ctx() context: GraphQLContext) {
    return agency.parent ? context.byId(Agency).load(agency.parent.id) : null;
  }

  @FieldResolver(() => [Agency], { description: 'Bodies that belong to it' })
  units(@Root() agency: Agency, @Ctx() context: GraphQLContext) {
    return context
      .byParent(Agency, 'parent', { code: 'asc' }, { archivedAt: null })
      .load(agency.id);
  }

  @FieldResolver(() => [Position], {
    description: "Posts in the agency; for a committee, its members' seats",
  })
  @Allow(Role.ANALYST)
  members(
    @Root() agency: Agency,
    @Arg('filter', () => PositionFilter, {
      nullable: true,
      description: 'Which posts to list; every field given must match',
    })
    filter: PositionFilter | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return positionsLoader(context, 'agency_id', filter).load(agency.id);
  }

  @FieldResolver(() => [Task], { description: 'Tasks assigned to the agency' })
  @Allow(Role.ANALYST)
  tasks(@Root() agency: Agency, @Ctx() context: GraphQLContext) {
    return context
      .byParent(Task, 'assignee', { dueDate: 'asc', code: 'asc' }, { archivedAt: null })
      .load(agency.id);
  }
}

export const AgencyMutationsResolver = RecordMutations({
  name: 'Agency',
  entity: Agency,
  record: agencyRecord,
  createInput: CreateAgencyInput,
  updateInput: UpdateAgencyInput,
  createDescription: 'Adds an agency',
});
