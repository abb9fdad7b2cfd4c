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
  description: "How the units' values of an indicator are combined into one figure",
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
  @Field(() => Int, {
    description: 'Indicators tracked: those of the plan (or goal) that the count covers',
  })
  tracked!: number;

  @Field(() => Int, { description: 'Tracked indicators whose value meets the target' })
  met!: number;

  @Field(() => Int, { description: 'Tracked indicators whose value does not meet the target' })
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

@ObjectType({ description: 'Attainment counts for one goal of the strategy' })
@Directive(INHERIT_CACHE_HINT)
export class GoalAttainment extends AttainmentCounts {
  goalId!: number;
}

@ObjectType({ description: "One tracked indicator's value against its target" })
@Directive(INHERIT_CACHE_HINT)
export class IndicatorAttainmentRow {
  indicatorId!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'The value counted; null when none was reported',
  })
  value!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The target the value is judged against; null when there is none',
  })
  target!: number | null;

  @Field(() => ValueStatus, {
    description: "How the value compares with the target in the indicator's direction",
  })
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

  @Field(() => Int, { description: 'Year the figure is for' })
  year!: number;

  @Field(() => [GoalAttainment], { description: 'The same counts per goal' })
  goals!: GoalAttainment[];

  @Field(() => [IndicatorAttainmentRow], { description: 'One row per tracked indicator' })
  indicators!: IndicatorAttainmentRow[];
}

@ObjectType({ description: 'Local governments with at least one woman in a key leadership post' })
@Directive(INHERIT_CACHE_HINT)
export class KeyLeaderCoverage {
  localityId!: number;
  unitsWithoutIds!: number[];

  @Field(() => LocalityLevel, { description: 'Level of the local governments counted' })
  level!: LocalityLevel;

  @Field(() => DateScalar, { description: 'The day on which posts were counted' })
  asOf!: string;

  @Field(() => Int, { description: 'Local governments of the level inside the locality' })
  units!: number;

  @Field(() => Int, {
    description: 'Local governments of the level with at least one woman in a key post on that day',
  })
  withFemaleKeyLeader!: number;

  @Field(() => Float, { nullable: true, description: 'withFemaleKeyLeader / units' })
  share!: number | null;
}

@ObjectType({ description: 'One cell of a breakdown; dimensions not grouped by are null' })
@Directive(INHERIT_CACHE_HINT)
export class OfficialGroup {
  localityId!: number | null;

  @Field(() => Sex, { nullable: true, description: 'Sex; null unless grouped by it' })
  sex!: Sex | null;

  @Field(() => EthnicityGroup, {
    nullable: true,
    description: 'Kinh or ethnic minority; null unless grouped by ETHNICITY_GROUP',
  })
  ethnicityGroup!: EthnicityGroup | null;

  @Field(() => String, {
    nullable: true,
    description: 'Ethnicity; null unless grouped by ETHNICITY',
  })
  ethnicity!: string | null;

  @Field(() => LocalityLevel, {
    nullable: true,
    description: 'Level of the locality of the post; null unless grouped by LOCALITY_LEVEL',
  })
  localityLevel!: LocalityLevel | null;

  @Field(() => AgeBand, {
    nullable: true,
    description: 'Age band on the reference day; null unless grouped by AGE_BAND',
  })
  ageBand!: AgeBand | null;

  @Field(() => OrganisationKind, {
    nullable: true,
    description: 'Kind of body of the post; null unless grouped by ORGANISATION_KIND',
  })
  organisationKind!: OrganisationKind | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the post is a key leadership post; null unless grouped by KEY_LEADERSHIP',
  })
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

@ObjectType({
  description: 'Officials counted by the requested dimensions, with disclosure control applied',
})
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

  @Field(() => [OfficialGroup], {
    description: 'One cell per combination of the grouped dimensions',
  })
  groups!: OfficialGroup[];
}

@ObjectType({ description: 'Training participation for one combination of the grouped dimensions' })
@Directive(INHERIT_CACHE_HINT)
export class TrainingGroup {
  localityId!: number | null;

  @Field(() => Int, { nullable: true, description: 'Year the program started' })
  year!: number | null;

  @Field(() => TrainingKind, {
    nullable: true,
    description: 'Kind of program; null unless grouped by it',
  })
  programKind!: TrainingKind | null;

  @Field(() => Sex, { nullable: true, description: 'Sex; null unless grouped by it' })
  sex!: Sex | null;

  @Field(() => EthnicityGroup, {
    nullable: true,
    description: 'Kinh or ethnic minority; null unless grouped by it',
  })
  ethnicityGroup!: EthnicityGroup | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the home locality is an ethnic minority area; null unless grouped by it',
  })
  ethnicMinorityArea!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the home locality is mountainous; null unless grouped by it',
  })
  mountainous!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the home locality is an island; null unless grouped by it',
  })
  island!: boolean | null;

  @Field(() => Int, { description: 'Enrolments in the cell' })
  enrollments!: number;

  @Field(() => Int, { description: 'Enrolments completed' })
  completions!: number;

  @Field(() => Int, { description: 'Enrolments withdrawn' })
  withdrawals!: number;

  @Field(() => Float, { nullable: true, description: 'completions / enrollments' })
  completionRate!: number | null;
}

@ObjectType({
  description:
    'Training enrolments counted by the requested dimensions, with disclosure control applied',
})
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

  @Field(() => [TrainingGroup], {
    description: 'One cell per combination of the grouped dimensions',
  })
  groups!: TrainingGroup[];
}

export enum Derivation {
  CARRIED = 'CARRIED',
  SUM = 'SUM',
  RATIO_OF_SUMS = 'RATIO_OF_SUMS',
  NOT_DERIVABLE = 'NOT_DERIVABLE',
}
registerEnumType(Derivation, {
  name: 'Derivation',
  description:
    "How a year's value of a unit that did not exist yet was obtained from the units it came from",
  valuesConfig: {
    CARRIED: {
      description: 'One predecessor went wholly into the unit: its value is carried over',
    },
    SUM: { description: "Counts: the predecessors' values added up" },
    RATIO_OF_SUMS: {
      description: "Rates: the predecessors' numerators summed over their summed denominators",
    },
    NOT_DERIVABLE: {
      description:
        "No value can be derived: a predecessor was divided, reported nothing or no fraction, or the indicator's unit does not combine; see predecessorValues",
    },
  },
});

@ObjectType({ description: "A predecessor's own value of the indicator in a year" })
@Directive(INHERIT_CACHE_HINT)
export class PredecessorValue {
  localityId!: number;

  @Field(() => Float, { nullable: true, description: 'Its value; null when none was counted' })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'Numerator of its value, when reported' })
  numerator!: number | null;

  @Field(() => Float, { nullable: true, description: 'Denominator of its value, when reported' })
  denominator!: number | null;

  @Field(() => Boolean, {
    description:
      "It was divided between several successors, so its figure is not wholly this unit's",
  })
  divided!: boolean;
}

@ObjectType({ description: 'The value of an indicator in one year of a series' })
@Directive(INHERIT_CACHE_HINT)
export class SeriesPoint {
  @Field(() => Boolean, {
    description:
      'The unit did not exist that year (it was formed by a reform later): the point comes from its predecessors, never from a report of its own',
  })
  derived!: boolean;

  @Field(() => Derivation, {
    nullable: true,
    description: 'How a derived value was obtained; null for a value reported for the unit itself',
  })
  derivation!: Derivation | null;

  @Field(() => [PredecessorValue], {
    description: "For a derived point, each predecessor's own value that year; empty otherwise",
  })
  predecessorValues!: PredecessorValue[];

  @Field(() => Int, { description: 'Year the figure is for' })
  year!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'The value of that year; null when none was counted',
  })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'The target that applied that year' })
  target!: number | null;

  @Field(() => ValueStatus, {
    description: "How the value compares with the target in the indicator's direction",
  })
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

  @Field(() => Int, { description: 'First year of the series' })
  fromYear!: number;

  @Field(() => Int, { description: 'Last year of the series' })
  toYear!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'The 2025 target of the indicator; null when there is none',
  })
  target2025!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The 2030 target of the indicator; null when there is none',
  })
  target2030!: number | null;

  @Field(() => [SeriesPoint], { description: 'One point per year from fromYear to toYear' })
  points!: SeriesPoint[];

  @Field(() => Float, {
    nullable: true,
    description: 'Least-squares change per year; null with fewer than 2 values',
  })
  trendPerYear!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The trend extended to 2025; null when it cannot be computed',
  })
  projected2025!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The trend extended to 2030; null when it cannot be computed',
  })
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

  @Field(() => Int, { description: 'Year the figure is for' })
  year!: number;

  @Field(() => LocalityLevel, { description: 'Level of the units that were aggregated' })
  fromLevel!: LocalityLevel;

  @Field(() => RollupMethod, { description: "How the units' values were combined" })
  method!: RollupMethod;

  @Field(() => Float, {
    nullable: true,
    description:
      'Null when a reporting unit lacks what the method needs, or, for yes/no indicators, when units without a value leave the answer open',
  })
  value!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Sum of the numerators of the units, for RATIO_OF_SUMS; null otherwise',
  })
  numerator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Sum of the denominators of the units, for RATIO_OF_SUMS; null otherwise',
  })
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
