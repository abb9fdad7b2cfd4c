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
  valuesConfig: {
    SEX: { description: 'Sex' },
    ETHNICITY_GROUP: { description: 'Kinh or ethnic minority' },
    ETHNICITY: { description: 'Ethnicity' },
    LOCALITY_LEVEL: { description: 'Level of the locality of a post held on asOf' },
    LOCALITY: { description: 'Locality of a post held on asOf, else the home locality' },
    AGE_BAND: { description: 'Age band on the reference day' },
    ORGANISATION_KIND: { description: 'Kind of body of a post held on asOf' },
    KEY_LEADERSHIP: { description: 'Whether a post held on asOf is a key leadership post' },
  },
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
  valuesConfig: {
    YEAR: { description: 'Year the program started' },
    PROGRAM_KIND: { description: 'Kind of program' },
    SEX: { description: 'Sex of the participant' },
    ETHNICITY_GROUP: { description: 'Kinh or ethnic minority, of the participant' },
    ETHNIC_MINORITY_AREA: {
      description: "Whether the participant's home is an ethnic minority area",
    },
    MOUNTAINOUS: { description: "Whether the participant's home is mountainous" },
    ISLAND: { description: "Whether the participant's home is an island" },
    LOCALITY: { description: "The participant's home locality" },
  },
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
