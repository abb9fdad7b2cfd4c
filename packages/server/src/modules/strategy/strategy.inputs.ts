import { ArgsType, Field, Float, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../common/connection.js';
import { OrderDirection } from '../common/order-direction.js';
import { IndicatorUnit, TextStatus } from './indicator.entity.js';
import { ApprovalStatus, ValueStatus } from './indicator-value.entity.js';

/** The strategy a look-up means when none is named. */
export const DEFAULT_STRATEGY_CODE = 'NQ28-2021-2030';

@InputType({ description: 'Which indicator rows to list; every field given must match' })
export class IndicatorFilter {
  @Field(() => String, { nullable: true, description: `Defaults to every strategy` })
  strategyCode?: string;

  @Field(() => String, { nullable: true, description: 'e.g. "MT1"' })
  goalCode?: string;

  @Field(() => String, { nullable: true, description: 'Only indicators this plan tracks' })
  planCode?: string;

  @Field(() => [IndicatorUnit], { nullable: true, description: 'Only indicators with these units' })
  units?: IndicatorUnit[];

  @Field(() => [TextStatus], {
    nullable: true,
    description: 'Only indicators with these verification statuses',
  })
  textStatuses?: TextStatus[];

  @Field(() => String, { nullable: true, description: 'Part of the Vietnamese or English name' })
  search?: string;
}

export enum IndicatorOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
}
registerEnumType(IndicatorOrderField, {
  name: 'IndicatorOrderField',
  description: 'What indicators are sorted by',
  valuesConfig: {
    CODE: { description: 'Indicator code' },
    NAME: { description: 'Name' },
  },
});

@InputType({ description: 'Sort order of an indicator list' })
export class IndicatorOrder {
  @Field(() => IndicatorOrderField, { description: 'What to sort by' })
  field!: IndicatorOrderField;

  @Field(() => OrderDirection, {
    defaultValue: OrderDirection.ASC,
    description: 'Ascending or descending',
  })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType({ description: 'Which indicator value rows to list; every field given must match' })
export class IndicatorValueFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => String, { nullable: true, description: 'Code of the indicator' })
  indicatorCode?: string;

  @Field(() => String, { nullable: true, description: 'Code of the goal' })
  goalCode?: string;

  @Field(() => String, { nullable: true, description: 'Only indicators this plan tracks' })
  planCode?: string;

  @Field(() => Int, { nullable: true, description: 'Year the figure is for' })
  year?: number;

  @Field(() => Int, { nullable: true, description: 'From this year on' })
  yearFrom?: number;

  @Field(() => Int, { nullable: true, description: 'Up to this year' })
  yearTo?: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Values of exactly the unit with this code at the end of `year` (or `yearTo`), else today',
  })
  localityCode?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Values of the unit with this code at the end of `year` (or `yearTo`), else today, and of everything under it',
  })
  within?: string;

  @Field(() => [ValueStatus], { nullable: true, description: 'Only these statuses' })
  statuses?: ValueStatus[];

  @Field(() => [ApprovalStatus], {
    nullable: true,
    description: 'Only values in these approval states, e.g. [SUBMITTED] for what awaits review',
  })
  approvalStatuses?: ApprovalStatus[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only illustrative (demo) values (true) or only reported ones (false)',
  })
  illustrative?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True: only totals (no disaggregation); false: only disaggregated rows',
  })
  totalsOnly?: boolean;
}

export enum IndicatorValueOrderField {
  INDICATOR = 'INDICATOR',
  YEAR = 'YEAR',
  LOCALITY = 'LOCALITY',
  VALUE = 'VALUE',
}
registerEnumType(IndicatorValueOrderField, {
  name: 'IndicatorValueOrderField',
  description: 'What indicator values are sorted by',
  valuesConfig: {
    INDICATOR: { description: 'Indicator' },
    YEAR: { description: 'Year' },
    LOCALITY: { description: 'Locality' },
    VALUE: { description: 'The value' },
  },
});

@InputType({ description: 'Sort order of an indicator value list' })
export class IndicatorValueOrder {
  @Field(() => IndicatorValueOrderField, { description: 'What to sort by' })
  field!: IndicatorValueOrderField;

  @Field(() => OrderDirection, {
    defaultValue: OrderDirection.ASC,
    description: 'Ascending or descending',
  })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType({
  description: 'A value for indicator × locality × year × disaggregation; replaces an earlier one',
})
export class ReportIndicatorValueInput {
  @Field(() => String, { description: 'Code of the indicator' })
  indicatorCode!: string;

  @Field(() => String, { description: 'GSO code of the locality' })
  localityCode!: string;

  @Field(() => Int, { description: 'A year of the strategy period' })
  year!: number;

  @Field(() => Float, { nullable: true, description: 'Null reports that no value is available' })
  value?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Numerator of the value, when it is a share or rate',
  })
  numerator?: number | null;

  @Field(() => Float, { nullable: true, description: 'Required with a numerator; positive' })
  denominator?: number | null;

  @Field(() => String, { nullable: true, description: 'e.g. "sex:FEMALE"; omit for the total' })
  disaggregation?: string | null;

  @Field(() => Float, { nullable: true, description: 'The target that applied' })
  target?: number | null;

  @Field(() => String, { nullable: true, description: 'Free-text note' })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from' })
  source?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'When replacing a value: the version read, so a concurrent change is not lost',
  })
  version?: number | null;
}

/** The most indicators and targets one plan may name in a call. */
export const PLAN_LIMITS = { indicators: 500, targets: 5000 } as const;

@InputType({ description: 'A target a plan sets for one of its indicators in one year' })
export class PlanTargetInput {
  @Field(() => String, { description: 'An indicator the plan tracks, e.g. "MT1.1"' })
  indicatorCode!: string;

  @Field(() => Int, { description: "A year within the plan's period" })
  year!: number;

  @Field(() => Float, { description: "The plan's own target, in the indicator's unit" })
  value!: number;
}

@InputType({
  description:
    "A locality's plan: created when the code is new, otherwise replaced as a whole (its indicators and its own targets)",
})
export class SavePlanInput {
  @Field(() => String, { description: 'Unique code of the plan, e.g. "QNG-NQ28-2021-2030"' })
  code!: string;

  @Field(() => String, { description: 'Name of the plan as published' })
  name!: string;

  @Field(() => String, { description: 'The locality that adopts the plan' })
  localityCode!: string;

  @Field(() => String, {
    defaultValue: DEFAULT_STRATEGY_CODE,
    description: 'The strategy it implements',
  })
  strategyCode: string = DEFAULT_STRATEGY_CODE;

  @Field(() => Int, { description: 'First year the plan is in force' })
  startYear!: number;

  @Field(() => Int, { description: 'Last year the plan is in force' })
  endYear!: number;

  @Field(() => [String], {
    description: `Codes of the strategy indicators the plan tracks (at most ${PLAN_LIMITS.indicators}); attainment counts exactly these`,
  })
  indicatorCodes!: string[];

  @Field(() => [PlanTargetInput], {
    nullable: true,
    description: `The plan's own targets where they differ from the national ones (at most ${PLAN_LIMITS.targets})`,
  })
  targets?: PlanTargetInput[];

  @Field(() => String, { description: 'Where the plan is published, e.g. a decision number' })
  source!: string;
}

/** A page of indicator values, wherever a list of them is asked for. */
@ArgsType()
export class IndicatorValueListArgs extends ConnectionArgs {
  @Field(() => IndicatorValueFilter, {
    nullable: true,
    description: 'Which values to list; every field given must match',
  })
  filter?: IndicatorValueFilter;

  @Field(() => IndicatorValueOrder, { nullable: true, description: 'Sort order of the list' })
  orderBy?: IndicatorValueOrder;
}
