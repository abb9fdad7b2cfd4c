import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { scopeOf } from '../auth/authorize.js';
import { personalFields, personalQueryScope } from '../auth/personal-data.js';
import { AGGREGATE_CACHE_HINT, INHERIT_CACHE_HINT } from '../common/cache-control.js';
import type { GraphQLContext } from '../common/context.js';
import { DateScalar } from '../common/scalars.js';
import { Role } from '../auth/viewer.js';
import { Locality, LocalityLevel } from '../locality/locality.entity.js';
import { OfficialFilter } from '../official/official.inputs.js';
import { Goal } from '../strategy/goal.entity.js';
import { Indicator } from '../strategy/indicator.entity.js';
import { Plan } from '../strategy/plan.entity.js';
import {
  BreakdownOptions,
  OfficialDimension,
  TrainingDimension,
  TrainingParticipationFilter,
} from './dashboard.inputs.js';
import { DashboardService, type Disclosure } from './dashboard.service.js';
import { EXACT } from './disclosure.js';
import {
  GoalAttainment,
  IndicatorAttainment,
  IndicatorAttainmentRow,
  IndicatorRollup,
  IndicatorSeries,
  PredecessorValue,
  KeyLeaderCoverage,
  OfficialGroup,
  OfficialsBreakdown,
  TrainingGroup,
  TrainingParticipation,
} from './dashboard.types.js';

/**
 * Exact ethnicity and age identify people; they are personal. The coarse Kinh / ethnic-minority
 * split stays open to every caller, with small cells suppressed, since reports publish it.
 */
const PERSONAL_DIMENSIONS = [OfficialDimension.ETHNICITY, OfficialDimension.AGE_BAND];

/**
 * Exact breakdowns are for callers who may see the personal data of every counted record: ADMINs,
 * and EDITORs whose query is confined (`within`) to their scope. Everyone else, an editor asking
 * outside its scope included, gets tables perturbed by the cell key method (disclosure.ts).
 */
async function disclosureFor(
  context: GraphQLContext,
  within: string | null | undefined,
): Promise<Disclosure> {
  const { viewer } = context;
  const perturbed: Disclosure = { perturbed: true, cellKeySecret: context.cellKeySecret };
  if (viewer.role === Role.ADMIN) return EXACT;
  if (viewer.role !== Role.EDITOR || !viewer.scopeCode || within == null) return perturbed;
  const knex = context.em.getKnex();
  // A code reused over time names several units: every one of them must lie in the scope, which
  // covers every unit that has held the scope's code (the one scope rule).
  const [row] = await context.em.getConnection().execute<{ inside: boolean | null }[]>(
    knex('locality as t')
      .where('t.code', within)
      .select(knex.raw('bool_and(?) as inside', [scopeOf(context).locality(knex, 't.id')])),
  );
  return row?.inside === true ? EXACT : perturbed;
}

async function localities(context: GraphQLContext, ids: number[]): Promise<Locality[]> {
  const rows = await context.byId(Locality).loadMany(ids);
  return rows.filter((row): row is Locality => row instanceof Locality);
}

@Resolver()
export class DashboardResolver {
  @Query(() => IndicatorAttainment, {
    description:
      'How many of the indicators a locality tracks were met in a year: those of `planCode`, else of the plan in force that year for the locality or, failing that, its nearest ancestor with one; with no such plan, an error names localityCode',
  })
  @Directive(AGGREGATE_CACHE_HINT)
  indicatorAttainment(
    @Arg('year', () => Int, { description: 'Reporting year of the values' }) year: number,
    @Arg('localityCode', () => String, { description: 'GSO code of the locality' })
    localityCode: string,
    @Arg('planCode', () => String, {
      nullable: true,
      description: 'Code of the plan whose indicators to count',
    })
    planCode: string | undefined,
    @Arg('goalCode', () => String, {
      nullable: true,
      description: 'Count only the indicators of this goal',
    })
    goalCode: string | undefined,
    @Arg('includeSubmitted', () => Boolean, {
      defaultValue: false,
      description: 'Count values submitted for approval too, not only approved ones',
    })
    includeSubmitted: boolean,
    @Ctx() context: GraphQLContext,
  ) {
    return new DashboardService(context.em, context.smallCellThreshold).indicatorAttainment({
      year,
      localityCode,
      planCode,
      goalCode,
      includeSubmitted,
    });
  }

  @Query(() => KeyLeaderCoverage, {
    description:
      'How many local governments of a level inside a locality had a woman in a key post on a day',
  })
  @Directive(AGGREGATE_CACHE_HINT)
  keyLeaderCoverage(
    @Arg('localityCode', () => String, {
      description: 'GSO code of the locality whose local governments are counted',
    })
    localityCode: string,
    @Arg('level', () => LocalityLevel, { description: 'Level of the local governments counted' })
    level: LocalityLevel,
    @Arg('asOf', () => DateScalar, { description: 'The day on which posts are counted' })
    asOf: Date,
    @Ctx() context: GraphQLContext,
  ) {
    return new DashboardService(context.em, context.smallCellThreshold).keyLeaderCoverage({
      localityCode,
      level,
      asOf,
    });
  }

  @Query(() => OfficialsBreakdown, {
    description:
      'Officials counted by any combination of dimensions; small cells are suppressed, and figures are perturbed for callers without personal access (see `perturbed`)',
  })
  @Directive(AGGREGATE_CACHE_HINT)
  async officialsBreakdown(
    @Arg('groupBy', () => [OfficialDimension], {
      description: 'Dimensions to count by, one group per combination of their values',
    })
    groupBy: OfficialDimension[],
    @Arg('filter', () => OfficialFilter, {
      nullable: true,
      description: 'Which officials to count; every field given must match',
    })
    filter: OfficialFilter | undefined,
    @Arg('options', () => BreakdownOptions, {
      nullable: true,
      description: 'Smallest cell shown and the day posts and ages are judged on',
    })
    options: BreakdownOptions | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const personal = [
      ...groupBy
        .filter((dimension) => PERSONAL_DIMENSIONS.includes(dimension))
        .map((dimension) => `groupBy.${dimension}`),
      ...personalFields(filter),
    ];
    const disclosure = await disclosureFor(context, filter?.within);
    // Grouped or filtered by a personal field, only officials the caller may see are counted; so
    // are exact counts, which `within` alone would extend to officials merely posted in the scope.
    const personalScope = personalQueryScope(
      context,
      disclosure.perturbed ? personal : [...personal, 'exact counts'],
    );
    return new DashboardService(context.em, context.smallCellThreshold).officialsBreakdown(
      groupBy,
      filter,
      options,
      disclosure,
      personalScope,
    );
  }

  @Query(() => TrainingParticipation, {
    description:
      'Enrolments, completions and completion rate by any combination of dimensions; small cells are suppressed, and figures are perturbed for callers without personal access (see `perturbed`)',
  })
  @Directive(AGGREGATE_CACHE_HINT)
  async trainingParticipation(
    @Arg('groupBy', () => [TrainingDimension], {
      description: 'Dimensions to count by, one group per combination of their values',
    })
    groupBy: TrainingDimension[],
    @Arg('filter', () => TrainingParticipationFilter, {
      nullable: true,
      description: 'Which enrolments to count; every field given must match',
    })
    filter: TrainingParticipationFilter | undefined,
    @Arg('options', () => BreakdownOptions, {
      nullable: true,
      description: 'Smallest cell shown and the day posts and ages are judged on',
    })
    options: BreakdownOptions | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return new DashboardService(context.em, context.smallCellThreshold).trainingParticipation(
      groupBy,
      filter,
      options,
      await disclosureFor(context, filter?.within),
    );
  }

  @Query(() => IndicatorSeries, {
    description:
      "An indicator's yearly values for a locality against the 2025 and 2030 targets, with the trend",
  })
  @Directive(AGGREGATE_CACHE_HINT)
  indicatorSeries(
    @Arg('indicatorCode', () => String, { description: 'Code of the indicator' })
    indicatorCode: string,
    @Arg('localityCode', () => String, { description: 'GSO code of the locality' })
    localityCode: string,
    @Arg('fromYear', () => Int, { nullable: true, description: 'First year of the series' })
    fromYear: number | undefined,
    @Arg('toYear', () => Int, { nullable: true, description: 'Last year of the series' })
    toYear: number | undefined,
    @Arg('includeSubmitted', () => Boolean, {
      defaultValue: false,
      description: 'Count values submitted for approval too, not only approved ones',
    })
    includeSubmitted: boolean,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description:
        'The day whose unit `localityCode` names; today by default. Years before that unit existed are derived from its predecessors',
    })
    asOf: Date | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return new DashboardService(context.em, context.smallCellThreshold).indicatorSeries({
      indicatorCode,
      localityCode,
      fromYear,
      toYear,
      includeSubmitted,
      asOf,
    });
  }

  @Query(() => IndicatorRollup, {
    description:
      'An indicator computed from the units under a locality, by the method its unit requires',
  })
  @Directive(AGGREGATE_CACHE_HINT)
  indicatorRollup(
    @Arg('indicatorCode', () => String, { description: 'Code of the indicator' })
    indicatorCode: string,
    @Arg('localityCode', () => String, {
      description: 'GSO code of the locality whose units are aggregated',
    })
    localityCode: string,
    @Arg('year', () => Int, { description: 'Reporting year of the values' }) year: number,
    @Arg('fromLevel', () => LocalityLevel, {
      nullable: true,
      description: 'Level to aggregate from; the level just below the locality by default',
    })
    fromLevel: LocalityLevel | undefined,
    @Arg('includeSubmitted', () => Boolean, {
      defaultValue: false,
      description: 'Count values submitted for approval too, not only approved ones',
    })
    includeSubmitted: boolean,
    @Ctx() context: GraphQLContext,
  ) {
    return new DashboardService(context.em, context.smallCellThreshold).indicatorRollup({
      indicatorCode,
      localityCode,
      year,
      fromLevel,
      includeSubmitted,
    });
  }
}

@Resolver(() => IndicatorAttainment)
export class IndicatorAttainmentResolver {
  @FieldResolver(() => Locality, { description: 'The locality the figures are for' })
  @Directive(INHERIT_CACHE_HINT)
  locality(@Root() attainment: IndicatorAttainment, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(attainment.localityId);
  }

  @FieldResolver(() => Plan, {
    nullable: true,
    description: 'The plan whose indicators were counted',
  })
  @Directive(INHERIT_CACHE_HINT)
  plan(@Root() attainment: IndicatorAttainment, @Ctx() context: GraphQLContext) {
    return attainment.planId === null ? null : context.byId(Plan).load(attainment.planId);
  }
}

@Resolver(() => GoalAttainment)
export class GoalAttainmentResolver {
  @FieldResolver(() => Goal, { description: 'The goal it belongs to' })
  @Directive(INHERIT_CACHE_HINT)
  goal(@Root() attainment: GoalAttainment, @Ctx() context: GraphQLContext) {
    return context.byId(Goal).load(attainment.goalId);
  }
}

@Resolver(() => IndicatorAttainmentRow)
export class IndicatorAttainmentRowResolver {
  @FieldResolver(() => Indicator, { description: 'The indicator the figures are for' })
  @Directive(INHERIT_CACHE_HINT)
  indicator(@Root() row: IndicatorAttainmentRow, @Ctx() context: GraphQLContext) {
    return context.byId(Indicator).load(row.indicatorId);
  }
}

@Resolver(() => KeyLeaderCoverage)
export class KeyLeaderCoverageResolver {
  @FieldResolver(() => Locality, { description: 'The locality the figures are for' })
  @Directive(INHERIT_CACHE_HINT)
  locality(@Root() coverage: KeyLeaderCoverage, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(coverage.localityId);
  }

  @FieldResolver(() => [Locality], { description: 'Units without a woman in a key post, by code' })
  @Directive(INHERIT_CACHE_HINT)
  unitsWithout(@Root() coverage: KeyLeaderCoverage, @Ctx() context: GraphQLContext) {
    return localities(context, coverage.unitsWithoutIds);
  }
}

@Resolver(() => OfficialGroup)
export class OfficialGroupResolver {
  @FieldResolver(() => Locality, {
    nullable: true,
    description: 'The locality the figures are for',
  })
  @Directive(INHERIT_CACHE_HINT)
  locality(@Root() group: OfficialGroup, @Ctx() context: GraphQLContext) {
    return group.localityId === null ? null : context.byId(Locality).load(group.localityId);
  }
}

@Resolver(() => TrainingGroup)
export class TrainingGroupResolver {
  @FieldResolver(() => Locality, {
    nullable: true,
    description: 'The locality the figures are for',
  })
  @Directive(INHERIT_CACHE_HINT)
  locality(@Root() group: TrainingGroup, @Ctx() context: GraphQLContext) {
    return group.localityId === null ? null : context.byId(Locality).load(group.localityId);
  }
}

@Resolver(() => IndicatorSeries)
export class IndicatorSeriesResolver {
  @FieldResolver(() => Indicator, { description: 'The indicator the figures are for' })
  @Directive(INHERIT_CACHE_HINT)
  indicator(@Root() series: IndicatorSeries, @Ctx() context: GraphQLContext) {
    return context.byId(Indicator).load(series.indicatorId);
  }

  @FieldResolver(() => Locality, { description: 'The locality the figures are for' })
  @Directive(INHERIT_CACHE_HINT)
  locality(@Root() series: IndicatorSeries, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(series.localityId);
  }
}

@Resolver(() => PredecessorValue)
export class PredecessorValueResolver {
  @FieldResolver(() => Locality, { description: 'The predecessor' })
  @Directive(INHERIT_CACHE_HINT)
  locality(@Root() value: PredecessorValue, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(value.localityId);
  }
}

@Resolver(() => IndicatorRollup)
export class IndicatorRollupResolver {
  @FieldResolver(() => Indicator, { description: 'The indicator the figures are for' })
  @Directive(INHERIT_CACHE_HINT)
  indicator(@Root() rollup: IndicatorRollup, @Ctx() context: GraphQLContext) {
    return context.byId(Indicator).load(rollup.indicatorId);
  }

  @FieldResolver(() => Locality, { description: 'The locality the figures are for' })
  @Directive(INHERIT_CACHE_HINT)
  locality(@Root() rollup: IndicatorRollup, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(rollup.localityId);
  }

  @FieldResolver(() => [Locality], { description: 'Units that reported no value, by code' })
  @Directive(INHERIT_CACHE_HINT)
  missing(@Root() rollup: IndicatorRollup, @Ctx() context: GraphQLContext) {
    return localities(context, rollup.missingIds);
  }
}
