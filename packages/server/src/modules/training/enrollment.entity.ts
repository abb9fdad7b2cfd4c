import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Official } from '../official/official.entity.js';
import { DateScalar } from '../common/scalars.js';
import { TrainingProgram } from './training-program.entity.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum EnrollmentStatus {
  ENROLLED = 'ENROLLED',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(EnrollmentStatus, {
  name: 'EnrollmentStatus',
  description: "Where an official's place in a training program stands",
  valuesConfig: {
    ENROLLED: { description: 'Holds a place and has not finished' },
    COMPLETED: { description: 'Finished the program' },
    WITHDRAWN: { description: 'Left the program before finishing' },
  },
});

@ObjectType({ description: "An official's place in a training program" })
@Entity({ tableName: 'enrollment' })
export class Enrollment extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => TrainingProgram)
  program!: TrainingProgram;

  @ManyToOne(() => Official)
  official!: Official;

  @Field(() => EnrollmentStatus, { description: "Where the official's place stands" })
  @Enum({ items: () => EnrollmentStatus, type: 'string', columnType: 'text' })
  status!: EnrollmentStatus;

  @Field(() => DateScalar, { nullable: true, description: 'Set exactly when status is COMPLETED' })
  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;
}
