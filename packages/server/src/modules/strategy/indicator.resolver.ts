import { Role } from '../auth/viewer.js';
import { Allow } from '../auth/authorize.js';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  ConnectionArgs,
  ConnectionType,
  parsePageRequest,
  toConnection,
} from '../common/connection.js';
import type { GraphQLContext } from '../common/context.js';
import { badUserInput } from '../common/errors.js';
import { parseId } from '../common/ids.js';
import { Locality } from '../locality/locality.entity.js';
import { Goal } from './goal.entity.js';
import { Indicator } from './indicator.entity.js';
import { IndicatorTarget } from './indicator-target.entity.js';
import { IndicatorValue } from './indicator-value.entity.js';
import { DEFAULT_VALUE_ORDER_DESCRIPTION, IndicatorService } from './indicator.service.js';
import { Plan } from './plan.entity.js';
import { Strategy } from './strategy.entity.js';
import {
  DEFAULT_STRATEGY_CODE,
  IndicatorFilter,
  IndicatorOrder,
  IndicatorValueListArgs,
  ReportIndicatorValueInput,
} from './strategy.inputs.js';
import { indicatorTargetsLoader, indicatorValuesLoader } from './strategy.loaders.js';
import { IndicatorValueWriter } from './indicator-value.writer.js';
import { ReviewIndicatorValuesInput, ReviewReport } from './review.types.js';
import { ReviewWriter } from './review.writer.js';

@ObjectType({
  description: 'A page of Indicator rows, with cursors and the count of the whole list',
})
export class IndicatorConnection extends ConnectionType(Indicator) {}

@ObjectType({
  description: 'A page of IndicatorValue rows, with cursors and the count of the whole list',
})
export class IndicatorValueConnection extends ConnectionType(IndicatorValue) {}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => IndicatorConnection, {
    description: 'Indicators of the catalogue, a page at a time',
  })
  async indicators(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => IndicatorFilter, {
      nullable: true,
      description: 'Which indicators to list; every field given must match',
    })
    filter: IndicatorFilter | undefined,
    @Arg('orderBy', () => IndicatorOrder, { nullable: true, description: 'Sort order of the list' })
    orderBy: IndicatorOrder | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    return toConnection(await new IndicatorService(context.em).list(filter, orderBy, page));
  }

  @Query(() => Indicator, {
    nullable: true,
    description: 'An indicator by id, or by code within a strategy',
  })
  indicator(
    @Arg('id', () => ID, {
      nullable: true,
      description: 'Database id of the indicator; give id or code',
    })
    id: string | undefined,
    @Arg('code', () => String, {
      nullable: true,
      description: 'Code of the indicator within its strategy; give id or code',
    })
    code: string | undefined,
    @Arg('strategyCode', () => String, {
      defaultValue: DEFAULT_STRATEGY_CODE,
      description: 'Code of the strategy the indicator code belongs to',
    })
    strategyCode: string,
    @Ctx() context: GraphQLContext,
  ) {
    if (id != null) return context.byId(Indicator).load(parseId(id, 'id'));
    if (code != null) return new IndicatorService(context.em).findByCode(code, strategyCode);
    throw badUserInput('id', 'give either "id" or "code"');
  }

  @FieldResolver(() => Goal, { description: 'The goal it belongs to' })
  goal(@Root() indicator: Indicator, @Ctx() context: GraphQLContext) {
    return context.byId(Goal).load(indicator.goal.id);
  }

  @FieldResolver(() => Strategy, { description: 'The strategy it belongs to' })
  strategy(@Root() indicator: Indicator, @Ctx() context: GraphQLContext) {
    return context.byId(Strategy).load(indicator.strategy.id);
  }

  @FieldResolver(() => [IndicatorTarget], {
    description: 'National targets, or with `planCode` the targets that plan set',
  })
  async targets(
    @Root() indicator: Indicator,
    @Arg('planCode', () => String, {
      nullable: true,
      description: 'Code of a plan whose targets to return instead of the national ones',
    })
    planCode: string | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const targets = await indicatorTargetsLoader(context).load(indicator.id);
    if (planCode == null) return targets.filter((target) => !target.plan);
    const plans = await context
      .byId(Plan)
      .loadMany(targets.flatMap((t) => (t.plan ? [t.plan.id] : [])));
    const planIds = new Set(
      plans.flatMap((plan) => (plan instanceof Plan && plan.code === planCode ? [plan.id] : [])),
    );
    return targets.filter((target) => target.plan && planIds.has(target.plan.id));
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The national target for 2025' })
  async target2025(@Root() indicator: Indicator, @Ctx() context: GraphQLContext) {
    return nationalTarget(context, indicator, 2025);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The national target for 2030' })
  async target2030(@Root() indicator: Indicator, @Ctx() context: GraphQLContext) {
    return nationalTarget(context, indicator, 2030);
  }

  @FieldResolver(() => IndicatorValueConnection, {
    description: `Values reported for this indicator. ${DEFAULT_VALUE_ORDER_DESCRIPTION}`,
  })
  async values(
    @Root() indicator: Indicator,
    @Args(() => IndicatorValueListArgs) { filter, orderBy, ...args }: IndicatorValueListArgs,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    const loader = indicatorValuesLoader(context, 'indicator_id', filter, orderBy, page);
    return toConnection(await loader.load(indicator.id));
  }
}

async function nationalTarget(context: GraphQLContext, indicator: Indicator, year: number) {
  const targets = await indicatorTargetsLoader(context).load(indicator.id);
  return targets.find((target) => !target.plan && target.year === year)?.value ?? null;
}

@Resolver(() => IndicatorTarget)
export class IndicatorTargetResolver {
  @FieldResolver(() => Plan, { nullable: true, description: 'Null for a national target' })
  plan(@Root() target: IndicatorTarget, @Ctx() context: GraphQLContext) {
    return target.plan ? context.byId(Plan).load(target.plan.id) : null;
  }
}

@Resolver(() => IndicatorValue)
export class IndicatorValueResolver {
  @Query(() => IndicatorValueConnection, {
    description: `Indicator values, filtered and ordered. ${DEFAULT_VALUE_ORDER_DESCRIPTION}`,
  })
  async indicatorValues(
    @Args(() => IndicatorValueListArgs) { filter, orderBy, ...args }: IndicatorValueListArgs,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    return toConnection(await new IndicatorService(context.em).listValues(filter, orderBy, page));
  }

  @FieldResolver(() => Indicator, { description: 'The indicator' })
  indicator(@Root() value: IndicatorValue, @Ctx() context: GraphQLContext) {
    return context.byId(Indicator).load(value.indicator.id);
  }

  @FieldResolver(() => Locality, { description: 'The locality' })
  locality(@Root() value: IndicatorValue, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(value.locality.id);
  }

  @Mutation(() => IndicatorValue, {
    description:
      'Reports a value (upsert on indicator × locality × year × disaggregation); it starts as DRAFT',
  })
  @Allow(Role.EDITOR)
  reportIndicatorValue(
    @Arg('input', () => ReportIndicatorValueInput, {
      description: 'The value and what it is of: indicator, locality, year, disaggregation',
    })
    input: ReportIndicatorValueInput,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description: 'A retry with the same key and input returns the first result',
    })
    idempotencyKey: string | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    return new IndicatorValueWriter(context).report(input, idempotencyKey);
  }

  @Mutation(() => IndicatorValue, {
    description: 'DRAFT → SUBMITTED, by an editor of its locality',
  })
  @Allow(Role.EDITOR)
  submitIndicatorValue(
    @Arg('id', () => ID, { description: 'Database id of the value' }) id: string,
    @Arg('version', () => Int, { description: 'The version read; a stale one is a CONFLICT' })
    version: number,
    @Ctx() context: GraphQLContext,
  ) {
    return new IndicatorValueWriter(context).submit(parseId(id, 'id'), version);
  }

  @Mutation(() => IndicatorValue, {
    description: 'SUBMITTED → APPROVED, by an editor of a level above, or an admin',
  })
  @Allow(Role.EDITOR)
  approveIndicatorValue(
    @Arg('id', () => ID, { description: 'Database id of the value' }) id: string,
    @Arg('version', () => Int, { description: 'The version read; a stale one is a CONFLICT' })
    version: number,
    @Ctx() context: GraphQLContext,
  ) {
    return new IndicatorValueWriter(context).approve(parseId(id, 'id'), version);
  }

  @Mutation(() => IndicatorValue, {
    description: 'Back to DRAFT with the reason, by whoever may approve it',
  })
  @Allow(Role.EDITOR)
  returnIndicatorValue(
    @Arg('id', () => ID, { description: 'Database id of the value' }) id: string,
    @Arg('version', () => Int, { description: 'The version read; a stale one is a CONFLICT' })
    version: number,
    @Arg('reason', () => String, { description: 'Why the value goes back to its editors' })
    reason: string,
    @Ctx() context: GraphQLContext,
  ) {
    return new IndicatorValueWriter(context).returnToDraft(parseId(id, 'id'), version, reason);
  }

  @Mutation(() => ReviewReport, {
    description:
      'Submits, approves or returns many values in one transaction, by id or by unit and year; each value follows the rules of the one-value mutation (reach, state, four eyes) and is audited; if any may not change, nothing changes and the error lists them (extensions.values)',
  })
  @Allow(Role.EDITOR)
  reviewIndicatorValues(
    @Arg('input', () => ReviewIndicatorValuesInput, {
      description: 'The action and the values it applies to',
    })
    input: ReviewIndicatorValuesInput,
    @Ctx() context: GraphQLContext,
  ) {
    return new ReviewWriter(context).review(input);
  }
}

/** Values reached from a locality. */
@Resolver(() => Locality)
export class LocalityIndicatorValuesResolver {
  @FieldResolver(() => IndicatorValueConnection, {
    description: `Indicator values reported for this unit. ${DEFAULT_VALUE_ORDER_DESCRIPTION}`,
  })
  async indicatorValues(
    @Root() locality: Locality,
    @Args(() => IndicatorValueListArgs) { filter, orderBy, ...args }: IndicatorValueListArgs,
    @Ctx() context: GraphQLContext,
  ) {
    const page = parsePageRequest(args);
    const loader = indicatorValuesLoader(context, 'locality_id', filter, orderBy, page);
    return toConnection(await loader.load(locality.id));
  }
}
