import { Field, ID, InputType, Int } from 'type-graphql';
import type { RecordSpec } from '../common/record-writer.js';
import { liveOfficialInScope, present } from '../common/record-writer.js';
import { DateScalar } from '../common/scalars.js';
import { check, idByCode, isoDate, localityIdOn } from '../common/validate.js';
import { Enrollment, EnrollmentStatus } from './enrollment.entity.js';
import { TargetGroup, TrainingKind, TrainingProgram } from './training-program.entity.js';

@InputType({ description: 'A new training program' })
export class CreateTrainingProgramInput {
  @Field(() => String, { description: 'Code of the program' })
  code!: string;

  @Field(() => String, { description: 'Title of the program' })
  title!: string;

  @Field(() => TrainingKind, { description: 'Kind of program' })
  kind!: TrainingKind;

  @Field(() => String, { description: 'Code of the organising agency' })
  organiserCode!: string;

  @Field(() => String, { description: 'Where it is held' })
  localityCode!: string;

  @Field(() => DateScalar, { description: 'First day of the program' })
  startDate!: Date;

  @Field(() => DateScalar, { description: 'Last day of the program' })
  endDate!: Date;

  @Field(() => [TargetGroup], { defaultValue: [], description: 'Groups the program is meant for' })
  targetGroups!: TargetGroup[];

  @Field(() => Int, { description: 'Places in the program' })
  capacity!: number;
}

@InputType({
  description: 'Fields of a training program to change; fields left out keep their value',
})
export class UpdateTrainingProgramInput {
  @Field(() => String, { nullable: true, description: 'Title of the program' })
  title?: string;

  @Field(() => TrainingKind, { nullable: true, description: 'Kind of program' })
  kind?: TrainingKind;

  @Field(() => String, { nullable: true, description: 'Code of the organising agency' })
  organiserCode?: string;

  @Field(() => String, { nullable: true, description: 'GSO code of the locality' })
  localityCode?: string;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the program' })
  startDate?: Date;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the program' })
  endDate?: Date;

  @Field(() => [TargetGroup], { nullable: true, description: 'Groups the program is meant for' })
  targetGroups?: TargetGroup[];

  @Field(() => Int, { nullable: true, description: 'Places in the program' })
  capacity?: number;
}

export const trainingProgramRecord: RecordSpec<TrainingProgram, CreateTrainingProgramInput> = {
  entity: TrainingProgram,
  table: 'training_program',
  async columns(trx, problems, input, current) {
    check.code(problems, input.code, 60);
    check.text(problems, 'title', input.title, 500);
    check.integer(problems, 'capacity', input.capacity, 1, 100_000);
    check.dateOrder(
      problems,
      'endDate',
      input.startDate ?? (current?.start_date as string | undefined),
      input.endDate ?? (current?.end_date as string | undefined),
      'startDate',
    );
    if (input.targetGroups && new Set(input.targetGroups).size !== input.targetGroups.length) {
      problems.add('targetGroups', 'lists a group twice');
    }
    if (current && input.capacity != null) {
      const [counted] = await trx('enrollment')
        .count({ taken: '*' })
        .where('program_id', current.id as number)
        .whereNot('status', 'WITHDRAWN')
        .whereNull('archived_at');
      const taken = Number(counted?.taken ?? 0);
      if (input.capacity < taken)
        problems.add('capacity', `must hold the ${taken} officials already enrolled`);
    }
    const columns = present(input, ['code', 'title', 'kind', 'targetGroups', 'capacity']);
    if ('organiserCode' in input)
      columns.organising_agency_id = await idByCode(
        trx,
        problems,
        'agency',
        'organiserCode',
        input.organiserCode,
      );
    if ('localityCode' in input)
      // A program belongs to the unit holding the code on its first day.
      columns.locality_id = await localityIdOn(
        trx,
        problems,
        'localityCode',
        input.localityCode,
        input.startDate ?? (current?.start_date as string | undefined) ?? new Date(),
      );
    if ('startDate' in input) columns.start_date = isoDate(input.startDate);
    if ('endDate' in input) columns.end_date = isoDate(input.endDate);
    return columns;
  },
  async localities(_trx, row) {
    return [row.locality_id as number];
  },
};

@InputType({ description: 'An official to enrol in a training program' })
export class EnrollOfficialInput {
  @Field(() => String, { description: 'Code of the training program' })
  programCode!: string;

  @Field(() => ID, { description: 'Database id of the official' })
  officialId!: string;

  @Field(() => EnrollmentStatus, {
    defaultValue: EnrollmentStatus.ENROLLED,
    description: "Where the official's place stands",
  })
  status!: EnrollmentStatus;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Required exactly when status is COMPLETED',
  })
  completedOn?: Date | null;
}

@InputType({ description: 'Fields of an enrolment to change; fields left out keep their value' })
export class UpdateEnrollmentInput {
  @Field(() => EnrollmentStatus, {
    nullable: true,
    description: "Where the official's place stands",
  })
  status?: EnrollmentStatus;

  @Field(() => DateScalar, { nullable: true, description: 'Day it was completed' })
  completedOn?: Date | null;
}

export const enrollmentRecord: RecordSpec<Enrollment, EnrollOfficialInput> = {
  entity: Enrollment,
  table: 'enrollment',
  officialColumn: 'official_id',
  async columns(trx, problems, input, current, scope) {
    const status = input.status ?? (current?.status as EnrollmentStatus | undefined);
    const completedOn = 'completedOn' in input ? input.completedOn : current?.completed_on;
    if ((status === EnrollmentStatus.COMPLETED) !== (completedOn != null)) {
      problems.add(
        'completedOn',
        status === EnrollmentStatus.COMPLETED
          ? 'is required for a COMPLETED enrolment'
          : `must be empty while ${status}`,
      );
    }
    const columns = present(input, ['status']);
    if ('completedOn' in input) columns.completed_on = isoDate(input.completedOn);
    if ('programCode' in input)
      columns.program_id = await idByCode(
        trx,
        problems,
        'training_program',
        'programCode',
        input.programCode,
      );
    if ('officialId' in input) {
      columns.official_id = await liveOfficialInScope(
        trx,
        problems,
        scope,
        'officialId',
        input.officialId,
      );
    }
    return columns;
  },
  async localities(trx, row) {
    const [program] = await trx('training_program')
      .select('locality_id')
      .where('id', row.program_id as number);
    return [program?.locality_id ?? null];
  },
};
