import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Locality } from '../locality/locality.entity.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum Sex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}

registerEnumType(Sex, {
  name: 'Sex',
  description: 'Sex of an official as recorded in personnel files',
  valuesConfig: { FEMALE: { description: 'Female (nữ)' }, MALE: { description: 'Male (nam)' } },
});

/** The majority ethnicity; every other ethnicity counts as an ethnic minority. */
export const MAJORITY_ETHNICITY = 'Kinh';

@ObjectType({
  description: 'A public official (cán bộ, công chức) of a local government or agency',
})
@Entity({ tableName: 'official' })
export class Official extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** Personal: exposed through OfficialResolver, masked for callers who may not see it. */
  @Property({ type: 'string', columnType: 'text' })
  fullName!: string;

  /** Personal: exposed through OfficialResolver, masked for callers who may not see it. */
  @Enum({ items: () => Sex, type: 'string', columnType: 'text' })
  sex!: Sex;

  @Property({ type: 'integer', nullable: true })
  birthYear?: number | null;

  @Property({ type: 'string', columnType: 'text' })
  ethnicity!: string;

  @ManyToOne(() => Locality, { nullable: true })
  homeLocality?: Locality | null;

  @Property({ type: 'string', columnType: 'text', nullable: true })
  reference?: string | null;

  @Field(() => Boolean, {
    description: 'True for generated demo people: the name and attributes belong to no real person',
  })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}
