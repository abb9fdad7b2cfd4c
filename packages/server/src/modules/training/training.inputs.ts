import { Field, InputType, Int } from 'type-graphql';
import { DateScalar } from '../common/scalars.js';
import { EnrollmentStatus } from './enrollment.entity.js';
import { TargetGroup, TrainingKind } from './training-program.entity.js';

@InputType({ description: 'Which training program rows to list; every field given must match' })
export class TrainingProgramFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => [TrainingKind], { nullable: true, description: 'Only these kinds' })
  kinds?: TrainingKind[];

  @Field(() => Int, { nullable: true, description: 'Programs that start in this year' })
  year?: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Held in the unit with this code or under it, or in a unit that went into them (see asOf)',
  })
  within?: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'The day `within` is read on (today by default): the unit holding the code then, its subtree, and the units that went into them in earlier reforms',
  })
  asOf?: Date;

  @Field(() => String, { nullable: true, description: 'Code of the organising agency' })
  organiserCode?: string;

  @Field(() => TargetGroup, { nullable: true, description: 'Programs aimed at this group' })
  targetGroup?: TargetGroup;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the title, ignoring diacritics and case',
  })
  search?: string;
}

@InputType({ description: 'Which enrollment rows to list; every field given must match' })
export class EnrollmentFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => [EnrollmentStatus], { nullable: true, description: 'Only these statuses' })
  statuses?: EnrollmentStatus[];
}
