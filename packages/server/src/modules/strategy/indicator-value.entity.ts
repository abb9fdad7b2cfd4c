import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Locality } from '../locality/locality.entity.js';
import { Indicator } from './indicator.entity.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum ValueStatus {
  MET = 'MET',
  NOT_MET = 'NOT_MET',
  NO_TARGET = 'NO_TARGET',
  NO_DATA = 'NO_DATA',
}

export enum ApprovalStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
}

registerEnumType(ApprovalStatus, {
  name: 'ApprovalStatus',
  description:
    'DRAFT → SUBMITTED → APPROVED, or back to DRAFT with a reason; aggregates count APPROVED values',
  valuesConfig: {
    DRAFT: { description: 'Entered or returned; never counted by aggregates' },
    SUBMITTED: { description: 'Sent for review; counted by aggregates only with includeSubmitted' },
    APPROVED: { description: 'Approved by a reviewer; counted by aggregates' },
  },
});

registerEnumType(ValueStatus, {
  name: 'ValueStatus',
  description: "Derived by the database from value, target and the indicator's direction",
  valuesConfig: {
    MET: { description: "The value meets the target in the indicator's direction" },
    NOT_MET: { description: 'The value does not meet the target' },
    NO_TARGET: { description: 'There is a value but no target to judge it against' },
    NO_DATA: { description: 'No value reported' },
  },
});

@ObjectType({ description: 'The value of an indicator for a locality and year' })
@Entity({ tableName: 'indicator_value' })
export class IndicatorValue extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Indicator)
  indicator!: Indicator;

  @ManyToOne(() => Locality)
  locality!: Locality;

  @Field(() => Int, { description: 'Year the figure is for' })
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Breakdown this row belongs to, e.g. "sex:FEMALE"; null for the total',
  })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  disaggregation?: string | null;

  @Field(() => Float, { nullable: true, description: 'Null when not reported' })
  @Property({ type: 'double', columnType: 'numeric', runtimeType: 'number', nullable: true })
  value?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Numerator of the value, when it is a share or rate',
  })
  @Property({ type: 'double', columnType: 'numeric', runtimeType: 'number', nullable: true })
  numerator?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Denominator of the value, when it is a share or rate',
  })
  @Property({ type: 'double', columnType: 'numeric', runtimeType: 'number', nullable: true })
  denominator?: number | null;

  @Field(() => Float, { nullable: true, description: 'The target that applied to this value' })
  @Property({ type: 'double', columnType: 'numeric', runtimeType: 'number', nullable: true })
  target?: number | null;

  @Field(() => ValueStatus, {
    description:
      "Met, not met, no target or no data: derived by the database from value, target and the indicator's direction",
  })
  @Enum({ items: () => ValueStatus, type: 'string', columnType: 'text', persist: false })
  status!: ValueStatus;

  @Field(() => String, { description: 'Where the figure comes from' })
  @Property({ type: 'string', columnType: 'text' })
  source!: string;

  @Field(() => String, { nullable: true, description: 'Free-text note' })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  note?: string | null;

  @Field(() => Boolean, {
    description:
      'True when the row is demo data whose totals match a publication, not a reported figure',
  })
  @Property({ type: 'boolean', default: false })
  illustrative: boolean = false;

  @Field(() => ApprovalStatus, { description: 'Where the value stands in review' })
  @Enum({ items: () => ApprovalStatus, type: 'string', columnType: 'text', default: 'DRAFT' })
  approvalStatus: ApprovalStatus = ApprovalStatus.DRAFT;

  @Field(() => String, { nullable: true, description: 'Why it was returned to DRAFT' })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  returnedReason?: string | null;
}
