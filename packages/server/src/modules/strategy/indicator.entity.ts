import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Goal } from './goal.entity.js';
import { Strategy } from './strategy.entity.js';

export enum IndicatorUnit {
  PERCENT = 'PERCENT',
  RATIO = 'RATIO',
  RATE_PER_100K = 'RATE_PER_100K',
  COUNT = 'COUNT',
  BOOLEAN = 'BOOLEAN',
}

export enum TargetDirection {
  AT_LEAST = 'AT_LEAST',
  AT_MOST = 'AT_MOST',
  BELOW = 'BELOW',
}

export enum TextStatus {
  VERIFIED = 'VERIFIED',
  VERIFIED_EN_ONLY = 'VERIFIED_EN_ONLY',
  TOPIC_ONLY = 'TOPIC_ONLY',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(IndicatorUnit, {
  name: 'IndicatorUnit',
  description: 'Unit of an indicator, its targets and its values',
  valuesConfig: {
    PERCENT: { description: 'A share in percent, 0–100' },
    RATIO: { description: 'A ratio such as boys per 100 girls, or women’s time relative to men’s' },
    RATE_PER_100K: { description: 'Events per 100,000 (e.g. maternal deaths per live births)' },
    COUNT: { description: 'A non-negative whole number' },
    BOOLEAN: { description: '1 when achieved, 0 when not' },
  },
});
registerEnumType(TargetDirection, {
  name: 'TargetDirection',
  description: 'How a value is judged against its target',
  valuesConfig: {
    AT_LEAST: { description: 'Met when value ≥ target' },
    AT_MOST: { description: 'Met when value ≤ target' },
    BELOW: { description: 'Met when value < target' },
  },
});
registerEnumType(TextStatus, {
  name: 'TextStatus',
  description:
    'How far the wording and targets of an indicator are verified against the resolution',
  valuesConfig: {
    VERIFIED: { description: 'Vietnamese wording and targets quoted from the resolution' },
    VERIFIED_EN_ONLY: {
      description: 'Targets from English summaries; Vietnamese wording not quoted',
    },
    TOPIC_ONLY: { description: 'Topic known; wording and targets not verified' },
    UNKNOWN: { description: 'Only the existence of the line is known; not official wording' },
  },
});

@ObjectType({ description: 'An indicator (chỉ tiêu) of a strategy goal' })
@Entity({ tableName: 'indicator' })
export class Indicator {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Strategy)
  strategy!: Strategy;

  @ManyToOne(() => Goal)
  goal!: Goal;

  @Field(() => String, { description: 'e.g. "MT1.1"' })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Name in Vietnamese' })
  @Property({ type: 'string', columnType: 'text' })
  nameVi!: string;

  @Field(() => String, { description: 'Name in English' })
  @Property({ type: 'string', columnType: 'text' })
  nameEn!: string;

  @Field(() => IndicatorUnit, { description: 'Unit of its values and targets' })
  @Enum({ items: () => IndicatorUnit, type: 'string', columnType: 'text' })
  unit!: IndicatorUnit;

  @Field(() => TargetDirection, { description: 'Ascending or descending' })
  @Enum({ items: () => TargetDirection, type: 'string', columnType: 'text' })
  direction!: TargetDirection;

  @Field(() => TextStatus, { description: 'How far its wording and targets are verified' })
  @Enum({ items: () => TextStatus, type: 'string', columnType: 'text' })
  textStatus!: TextStatus;

  @Field(() => Float, {
    description: 'value = numerator / denominator × valueScale (100 for percentages)',
  })
  @Property({ type: 'double', columnType: 'numeric', runtimeType: 'number', default: 1 })
  valueScale: number = 1;

  @Field(() => String, { nullable: true, description: 'How the value is computed' })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  formula?: string | null;

  @Field(() => [String], { description: 'Breakdowns the value is reported by, e.g. ["sex"]' })
  @Property({ type: 'string[]', columnType: 'text[]', default: '{}' })
  disaggregations: string[] = [];

  @Field(() => String, { nullable: true, description: 'Where its values come from' })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  dataSource?: string | null;

  @Field(() => String, { nullable: true, description: 'Agency responsible for reporting it' })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  responsibleAgency?: string | null;

  @Field(() => String, { description: 'Where the wording and targets come from' })
  @Property({ type: 'string', columnType: 'text' })
  source!: string;

  @Field(() => Int, { description: 'Position in the order of the official text' })
  @Property({ type: 'integer' })
  sortOrder!: number;
}
