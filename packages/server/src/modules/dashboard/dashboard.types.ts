import { Directive, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from '../common/cache-control.js';
import { DateScalar } from '../common/scalars.js';
import { LocalityLevel } from '../locality/locality.entity.js';
import { Sex } from '../official/official.entity.js';
import { OrganisationKind } from '../official/position.entity.js';
import { ValueStatus } from '../strategy/indicator-value.entity.js';
import { TrainingKind } from '../training/training-program.entity.js';

export enum EthnicityGroup {
  KINH = 'KINH',
  ETHNIC_MINORITY = 'ETHNIC_MINORITY',
}
registerEnumType(EthnicityGroup, {
  name: 'EthnicityGroup',
  description: 'Kinh, the majority ethnicity, or any other ethnicity',
  valuesConfig: {
    KINH: { description: 'Kinh, the majority ethnicity' },
    ETHNIC_MINORITY: { description: 'Any ethnicity other than Kinh' },
  },
});

export enum AgeBand {
  UNDER_30 = 'UNDER_30',
  FROM_30_TO_39 = 'FROM_30_TO_39',
  FROM_40_TO_49 = 'FROM_40_TO_49',
  FROM_50_TO_59 = 'FROM_50_TO_59',
  FROM_60 = 'FROM_60',
}
registerEnumType(AgeBand, {
  name: 'AgeBand',
  description: 'Age in completed years on the reference day',
  valuesConfig: {
    UNDER_30: { description: 'Younger than 30' },
    FROM_30_TO_39: { description: '30 to 39' },
    FROM_40_TO_49: { description: '40 to 49' },
    FROM_50_TO_59: { description: '50 to 59' },
    FROM_60: { description: '60 or older' },
  },
});

export enum RollupMethod {
  SUM = 'SUM',
  RATIO_OF_SUMS = 'RATIO_OF_SUMS',
  ALL = 'ALL',
}
registerEnumType(RollupMethod, {
  name: 'RollupMethod',
  valuesConfig: {
    SUM: { description: 'Counts add up' },
    RATIO_OF_SUMS: {
      description: 'Rates: summed numerators over summed denominators, never an average of rates',
    },
    ALL: {
      description:
        'Yes/no indicators: 1 only where every unit reported and achieved it; 0 as soon as one unit did not; null (incomplete) while units without a value leave it open',
    },
  },
});

@ObjectType({ description: 'Counts of tracked indicators by status' })
@Directive(INHERIT_CACHE_HINT)
export class AttainmentCounts {
  @Field(() => Int)
  tracked!: number;

  @Field(() => Int)
  met!: number;

  @Field(() => Int)
  notMet!: number;

  @Field(() => Int, { description: 'Reported, but no target applies' })
  noTarget!: number;

  @Field(() => Int, { description: 'Not reported for the year' })
  noData!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'met / tracked; null when nothing is tracked',
  })
  metShare!: number | null;
}

@ObjectType()
@Directive(INHERIT_CACHE_HINT)
export class GoalAttainment extends AttainmentCounts {
  goalId!: number;
}

@ObjectType({ description: "One tracked indicator's value against its target" })
@Directive(INHERIT_CACHE_HINT)
export class IndicatorAttainmentRow {
  indicatorId!: number;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Float, { nullable: true })
  target!: number | null;

  @Field(() => ValueStatus)
  status!: ValueStatus;

  @Field(() => Float, {
    nullable: true,
    description:
      'Shortfall in the indicator’s unit: positive = short of the target, zero or negative = on or beyond it',
  })
  gap!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the value is demo data' })
  illustrative!: boolean | null;
}

@ObjectType({ description: 'How many tracked indicators a locality met in a year' })
@Directive(INHERIT_CACHE_HINT)
export class IndicatorAttainment extends AttainmentCounts {
  localityId!: number;
  planId!: number | null;

  @Field(() => Int)
  year!: number;

  @Field(() => [GoalAttainment])
  goals!: GoalAttainment[];

  @Field(() => [IndicatorAttainmentRow])
  indicators!: IndicatorAttainmentRow[];
}

@ObjectType({ description: 'Local governments with at least one woman in a key leadership post' })
@Directive(INHERIT_CACHE_HINT)
export class KeyLeaderCoverage {
  localityId!: number;
  unitsWithoutIds!: number[];

  @Field(() => LocalityLevel)
  level!: LocalityLevel;

  @Field(() => DateScalar)
  asOf!: string;

  @Field(() => Int, { description: 'Local governments of the level inside the locality' })
  units!: number;

  @Field(() => Int)
  withFemaleKeyLeader!: number;

  @Field(() => Float, { nullable: true, description: 'withFemaleKeyLeader / units' })
  share!: number | null;
}

@ObjectType({ description: 'One cell of a breakdown; dimensions not grouped by are null' })
@Directive(INHERIT_CACHE_HINT)
export class OfficialGroup {
  localityId!: number | null;

  @Field(() => Sex, { nullable: true })
  sex!: Sex | null;

  @Field(() => EthnicityGroup, { nullable: true })
  ethnicityGroup!: EthnicityGroup | null;

  @Field(() => String, { nullable: true })
  ethnicity!: string | null;

  @Field(() => LocalityLevel, { nullable: true })
  localityLevel!: LocalityLevel | null;

  @Field(() => AgeBand, { nullable: true })
  ageBand!: AgeBand | null;

  @Field(() => OrganisationKind, { nullable: true })
  organisationKind!: OrganisationKind | null;

  @Field(() => Boolean, { nullable: true })
  keyLeadership!: boolean | null;

  @Field(() => Int, { description: 'Distinct officials in the cell (perturbed when the table is)' })
  count!: number;

  @Field(() => Float, {
    description: 'count / total, of the published (perturbed) figures, at most 1',
  })
  share!: number;
}

const PERTURBED_DESCRIPTION =
  'Whether the figures are perturbed: true for callers without personal access to every counted record (anonymous callers, analysts, editors asking outside their scope). Each count then carries a fixed noise of at most ±2 from the cell key method (the same cell always gets the same figure), totals are perturbed as cells of their own, shares and rates are computed from perturbed figures, and figures under the threshold are left out. False: exact counts (admins, editors within their scope)';

@ObjectType()
@Directive(INHERIT_CACHE_HINT)
export class OfficialsBreakdown {
  @Field(() => Int, {
    nullable: true,
    description:
      'Distinct officials matching the filter, suppressed cells included. When perturbed: a cell of its own (not the sum of the groups), and null when under the threshold, in which case every group is left out',
  })
  total!: number | null;

  @Field(() => Boolean, { description: PERTURBED_DESCRIPTION })
  perturbed!: boolean;

  @Field(() => Int, { description: 'Cells with fewer officials than this were left out' })
  threshold!: number;

  @Field(() => Int, { description: 'How many cells were left out for being small' })
  suppressedGroups!: number;

  @Field(() => [OfficialGroup])
  groups!: OfficialGroup[];
}

@ObjectType()
@Directive(INHERIT_CACHE_HINT)
export class TrainingGroup {
  localityId!: number | null;

  @Field(() => Int, { nullable: true, description: 'Year the program started' })
  year!: number | null;

  @Field(() => TrainingKind, { nullable: true })
  programKind!: TrainingKind | null;

  @Field(() => Sex, { nullable: true })
  sex!: Sex | null;

  @Field(() => EthnicityGroup, { nullable: true })
  ethnicityGroup!: EthnicityGroup | null;

  @Field(() => Boolean, { nullable: true })
  ethnicMinorityArea!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  mountainous!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  island!: boolean | null;

  @Field(() => Int)
  enrollments!: number;

  @Field(() => Int)
  completions!: number;

  @Field(() => Int)
  withdrawals!: number;

  @Field(() => Float, { nullable: true, description: 'completions / enrollments' })
  completionRate!: number | null;
}

@ObjectType()
@Directive(INHERIT_CACHE_HINT)
export class TrainingParticipation {
  @Field(() => Int, {
    nullable: true,
    description:
      'Enrolments matching the filter. When perturbed: a cell of its own (not the sum of the groups), and null with completions, withdrawals and completionRate when under the threshold, in which case every group is left out',
  })
  enrollments!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Completed enrolments (perturbed when the table is)',
  })
  completions!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Withdrawn enrolments (perturbed when the table is)',
  })
  withdrawals!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'completions / enrollments, of the published figures',
  })
  completionRate!: number | null;

  @Field(() => Int, { description: 'Cells with fewer enrolments than this were left out' })
  threshold!: number;

  @Field(() => Int, { description: 'How many cells were left out for being small' })
  suppressedGroups!: number;

  @Field(() => Boolean, { description: PERTURBED_DESCRIPTION })
  perturbed!: boolean;

  @Field(() => [TrainingGroup])
  groups!: TrainingGroup[];
}

@ObjectType()
@Directive(INHERIT_CACHE_HINT)
export class SeriesPoint {
  @Field(() => Int)
  year!: number;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'The target that applied that year' })
  target!: number | null;

  @Field(() => ValueStatus)
  status!: ValueStatus;

  @Field(() => Float, { nullable: true, description: 'Shortfall against the 2025 target' })
  gap2025!: number | null;

  @Field(() => Float, { nullable: true, description: 'Shortfall against the 2030 target' })
  gap2030!: number | null;
}

@ObjectType({ description: 'Yearly values of an indicator against the strategy targets' })
@Directive(INHERIT_CACHE_HINT)
export class IndicatorSeries {
  indicatorId!: number;
  localityId!: number;

  @Field(() => Int)
  fromYear!: number;

  @Field(() => Int)
  toYear!: number;

  @Field(() => Float, { nullable: true })
  target2025!: number | null;

  @Field(() => Float, { nullable: true })
  target2030!: number | null;

  @Field(() => [SeriesPoint])
  points!: SeriesPoint[];

  @Field(() => Float, {
    nullable: true,
    description: 'Least-squares change per year; null with fewer than 2 values',
  })
  trendPerYear!: number | null;

  @Field(() => Float, { nullable: true })
  projected2025!: number | null;

  @Field(() => Float, { nullable: true })
  projected2030!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the trend reaches the 2025 target',
  })
  onTrack2025!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the trend reaches the 2030 target',
  })
  onTrack2030!: boolean | null;
}

@ObjectType({ description: "An indicator's value computed from the units under a locality" })
@Directive(INHERIT_CACHE_HINT)
export class IndicatorRollup {
  indicatorId!: number;
  localityId!: number;
  missingIds!: number[];

  @Field(() => Int)
  year!: number;

  @Field(() => LocalityLevel, { description: 'Level of the units that were aggregated' })
  fromLevel!: LocalityLevel;

  @Field(() => RollupMethod)
  method!: RollupMethod;

  @Field(() => Float, {
    nullable: true,
    description:
      'Null when a reporting unit lacks what the method needs, or, for yes/no indicators, when units without a value leave the answer open',
  })
  value!: number | null;

  @Field(() => Float, { nullable: true })
  numerator!: number | null;

  @Field(() => Float, { nullable: true })
  denominator!: number | null;

  @Field(() => Int, { description: 'Units of that level under the locality' })
  units!: number;

  @Field(() => Int, { description: 'Units that reported a value' })
  reporting!: number;

  @Field(() => Boolean, {
    description:
      'True when every unit reported a value; otherwise `missing` lists those that did not',
  })
  complete!: boolean;

  @Field(() => Int, {
    description: 'Reporting units without numerator and denominator (rates only)',
  })
  withoutFraction!: number;

  @Field(() => Float, {
    nullable: true,
    description: "The locality's own reported value, for comparison",
  })
  reportedValue!: number | null;
}
