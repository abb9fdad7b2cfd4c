import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agency } from '../agency/agency.entity.js';
import { Locality } from '../locality/locality.entity.js';
import { DateScalar } from '../common/scalars.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum TrainingKind {
  TRAINING = 'TRAINING',
  RETRAINING = 'RETRAINING',
  WORKSHOP = 'WORKSHOP',
}

export enum TargetGroup {
  FEMALE_OFFICIALS = 'FEMALE_OFFICIALS',
  ETHNIC_MINORITY_OFFICIALS = 'ETHNIC_MINORITY_OFFICIALS',
  ETHNIC_MINORITY_AREAS = 'ETHNIC_MINORITY_AREAS',
  MOUNTAINOUS_AREAS = 'MOUNTAINOUS_AREAS',
  ISLAND_AREAS = 'ISLAND_AREAS',
  COMMUNE_OFFICIALS = 'COMMUNE_OFFICIALS',
  YOUNG_OFFICIALS = 'YOUNG_OFFICIALS',
}

registerEnumType(TrainingKind, {
  name: 'TrainingKind',
  description: 'Kind of training program',
  valuesConfig: {
    TRAINING: { description: 'Đào tạo: a course leading to a qualification' },
    RETRAINING: { description: 'Bồi dưỡng: refresher or skills training' },
    WORKSHOP: { description: 'Hội thảo, tập huấn: a short workshop' },
  },
});
registerEnumType(TargetGroup, {
  name: 'TargetGroup',
  description: 'A group of officials or areas a training program is meant for',
  valuesConfig: {
    FEMALE_OFFICIALS: { description: 'Female officials (cán bộ nữ)' },
    ETHNIC_MINORITY_OFFICIALS: { description: 'Officials of ethnic minorities' },
    ETHNIC_MINORITY_AREAS: { description: 'Officials working in ethnic minority areas' },
    MOUNTAINOUS_AREAS: { description: 'Officials working in mountainous areas' },
    ISLAND_AREAS: { description: 'Officials working on islands' },
    COMMUNE_OFFICIALS: { description: 'Officials of communes (cấp xã)' },
    YOUNG_OFFICIALS: { description: 'Young officials' },
  },
});

@ObjectType({ description: 'A training or retraining program for officials' })
@Entity({ tableName: 'training_program' })
export class TrainingProgram extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'Code of the program' })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Title of the program' })
  @Property({ type: 'string', columnType: 'text' })
  title!: string;

  @Field(() => TrainingKind, { description: 'Kind of program' })
  @Enum({ items: () => TrainingKind, type: 'string', columnType: 'text' })
  kind!: TrainingKind;

  @ManyToOne(() => Agency)
  organisingAgency!: Agency;

  /** Where it is held. */
  @ManyToOne(() => Locality)
  locality!: Locality;

  @Field(() => DateScalar, { description: 'First day of the program' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => DateScalar, { description: 'Last day of the program' })
  @Property({ type: 'date' })
  endDate!: string;

  @Field(() => [TargetGroup], { description: 'Groups the program is meant for' })
  @Enum({ items: () => TargetGroup, array: true, type: 'string[]', columnType: 'text[]' })
  targetGroups!: TargetGroup[];

  @Field(() => Int, { description: 'Seats; enrolments never exceed it' })
  @Property({ type: 'integer' })
  capacity!: number;

  @Field(() => Boolean, { description: 'True for demo programs that are not a published record' })
  @Property({ type: 'boolean', default: false })
  illustrative: boolean = false;
}
