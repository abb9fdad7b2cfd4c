import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import type { GraphQLContext } from '../common/context.js';
import { Locality } from '../locality/locality.entity.js';
import { Goal } from './goal.entity.js';
import { Indicator } from './indicator.entity.js';
import { Plan } from './plan.entity.js';
import { Strategy } from './strategy.entity.js';
import { PlanWriter } from './plan.writer.js';
import { DEFAULT_STRATEGY_CODE, SavePlanInput } from './strategy.inputs.js';
import { planIndicatorsLoader } from './strategy.loaders.js';

@Resolver(() => Strategy)
export class StrategyResolver {
  @Query(() => [Strategy], { description: 'Every strategy, oldest first' })
  strategies(@Ctx() context: GraphQLContext) {
    return context.em.find(Strategy, {}, { orderBy: { startYear: 'asc', code: 'asc' } });
  }

  @Query(() => Strategy, {
    nullable: true,
    description: 'A strategy by code; null when none has it',
  })
  strategy(
    @Arg('code', () => String, {
      defaultValue: DEFAULT_STRATEGY_CODE,
      description: 'Code of the strategy',
    })
    code: string,
    @Ctx() context: GraphQLContext,
  ) {
    return context.em.findOne(Strategy, { code });
  }

  @FieldResolver(() => [Goal], { description: 'Its goals' })
  goals(@Root() strategy: Strategy, @Ctx() context: GraphQLContext) {
    return context.byParent(Goal, 'strategy', { sortOrder: 'asc' }).load(strategy.id);
  }

  @FieldResolver(() => [Plan], { description: 'Local plans implementing the strategy' })
  plans(@Root() strategy: Strategy, @Ctx() context: GraphQLContext) {
    return context.byParent(Plan, 'strategy', { code: 'asc' }).load(strategy.id);
  }
}

@Resolver(() => Plan)
export class PlanResolver {
  @Query(() => [Plan], { description: 'Every local plan, by code' })
  plans(@Ctx() context: GraphQLContext) {
    return context.em.find(Plan, {}, { orderBy: { code: 'asc' } });
  }

  @Query(() => Plan, { nullable: true, description: 'A plan by code; null when none has it' })
  plan(
    @Arg('code', () => String, { description: 'Code of the plan' }) code: string,
    @Ctx() context: GraphQLContext,
  ) {
    return context.em.findOne(Plan, { code });
  }

  @Mutation(() => Plan, {
    description:
      "Adopts a locality's plan, or replaces it as a whole when the code exists: the indicators it tracks, its own targets and its years. By an editor of the locality or above, or an admin",
  })
  @Allow(Role.EDITOR)
  savePlan(
    @Arg('input', () => SavePlanInput, {
      description:
        'The plan, its tracked indicators and its targets; replaces a plan of the same code',
    })
    input: SavePlanInput,
    @Ctx() context: GraphQLContext,
  ) {
    return new PlanWriter(context).save(input);
  }

  @FieldResolver(() => Strategy, { description: 'The strategy it belongs to' })
  strategy(@Root() plan: Plan, @Ctx() context: GraphQLContext) {
    return context.byId(Strategy).load(plan.strategy.id);
  }

  @FieldResolver(() => Locality, { description: 'The locality' })
  locality(@Root() plan: Plan, @Ctx() context: GraphQLContext) {
    return context.byId(Locality).load(plan.locality.id);
  }

  @FieldResolver(() => [Indicator], { description: 'The indicators this plan tracks' })
  indicators(@Root() plan: Plan, @Ctx() context: GraphQLContext) {
    return planIndicatorsLoader(context).load(plan.id);
  }
}

@Resolver(() => Goal)
export class GoalResolver {
  @Query(() => [Goal], { description: 'The goals of a strategy, in the order of its text' })
  goals(
    @Arg('strategyCode', () => String, {
      defaultValue: DEFAULT_STRATEGY_CODE,
      description: 'Code of the strategy',
    })
    strategyCode: string,
    @Ctx() context: GraphQLContext,
  ) {
    return context.em.find(
      Goal,
      { strategy: { code: strategyCode } },
      { orderBy: { sortOrder: 'asc' } },
    );
  }

  @Query(() => Goal, {
    nullable: true,
    description: 'A goal by code within a strategy; null when none has it',
  })
  goal(
    @Arg('code', () => String, { description: 'Code of the goal within its strategy' })
    code: string,
    @Arg('strategyCode', () => String, {
      defaultValue: DEFAULT_STRATEGY_CODE,
      description: 'Code of the strategy',
    })
    strategyCode: string,
    @Ctx() context: GraphQLContext,
  ) {
    return context.em.findOne(Goal, { code, strategy: { code: strategyCode } });
  }

  @FieldResolver(() => Strategy, { description: 'The strategy it belongs to' })
  strategy(@Root() goal: Goal, @Ctx() context: GraphQLContext) {
    return context.byId(Strategy).load(goal.strategy.id);
  }

  @FieldResolver(() => [Indicator], { description: 'Its indicators' })
  indicators(@Root() goal: Goal, @Ctx() context: GraphQLContext) {
    return context.byParent(Indicator, 'goal', { sortOrder: 'asc' }).load(goal.id);
  }
}
