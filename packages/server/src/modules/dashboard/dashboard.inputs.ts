import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common/scalars.js';
import { TrainingKind } from '../training/training-program.entity.js';

export enum OfficialDimension {
  SEX = 'SEX',
  ETHNICITY_GROUP = 'ETHNICITY_GROUP',
  ETHNICITY = 'ETHNICITY',
  LOCALITY_LEVEL = 'LOCALITY_LEVEL',
  LOCALITY = 'LOCALITY',
  AGE_BAND = 'AGE_BAND',
  ORGANISATION_KIND = 'ORGANISATION_KIND',
  KEY_LEADERSHIP = 'KEY_LEADERSHIP',
}
registerEnumType(OfficialDimension, {
  name: 'OfficialDimension',
  description:
    'What to group officials by. Post dimensions (locality, level, organisation kind, key leadership) use the posts held on `asOf`; an official without one falls under the home locality',
});

export enum TrainingDimension {
  YEAR = 'YEAR',
  PROGRAM_KIND = 'PROGRAM_KIND',
  SEX = 'SEX',
  ETHNICITY_GROUP = 'ETHNICITY_GROUP',
  ETHNIC_MINORITY_AREA = 'ETHNIC_MINORITY_AREA',
  MOUNTAINOUS = 'MOUNTAINOUS',
  ISLAND = 'ISLAND',
  LOCALITY = 'LOCALITY',
}
registerEnumType(TrainingDimension, {
  name: 'TrainingDimension',
  description: "What to group enrolments by; area flags and locality are the participant's home",
});

@InputType({
  description:
    'Which enrolments a training participation count covers; every field given must match',
})
export class TrainingParticipationFilter {
  @Field(() => Int, { nullable: true, description: 'Programs that started in this year' })
  year?: number;

  @Field(() => Int, { nullable: true, description: 'Programs that started in this year or later' })
  yearFrom?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Programs that started in this year or earlier',
  })
  yearTo?: number;

  @Field(() => [TrainingKind], { nullable: true, description: 'Only programs of these kinds' })
  programKinds?: TrainingKind[];

  @Field(() => String, { nullable: true, description: 'Only the program with this code' })
  programCode?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Participants whose home locality is the unit with this code or under it',
  })
  within?: string;
}

@InputType({ description: 'Options of a breakdown' })
export class BreakdownOptions {
  @Field(() => Int, {
    nullable: true,
    description: 'Drop cells smaller than this (never below the platform’s suppression threshold)',
  })
  minCount?: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Day posts and ages are judged on; today by default',
  })
  asOf?: Date;
}
