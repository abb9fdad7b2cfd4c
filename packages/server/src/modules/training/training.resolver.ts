import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow, PeopleList } from '../auth/authorize.js';
import { peopleInScope } from '../auth/personal-data.js';
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
import { Locality } from '../locality/locality.entity.js';
import { Official } from '../official/official.entity.js';
import { Enrollment } from './enrollment.entity.js';
import { TrainingProgram } from './training-program.entity.js';
import { EnrollmentFilter, TrainingProgramFilter } from './training.inputs.js';
import { programEnrollmentsLoader } from './training.loaders.js';
import { TrainingService } from './training.service.js';
import {
  CreateTrainingProgramInput,
  EnrollOfficialInput,
  enrollmentRecord,
  trainingProgramRecord,
  UpdateEnrollmentInput,
  UpdateTrainingProgramInput,
} from './training.writes.js';
import { RecordMutations } from '../common/record-mutations.js';

const ENROLMENTS = 'lists of enrolments';

@ObjectType({
  description: 'A page of TrainingProgram rows, with cursors and the count of the whole list',
})
export class TrainingProgramConnection extends ConnectionType(TrainingProgram) {}

@ObjectType({
  description: 'A page of Enrollment rows, with cursors and the count of the whole list',
})
export class EnrollmentConnection extends ConnectionType(Enrollment) {}

@Resolver(() => TrainingProgram)
export class TrainingProgramResolver {
  @Query(() => TrainingProgramConnection, { description: 'Training programs, a page at a time' })
  @Allow(Role.ANALYST)
  async trainingPrograms(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TrainingProgramFilter, {
      nullable: true,
      description: 'Which programs to list; every field given must match',
    })
    filter: TrainingProgramFilter | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    return toConnection(await new TrainingService(context.em).listPrograms(filter, page));
  }

  @Query(() => TrainingProgram, {
    nullable: true,
    description: 'A training program by id or code; null when none matches',
  })
  @Allow(Role.ANALYST)
  trainingProgram(
    @Arg('id', () => ID, {
      nullable: true,
      description: 'Database id of the program; give id or code',
    })
    id: string | undefined,
    @Arg('code', () => String, {
      nullable: true,
      description: 'Code of the program; give id or code',
    })
    code: string | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return findByIdOrCode(context, TrainingProgram, id, code);
  }

  @FieldResolver(() => Agency, { description: 'The agency that organises it' })
  organisingAgency(@Root() program: TrainingProgram, @Ctx() context: GraphQLContext) {
    return context.byId(Agency).load(program.organisingAgency.id);
  }

  @FieldResolver(() => Locality, { description: 'Where it is held' })
  locality(@Root() program: TrainingProgram, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(program.locality.id);
  }

  @FieldResolver(() => EnrollmentConnection, {
    description: 'Enrolments of officials of your scope (all for an ADMIN); needs personal access',
  })
  @PeopleList(ENROLMENTS)
  async enrollments(
    @Root() program: TrainingProgram,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => EnrollmentFilter, {
      nullable: true,
      description: 'Which enrolments to list; every field given must match',
    })
    filter: EnrollmentFilter | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const inScope = peopleInScope(context, ENROLMENTS, 't.official_id');
    const page = parsePageRequest(args);
    return toConnection(
      await programEnrollmentsLoader(context, filter, page, inScope).load(program.id),
    );
  }
}

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @FieldResolver(() => TrainingProgram, { description: 'The training program' })
  program(@Root() enrollment: Enrollment, @Ctx() context: GraphQLContext) {
    return context.byId(TrainingProgram).load(enrollment.program.id);
  }

  @FieldResolver(() => Official, { description: 'The official' })
  official(@Root() enrollment: Enrollment, @Ctx() context: GraphQLContext) {
    return context.byId(Official).load(enrollment.official.id);
  }
}

export const TrainingProgramMutationsResolver = RecordMutations({
  name: 'TrainingProgram',
  entity: TrainingProgram,
  record: trainingProgramRecord,
  createInput: CreateTrainingProgramInput,
  updateInput: UpdateTrainingProgramInput,
  createDescription: 'Adds a training program',
});

export const EnrollmentMutationsResolver = RecordMutations({
  name: 'Enrollment',
  entity: Enrollment,
  record: enrollmentRecord,
  createInput: EnrollOfficialInput,
  updateInput: UpdateEnrollmentInput,
  createName: 'enrollOfficial',
  createDescription: 'Enrols an official in a program; capacity is enforced',
});
